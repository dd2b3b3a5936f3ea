import { describe, expect, it } from 'vitest';
import { Circuit } from '../../src/providers/circuit.js';
import { type ChainEvents, ProviderChain } from '../../src/providers/index.js';
import { fail, fakeProvider, hang, httpError, ok, sleepMs } from './chain-helpers.js';

const fast = { backoff: { initialDelayMs: 1, maxDelayMs: 2 } };

function watch(chain: ProviderChain) {
  const opens: ChainEvents['circuitOpen'][] = [];
  const closes: ChainEvents['circuitClose'][] = [];
  chain.on('circuitOpen', (e) => opens.push(e));
  chain.on('circuitClose', (e) => closes.push(e));
  return { opens, closes };
}

describe('circuit breaker (per provider and model)', () => {
  it('opens after consecutive failures; open providers are skipped without a call', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(500)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({
      providers: [a, b],
      maxRetries: 0,
      circuit: { failureThreshold: 3 },
      ...fast,
    });
    const { opens } = watch(chain);
    for (let i = 0; i < 3; i++) await chain.generate({ prompt: 'hi' });
    expect(a.calls).toBe(3);
    expect(opens).toEqual([
      expect.objectContaining({
        provider: 'openai',
        model: 'gpt-4o-mini',
        errorKind: 'server',
        cooldownMs: 5000,
      }),
    ]);
    const result = await chain.generate({ prompt: 'hi' });
    expect(a.calls).toBe(3);
    expect(result.text).toBe('B');
    expect(result.attempts.map((x) => x.provider)).toEqual(['groq']);
    expect(result.warnings).toEqual([
      'openai (gpt-4o-mini) skipped (circuit open); fell back to groq (llama-3.1-8b-instant).',
    ]);
    const status = chain.status().providers[0]!;
    expect(status.health).toBe('unhealthy');
    expect(status.circuit.state).toBe('open');
    expect(status.circuit.cooldown_ms).toBe(5000);
    expect(Date.parse(status.circuit.retry_at ?? '') - Date.parse(status.circuit.opened_at ?? '')).toBe(5000);
  });

  it('an auth failure opens the circuit at once', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(401)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b] });
    const { opens } = watch(chain);
    await chain.generate({ prompt: 'hi' });
    expect(opens).toEqual([expect.objectContaining({ provider: 'openai', errorKind: 'auth' })]);
    await chain.generate({ prompt: 'hi' });
    expect(a.calls).toBe(1);
  });

  it('request faults (bad request, content policy) never open a circuit', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(400)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b], circuit: { failureThreshold: 2 } });
    for (let i = 0; i < 4; i++) await chain.generate({ prompt: 'hi' });
    expect(a.calls).toBe(4);
    expect(chain.status().providers[0]).toMatchObject({ circuit: { state: 'closed' }, total_failures: 4 });
  });

  it('tracks circuits per model: one bad model does not block the same provider', async () => {
    const provider = fakeProvider('openai', 'gpt-4o', (n) => (n === 0 ? fail(httpError(404)) : ok('mini')));
    const chain = new ProviderChain({
      providers: [
        { provider, model: 'gpt-9-does-not-exist' },
        { provider, model: 'gpt-4o-mini' },
      ],
    });
    expect((await chain.generate({ prompt: 'hi' })).model).toBe('gpt-4o-mini');
    expect((await chain.generate({ prompt: 'hi' })).model).toBe('gpt-4o-mini');
    expect(provider.requests.map((r) => r.model)).toEqual([
      'gpt-9-does-not-exist',
      'gpt-4o-mini',
      'gpt-4o-mini',
    ]);
    expect(chain.status().providers.map((p) => p.circuit.state)).toEqual(['open', 'closed']);
  });

  it('half-open: after the cooldown one probe runs alongside the next provider, and success closes the circuit', async () => {
    let down = true;
    const a = fakeProvider('openai', 'gpt-4o-mini', () => (down ? fail(httpError(503)) : ok('A')));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B', 40));
    const chain = new ProviderChain({
      providers: [a, b],
      maxRetries: 0,
      circuit: { failureThreshold: 1, cooldownMs: 30 },
    });
    const { closes } = watch(chain);
    await chain.generate({ prompt: 'hi' });
    expect(chain.status().providers[0]!.circuit.state).toBe('open');
    down = false;
    await sleepMs(40);
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('A');
    expect(result.attempts[0]).toMatchObject({ provider: 'openai', gate: 'probe', outcome: 'success' });
    expect(closes).toEqual([{ provider: 'openai', model: 'gpt-4o-mini' }]);
    expect(chain.status().providers[0]!.circuit.state).toBe('closed');
    // The hedge partner was cancelled, not counted against groq.
    expect(b.signals.at(-1)?.aborted).toBe(true);
    expect(chain.status().providers[1]!.total_failures).toBe(0);
  });

  it('a failed probe re-opens the circuit with a longer cooldown, and the call does not wait for it', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', (n) => (n === 0 ? fail(httpError(503)) : hang()));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B', 5));
    const chain = new ProviderChain({
      providers: [a, b],
      maxRetries: 0,
      timeoutMs: 80,
      circuit: { failureThreshold: 1, cooldownMs: 20, cooldownMultiplier: 3 },
    });
    const { opens } = watch(chain);
    await chain.generate({ prompt: 'hi' });
    await sleepMs(30);
    const result = await chain.generate({ prompt: 'hi' });
    // Served by groq while the probe (hung) was still running.
    expect(result.text).toBe('B');
    expect(result.warnings).toEqual([
      'openai (gpt-4o-mini) circuit probe still running; groq (llama-3.1-8b-instant) answered first.',
    ]);
    expect(a.calls).toBe(2);
    expect(a.signals[1]?.aborted).toBe(false);
    await sleepMs(120);
    expect(a.signals[1]?.aborted).toBe(true); // the probe timed out on its own
    expect(opens.map((e) => [e.errorKind, e.cooldownMs])).toEqual([
      ['overloaded', 20],
      ['timeout', 60],
    ]);
    expect(chain.status().providers[0]!.circuit.times_opened).toBe(2);
  });

  it('only one probe at a time: concurrent calls skip a half-open provider', async () => {
    let n = 0;
    const a = fakeProvider('openai', 'gpt-4o-mini', () => (n++ === 0 ? fail(httpError(503)) : ok('A', 30)));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B', 5));
    const chain = new ProviderChain({
      providers: [a, b],
      maxRetries: 0,
      circuit: { failureThreshold: 1, cooldownMs: 10 },
    });
    await chain.generate({ prompt: 'hi' });
    await sleepMs(20);
    await Promise.all([1, 2, 3, 4].map(() => chain.generate({ prompt: 'hi' })));
    expect(a.calls).toBe(2); // the first failure + one probe
  });

  it('when every circuit is open, still tries the providers in order (and a success closes the circuit)', async () => {
    let down = true;
    const a = fakeProvider('openai', 'gpt-4o-mini', () => (down ? fail(httpError(401)) : ok('A')));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', () => (down ? fail(httpError(401)) : ok('B')));
    const chain = new ProviderChain({ providers: [a, b] });
    const { closes } = watch(chain);
    await chain.generate({ prompt: 'hi' }).catch(() => undefined);
    expect(chain.status().providers.map((p) => p.circuit.state)).toEqual(['open', 'open']);
    down = false;
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('A');
    expect(result.attempts).toEqual([
      expect.objectContaining({ provider: 'openai', gate: 'forced', outcome: 'success' }),
    ]);
    expect(closes.map((c) => c.provider)).toEqual(['openai']);
  });

  it('can be told not to try open circuits as a last resort', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(401)));
    const chain = new ProviderChain({ providers: [a], tryOpenCircuitsAsLastResort: false });
    await chain.generate({ prompt: 'hi' }).catch(() => undefined);
    const error = await chain.generate({ prompt: 'hi' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain('none could be tried');
    expect(error?.name).toBe('AllProvidersFailedError');
    expect(a.calls).toBe(1);
  });
});

