/**
 * `RunEventStore`: where a run registry persists events so that another
 * replica (or this one after a restart) can serve them. The registry keeps
 * the hot path in memory and writes behind, in batches.
 */
import { AicmoError } from '../../errors.js';
import type { RunEvent } from '../../stream/index.js';
import { isTerminalEvent } from '../../stream/index.js';

/**
 * Persistence for run events. An implementation must keep each run's events
 * in `seq` order and make `append` one transaction (all or nothing).
 *
 * The registry calls `append` at most once per run per `flushIntervalMs`
 * (100 ms by default), plus once before it sends each `deliverable.completed`
 * and `run.*` event, so a database sees a handful of transactions per run,
 * never one per token.
 *
 * @example
 * ```ts
 * const registry = createRunRegistry({ store: createMemoryRunEventStore() })
 * ```
 */
export interface RunEventStore {
  /**
   * Appends a run's next events, `seq`-contiguous, in one transaction. The
   * first event's `seq` must follow the stored last one (1 for a new run);
   * otherwise it rejects with {@link RunEventConflictError} and stores nothing.
   */
  append(runId: string, events: readonly RunEvent[]): Promise<void>;
  /**
   * The run's stored events with `seq > after`, in order (at most `limit`),
   * or `undefined` when the store does not know the run (never stored, or
   * expired).
   */
  read(runId: string, after: number, limit?: number): Promise<readonly RunEvent[] | undefined>;
  /** Forgets runs whose last event was stored before `before` (epoch ms). Resolves to how many. */
  purge(before: number): Promise<number>;
  /**
   * Optional liveness: the producer of a running run calls it every
   * `leaseMs / 3` with the time (epoch ms). With {@link RunEventStore.aliveAt}
   * it lets another replica tell a slow run from a dead producer (`kill -9`).
   */
  touch?(runId: string, at: number): Promise<void>;
  /** The last time (epoch ms) the run's producer appended or touched, or `undefined` when unknown. */
  aliveAt?(runId: string): Promise<number | undefined>;
  /**
   * Optional cancel from any replica: records that the run should stop (at
   * `at`, epoch ms). Resolves to `'requested'` for a known run that has not
   * ended, `'ended'` when its terminal event is stored, `'unknown'` when the
   * store does not know it (nothing is recorded then). The producing replica
   * learns it through {@link RunEventStore.subscribe} or
   * {@link RunEventStore.cancelRequested}.
   */
  requestCancel?(runId: string, at: number): Promise<CancelRequestOutcome>;
  /** Of `runIds`, those with a recorded cancel request (one query for all of a replica's runs). */
  cancelRequested?(runIds: readonly string[]): Promise<readonly string[]>;
  /**
   * Optional push (PostgreSQL `LISTEN/NOTIFY`, or in-process for the memory
   * store): calls `listener` after each append (any replica) with the run id
   * and its last stored `seq`, on each cancel request, and with `resync` when
   * the channel went down or came back (notices may have been missed:
   * re-read). While `live` is false, readers poll instead.
   */
  subscribe?(listener: (notice: RunStoreNotice) => void): RunStoreSubscription;
}

/** What {@link RunEventStore.requestCancel} found. */
export type CancelRequestOutcome = 'requested' | 'ended' | 'unknown';

/** A push from a store's notification channel. */
export type RunStoreNotice =
  | { readonly kind: 'events'; readonly runId: string; readonly seq: number }
  | { readonly kind: 'cancel'; readonly runId: string }
  | { readonly kind: 'resync' };

/** A subscription to a store's notices. */
export interface RunStoreSubscription {
  /** True while notices arrive (the channel is up). */
  readonly live: boolean;
  /** Stops the notices. */
  close(): void;
}

/**
 * An append did not continue the stored sequence: another producer wrote
 * the run (two replicas started the same run id), or a batch was lost.
 *
 * @example
 * ```ts
 * await store.append('r1', [event]).catch((err) => { if (err.code === 'RUN_EVENT_CONFLICT') ... })
 * ```
 */
