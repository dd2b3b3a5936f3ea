/**
 * The three causes of issue 15, each pinned by a test that fails on 0.1's chain:
 * waits not cut short, intermittent faults never opening the circuit, and a
 * hedge loser recorded as cancelled (a black-holed primary never opening).
 */
import { describe, expect, it } from 'vitest';
import { Circuit } from '../../src/providers/circuit.js';
import { type ChainEvents, isAllProvidersFailedError, ProviderChain } from '../../src/providers/index.js';
import { fail, fakeProvider, hang, httpError, ok, sleepMs } from './chain-helpers.js';

/** Settles to 'settled' when `pending` settles first, else 'still waiting' after `guardMs`. */
async function settlesBefore(pending: Promise<unknown>, guardMs: number): Promise<string> {
  return Promise.race([
    pending.then(
      () => 'settled',
      () => 'settled',
    ),
    sleepMs(guardMs).then(() => 'still waiting'),
  ]);
}

describe('waits end early', () => {
  it('a Retry-After wait ends the moment the provider’s circuit opens (other calls opened it)', async () => {
    // Call 1 gets a 429 asking for 30 s; calls 2 and 3 get 500s, which open the circuit.
    const a = fakeProvider('openai', 'gpt-4o-mini', [
      fail(httpError(429, { 'retry-after': '30' })),
      fail(httpError(500)),
      fail(httpError(500)),
      ok('never'),
    ]);
    const chain = new ProviderChain({
      providers: [a],
      maxRetryAfterMs: 60_000,
      circuit: { failureThreshold: 3, failureRate: false },
      tryOpenCircuitsAsLastResort: false,
    });
    const opens: ChainEvents['circuitOpen'][] = [];
    chain.on('circuitOpen', (e) => opens.push(e));
    const waiting = chain.generate({ prompt: 'one' });
    await sleepMs(20); // call 1 is now in its 30 s wait
    await Promise.allSettled([chain.generate({ prompt: 'two' }), chain.generate({ prompt: 'three' })]);
    expect(opens).toHaveLength(1);
    // 0.1 slept the full 30 s here; now the wait ends with the circuit.
    expect(await settlesBefore(waiting, 5_000)).toBe('settled');
    const error = await waiting.catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    // No retry into the open circuit.
    expect(a.calls).toBe(3);
  });

  it('the same holds for streams (one loop): a stream waiting on Retry-After ends when the circuit opens', async () => {
    const a = fakeProvider(
      'openai',
      'gpt-4o-mini',
      [
        fail(httpError(429, { 'retry-after': '30' })),
        fail(httpError(500)),
        fail(httpError(500)),
        ok('never'),
      ],
      { streaming: true },
    );
    const chain = new ProviderChain({
      providers: [a],
      maxRetryAfterMs: 60_000,
      circuit: { failureThreshold: 3, failureRate: false },
      tryOpenCircuitsAsLastResort: false,
    });
    const drain = async (prompt: string) => {
      for await (const _chunk of chain.stream({ prompt })) {
        // nothing is ever streamed here
      }
    };
    const waiting = drain('one');
    await sleepMs(20);
    await Promise.allSettled([drain('two'), drain('three')]);
    expect(await settlesBefore(waiting, 5_000)).toBe('settled');
    expect(isAllProvidersFailedError(await waiting.catch((e: unknown) => e))).toBe(true);
    expect(a.calls).toBe(3);
  });

  it('a backoff wait ends the moment the circuit opens', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(503)));
    const chain = new ProviderChain({
      providers: [a],
      maxRetries: 1,
      backoff: { initialDelayMs: 30_000, maxDelayMs: 30_000 },
      circuit: { failureThreshold: 2, failureRate: false },
      tryOpenCircuitsAsLastResort: false,
    });
    // Call 1 fails and waits its backoff (full jitter: up to 30 s); call 2's failure opens the circuit.
    const waiting = chain.generate({ prompt: 'one' });
    await sleepMs(20);
    await chain.generate({ prompt: 'two' }).catch(() => undefined);
    expect(chain.status().providers[0]?.circuit.state).toBe('open');
    expect(await settlesBefore(waiting, 5_000)).toBe('settled');
  });

  it('a wait longer than the rest of the deadline is not started: the call fails over (or fails) at once', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(429, { 'retry-after': '20' })));
    const chain = new ProviderChain({ providers: [a], maxRetryAfterMs: 60_000, deadlineMs: 10_000 });
    const pending = chain.generate({ prompt: 'hi' });
    expect(await settlesBefore(pending, 5_000)).toBe('settled');
    expect(isAllProvidersFailedError(await pending.catch((e: unknown) => e))).toBe(true);
    expect(a.calls).toBe(1);
  });
});

