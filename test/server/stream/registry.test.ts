import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createMemoryRunEventStore,
  createRunRegistry,
  RunCapacityError,
  type RunEventStore,
  RunExistsError,
  type RunRegistry,
} from '../../../src/server/index.js';
import { type RunEvent, RunEventSchema } from '../../../src/stream/index.js';
import { collect, envelopeFor, finished, gate, returned, startScripted } from './helpers.js';

let registries: RunRegistry[] = [];
function registry(options: Parameters<typeof createRunRegistry>[0] = {}): RunRegistry {
  const r = createRunRegistry(options);
  registries.push(r);
  return r;
}

afterEach(() => {
  for (const r of registries) r.close();
  registries = [];
  vi.useRealTimers();
});

function failedType(event: RunEvent | undefined): string | undefined {
  return event?.type === 'run.failed' ? event.envelope.error.type : undefined;
}

describe('run registry: order and schemas', () => {
  it('numbers events 1..n in order, each matching its schema, ending with the envelope execute returned', async () => {
    const runs = registry();
    const runId = startScripted(runs, { ids: ['a', 'b'], deltas: 2 });
    const events = await finished(runs, runId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const event of events) expect(RunEventSchema.safeParse(event).success).toBe(true);
    expect(events.map((e) => e.type)).toEqual([
      'run.started',
      ...['a', 'b'].flatMap(() => [
        'deliverable.started',
        'deliverable.delta',
        'deliverable.delta',
        'deliverable.completed',
      ]),
      'run.completed',
    ]);
    const first = events[0];
    expect(first?.type === 'run.started' && first.run_id).toBe(runId);
    const last = events[events.length - 1];
    expect(last?.type === 'run.completed' && last.envelope).toEqual(returned.get(runId));
    expect(returned.get(runId)?.deliverables).toHaveLength(2);
    expect(runs.activeRuns).toBe(0);
  });

  it('ends with run.failed INTERNAL_ERROR when execute rejects', async () => {
    const runs = registry();
    const { runId } = runs.start({
      module: 'test',
      traceId: 't',
      deliverables: [],
      execute: async () => {
        throw new Error('boom');
      },
    });
    const events = await finished(runs, runId);
    expect(events.map((e) => e.type)).toEqual(['run.started', 'run.failed']);
    expect(failedType(events[1])).toBe('INTERNAL_ERROR');
  });
});

