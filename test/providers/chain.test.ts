import { describe, expect, it } from 'vitest';
import {
  type AttemptRecord,
  type ChainEvents,
  isAllProvidersFailedError,
  ProviderChain,
  ProviderConfigurationError,
  ProviderError,
  toEnvelopeMeta,
} from '../../src/providers/index.js';
import { fail, fakeProvider, httpError, ok } from './chain-helpers.js';

const fast = { backoff: { initialDelayMs: 2, maxDelayMs: 5 } };

describe('ProviderChain: ordered fallback', () => {
  it('answers from the first provider when it works, with cost, latency and one attempt', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('A'));
    const b = fakeProvider('anthropic', 'claude-3-5-haiku-latest', ok('B'));
    const chain = new ProviderChain({ providers: [a, b] });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('A');
    expect(result.provider).toBe('openai');
    expect(result.model).toBe('gpt-4o-mini');
    expect(result.costUsd).toBeCloseTo((100 * 0.15 + 50 * 0.6) / 1e6, 12);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.partial).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.attempts).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4o-mini',
        attempt: 1,
        outcome: 'success',
        gate: 'closed',
      }),
    ]);
    expect(b.calls).toBe(0);
  });

  it('sends each provider its own model', async () => {
    const a = fakeProvider('openai', 'gpt-4o', fail(httpError(401)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [{ provider: a, model: 'gpt-4o-mini' }, b] });
    const result = await chain.generate({ prompt: 'hi', model: 'ignored-by-the-chain' });
    expect(a.requests[0]?.model).toBe('gpt-4o-mini');
    expect(b.requests[0]?.model).toBe('llama-3.1-8b-instant');
    expect(result.model).toBe('llama-3.1-8b-instant');
  });

  it('falls back with one warning and one fallback event per provider left behind', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(401)));
    const b = fakeProvider('anthropic', 'claude-3-5-haiku', fail(httpError(404)));
    const c = fakeProvider('groq', 'llama-3.3-70b-versatile', ok('C'));
    const chain = new ProviderChain({ providers: [a, b, c] });
    const events: ChainEvents['fallback'][] = [];
    chain.on('fallback', (e) => events.push(e));
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('C');
    expect(result.warnings).toEqual([
      'openai (gpt-4o-mini) failed (auth); fell back to anthropic (claude-3-5-haiku).',
      'anthropic (claude-3-5-haiku) failed (not_found); fell back to groq (llama-3.3-70b-versatile).',
    ]);
    expect(events.map((e) => [e.from.provider, e.to.provider, e.reason])).toEqual([
      ['openai', 'anthropic', 'auth'],
      ['anthropic', 'groq', 'not_found'],
    ]);
  });

  it('reports an unknown model as cost null with a warning, never 0', async () => {
    const chain = new ProviderChain({ providers: [fakeProvider('ollama', 'llama3:8b', ok())] });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.costUsd).toBeNull();
    expect(result.warnings).toEqual([expect.stringContaining('No price for ollama model "llama3:8b"')]);
    expect(toEnvelopeMeta(result)).toEqual({
      provider: 'ollama',
      model: 'llama3:8b',
      tokens_used: 150,
      warnings: result.warnings,
    });
    expect('cost_usd' in toEnvelopeMeta(result)).toBe(false);
  });

  it('accepts price overrides (model or provider:model)', async () => {
    const chain = new ProviderChain({
      providers: [fakeProvider('ollama', 'llama3:8b', ok())],
      prices: { 'ollama:llama3:8b': { input: 1, output: 2 } },
    });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.costUsd).toBeCloseTo((100 * 1 + 50 * 2) / 1e6, 12);
    expect(toEnvelopeMeta(result)).toEqual({
      provider: 'ollama',
      model: 'llama3:8b',
      cost_usd: result.costUsd,
      tokens_used: 150,
      warnings: [],
    });
  });

  it('throws one AllProvidersFailedError carrying every attempt and cause', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(401)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', fail(httpError(400)));
    const chain = new ProviderChain({ providers: [a, b], ...fast });
    const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    if (!isAllProvidersFailedError(error)) return;
    expect(error.code).toBe('ALL_PROVIDERS_FAILED');
    expect(error.errors.map((e) => e.kind)).toEqual(['auth', 'bad_request']);
    expect(error.attempts.map((a) => a.provider)).toEqual(['openai', 'groq']);
    expect(error.message).toContain('openai (gpt-4o-mini): auth');
    expect(error.message).toContain('groq (llama-3.1-8b-instant): bad_request');
  });

  it('the type guard survives a duplicate install (no instanceof)', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'AllProvidersFailedError',
      code: 'ALL_PROVIDERS_FAILED',
    });
    Object.defineProperty(foreign, Symbol.for('aicmo.error'), { value: true });
    expect(isAllProvidersFailedError(foreign)).toBe(true);
    expect(isAllProvidersFailedError(new Error('x'))).toBe(false);
  });

  it('rejects an empty or invalid configuration with a clear error', () => {
    expect(() => new ProviderChain({ providers: [] })).toThrow(ProviderConfigurationError);
    expect(() => new ProviderChain({ providers: [{} as never] })).toThrow(/providers\[0\] is not a Provider/);
    expect(() => new ProviderChain({ providers: [fakeProvider('a', 'm', ok())], timeoutMs: -1 })).toThrow(
      /timeoutMs/,
    );
  });
});