describe('ordering', () => {
  it('a never-tried provider keeps its configured place (ahead of an unhealthy one)', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', fail(httpError(500)));
    const b = fakeProvider('anthropic', 'claude-3-5-haiku', ok('B'));
    const c = fakeProvider('groq', 'llama-3.1-8b-instant', ok('C'));
    // A high threshold keeps a's circuit closed while its health goes unhealthy.
    const chain = new ProviderChain({
      providers: [a, b, c],
      circuit: { failureThreshold: 100, failureRate: false },
      ...fast,
    });
    // Fail over first: one failure of a per call; three calls make it unhealthy.
    for (let i = 0; i < 3; i++) await chain.generate({ prompt: 'hi' });
    expect(a.calls).toBe(3);
    expect(chain.status().providers.map((p) => p.health)).toEqual(['unhealthy', 'degraded', 'unknown']);
    const result = await chain.generate({ prompt: 'hi' });
    // b (degraded) answers before a is retried; c (never tried) is still behind b, as configured.
    expect(result.text).toBe('B');
    expect(result.attempts.map((x) => x.provider)).toEqual(['anthropic']);
  });

  it('health never reorders healthy, degraded and unknown providers: configured order wins', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('A'));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B'));
    const chain = new ProviderChain({ providers: [a, b] });
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('A');
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('A');
    expect(b.calls).toBe(0);
  });
});

