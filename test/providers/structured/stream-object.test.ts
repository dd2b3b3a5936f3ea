/**
 * streamObject with in-process streaming providers: partials only on
 * change and never smaller, one final object, reset events, the commit rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  isChainAbortedError,
  isChainTimeoutError,
  isSchemaMismatchError,
  isStreamInterruptedError,
  ProviderChain,
  type StreamObjectEvent,
  streamObject,
} from '../../../src/providers/index.js';
import { extendsValue } from '../../../src/providers/structured/stream-object.js';
import { fakeProvider } from '../chain-helpers.js';

const Post = z.object({
  title: z.string(),
  platform: z.enum(['linkedin', 'instagram']),
  hashtags: z.array(z.string()).max(3),
  words: z.int(),
});
const good = { title: 'Launch day', platform: 'instagram', hashtags: ['#a', '#b'], words: 120 } as const;
const goodText = JSON.stringify(good);

const split = (text: string, sizes: number[]) => {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    out.push(text.slice(at, at + size));
    at += size;
  }
  return out;
};

const chainOf = (...providers: ReturnType<typeof fakeProvider>[]) =>
  new ProviderChain({ providers, deadlineMs: 5_000 });

async function collect<S extends z.ZodType>(
  stream: AsyncIterable<StreamObjectEvent<S>>,
): Promise<{ events: StreamObjectEvent<S>[]; error: unknown }> {
  const events: StreamObjectEvent<S>[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

describe('streamObject', () => {
  it('emits validated partials only on change, never smaller, then exactly one object (any chunking)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        async (sizes) => {
          const p = fakeProvider('custom', 'm1', { stream: split(goodText, sizes) }, { streaming: true });
          const { events, error } = await collect(streamObject(chainOf(p), { schema: Post, prompt: 'x' }));
          expect(error).toBeUndefined();
          let previous: unknown;
          const seen = new Set<string>();
          for (const event of events.slice(0, -1)) {
            expect(event.type).toBe('partial');
            if (event.type !== 'partial') continue;
            const json = JSON.stringify(event.partial);
            expect(seen.has(json)).toBe(false);
            seen.add(json);
            expect(extendsValue(previous, event.partial)).toBe(true);
            // A half-written enum value is never shown.
            const platform = (event.partial as { platform?: string }).platform;
            if (platform !== undefined) expect(['linkedin', 'instagram']).toContain(platform);
            previous = event.partial;
          }
          const last = events.at(-1);
          expect(last?.type).toBe('object');
          if (last?.type === 'object') expect(last.result.object).toEqual(good);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a broken stream after partials emits a reset and fails over', async () => {
    const broken = fakeProvider(
      'first',
      'm1',
      { stream: split(goodText, [10]), failAfter: 3 },
      { streaming: true },
    );
    const backup = fakeProvider('second', 'm2', { stream: split(goodText, [12]) }, { streaming: true });
    const { events, error } = await collect(
      streamObject(chainOf(broken, backup), { schema: Post, prompt: 'x' }),
    );
    expect(error).toBeUndefined();
    const types = events.map((e) => e.type);
    const reset = types.indexOf('reset');
    expect(types.slice(0, reset).length).toBeGreaterThan(0);
    expect(events[reset]).toEqual({ type: 'reset', reason: 'failover', provider: 'first', model: 'm1' });
    const last = events.at(-1);
    expect(last?.type === 'object' && last.result.provider).toBe('second');
    expect(last?.type === 'object' && last.result.attempts.map((a) => [a.provider, a.status])).toEqual([
      ['first', 'failed'],
      ['second', 'valid'],
    ]);
  });

  it('with resetOnRetry: false, follows the commit rule: no new attempt after the first partial', async () => {
    const broken = fakeProvider(
      'first',
      'm1',
      { stream: split(goodText, [10]), failAfter: 3 },
      { streaming: true },
    );
    const backup = fakeProvider('second', 'm2', { stream: [goodText] }, { streaming: true });
    const { events, error } = await collect(
      streamObject(chainOf(broken, backup), { schema: Post, prompt: 'x', resetOnRetry: false }),
    );
    expect(isStreamInterruptedError(error)).toBe(true);
    expect(events.every((e) => e.type === 'partial')).toBe(true);
    expect(backup.calls).toBe(0);
  });

  it('with resetOnRetry: false, a mismatch after partials ends with SchemaMismatchError, no repair', async () => {
    const wrong = JSON.stringify({ ...good, hashtags: ['a', 'b', 'c', 'd'] });
    const p = fakeProvider('custom', 'm1', { stream: split(wrong, [8]) }, { streaming: true });
    const { events, error } = await collect(
      streamObject(chainOf(p), { schema: Post, prompt: 'x', resetOnRetry: false }),
    );
    expect(isSchemaMismatchError(error)).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(p.calls).toBe(1);
  });

  it('a failure before the first partial falls back inside the chain, without a reset', async () => {
    const broken = fakeProvider('first', 'm1', { stream: [goodText], failAfter: 0 }, { streaming: true });
    const backup = fakeProvider('second', 'm2', { stream: split(goodText, [9]) }, { streaming: true });
    const { events, error } = await collect(
      streamObject(chainOf(broken, backup), { schema: Post, prompt: 'x' }),
    );
    expect(error).toBeUndefined();
    expect(events.some((e) => e.type === 'reset')).toBe(false);
    expect(events.at(-1)?.type).toBe('object');
  });

  it('ends with a typed failure at the deadline when the stream never starts', async () => {
    // The provider would hang for a day: only the deadline ends the stream.
    const p = fakeProvider('slow', 'm1', { hang: true }, { streaming: true });
    const { events, error } = await collect(
      streamObject(chainOf(p), { schema: Post, prompt: 'x', deadlineMs: 100 }),
    );
    expect(isChainTimeoutError(error)).toBe(true);
    expect(events).toEqual([]);
  });

  it('ends with ChainAbortedError when the caller aborts mid-stream', async () => {
    const controller = new AbortController();
    const p = fakeProvider('slow', 'm1', { stream: split(goodText, [5]), delayMs: 30 }, { streaming: true });
    const stream = streamObject(chainOf(p), { schema: Post, prompt: 'x', signal: controller.signal });
    const events: StreamObjectEvent<typeof Post>[] = [];
    let error: unknown;
    try {
      for await (const event of stream) {
        events.push(event);
        controller.abort();
      }
    } catch (caught) {
      error = caught;
    }
    expect(events.length).toBe(1);
    expect(isChainAbortedError(error)).toBe(true);
  });
});