describe('ProviderChain: fail over first, then retries', () => {
  it('a retryable failure fails over at once while another provider is available (no same-provider retry)', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [fail(httpError(500)), ok('A on retry')]);
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], ...fast });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('B');
    expect(a.calls).toBe(1);
    expect(result.attempts.map((x) => [x.provider, x.attempt, x.outcome])).toEqual([
      ['openai', 1, 'failure'],
      ['groq', 1, 'success'],
    ]);
  });

  it('retries the last provider left with backoff, then succeeds there', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [
      fail(httpError(500)),
      fail(httpError(503)),
      ok('third time'),
    ]);
    const chain = new ProviderChain({ providers: [a], ...fast });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('third time');
    expect(result.attempts.map((x) => [x.attempt, x.outcome, x.errorKind])).toEqual([
      [1, 'failure', 'server'],
      [2, 'failure', 'overloaded'],
      [3, 'success', undefined],
    ]);
  });

  it('once every provider had its try, the retries go to the retryable provider ready first', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [fail(httpError(500)), ok('A again')]);
    // groq asks for a 300 ms wait; openai's backoff is at most 5 ms: openai is retried first.
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', fail(httpError(429, { 'retry-after-ms': '300' })));
    const c = fakeProvider('anthropic', 'claude-3-5-haiku', fail(httpError(401)));
    const chain = new ProviderChain({ providers: [a, b, c], ...fast });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('A again');
    expect(result.attempts.map((x) => [x.provider, x.attempt, x.outcome])).toEqual([
      ['openai', 1, 'failure'],
      ['groq', 1, 'failure'],
      ['anthropic', 1, 'failure'],
      ['openai', 2, 'success'],
    ]);
    expect(c.calls).toBe(1); // auth is never retried
  });

  it('retryBeforeFailover: true spends the retries on the same provider first', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [
      fail(httpError(500)),
      fail(httpError(503)),
      ok('third time'),
    ]);
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], retryBeforeFailover: true, ...fast });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('third time');
    expect(a.calls).toBe(3);
    expect(b.calls).toBe(0);
  });

  it('stops at the per-provider retry budget (maxRetries), in both policies', async () => {
    for (const retryBeforeFailover of [false, true]) {
      const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(500)));
      const b = fakeProvider('groq', 'llama-3.1-8b-instant', fail(httpError(401)));
      const chain = new ProviderChain({
        providers: [{ provider: a, maxRetries: 1 }, b],
        retryBeforeFailover,
        circuit: { failureThreshold: 10, failureRate: false },
        ...fast,
      });
      const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
      expect(isAllProvidersFailedError(error)).toBe(true);
      expect(a.calls, `retryBeforeFailover: ${retryBeforeFailover}`).toBe(2);
    }
  });

  it('stops retrying as soon as the failures open the circuit', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(500)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({
      providers: [a, b],
      maxRetries: 5,
      retryBeforeFailover: true,
      circuit: { failureThreshold: 2 },
      ...fast,
    });
    await chain.generate({ prompt: 'hi' });
    expect(a.calls).toBe(2);
  });

  it('the old option name `retries` is a configuration error naming `maxRetries`', () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok());
    // @ts-expect-error renamed in 0.2
    expect(() => new ProviderChain({ providers: [a], retries: 1 })).toThrow(/retries was renamed maxRetries/);
    // @ts-expect-error renamed in 0.2
    expect(() => new ProviderChain({ providers: [{ provider: a, retries: 1 }] })).toThrow(
      /providers\[0\]\.retries was renamed providers\[0\]\.maxRetries/,
    );
  });

  it('honours Retry-After (waits at least that long before the retry)', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [
      fail(httpError(429, { 'retry-after-ms': '60' })),
      ok('after wait'),
    ]);
    const chain = new ProviderChain({ providers: [a], ...fast });
    const started = performance.now();
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('after wait');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(result.attempts[0]).toMatchObject({ errorKind: 'rate_limit', status: 429 });
  });

  it('falls back at once when Retry-After exceeds the cap', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(429, { 'retry-after': '120' })));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({
      providers: [a, b],
      maxRetryAfterMs: 1000,
      retryBeforeFailover: true,
      ...fast,
    });
    const started = performance.now();
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('B');
    expect(a.calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not wait for a Retry-After longer than the rest of the deadline', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(429, { 'retry-after': '5' })));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], deadlineMs: 2000, retryBeforeFailover: true });
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('B');
    expect(a.calls).toBe(1);
  });

  it('never retries non-retryable kinds', async () => {
    for (const status of [400, 401, 403, 404, 413, 422]) {
      const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(status)));
      const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
      const chain = new ProviderChain({ providers: [a, b], ...fast });
      await chain.generate({ prompt: 'hi' });
      expect(a.calls, `status ${status}`).toBe(1);
    }
  });
});

