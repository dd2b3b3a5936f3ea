import { describe, expect, it } from 'vitest';
import { type AttemptRecord, ProviderChain } from '../../src/providers/index.js';
import { connReset, fakeProvider, httpError, type Step } from './chain-helpers.js';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

describe('chaos: 1,000 calls, random faults, one healthy provider', () => {
  it('every call succeeds and no call is sent to a provider whose circuit is open', async () => {
    const random = rng(20261123);
    let chain: ProviderChain | undefined;
    const violations: string[] = [];
    const stateOf = (name: string) => chain?.status().providers.find((p) => p.name === name)?.circuit.state;

    // Each provider goes through regimes: fine, flaky, hard down, hanging.
    let regimeA = 0;
    let regimeB = 0;
    const faulty = (name: string, regime: () => number) => (): Step => {
      if (stateOf(name) === 'open') violations.push(`${name} called while its circuit was open`);
      const r = random();
      switch (regime()) {
        case 0:
          return { ok: name, delayMs: r < 0.5 ? 0 : 1 };
        case 1:
          if (r < 0.2) return { throw: httpError(500) };
          if (r < 0.3) return { throw: httpError(429, { 'retry-after-ms': '1' }) };
          if (r < 0.4) return { hang: true };
          if (r < 0.45) return { throw: connReset() };
          if (r < 0.5) return { throw: httpError(503) };
          return { ok: name };
        case 2:
          return { throw: r < 0.5 ? connReset() : httpError(503) };
        default:
          return r < 0.7 ? { hang: true } : { throw: httpError(502) };
      }
    };
    const a = fakeProvider(
      'alpha',
      'gpt-4o-mini',
      faulty('alpha', () => regimeA),
    );
    const b = fakeProvider(
      'beta',
      'claude-3-5-haiku',
      faulty('beta', () => regimeB),
    );
    const c = fakeProvider('gamma', 'llama-3.1-8b-instant', () => {
      if (stateOf('gamma') === 'open') violations.push('gamma called while its circuit was open');
      return { ok: 'gamma', delayMs: random() < 0.5 ? 1 : 2 };
    });
    chain = new ProviderChain({
      providers: [a, b, c],
      timeoutMs: 40, // well above gamma's 1–2 ms, so a loaded machine does not time out the healthy provider
      maxRetries: 1,
      backoff: { initialDelayMs: 1, maxDelayMs: 2 },
      circuit: { failureThreshold: 3, cooldownMs: 20, maxCooldownMs: 80 },
    });
    const attempts: AttemptRecord[] = [];
    chain.on('attempt', (e) => attempts.push(e));

    let done = 0;
    let failed = 0;
    const worker = async () => {
      while (done < 1000) {
        done++;
        if (done % 50 === 0) {
          // Every regime comes round several times for each provider.
          regimeA = (done / 50) % 4;
          regimeB = (done / 50 + 2) % 4;
        }
        const result = await chain.generate({ prompt: `call ${done}` }).catch(() => undefined);
        if (!result) failed++;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    expect(failed).toBe(0);
    expect(violations).toEqual([]);
    expect(attempts.some((x) => x.gate === 'forced')).toBe(false);
    // The chaos really happened: circuits opened and probes ran.
    expect(attempts.some((x) => x.gate === 'probe')).toBe(true);
    expect(chain.status().providers.some((p) => p.circuit.times_opened > 0)).toBe(true);
    const kinds = new Set(attempts.filter((x) => x.outcome === 'failure').map((x) => x.errorKind));
    expect(kinds.size).toBeGreaterThanOrEqual(4);
    expect(kinds).toContain('timeout');
    // Fail over first and the failure-rate rule keep failed attempts low, but faults really happened.
    expect(attempts.filter((x) => x.outcome === 'failure').length).toBeGreaterThan(20);
  });
});
