/**
 * Cancel from any replica: two registries on one store; a cancel asked of
 * the one that does not run the run reaches the producer (through the
 * store's notices, or by polling when the store has none) and aborts the
 * run's signal exactly as a local cancel does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryRunEventStore,
  createRunRegistry,
  type RunEventStore,
  type RunRegistry,
  type RunStoreNotice,
} from '../../../src/server/index.js';
import {
  openSqliteRunEventStore,
  type SqliteRunEventStore,
} from '../../../src/server/stream/sqlite-store.js';
import type { RunEvent } from '../../../src/stream/index.js';
import { collect, envelopeFor, finished } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aicmo-cancel-'));
const registries: RunRegistry[] = [];
const files: SqliteRunEventStore[] = [];
afterEach(() => {
  for (const r of registries.splice(0)) r.close();
  for (const f of files.splice(0)) f.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function registry(options: Parameters<typeof createRunRegistry>[0]): RunRegistry {
  const r = createRunRegistry(options);
  registries.push(r);
  return r;
}

/** Starts a run on `producer` that emits until its signal aborts; resolves `aborted` with the signal's reason. */
function endlessRun(producer: RunRegistry) {
  let reason: (value: unknown) => void = () => {};
  const aborted = new Promise<unknown>((resolve) => {
    reason = resolve;
  });
  const { runId } = producer.start({
    module: 'test',
    traceId: 't',
    deliverables: [{ id: 'x', kind: 'blog_post', title: 'x' }],
    execute: async ({ emit, signal, runId: id }) => {
      signal.addEventListener('abort', () => reason(signal.reason), { once: true });
      for (let i = 0; !signal.aborted; i++) {
        emit({ type: 'deliverable.delta', id: 'x', text: `t${i} ` });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      signal.throwIfAborted();
      return envelopeFor(id, ['x']);
    },
  });
  return { runId, aborted };
}

const terminalType = (events: readonly RunEvent[]) => {
  const last = events[events.length - 1];
  return last?.type === 'run.failed' ? last.envelope.error.type : last?.type;
};

async function stored(store: RunEventStore, runId: string): Promise<void> {
  while ((await store.read(runId, 0)) === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
}

const pairs: Array<[string, () => Promise<[RunEventStore, RunEventStore]>]> = [
  [
    'memory (pushed notices)',
    async () => {
      const shared = createMemoryRunEventStore();
      return [shared, shared];
    },
  ],
  [
    'SQLite, one file, two connections (polling)',
    async () => {
      const path = join(dir, `${globalThis.crypto.randomUUID()}.db`);
      const a = await openSqliteRunEventStore(path);
      const b = await openSqliteRunEventStore(path);
      files.push(a, b);
      return [a, b];
    },
  ],
];

describe.each(pairs)('cancel through another replica: %s', (_name, open) => {
  it('B records the cancel (requested); A aborts the run’s signal and ends it with one CANCELLED run.failed', async () => {
    const [storeA, storeB] = await open();
    const a = registry({ store: storeA, flushIntervalMs: 5, cancelPollIntervalMs: 20 });
    const b = registry({ store: storeB, pollIntervalMs: 10 });
    const { runId, aborted } = endlessRun(a);
    await stored(storeB, runId);
    const following = b.open(runId).then((events) => collect(events as AsyncIterable<RunEvent>));
    expect(await b.requestCancel(runId)).toBe('requested');
    const reason = await aborted;
    expect((reason as { code?: string }).code).toBe('RUN_CANCELLED');
    const [fromA, fromB] = await Promise.all([finished(a, runId), following]);
    expect(terminalType(fromA)).toBe('CANCELLED');
    expect(fromB).toEqual(fromA);
    expect(fromA.filter((e) => e.type === 'run.failed')).toHaveLength(1);
    expect(await b.requestCancel(runId)).toBe('ended');
    expect(await b.requestCancel('nope')).toBe('unknown');
    // The producer itself still cancels locally, and says so.
    const local = endlessRun(a);
    await stored(storeA, local.runId);
    expect(await a.requestCancel(local.runId)).toBe('cancelled');
    expect(terminalType(await finished(a, local.runId))).toBe('CANCELLED');
  });
});

describe('cancel without a store that records cancels', () => {
  it('a run of another replica is unknown here (404), as before', async () => {
    const shared = createMemoryRunEventStore();
    const plain: RunEventStore = {
      append: (runId, events) => shared.append(runId, events),
      read: (runId, after, limit) => shared.read(runId, after, limit),
      purge: (before) => shared.purge(before),
    };
    const a = registry({ store: plain, flushIntervalMs: 5 });
    const b = registry({ store: plain });
    const { runId, aborted } = endlessRun(a);
    await stored(plain, runId);
    expect(await b.requestCancel(runId)).toBe('unknown');
    expect(a.cancel(runId)).toBe('cancelled');
    await aborted;
  });
});

describe('cancel while the notification channel was down', () => {
  it('when the channel comes back (resync), the producer asks the store once and cancels', async () => {
    const shared = createMemoryRunEventStore();
    let push: (notice: RunStoreNotice) => void = () => {};
    let live = true;
    // The store as the producer sees it: its pushes can be held back, as when LISTEN is down.
    const flaky: RunEventStore = {
      append: (runId, events) => shared.append(runId, events),
      read: (runId, after, limit) => shared.read(runId, after, limit),
      purge: (before) => shared.purge(before),
      cancelRequested: (runIds) => shared.cancelRequested?.(runIds) ?? Promise.resolve([]),
      subscribe(listener) {
        push = listener;
        return {
          get live() {
            return live;
          },
          close: () => {},
        };
      },
    };
    // A long poll period: only the resync can make the producer notice in time.
    const a = registry({ store: flaky, flushIntervalMs: 5, cancelPollIntervalMs: 3_600_000 });
    const { runId, aborted } = endlessRun(a);
    await stored(shared, runId);
    live = false;
    push({ kind: 'resync' });
    // Recorded while the producer hears nothing (the memory store's own push goes to no one here).
    expect(await shared.requestCancel?.(runId, Date.now())).toBe('requested');
    live = true;
    push({ kind: 'resync' });
    expect((await aborted) as { code?: string }).toMatchObject({ code: 'RUN_CANCELLED' });
    expect(terminalType(await finished(a, runId))).toBe('CANCELLED');
  });
});
