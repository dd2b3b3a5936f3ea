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
  return {
    async append(runId, events) {
      if (events.length === 0) return;
      const run = runs.get(runId) ?? { events: [], writtenAt: 0, aliveAt: 0 };
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
