/**
 * One conformance spec for every RunEventStore: sequence checks, reads,
 * liveness, purge, cancel requests, and (for stores that push) notices.
 */
import { describe, expect, it } from 'vitest';
import { createFailedEnvelope } from '../../../src/envelope/index.js';
import { isAicmoError } from '../../../src/errors.js';
import type { RunEventStore, RunStoreNotice } from '../../../src/server/index.js';
import type { RunEvent } from '../../../src/stream/index.js';

/** A delta event numbered `seq`. */
export const delta = (seq: number): RunEvent => ({
  type: 'deliverable.delta',
  seq,
  id: 'x',
  text: `t${seq}`,
});

const failed = (seq: number, runId: string): RunEvent => ({
  type: 'run.failed',
  seq,
  envelope: createFailedEnvelope({ module: 'm', runId, errorType: 'X', message: 'x', code: 503 }),
});

/** How the suite opens a fresh (empty) store of one kind. */
export interface StoreUnderTest {
  readonly name: string;
  readonly open: () => Promise<RunEventStore>;
  /** Releases a store the suite opened. */
  readonly close?: (store: RunEventStore) => Promise<void> | void;
  /** True when the store pushes notices (`subscribe`). */
  readonly pushes: boolean;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Registers the conformance spec for one store. */
export function runStoreConformance(under: StoreUnderTest): void {
  describe(`RunEventStore conformance: ${under.name}`, () => {
    const using = async <T>(work: (store: RunEventStore) => Promise<T>): Promise<T> => {
      const store = await under.open();
      try {
        return await work(store);
      } finally {
        await under.close?.(store);
      }
    };

    it('appends contiguous batches and reads after any seq, in order', () =>
      using(async (store) => {
        await store.append('r1', [delta(1), delta(2)]);
        await store.append('r1', [delta(3)]);
        expect(await store.read('r1', 0)).toEqual([delta(1), delta(2), delta(3)]);
        expect(await store.read('r1', 2)).toEqual([delta(3)]);
        expect(await store.read('r1', 3)).toEqual([]);
        expect(await store.read('r1', 0, 2)).toEqual([delta(1), delta(2)]);
        expect(await store.read('unknown', 0)).toBeUndefined();
      }));

    it('refuses a batch that does not continue the sequence, storing none of it', () =>
      using(async (store) => {
        await store.append('r1', [delta(1)]);
        const error = await store.append('r1', [delta(2), delta(4)]).catch((e: unknown) => e);
        expect(isAicmoError(error) && error.code).toBe('RUN_EVENT_CONFLICT');
        const again = await store.append('r1', [delta(1)]).catch((e: unknown) => e);
        expect(isAicmoError(again) && again.code).toBe('RUN_EVENT_CONFLICT');
        const first = await store.append('new', [delta(2)]).catch((e: unknown) => e);
        expect(isAicmoError(first) && first.code).toBe('RUN_EVENT_CONFLICT');
        expect(await store.read('new', 0)).toBeUndefined();
        expect(await store.read('r1', 0)).toEqual([delta(1)]);
        const terminal = failed(2, 'r1');
        await store.append('r1', [terminal]);
        expect(await store.read('r1', 1)).toEqual([terminal]);
      }));

    it('lets exactly one of two racing appends of the same seq in', () =>
      using(async (store) => {
        await store.append('race', [delta(1)]);
        const results = await Promise.allSettled([
          store.append('race', [failed(2, 'race')]),
          store.append('race', [delta(2), delta(3)]),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const stored = (await store.read('race', 0)) ?? [];
        expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
      }));

    it('tracks liveness and purges runs written before a time', () =>
      using(async (store) => {
        await store.append('old', [delta(1)]);
        const before = Date.now() + 1;
        await store.touch?.('old', before + 10_000);
        expect(await store.aliveAt?.('old')).toBe(before + 10_000);
        expect(await store.aliveAt?.('unknown')).toBeUndefined();
        expect(await store.purge(before + 1)).toBe(1);
        expect(await store.read('old', 0)).toBeUndefined();
      }));

    it('records a cancel request for a running run only: requested, ended, unknown', () =>
      using(async (store) => {
        await store.append('running', [delta(1)]);
        await store.append('done', [delta(1), failed(2, 'done')]);
        expect(await store.requestCancel?.('running', Date.now())).toBe('requested');
        expect(await store.requestCancel?.('running', Date.now())).toBe('requested');
        expect(await store.requestCancel?.('done', Date.now())).toBe('ended');
        expect(await store.requestCancel?.('nope', Date.now())).toBe('unknown');
        const asked = await store.cancelRequested?.(['running', 'done', 'nope']);
        expect(asked).toEqual(['running']);
        expect(await store.cancelRequested?.([])).toEqual([]);
        expect(await store.read('nope', 0)).toBeUndefined();
      }));

    // Only stores that push have notices to check (SQLite has no channel: readers poll it).
    if (under.pushes)
      it('pushes a notice after each append and on a cancel request', () =>
        using(async (store) => {
          const notices: RunStoreNotice[] = [];
          const subscription = store.subscribe?.((notice) => notices.push(notice));
          try {
            await until(() => subscription?.live === true, 'the notification channel');
            await store.append('pushed', [delta(1), delta(2)]);
            await store.append('pushed', [delta(3)]);
            await store.requestCancel?.('pushed', Date.now());
            await until(() => notices.some((n) => n.kind === 'cancel'), 'the cancel notice');
            const mine = notices.filter((n) => n.kind !== 'resync');
            expect(mine).toEqual([
              { kind: 'events', runId: 'pushed', seq: 2 },
              { kind: 'events', runId: 'pushed', seq: 3 },
              { kind: 'cancel', runId: 'pushed' },
            ]);
          } finally {
            subscription?.close();
          }
          expect(subscription?.live).toBe(false);
        }));
  });
}