describe('Circuit state machine', () => {
  const settings = {
    failureThreshold: 2,
    cooldownMs: 100,
    cooldownMultiplier: 2,
    maxCooldownMs: 350,
    openImmediatelyOn: new Set(['auth'] as const),
  };

  it('grows the cooldown on failed probes up to the cap, and never waits callers on a probe', () => {
    const c = new Circuit(settings);
    expect(c.failure('closed', 'server', 0)).toBeUndefined();
    expect(c.failure('closed', 'server', 0)).toEqual({ type: 'open', cooldownMs: 100, retryAt: 100 });
    expect(c.acquire(50)).toBeUndefined();
    expect(c.acquire(100)).toBe('probe');
    expect(c.state).toBe('half_open');
    expect(c.acquire(101)).toBeUndefined(); // one probe at a time
    expect(c.failure('probe', 'timeout', 200)).toEqual({ type: 'open', cooldownMs: 200, retryAt: 400 });
    expect(c.acquire(400)).toBe('probe');
    expect(c.failure('probe', 'timeout', 400)?.type).toBe('open');
    expect(c.cooldownMs).toBe(350); // 400 capped
    expect(c.timesOpened).toBe(3);
  });

  it('a cancelled probe lets the next caller probe at once', () => {
    const c = new Circuit(settings);
    c.failure('closed', 'auth', 0);
    expect(c.acquire(100)).toBe('probe');
    c.releaseProbe('probe');
    expect(c.acquire(100)).toBe('probe');
  });

  it('Retry-After stretches the cooldown (within the cap)', () => {
    const c = new Circuit(settings);
    expect(c.failure('closed', 'rate_limit', 0, 300)).toBeUndefined();
    expect(c.failure('closed', 'rate_limit', 0, 300)).toMatchObject({ cooldownMs: 300 });
    const d = new Circuit(settings);
    d.failure('closed', 'auth', 0, 10_000);
    expect(d.cooldownMs).toBe(350);
  });

  it('forced attempts while open neither extend nor re-open; a forced success closes', () => {
    const c = new Circuit(settings);
    c.failure('closed', 'auth', 0);
    expect(c.failure('forced', 'auth', 10)).toBeUndefined();
    expect(c.retryAt).toBe(100);
    expect(c.success('forced', 20)).toEqual({ type: 'close' });
    expect(c.state).toBe('closed');
  });

  it('keeps growing the cooldown when a recovered provider fails again soon (flapping), else starts over', () => {
    const c = new Circuit(settings);
    c.failure('closed', 'auth', 0); // cooldown 100
    c.acquire(100);
    c.success('probe', 100);
    c.failure('closed', 'auth', 150); // within 2 × 100 of closing: flapping
    expect(c.cooldownMs).toBe(200);
    c.acquire(350);
    c.success('probe', 350);
    c.failure('closed', 'auth', 350 + 401); // stable for more than 2 × 200: starts over
    expect(c.cooldownMs).toBe(100);
  });
});
