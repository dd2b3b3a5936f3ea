import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import {
  isAllProvidersFailedError,
  isChainAbortedError,
  isChainTimeoutError,
  ProviderChain,
  type ProviderErrorKind,
} from '../../src/providers/index.js';
import { connReset, fail, fakeProvider, hang, httpError, ok, sleepMs } from './chain-helpers.js';

const fast = { backoff: { initialDelayMs: 1, maxDelayMs: 2 }, circuit: { failureThreshold: 100 } };
const oa = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  OpenAI.APIError.generate(status, { error: body }, undefined, new Headers(headers));

// Each row: what the provider throws, the kind the chain records, and how many calls the failing
// provider gets with maxRetries: 2 and retryBeforeFailover (3 = retried, 1 = moved on at once).
// By default (fail over first) it gets exactly one call whatever the kind: the fallback is healthy.
const rows: Array<[string, unknown, ProviderErrorKind, number]> = [
  ['429 rate limit', oa(429, { message: 'slow down' }), 'rate_limit', 3],
  ['429 insufficient_quota', oa(429, { code: 'insufficient_quota', message: 'quota' }), 'quota', 1],
  ['500', oa(500), 'server', 3],
  ['502', oa(502), 'server', 3],
  ['503', oa(503), 'overloaded', 3],
  [
    '529 (Anthropic overloaded)',
    Anthropic.APIError.generate(
      529,
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      undefined,
      new Headers(),
    ),
    'overloaded',
    3,
  ],
  ['408', oa(408), 'timeout', 3],
  ['401', oa(401), 'auth', 1],
  ['403', oa(403), 'permission', 1],
  ['404 unknown model', oa(404, { code: 'model_not_found' }), 'not_found', 1],
  ['400', oa(400, { message: 'bad' }), 'bad_request', 1],
  ['422', oa(422), 'bad_request', 1],
  ['400 context length', oa(400, { code: 'context_length_exceeded' }), 'context_length', 1],
  ['413', oa(413), 'context_length', 1],
  ['400 content filter', oa(400, { code: 'content_filter' }), 'content_policy', 1],
  ['SDK connection timeout', new OpenAI.APIConnectionTimeoutError(), 'timeout', 3],
  ['SDK connection error', new OpenAI.APIConnectionError({ message: 'Connection error.' }), 'network', 3],
  ['ECONNRESET', connReset(), 'network', 3],
  ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'network', 3],
  ['fetch failed', new TypeError('fetch failed'), 'network', 3],
  ['socket hang up', new Error('socket hang up'), 'network', 3],
  ['unknown', new Error('surprise'), 'unknown', 1],
];

describe('every classification row drives the right action', () => {
  it.each(rows)('%s', async (_label, thrown, kind, calls) => {
    for (const retryBeforeFailover of [false, true]) {
      const a = fakeProvider('openai', 'gpt-4o-mini', fail(thrown));
      const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
      const chain = new ProviderChain({ providers: [a, b], retryBeforeFailover, ...fast });
      const result = await chain.generate({ prompt: 'hi' });
      expect(result.text).toBe('B');
      expect(a.calls, `retryBeforeFailover: ${retryBeforeFailover}`).toBe(retryBeforeFailover ? calls : 1);
      expect(result.attempts.filter((x) => x.provider === 'openai').every((x) => x.errorKind === kind)).toBe(
        true,
      );
      expect(result.warnings[0]).toBe(
        `openai (gpt-4o-mini) failed (${kind}); fell back to groq (llama-3.1-8b-instant).`,
      );
    }
  });
});

