import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSSEResponse } from '../../../src/server/index.js';
import type { RunEvent } from '../../../src/stream/index.js';

afterEach(() => vi.useRealTimers());

const delta = (seq: number): RunEvent => ({ type: 'deliverable.delta', seq, id: 'a', text: `t${seq}` });

/** An iterable that yields when told to, and records whether it was closed. */
function manual() {
  const waiting: Array<(r: IteratorResult<RunEvent>) => void> = [];
  const state = { returned: false };
  const iterator: AsyncIterableIterator<RunEvent> = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    next: () => new Promise((resolve) => waiting.push(resolve)),
    async return() {
      state.returned = true;
      for (const w of waiting.splice(0)) w({ done: true, value: undefined });
      return { done: true, value: undefined };
    },
  };
  const push = (event: RunEvent | undefined) =>
    waiting.shift()?.(event ? { done: false, value: event } : { done: true, value: undefined });
  return { iterator, push, state };
}

async function readAll(response: Response): Promise<string> {
  return response.text();
}

describe('toSSEResponse', () => {
  it('sends the protocol headers, a heartbeat first, then one block per event', async () => {
    async function* events() {
      yield delta(1);
      yield delta(2);
    }
    const response = toSSEResponse(events(), { headers: { 'x-trace-id': 'abc' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-aicmo-stream')).toBe('v1');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-trace-id')).toBe('abc');
    const text = await readAll(response);
    expect(text).toBe(
      `: keep-alive\n\nid: 1\nevent: deliverable.delta\ndata: ${JSON.stringify(delta(1))}\n\nid: 2\nevent: deliverable.delta\ndata: ${JSON.stringify(delta(2))}\n\n`,
    );
  });

  it('sends a heartbeat comment after every heartbeatMs without an event', async () => {
    vi.useFakeTimers();
    const source = manual();
    const response = toSSEResponse(source.iterator, { heartbeatMs: 15_000 });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const chunks: string[] = [];
    const pump = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        chunks.push(decoder.decode(value));
      }
    })();
    await vi.advanceTimersByTimeAsync(0);
    expect(chunks).toEqual([': keep-alive\n\n']);
    await vi.advanceTimersByTimeAsync(14_000);
    source.push(delta(1));
    await vi.advanceTimersByTimeAsync(14_000);
    // The event reset the clock: no heartbeat yet.
    expect(chunks.filter((c) => c.startsWith(':'))).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(chunks.filter((c) => c.startsWith(':'))).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(chunks.filter((c) => c.startsWith(':'))).toHaveLength(3);
    source.push(undefined);
    await vi.advanceTimersByTimeAsync(0);
    await pump;
  });

  it('closes the source when the body is cancelled (the client left) and when the signal aborts', async () => {
    const first = manual();
    const response = toSSEResponse(first.iterator);
    await (response.body as ReadableStream<Uint8Array>).cancel();
    expect(first.state.returned).toBe(true);

    const second = manual();
    const controller = new AbortController();
    const text = readAll(toSSEResponse(second.iterator, { signal: controller.signal }));
    controller.abort();
    expect(await text).toBe(': keep-alive\n\n');
    expect(second.state.returned).toBe(true);
  });

  it('ends the stream without a terminal event when the source throws (the client resumes)', async () => {
    async function* broken(): AsyncGenerator<RunEvent> {
      yield delta(1);
      throw new Error('store down');
    }
    const text = await readAll(toSSEResponse(broken()));
    expect(text.match(/^id: /gm)).toHaveLength(1);
  });

  it('rejects a heartbeat that is not a positive integer', () => {
    expect(() => toSSEResponse(manual().iterator, { heartbeatMs: 0 })).toThrow(RangeError);
  });
});
