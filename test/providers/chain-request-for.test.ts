/** The `requestFor` per-call option: per-provider requests and providers left out of a call. */
import { describe, expect, it } from 'vitest';
import { type ChainTarget, isAllProvidersFailedError, ProviderChain } from '../../src/providers/index.js';
import { connReset, fail, fakeProvider, ok } from './chain-helpers.js';

describe('requestFor', () => {
  it('sends each provider its own request, with the chain setting the model', async () => {
    const a = fakeProvider('a', 'a-1', fail(connReset()));
    const b = fakeProvider('b', 'b-1', ok('from b'));
    const chain = new ProviderChain({ providers: [a, b], maxRetries: 0 });
    const seen: ChainTarget[] = [];
    const result = await chain.generate(
      { prompt: 'base' },
      {
        requestFor: (target) => {
          seen.push(target);
          return { prompt: `for ${target.name}`, model: 'ignored' };
        },
      },
    );
    expect(result.text).toBe('from b');
    expect(a.requests[0]).toEqual({ prompt: 'for a', model: 'a-1' });
    expect(b.requests[0]).toEqual({ prompt: 'for b', model: 'b-1' });
    // The callback sees a plain view, never the chain's health or circuit state.
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(['model', 'name', 'provider']);
  });

  it('leaves out a provider for which it returns null, without a fallback warning', async () => {
    const a = fakeProvider('a', 'a-1', ok('from a'));
    const b = fakeProvider('b', 'b-1', ok('from b'));
    const chain = new ProviderChain({ providers: [a, b] });
    const result = await chain.generate(
      { prompt: 'x' },
      { requestFor: (t) => (t.name === 'a' ? null : { prompt: 'x' }) },
    );
    expect(result.provider).toBe('b');
    expect(a.calls).toBe(0);
    expect(result.warnings.filter((w) => w.includes('fell back'))).toEqual([]);
    expect(chain.status().providers.find((p) => p.name === 'a')?.total_calls).toBe(0);
  });

  it('fails with AllProvidersFailedError when every provider is left out', async () => {
    const a = fakeProvider('a', 'a-1', ok('from a'));
    const chain = new ProviderChain({ providers: [a] });
    const error = await chain.generate({ prompt: 'x' }, { requestFor: () => null }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    expect(a.calls).toBe(0);
  });

  it('applies to streams', async () => {
    const a = fakeProvider('a', 'a-1', { stream: ['x'] }, { streaming: true });
    const b = fakeProvider('b', 'b-1', { stream: ['y'] }, { streaming: true });
    const chain = new ProviderChain({ providers: [a, b] });
    let text = '';
    for await (const chunk of chain.stream(
      { prompt: 'x' },
      { requestFor: (t) => (t.name === 'b' ? { prompt: 'only b' } : null) },
    )) {
      if (chunk.type === 'delta') text += chunk.text;
    }
    expect(text).toBe('y');
    expect(a.calls).toBe(0);
    expect(b.requests[0]).toEqual({ prompt: 'only b', model: 'b-1' });
  });

  it('exposes the configured targets and the default deadline', () => {
    const a = fakeProvider('a', 'a-1', ok());
    const chain = new ProviderChain({ providers: [a, { provider: a, model: 'a-2' }], deadlineMs: 4_321 });
    expect(chain.targets.map((t) => [t.name, t.model])).toEqual([
      ['a', 'a-1'],
      ['a', 'a-2'],
    ]);
    expect(chain.targets[0]?.provider).toBe(a);
    expect(chain.defaultDeadlineMs).toBe(4_321);
  });
});