describe('hung requests, deadlines and aborts', () => {
  it('times out a hung attempt, aborts its signal and falls back', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', hang());
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [{ provider: a, maxRetries: 0 }, b], timeoutMs: 30 });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('B');
    expect(a.signals[0]?.aborted).toBe(true);
    expect(result.attempts[0]).toMatchObject({
      provider: 'openai',
      outcome: 'failure',
      errorKind: 'timeout',
    });
  });

  it('does not wait for a provider that ignores its abort signal', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', hang(true));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [{ provider: a, maxRetries: 0 }, b], timeoutMs: 30 });
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('B');
  });

  it('shares one deadline across attempts: each gets min(timeout, remaining)', async () => {
    // On a virtual clock: a loaded machine can neither stretch an attempt nor starve the next one.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    try {
      const a = fakeProvider('openai', 'gpt-4o-mini', hang());
      const b = fakeProvider('groq', 'llama-3.1-8b-instant', hang());
      const chain = new ProviderChain({
        providers: [a, b],
        timeoutMs: 60,
        maxRetries: 3,
        backoff: { initialDelayMs: 1, maxDelayMs: 2 },
      });
      const started = performance.now();
      const pending = chain.generate({ prompt: 'hi' }, { deadlineMs: 150 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(150);
      const error = await pending;
      // Settled exactly when the deadline passed on the virtual clock.
      expect(performance.now() - started).toBe(150);
      expect(isChainTimeoutError(error)).toBe(true);
      if (!isChainTimeoutError(error)) return;
      expect(error.code).toBe('DEADLINE_EXCEEDED');
      expect(error.deadlineMs).toBe(150);
      expect(error.errors.every((e) => e.kind === 'timeout')).toBe(true);
      // 150 ms hold two full 60 ms attempts: openai, then (fail over first) groq; then a third,
      // cut short by the deadline: it gets min(60, what is left), at most 30 ms.
      expect(error.attempts.map((x) => x.provider)).toEqual(['openai', 'groq', 'openai']);
      expect(error.attempts.slice(0, 2).map((x) => Math.round(x.latencyMs))).toEqual([60, 60]);
      expect(error.attempts[2]!.latencyMs).toBeGreaterThan(0);
      expect(error.attempts[2]!.latencyMs).toBeLessThanOrEqual(30);
      expect(b.calls).toBe(1);
      expect(a.signals.every((signal) => signal.aborted)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('caller abort cancels the in-flight request and starts no new attempt', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', hang());
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b] });
    const controller = new AbortController();
    const pending = chain.generate({ prompt: 'hi' }, { signal: controller.signal });
    await sleepMs(10);
    controller.abort(new Error('client went away'));
    const error = await pending.catch((e: unknown) => e);
    expect(isChainAbortedError(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error('client went away'));
    expect(a.signals[0]?.aborted).toBe(true);
    expect(b.calls).toBe(0);
    // An abort is not the provider's fault.
    expect(chain.status().providers[0]).toMatchObject({ total_failures: 0, consecutive_failures: 0 });
  });

  it('caller abort during a retry backoff stops at once', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(429, { 'retry-after': '5' })));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    // retryBeforeFailover: openai waits its Retry-After before groq would be tried.
    const chain = new ProviderChain({ providers: [a, b], retryBeforeFailover: true });
    const controller = new AbortController();
    const started = performance.now();
    const pending = chain.generate({ prompt: 'hi' }, { signal: controller.signal });
    await sleepMs(20);
    controller.abort();
    expect(isChainAbortedError(await pending.catch((e: unknown) => e))).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(a.calls).toBe(1);
    expect(b.calls).toBe(0);
  });

  it('an already-aborted signal rejects without calling any provider', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok());
    const chain = new ProviderChain({ providers: [a] });
    const error = await chain
      .generate({ prompt: 'hi' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(isChainAbortedError(error)).toBe(true);
    expect(a.calls).toBe(0);
  });

  it('all down: one AllProvidersFailedError, well within the deadline', async () => {
    const providers = [
      fakeProvider('openai', 'gpt-4o-mini', fail(connReset())),
      fakeProvider('anthropic', 'claude-3-5-haiku', fail(oa(503))),
      fakeProvider('groq', 'llama-3.1-8b-instant', fail(oa(401))),
    ];
    const chain = new ProviderChain({ providers, ...fast, deadlineMs: 10_000 });
    const started = performance.now();
    const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    if (!isAllProvidersFailedError(error)) return;
    expect(performance.now() - started).toBeLessThan(1000);
    // Fail over first: every provider has its try, then the retries go to the retryable ones
    // (whichever's jittered backoff ends first): two more each for openai and anthropic.
    const seen = error.errors.map((e) => `${e.provider}:${e.kind}`);
    expect(seen.slice(0, 3)).toEqual(['openai:network', 'anthropic:overloaded', 'groq:auth']);
    expect(seen.slice(3).sort()).toEqual([
      'anthropic:overloaded',
      'anthropic:overloaded',
      'openai:network',
      'openai:network',
    ]);
  });
});
