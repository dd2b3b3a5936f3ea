import { describe, expect, it } from 'vitest';
import { Circuit } from '../../src/providers/circuit.js';
import { ProviderChain } from '../../src/providers/index.js';
import { fakeProvider, hang, ok } from './chain-helpers.js';

/** Runs `calls` generate calls, `concurrency` at a time (the shape of bench/chain's black-hole row). */
async function drive(chain: ProviderChain, calls: number, concurrency: number): Promise<string[]> {
  const answeredBy: string[] = [];
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      answeredBy.push((await chain.generate({ prompt: 'hi' })).provider);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answeredBy;
}

describe('hedging against a black-holed primary', () => {
  it('calls the primary only with the first wave: a provider whose in-flight calls are already slow is tried last', async () => {
    const primary = fakeProvider('openai', 'gpt-4o-mini', hang());
    const secondary = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B', 5));
    // A long cooldown: no half-open probe during the run, so every primary call is counted here.
    const chain = new ProviderChain({
      providers: [primary, secondary],
      hedgeAfterMs: 20,
      circuit: { cooldownMs: 600_000 },
    });
    let opens = 0;
    chain.on('circuitOpen', (e) => {
      if (e.provider === 'openai') opens++;
    });
    const answeredBy = await drive(chain, 64, 8);
    expect(answeredBy).toHaveLength(64);
    expect(answeredBy.every((p) => p === 'groq')).toBe(true);
    // The first wave (8 concurrent calls) reaches the black hole; no later call does.
    expect(primary.calls).toBe(8);
    expect(opens).toBe(1);
    expect(chain.status().providers[0]).toMatchObject({ circuit: { state: 'open' } });
  });

  it('a primary that is slow only now and then keeps its place', async () => {
    // Every 10th call hangs; the rest answer in 5 ms.
    const primary = fakeProvider('openai', 'gpt-4o-mini', (n) => (n % 10 === 9 ? hang() : ok('A', 5)));
    const secondary = fakeProvider('groq', 'llama-3.1-8b-instant', ok('B', 5));
    const chain = new ProviderChain({ providers: [primary, secondary], hedgeAfterMs: 20 });
    const answeredBy = await drive(chain, 40, 2);
    expect(answeredBy.filter((p) => p === 'openai').length).toBeGreaterThanOrEqual(36);
    expect(chain.status().providers[0]).toMatchObject({ circuit: { state: 'closed' } });
  });
});

describe('Circuit.suspect', () => {
  const settings = {
    failureThreshold: 3,
    cooldownMs: 1_000,
    cooldownMultiplier: 2,
    maxCooldownMs: 10_000,
    openImmediatelyOn: new Set<never>(),
  };

  it('counts waiting attempts past the slow-call threshold with the consecutive failures', () => {
    const circuit = new Circuit(settings);
    const [a, b, c] = [{}, {}, {}];
    circuit.started(a, 0);
    circuit.started(b, 0);
    circuit.started(c, 90);
    // At 100 ms: a and b are past 50 ms, c is not; 2 < 3.
    expect(circuit.suspect(50, 100)).toBe(false);
    expect(circuit.suspect(50, 140)).toBe(true);
    circuit.answered(a);
    expect(circuit.suspect(50, 140)).toBe(false);
    circuit.failure('closed', 'timeout', 0);
    expect(circuit.suspect(50, 140)).toBe(true);
  });

  it('is false while the slow attempts are a minority of those in flight (slow now and then)', () => {
    const circuit = new Circuit(settings);
    const tokens = Array.from({ length: 8 }, () => ({}));
    for (const [i, token] of tokens.entries()) circuit.started(token, i < 3 ? 0 : 95);
    // 3 of 8 waiting are past 50 ms: enough for the threshold, but not most of them.
    expect(circuit.suspect(50, 100)).toBe(false);
    for (const token of tokens.slice(3, 6)) circuit.answered(token);
    // 3 of 5: most of them.
    expect(circuit.suspect(50, 100)).toBe(true);
  });

  it('is false once the circuit is open (the open state already keeps calls away)', () => {
    const circuit = new Circuit(settings);
    for (let i = 0; i < 3; i++) circuit.failure('closed', 'timeout', i);
    expect(circuit.state).toBe('open');
    expect(circuit.suspect(0, 1e9)).toBe(false);
  });
});