describe('the breaker counts failure rates', () => {
  it('intermittent faults (every other call a 500) open the circuit though never 3 in a row', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', (n) => (n % 2 === 0 ? fail(httpError(500)) : ok('A')));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], circuit: { failureThreshold: 3 } });
    const opens: ChainEvents['circuitOpen'][] = [];
    chain.on('circuitOpen', (e) => opens.push(e));
    for (let i = 0; i < 8; i++) await chain.generate({ prompt: `call ${i}` });
    expect(chain.status().providers[0]?.consecutive_failures).toBeLessThan(3);
    expect(opens).toEqual([expect.objectContaining({ provider: 'openai', errorKind: 'server' })]);
    // F S F S F: 3 of 5 failed (60 % ≥ 50 %, minimum 5 calls) → open after the 5th call's attempt.
    expect(a.calls).toBe(5);
  });

  it('can be turned off (failureRate: false): the same faults never open it', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', (n) => (n % 2 === 0 ? fail(httpError(500)) : ok('A')));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], circuit: { failureRate: false } });
    for (let i = 0; i < 8; i++) await chain.generate({ prompt: `call ${i}` });
    expect(chain.status().providers[0]?.circuit.times_opened).toBe(0);
    expect(a.calls).toBe(8);
  });

  it('Circuit: the window counts only the last N calls within the age limit, after a minimum', () => {
    const c = new Circuit({
      failureThreshold: 100,
      cooldownMs: 100,
      cooldownMultiplier: 2,
      maxCooldownMs: 1_000,
      openImmediatelyOn: new Set(),
      failureRate: { threshold: 0.5, calls: 4, withinMs: 1_000, minCalls: 3 },
    });
    expect(c.failure('closed', 'server', 0)).toBeUndefined(); // 1 call: under the minimum
    expect(c.failure('closed', 'server', 10)).toBeUndefined(); // 2 calls: under the minimum
    c.success('closed', 2_000); // the two failures are now older than 1 s
    c.success('closed', 2_010);
    expect(c.failure('closed', 'server', 2_020)).toBeUndefined(); // 1 of 3 within 1 s
    c.success('closed', 2_030);
    c.success('closed', 2_040); // window of 4: S F S S
    // Last 4: F S S F = 2 of 4, "at least 50 %": it opens on that failure.
    expect(c.failure('closed', 'server', 2_050)).toMatchObject({ type: 'open' });
    expect(c.state).toBe('open');
  });

  it('rejects a threshold outside (0, 1] and a minimum above the window', () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok());
    expect(() => new ProviderChain({ providers: [a], circuit: { failureRate: { threshold: 50 } } })).toThrow(
      /failureRate.threshold/,
    );
    expect(
      () => new ProviderChain({ providers: [a], circuit: { failureRate: { calls: 4, minCalls: 5 } } }),
    ).toThrow(/minCalls/);
  });
});

describe('a black-holed primary opens its circuit, with and without hedging', () => {
  it('with hedging: slow hedge losers count, so the circuit opens and the primary stops being called', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', hang());
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B', 2));
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 10, timeoutMs: 5_000 });
    for (let i = 0; i < 6; i++) expect((await chain.generate({ prompt: `call ${i}` })).text).toBe('B');
    // 0.1 recorded each loser as cancelled: the circuit never opened and every call hit the primary.
    expect(a.calls).toBe(3);
    expect(chain.status().providers[0]?.circuit.state).toBe('open');
  });

  it('without hedging: attempt timeouts open it', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', hang());
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], timeoutMs: 20 });
    for (let i = 0; i < 6; i++) expect((await chain.generate({ prompt: `call ${i}` })).text).toBe('B');
    expect(a.calls).toBe(3);
    expect(chain.status().providers[0]?.circuit.state).toBe('open');
  });
});