describe('ProviderChain: events and status', () => {
  it('emits typed attempt events and unsubscribes', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', [fail(httpError(500)), ok()]);
    const chain = new ProviderChain({ providers: [a], ...fast });
    const seen: AttemptRecord[] = [];
    const off = chain.on('attempt', (e) => seen.push(e));
    chain.on('attempt', () => {
      throw new Error('a broken listener never breaks a call');
    });
    await chain.generate({ prompt: 'hi' });
    expect(seen.map((e) => e.outcome)).toEqual(['failure', 'success']);
    off();
    await chain.generate({ prompt: 'hi' });
    expect(seen).toHaveLength(2);
  });

  it('status() is the reference report per provider and model, JSON-serializable', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(503)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok());
    const chain = new ProviderChain({
      providers: [{ provider: a, maxRetries: 0 }, b, { provider: b, model: 'other' }],
    });
    expect(chain.status().overall_health).toBe('unknown');
    await chain.generate({ prompt: 'hi' });
    const status = chain.status();
    expect(JSON.parse(JSON.stringify(status))).toEqual(status);
    expect(status.overall_health).toBe('degraded');
    expect(status.providers.map((p) => [p.name, p.model, p.health])).toEqual([
      ['openai', 'gpt-4o-mini', 'degraded'],
      ['groq', 'llama-3.1-8b-instant', 'degraded'],
      ['groq', 'other', 'unknown'],
    ]);
    const openai = status.providers[0]!;
    expect(openai).toMatchObject({
      consecutive_failures: 1,
      consecutive_successes: 0,
      total_calls: 1,
      total_failures: 1,
      avg_latency_ms: null,
      last_success: null,
      error_kind: 'overloaded',
      circuit: { state: 'closed', times_opened: 0 },
    });
    expect(openai.error).toContain('HTTP 503');
    expect(Date.parse(openai.last_failure ?? '')).not.toBeNaN();
    expect(status.providers[1]).toMatchObject({ total_calls: 1, error: null, last_failure: null });
    expect(status.providers[1]!.avg_latency_ms).toBeGreaterThanOrEqual(0);
  });
});

describe('ProviderChain: secrets never leak', () => {
  it('scans errors, status, events and results for a fake key', async () => {
    const key = 'sk-test-FAKEKEY0123456789abcdefghijklmnop';
    const customKey = 'my-self-hosted-token-42';
    const leaky = (status: number) =>
      Object.assign(new Error(`${status} Incorrect API key provided: ${key} (${customKey})`), {
        status,
        headers: new Headers({ authorization: `Bearer ${key}` }),
        error: { message: `Incorrect API key provided: ${key}`, code: key },
      });
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(leaky(401)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', fail(leaky(500)));
    const c = fakeProvider(
      'custom',
      'm',
      fail(new ProviderError(`bad token ${customKey} / ${key}`, { kind: 'server', provider: 'custom' })),
    );
    const chain = new ProviderChain({ providers: [a, b, c], redact: [customKey], ...fast });
    const emitted: unknown[] = [];
    for (const event of ['attempt', 'fallback', 'circuitOpen', 'circuitClose'] as const) {
      chain.on(event, (e) => emitted.push(e));
    }
    const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    if (!isAllProvidersFailedError(error)) return;
    const { inspect } = await import('node:util');
    const dump = [
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String(error),
      error.stack,
      ...error.errors.map((e) => `${inspect(e, { depth: 10 })} ${e.message} ${JSON.stringify(e)}`),
      JSON.stringify(chain.status()),
      JSON.stringify(emitted),
    ].join('\n');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(customKey);
    expect(dump).not.toContain('FAKEKEY');
  });
});
