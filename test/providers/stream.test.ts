import { describe, expect, it } from 'vitest';
import {
  type ChainResult,
  type ChainStreamChunk,
  isAllProvidersFailedError,
  isChainAbortedError,
  isStreamInterruptedError,
  ProviderChain,
} from '../../src/providers/index.js';
import { connReset, fail, fakeProvider, hang, httpError, ok } from './chain-helpers.js';

async function collect(
  stream: AsyncIterable<ChainStreamChunk>,
): Promise<{ text: string; result?: ChainResult }> {
  let text = '';
  let result: ChainResult | undefined;
  for await (const chunk of stream) {
    if (chunk.type === 'delta') text += chunk.text;
    else result = chunk.result;
  }
  return { text, ...(result && { result }) };
}

describe('chain.stream', () => {
  it('streams deltas then a done chunk with the full result', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', { stream: ['Hel', 'lo'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [a] });
    const { text, result } = await collect(chain.stream({ prompt: 'hi' }));
    expect(text).toBe('Hello');
    expect(result).toMatchObject({ text: 'Hello', provider: 'openai', partial: false, finishReason: 'stop' });
    expect(result?.costUsd).toBeGreaterThan(0);
    expect(result?.usage.totalTokens).toBe(150);
  });

  it('falls back freely before the first content delta (HTTP 200 is not a commit)', async () => {
    // Fails after an empty delta, before any text.
    const a = fakeProvider('openai', 'gpt-4o-mini', { stream: ['never'], failAfter: 0 }, { streaming: true });
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', { stream: ['from ', 'B'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [{ provider: a, maxRetries: 0 }, b] });
    const { text, result } = await collect(chain.stream({ prompt: 'hi' }));
    expect(text).toBe('from B');
    expect(result?.provider).toBe('groq');
    expect(result?.warnings).toEqual([
      'openai (gpt-4o-mini) failed (network); fell back to groq (llama-3.1-8b-instant).',
    ]);
  });

  it('retries before the commit on retryable failures', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [fail(httpError(503)), { stream: ['ok'] }], {
      streaming: true,
    });
    const chain = new ProviderChain({ providers: [a], backoff: { initialDelayMs: 1, maxDelayMs: 2 } });
    expect((await collect(chain.stream({ prompt: 'hi' }))).text).toBe('ok');
    expect(a.calls).toBe(2);
  });

  it('streams share the loop of generate: fail over first before the commit', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [fail(httpError(503)), { stream: ['A'] }], {
      streaming: true,
    });
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', { stream: ['B'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [a, b] });
    const { text, result } = await collect(chain.stream({ prompt: 'hi' }));
    expect(text).toBe('B');
    expect(a.calls).toBe(1);
    expect(result?.attempts.map((x) => [x.provider, x.outcome])).toEqual([
      ['openai', 'failure'],
      ['groq', 'success'],
    ]);
  });

  it('with hedgeAfterMs, the first stream to send content wins and only its text is shown', async () => {
    const a = fakeProvider(
      'openai',
      'gpt-4o-mini',
      { stream: ['slow ', 'A'], delayMs: 200 },
      { streaming: true },
    );
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', { stream: ['fast ', 'B'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [a, b], hedgeAfterMs: 20 });
    const { text, result } = await collect(chain.stream({ prompt: 'hi' }));
    expect(text).toBe('fast B');
    expect(result?.provider).toBe('groq');
    expect(a.signals[0]?.aborted).toBe(true);
    // The loser is cancelled at the winner's commit, before the winner's stream ends.
    expect(result?.attempts.map((x) => [x.provider, x.outcome, x.hedged ?? false])).toEqual([
      ['openai', 'cancelled', false],
      ['groq', 'success', true],
    ]);
  });

  it('never restarts after the first delta: throws StreamInterruptedError with the text so far', async () => {
    const a = fakeProvider(
      'openai',
      'gpt-4o-mini',
      { stream: ['Once ', 'upon ', 'a time'], failAfter: 2 },
      { streaming: true },
    );
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', { stream: ['B'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [a, b] });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of chain.stream({ prompt: 'hi' }))
        if (chunk.type === 'delta') seen.push(chunk.text);
    })().catch((e: unknown) => e);
    expect(isStreamInterruptedError(error)).toBe(true);
    if (!isStreamInterruptedError(error)) return;
    expect(error.code).toBe('STREAM_INTERRUPTED');
    expect(error.partialText).toBe('Once upon ');
    expect(seen.join('')).toBe('Once upon ');
    expect(error.error.kind).toBe('network');
    expect(error.provider).toBe('openai');
    expect(b.calls).toBe(0);
    expect(a.calls).toBe(1);
  });

  it('generate({ stream: true }) turns an interrupted stream into a PARTIAL result with a warning', async () => {
    const a = fakeProvider(
      'openai',
      'gpt-4o-mini',
      { stream: ['Once ', 'upon'], failAfter: 1, error: connReset() },
      { streaming: true },
    );
    const chain = new ProviderChain({ providers: [a] });
    const result = await chain.generate({ prompt: 'hi' }, { stream: true });
    expect(result).toMatchObject({ text: 'Once ', partial: true, finishReason: 'error', costUsd: null });
    expect(result.warnings).toEqual([
      'openai (gpt-4o-mini) stream failed (network) after 5 characters: the result is PARTIAL.',
      'Token usage of the interrupted openai (gpt-4o-mini) stream is unknown: cost_usd is unknown.',
    ]);
  });

  it('generate({ stream: true }) returns the full result when the stream completes', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', { stream: ['a', 'b'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [a] });
    expect(await chain.generate({ prompt: 'hi' }, { stream: true })).toMatchObject({
      text: 'ab',
      partial: false,
    });
  });

  it('uses generate for a provider without stream, as one delta', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('whole answer'));
    const chain = new ProviderChain({ providers: [a] });
    const chunks: ChainStreamChunk[] = [];
    for await (const chunk of chain.stream({ prompt: 'hi' })) chunks.push(chunk);
    expect(chunks[0]).toEqual({ type: 'delta', text: 'whole answer' });
    expect(chunks[1]?.type).toBe('done');
  });

  it('times out a stream that never sends its first delta and falls back', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', hang(), { streaming: true });
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', { stream: ['B'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [{ provider: a, maxRetries: 0 }, b], timeoutMs: 30 });
    expect((await collect(chain.stream({ prompt: 'hi' }))).text).toBe('B');
    expect(a.signals[0]?.aborted).toBe(true);
  });

  it('a consumer that stops reading cancels the upstream request', async () => {
    const a = fakeProvider(
      'openai',
      'gpt-4o-mini',
      { stream: ['a', 'b', 'c', 'd'], delayMs: 5 },
      { streaming: true },
    );
    const chain = new ProviderChain({ providers: [a] });
    for await (const chunk of chain.stream({ prompt: 'hi' })) {
      if (chunk.type === 'delta') break;
    }
    expect(a.signals[0]?.aborted).toBe(true);
    expect(chain.status().providers[0]).toMatchObject({ total_failures: 0 });
  });

  it('caller abort mid-stream rejects with ChainAbortedError', async () => {
    const a = fakeProvider(
      'openai',
      'gpt-4o-mini',
      { stream: ['a', 'b', 'c'], delayMs: 20 },
      { streaming: true },
    );
    const chain = new ProviderChain({ providers: [a] });
    const controller = new AbortController();
    const error = await (async () => {
      for await (const chunk of chain.stream({ prompt: 'hi' }, { signal: controller.signal })) {
        if (chunk.type === 'delta') controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(isChainAbortedError(error)).toBe(true);
    expect(a.signals[0]?.aborted).toBe(true);
  });

  it('all streams failing before any delta gives AllProvidersFailedError', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(401)), { streaming: true });
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', fail(httpError(403)), { streaming: true });
    const chain = new ProviderChain({ providers: [a, b] });
    const error = await collect(chain.stream({ prompt: 'hi' })).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
  });
});

