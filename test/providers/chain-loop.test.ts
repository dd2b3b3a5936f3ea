import { describe, expect, it } from 'vitest';
import { runThroughChain } from '../../src/providers/chain.js';
import type { AttemptRunner } from '../../src/providers/chain-loop.js';
import { ProviderChain, ProviderError, type ProviderResult } from '../../src/providers/index.js';
import { fakeProvider, ok } from './chain-helpers.js';

describe('runThroughChain: custom attempts through the one loop', () => {
  it('a runner that rejects an answer fails over like any provider failure, and the winner is priced', async () => {
    const a = fakeProvider('openai', 'gpt-4o-mini', ok('not json'));
    const b = fakeProvider('groq', 'llama-3.1-8b-instant', ok('{"title":"Launch"}'));
    const chain = new ProviderChain({ providers: [a, b] });
    const runner: AttemptRunner<{ raw: ProviderResult; object: unknown }> = {
      async start(slot, request, signal) {
        const raw = await slot.provider.generate(request, { signal });
        try {
          return { raw, object: JSON.parse(raw.text) as unknown };
        } catch {
          throw new ProviderError(`${slot.label}: answer is not JSON`, {
            kind: 'bad_request',
            provider: slot.name,
            model: slot.model,
          });
        }
      },
      settleOnWin: true,
      discard: () => {},
    };
    const { value, result } = await runThroughChain(chain, { prompt: 'hi' }, runner, (v) => v.raw);
    expect(value.object).toEqual({ title: 'Launch' });
    expect(result.provider).toBe('groq');
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.attempts.map((x) => [x.provider, x.outcome, x.errorKind])).toEqual([
      ['openai', 'failure', 'bad_request'],
      ['groq', 'success', undefined],
    ]);
    expect(result.warnings).toEqual([
      'openai (gpt-4o-mini) failed (bad_request); fell back to groq (llama-3.1-8b-instant).',
    ]);
  });
});
