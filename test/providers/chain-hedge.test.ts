import { describe, expect, it } from 'vitest';
import { ProviderChain } from '../../src/providers/index.js';
import { fail, fakeProvider, hang, httpError, ok } from './chain-helpers.js';

describe('hedging', () => {
  it('starts the next provider when the first is slow, takes the first success and cancels the rest', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('slow A', 300));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('fast B', 5));
    const c = fakeProvider('anthropic', 'claude-3-5-haiku', ok('C'));
    // A loser is a slow failure only past slowCallMs (default: hedgeAfterMs); here the bar is high.
    const chain = new ProviderChain({
      providers: [a, b, c],
      hedgeAfterMs: 20,
      circuit: { slowCallMs: 5_000 },
    });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('fast B');
    expect(a.signals[0]?.aborted).toBe(true);
    expect(c.calls).toBe(0);
    expect(result.attempts).toEqual([
      expect.objectContaining({ provider: 'groq', outcome: 'success', hedged: true }),
      expect.objectContaining({ provider: 'openai', outcome: 'cancelled' }),
    ]);
    expect(result.attempts[1]?.slow).toBeUndefined();
    expect(result.warnings).toEqual([
      'groq (llama-3.1-8b-instant) answered a hedged request before openai (gpt-4o-mini), which was cancelled.',
    ]);
    // Losing a hedge race before the slow-call threshold is not a failure.
    expect(chain.status().providers[0]).toMatchObject({ total_failures: 0, consecutive_failures: 0 });
  });

  it('a hedge loser that ran past the slow-call threshold is a slow failure (kind timeout)', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('slow A', 300));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('fast B', 5));
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 20 });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('fast B');
    expect(result.attempts[1]).toMatchObject({
      provider: 'openai',
      outcome: 'cancelled',
      errorKind: 'timeout',
      slow: true,
    });
    expect(chain.status().providers[0]).toMatchObject({
      total_failures: 1,
      consecutive_failures: 1,
      error_kind: 'timeout',
    });
  });

  it('keeps the first provider when it answers before the hedge delay', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('A', 2));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 100 });
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('A');
    expect(b.calls).toBe(0);
  });

  it('a hedged attempt that fails does not end the call while the first is still running', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('A', 60));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', fail(httpError(401)));
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 10 });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('A');
    expect(b.calls).toBe(1);
    expect(result.warnings).toEqual([
      'groq (llama-3.1-8b-instant) failed (auth); fell back to openai (gpt-4o-mini).',
    ]);
  });

  it('a failure before the hedge delay falls back at once (no waiting for the timer)', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(401)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 5_000 });
    const started = performance.now();
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('B');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('caller abort cancels every hedged branch', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', hang());
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', hang());
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 5 });
    const controller = new AbortController();
    const pending = chain.generate({ prompt: 'hi' }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'ChainAbortedError', code: 'ABORTED' });
    expect(a.signals[0]?.aborted).toBe(true);
    expect(b.signals[0]?.aborted).toBe(true);
  });

  it('hedgeAfterMs: 0 races every provider: losers are not slow failures by default', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('A', 40));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B', 2));
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 0 });
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('B');
    expect(chain.status().providers[0]).toMatchObject({ total_failures: 0 });
  });
});