export class RunEventConflictError extends AicmoError {
  override name = 'RunEventConflictError' as const;
  /** The run. */
  readonly runId: string;
  /** The seq the store expected next. */
  readonly expectedSeq: number;
  constructor(runId: string, expectedSeq: number, gotSeq: number) {
    super(
      'RUN_EVENT_CONFLICT',
      `Run ${runId}: expected event seq ${expectedSeq}, got ${gotSeq}. Only one producer may write a run; start a new run id.`,
    );
    this.runId = runId;
    this.expectedSeq = expectedSeq;
  }
}

/** Options of {@link createMemoryRunEventStore}. */
export interface MemoryRunEventStoreOptions {
  /** Most runs kept; the least recently written are dropped first. @default 1000 */
  maxRuns?: number;
  /** Clock, in epoch ms. @default Date.now */
  now?: () => number;
}

interface StoredRun {
  events: RunEvent[];
  writtenAt: number;
  aliveAt: number;
  cancelRequested: boolean;
}

/**
 * A {@link RunEventStore} in this process's memory: the reference
 * implementation (and the one to share between two registries in a test,
 * as two replicas would share a database). Nothing survives a restart.
 *
 * @example
 * ```ts
 * const store = createMemoryRunEventStore({ maxRuns: 100 })
 * ```
 */
export function createMemoryRunEventStore(options: MemoryRunEventStoreOptions = {}): RunEventStore {
  const maxRuns = options.maxRuns ?? 1000;
  if (!Number.isSafeInteger(maxRuns) || maxRuns <= 0) {
    throw new RangeError(`maxRuns must be a positive integer, got ${String(options.maxRuns)}`);
  }
  const now = options.now ?? Date.now;
  // Map order is insertion order: re-inserting on write keeps the least recently written first.
  const runs = new Map<string, StoredRun>();
  const listeners = new Set<(notice: RunStoreNotice) => void>();
  const notify = (notice: RunStoreNotice) => {
    for (const listener of [...listeners]) {
      try {
        listener(notice);
      } catch {
        // A listener must not break the store.
      }
    }
  };
  return {
    async append(runId, events) {
      if (events.length === 0) return;
      const run = runs.get(runId) ?? { events: [], writtenAt: 0, aliveAt: 0, cancelRequested: false };
      let expected = run.events.length + 1;
      for (const event of events) {
        if (event.seq !== expected) throw new RunEventConflictError(runId, expected, event.seq);
        expected++;
      }
      run.events.push(...events.map((event) => structuredClone(event)));
      run.writtenAt = now();
      run.aliveAt = run.writtenAt;
      runs.delete(runId);
      runs.set(runId, run);
      while (runs.size > maxRuns) {
        const oldest = runs.keys().next().value as string;
        runs.delete(oldest);
      }
      notify({ kind: 'events', runId, seq: run.events.length });
    },
    async read(runId, after, limit = Number.POSITIVE_INFINITY) {
      const run = runs.get(runId);
      if (!run) return undefined;
      const start = Math.max(0, Math.floor(after));
      return run.events.slice(start, start + limit).map((event) => structuredClone(event));
    },
    async touch(runId, at) {
      const run = runs.get(runId);
      if (run) run.aliveAt = Math.max(run.aliveAt, at);
    },
    async aliveAt(runId) {
      return runs.get(runId)?.aliveAt;
    },
    async requestCancel(runId) {
      const run = runs.get(runId);
      if (!run) return 'unknown';
      if (endsRun(run.events)) return 'ended';
      run.cancelRequested = true;
      notify({ kind: 'cancel', runId });
      return 'requested';
    },
    async cancelRequested(runIds) {
      return runIds.filter((runId) => runs.get(runId)?.cancelRequested === true);
    },
    subscribe(listener) {
      listeners.add(listener);
      return {
        get live() {
          return listeners.has(listener);
        },
        close: () => listeners.delete(listener),
      };
    },
    async purge(before) {
      let count = 0;
      for (const [runId, run] of runs) {
        if (run.writtenAt < before) {
          runs.delete(runId);
          count++;
        }
      }
      return count;
    },
  };
}

/** True when a stored event list ends the run. @internal */
export function endsRun(events: readonly RunEvent[]): boolean {
  const last = events[events.length - 1];
  return last !== undefined && isTerminalEvent(last);
}