describe('usage reporting', () => {
  it('a stream without usage gets cost null and a warning, never 0', async () => {
    const provider = {
      name: 'openai',
      model: 'gpt-4o-mini',
      generate: () => Promise.reject(new Error('unused')),
      async *stream() {
        yield { type: 'delta' as const, text: 'hi' };
      },
    };
    const chain = new ProviderChain({ providers: [provider] });
    const { result } = await collect(chain.stream({ prompt: 'hi' }));
    expect(result?.costUsd).toBeNull();
    expect(result?.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(result?.warnings).toEqual([
      'openai (gpt-4o-mini) reported no valid token usage: cost_usd is unknown.',
    ]);
  });

  it('a provider returning malformed usage gets cost null and a warning', async () => {
    const provider = {
      name: 'openai',
      model: 'gpt-4o-mini',
      generate: async () => ({
        text: 'x',
        provider: 'openai',
        model: 'gpt-4o-mini',
        finishReason: 'stop' as const,
        usage: { inputTokens: Number.NaN, outputTokens: 1, totalTokens: 1 },
      }),
    };
    const result = await new ProviderChain({ providers: [provider] }).generate({ prompt: 'hi' });
    expect(result.costUsd).toBeNull();
    expect(result.warnings[0]).toContain('reported no valid token usage');
  });
});