describe('run registry: exact resume', () => {
  it('after the run ended, resuming after every seq gives exactly the rest', async () => {
    const runs = registry();
    const runId = startScripted(runs, { ids: ['a', 'b', 'c'], deltas: 4 });
    const all = await finished(runs, runId);
    for (let k = 0; k <= all.length; k++) {
      const rest = await collect((await runs.open(runId, { after: k })) as AsyncIterable<RunEvent>);
      expect(rest).toEqual(all.slice(k));
    }
  });

  it('a reader that leaves after k live events and comes back with after=k misses nothing and repeats nothing, for every k', async () => {
    const runs = registry();
    // A reference run gives the length; each cut is its own live run.
    const total = (await finished(runs, startScripted(runs, { deltas: 2 }))).length;
    for (let k = 1; k < total; k++) {
      const steps: Array<() => void> = [];
      const pace = () => {
        const g = gate();
        steps.push(g.open);
        return g.promise;
      };
      const runId = startScripted(runs, { deltas: 2, pace });
      const first = (await runs.open(runId)) as AsyncIterableIterator<RunEvent>;
      const head: RunEvent[] = [];
      while (head.length < k) {
        const pending = first.next();
        // Let the run make one step while the reader waits.
        await Promise.resolve();
        steps.shift()?.();
        const step = await pending;
        if (step.done) break;
        head.push(step.value);
      }
      await first.return?.();
      const resumed = (await runs.open(runId, {
        after: head[head.length - 1]?.seq ?? 0,
      })) as AsyncIterable<RunEvent>;
      const releaser = setInterval(() => steps.shift()?.(), 1);
      const tail = await collect(resumed);
      clearInterval(releaser);
      const seqs = [...head, ...tail].map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
  });
});

describe('run registry: disconnects, grace time, cancel', () => {
  it('goes on while no one reads, then cancels the upstream work after graceMs', async () => {
    vi.useFakeTimers();
    const runs = registry({ graceMs: 5000 });
    let upstream: AbortSignal | undefined;
    const { runId } = runs.start({
      module: 'test',
      traceId: 't',
      deliverables: [],
      execute: ({ signal }) => {
        upstream = signal;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    const reader = (await runs.open(runId)) as AsyncIterableIterator<RunEvent>;
    await reader.next();
    await reader.return?.();
    await vi.advanceTimersByTimeAsync(4000);
    expect(upstream?.aborted).toBe(false);
    // A reader that comes back in time stops the clock.
    const back = (await runs.open(runId, { after: 1 })) as AsyncIterableIterator<RunEvent>;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(upstream?.aborted).toBe(false);
    await back.return?.();
    await vi.advanceTimersByTimeAsync(5000);
    expect(upstream?.aborted).toBe(true);
    const events = await finished(runs, runId);
    expect(events.map((e) => e.type)).toEqual(['run.started', 'run.failed']);
    expect(failedType(events[1])).toBe('CLIENT_CLOSED_REQUEST');
  });

  it('cancel ends a running run with a 499 CANCELLED run.failed; then reports ended, and unknown for other ids', async () => {
    const runs = registry();
    const { runId } = runs.start({
      module: 'test',
      traceId: 't',
      deliverables: [],
      execute: ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    expect(runs.cancel(runId)).toBe('cancelled');
    const events = await finished(runs, runId);
    const last = events[events.length - 1];
    expect(failedType(last)).toBe('CANCELLED');
    expect(last?.type === 'run.failed' && last.envelope.error.code).toBe(499);
    expect(runs.cancel(runId)).toBe('ended');
    expect(runs.cancel('nope')).toBe('unknown');
  });
});

describe('run registry: bounds', () => {
  it('keeps a finished run for retentionMs, then forgets it', async () => {
    vi.useFakeTimers();
    const runs = registry({ retentionMs: 60_000 });
    const runId = startScripted(runs);
    await vi.advanceTimersByTimeAsync(0);
    expect((await finished(runs, runId)).length).toBeGreaterThan(2);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(await runs.open(runId)).toBeDefined();
    await vi.advanceTimersByTimeAsync(2000);
    expect(await runs.open(runId)).toBeUndefined();
  });

  it('keeps at most maxRetainedRuns finished runs, the oldest forgotten first', async () => {
    const runs = registry({ maxRetainedRuns: 2 });
    const ids = [startScripted(runs), startScripted(runs), startScripted(runs)];
    for (const id of ids) await finished(runs, id);
    startScripted(runs); // a start sweeps
    expect(await runs.open(ids[0] as string)).toBeUndefined();
    expect(await runs.open(ids[2] as string)).toBeDefined();
  });

  it('refuses a run past maxActiveRuns with RunCapacityError', () => {
    const runs = registry({ maxActiveRuns: 1 });
    const hold = gate();
    startScripted(runs, { pace: () => hold.promise });
    expect(() => startScripted(runs)).toThrow(RunCapacityError);
    hold.open();
  });

  it('stops a run whose events pass maxRunBytes, with no gap in the sequence', async () => {
    const runs = registry({ maxRunBytes: 4096 });
    const { runId } = runs.start({
      module: 'test',
      traceId: 't',
      deliverables: [],
      execute: async ({ emit, signal }) => {
        for (let i = 0; i < 100 && !signal.aborted; i++)
          emit({ type: 'deliverable.delta', id: 'x', text: 'y'.repeat(200) });
        signal.throwIfAborted();
        return envelopeFor('r', ['x']);
      },
    });
    const events = await finished(runs, runId);
    expect(failedType(events[events.length - 1])).toBe('RUN_BUFFER_FULL');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.length).toBeLessThan(30);
  });

  it('refuses a run id it already holds with RunExistsError', async () => {
    const runs = registry();
    const runId = startScripted(runs, { runId: 'same' });
    expect(() => startScripted(runs, { runId })).toThrow(RunExistsError);
    expect((await finished(runs, runId)).at(-1)?.type).toBe('run.completed');
  });

  it('rejects bad options at creation', () => {
    expect(() => createRunRegistry({ graceMs: 0 })).toThrow(RangeError);
    expect(() => createRunRegistry({ maxRunBytes: 1.5 })).toThrow(RangeError);
  });
});

describe('run registry with a store: write-behind', () => {
  function countingStore(inner: RunEventStore = createMemoryRunEventStore()) {
    const appends: RunEvent[][] = [];
    let hold: Promise<void> | undefined;
    const store: RunEventStore = {
      async append(runId, events) {
        appends.push([...events]);
        if (hold) await hold;
        await inner.append(runId, events);
      },
      read: (runId, after, limit) => inner.read(runId, after, limit),
      purge: (before) => inner.purge(before),
    };
    return { store, appends, holdWrites: (p: Promise<void> | undefined) => (hold = p) };
  }

  it('sends deltas from memory and batches them: one transaction per flush interval', async () => {
    vi.useFakeTimers();
    const { store, appends } = countingStore();
    const runs = registry({ store, flushIntervalMs: 100 });
    const hold = gate();
    const { runId } = runs.start({
      module: 'test',
      traceId: 't',
      deliverables: [],
      execute: async ({ emit }) => {
        for (let i = 0; i < 50; i++) emit({ type: 'deliverable.delta', id: 'x', text: `${i}` });
        await hold.promise;
        return envelopeFor('r', ['x']);
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    // run.started is a barrier (written first); the 50 deltas are visible before any write of theirs.
    expect(appends.map((batch) => batch.map((e) => e.type))).toEqual([['run.started']]);
    const reader = (await runs.open(runId)) as AsyncIterableIterator<RunEvent>;
    const seen: RunEvent[] = [];
    for (let i = 0; i < 51; i++) seen.push((await reader.next()).value as RunEvent);
    expect(seen.filter((e) => e.type === 'deliverable.delta')).toHaveLength(50);
    expect(appends).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(appends).toHaveLength(2);
    expect(appends[1]).toHaveLength(50);
    await vi.advanceTimersByTimeAsync(1000);
    expect(appends).toHaveLength(2);
    hold.open();
    await vi.advanceTimersByTimeAsync(0);
    await reader.return?.();
  });

  it('writes deliverable.completed and run.* before a reader can see them', async () => {
    const { store, appends, holdWrites } = countingStore();
    const runs = registry({ store });
    const release = gate();
    const proceed = gate();
    const { runId } = runs.start({
      module: 'test',
      traceId: 't',
      deliverables: [],
      execute: async ({ emit, runId: id }) => {
        await proceed.promise;
        emit({ type: 'deliverable.delta', id: 'x', text: 'partial' });
        emit({ type: 'deliverable.completed', deliverable: envelopeFor(id, ['x']).deliverables[0] as never });
        emit({ type: 'deliverable.delta', id: 'y', text: 'after' });
        return envelopeFor(id, ['x']);
      },
    });
    const reader = (await runs.open(runId)) as AsyncIterableIterator<RunEvent>;
    expect((await reader.next()).value?.type).toBe('run.started');
    holdWrites(release.promise);
    proceed.open();
    expect((await reader.next()).value?.type).toBe('deliverable.delta');
    let sawCompleted = false;
    const next = reader.next().then((step) => {
      sawCompleted = step.value?.type === 'deliverable.completed';
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sawCompleted).toBe(false);
    // The write is in flight and holds the completed event (and what follows it) back.
    expect(appends[appends.length - 1]?.map((e) => e.type)).toContain('deliverable.completed');
    holdWrites(undefined);
    release.open();
    await next;
    expect(sawCompleted).toBe(true);
    const rest = await collect(reader);
    expect(rest.map((e) => e.type)).toEqual(['deliverable.delta', 'run.completed']);
    const stored = await store.read(runId, 0);
    expect(stored?.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves a run held by another replica from the shared store: exactly the events after Last-Event-ID', async () => {
    const shared = createMemoryRunEventStore();
    const a = registry({ store: shared, flushIntervalMs: 5 });
    const b = registry({ store: shared, pollIntervalMs: 5 });
    const steps: Array<() => void> = [];
    const pace = () => {
      const g = gate();
      steps.push(g.open);
      return g.promise;
    };
    const runId = startScripted(a, { deltas: 3, pace });
    const release = setInterval(() => steps.shift()?.(), 2);
    try {
      // B joins while A is still producing.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const fromB = (await b.open(runId, { after: 1 })) as AsyncIterable<RunEvent>;
      expect(fromB).toBeDefined();
      const tail = await collect(fromB);
      const all = await finished(a, runId);
      expect(tail).toEqual(all.slice(1));
      expect(await b.open('unknown-run')).toBeUndefined();
    } finally {
      clearInterval(release);
    }
  });
});

describe('run registry with a store: a lost producer', () => {
  /** A store as one replica sees it; `kill()` makes every later write from it fail, as after a kill -9. */
  function replicaView(shared: RunEventStore) {
    let dead = false;
    const view: RunEventStore = {
      append: (runId, events) =>
        dead ? Promise.reject(new Error('process gone')) : shared.append(runId, events),
      read: (runId, after, limit) => shared.read(runId, after, limit),
      purge: (before) => shared.purge(before),
      touch: (runId, at) =>
        dead ? Promise.reject(new Error('process gone')) : (shared.touch?.(runId, at) ?? Promise.resolve()),
      aliveAt: (runId) => shared.aliveAt?.(runId) ?? Promise.resolve(undefined),
    };
    return { view, kill: () => (dead = true) };
  }

  it('a resume after the producer died gets every stored event, then exactly one run.failed PRODUCER_LOST, on every reader', async () => {
    const shared = createMemoryRunEventStore();
    const producer = replicaView(shared);
    const a = registry({ store: producer.view, flushIntervalMs: 5, leaseMs: 60, onStoreError: () => {} });
    const b = registry({ store: shared, pollIntervalMs: 10, leaseMs: 60 });
    const c = registry({ store: shared, pollIntervalMs: 10, leaseMs: 60 });
    const steps: Array<() => void> = [];
    const pace = () => {
      const g = gate();
      steps.push(g.open);
      return g.promise;
    };
    const runId = startScripted(a, { deltas: 3, pace });
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      steps.shift()?.();
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stored = (await shared.read(runId, 0)) ?? [];
    expect(stored.length).toBeGreaterThan(1);
    producer.kill();
    const [fromB, fromC] = await Promise.all([
      collect((await b.open(runId, { after: 1 })) as AsyncIterable<RunEvent>),
      collect((await c.open(runId)) as AsyncIterable<RunEvent>),
    ]);
    const lastB = fromB[fromB.length - 1];
    expect(failedType(lastB)).toBe('PRODUCER_LOST');
    expect(fromC.slice(1)).toEqual(fromB);
    expect(fromB.map((e) => e.seq)).toEqual(fromB.map((_, i) => i + 2));
    const all = (await shared.read(runId, 0)) ?? [];
    expect(all.filter((e) => e.type === 'run.failed')).toHaveLength(1);
    // What was stored before the crash is all there, in order, before the one terminal event.
    expect(all.slice(0, stored.length)).toEqual(stored);
    for (const open of steps.splice(0)) open();
  });

  it('a producer that is slow but alive keeps touching the store and is never declared lost', async () => {
    const shared = createMemoryRunEventStore();
    const a = registry({ store: shared, flushIntervalMs: 5, leaseMs: 150 });
    const b = registry({ store: shared, pollIntervalMs: 5, leaseMs: 150 });
    const hold = gate();
    let held = true;
    const runId = startScripted(a, {
      deltas: 1,
      pace: () => (held ? hold.promise : Promise.resolve()),
    });
    while ((await shared.read(runId, 0)) === undefined)
      await new Promise((resolve) => setTimeout(resolve, 2));
    const reading = collect((await b.open(runId)) as AsyncIterable<RunEvent>);
    // Silent for several leases: only touches reach the store.
    await new Promise((resolve) => setTimeout(resolve, 500));
    held = false;
    hold.open();
    const events = await reading;
    expect(events[events.length - 1]?.type).toBe('run.completed');
    expect(events.some((e) => e.type === 'run.failed')).toBe(false);
  });
});
