/**
 * `createRunRegistry`: streamed runs that outlive their connection. Each run
 * numbers its events, keeps them in memory (and, with a store, writes them
 * behind), goes on for `graceMs` when its last reader leaves, and stays
 * resumable for `retentionMs` after it ends.
 */
import type { DeliverablesEnvelope } from '../../envelope/index.js';
import type { PlannedDeliverable, ProgressEvent, RunEvent, Unnumbered } from '../../stream/index.js';
import { describeFailure } from '../failure.js';
import { failedEnvelope } from '../http/respond.js';
import {
  RunAbandonedError,
  RunBufferFullError,
  RunCancelledError,
  RunCapacityError,
  RunExistsError,
} from './errors.js';
import { ReplicaWatch } from './replica-watch.js';
import { LiveRun, LiveRunReader } from './run.js';
import type { RunEventStore } from './store.js';
import { StoredRunReader } from './stored-reader.js';

/** Default grace time a run goes on without any reader: 30 s. */
export const DEFAULT_RUN_GRACE_MS = 30_000;
/** Default time a finished run stays resumable: 24 h. */
export const DEFAULT_RUN_RETENTION_MS = 86_400_000;

/** Options of {@link createRunRegistry}. Every bound has a default. */
export interface RunRegistryOptions {
  /**
   * How long a run goes on after its last reader left (a dropped
   * connection). When no reader has come back by then, the run is cancelled
   * with {@link RunAbandonedError} and its upstream calls are aborted.
   * @default 30000
   */
  graceMs?: number;
  /** How long a finished run stays resumable, in ms. @default 86400000 (24 h) */
  retentionMs?: number;
  /** Most finished runs kept in memory; the oldest are forgotten first. @default 1000 */
  maxRetainedRuns?: number;
  /** Most runs streaming at once; one more is refused with {@link RunCapacityError} (503). @default 1000 */
  maxActiveRuns?: number;
  /** Most bytes of events one run may buffer; past it the run stops with {@link RunBufferFullError}. @default 8388608 (8 MiB) */
  maxRunBytes?: number;
  /**
   * Where events are persisted (write-behind), so that a run can be resumed
   * through another replica sharing the store. @default none: memory only
   */
  store?: RunEventStore;
  /** Write-behind period: at most one store transaction per run per this many ms (plus one per barrier event). @default 100 */
  flushIntervalMs?: number;
  /** How often a reader of a run held by another replica polls the store, in ms. @default 250 */
  pollIntervalMs?: number;
  /**
   * With a store that has `touch`/`aliveAt`: a producer touches the store every
   * `leaseMs / 3` while its run goes on, and a reader on another replica that
   * sees no sign of life for `leaseMs` declares the producer lost: it stores
   * one `run.failed` (503 `PRODUCER_LOST`) and serves it, so a resume after a
   * `kill -9` never hangs. @default 15000
   */
  leaseMs?: number;
  /**
   * With a store that records cancels (`requestCancel`/`cancelRequested`):
   * how often this replica asks the store whether one of its running runs
   * was cancelled through another replica, in ms. Skipped while the store's
   * notification channel (`subscribe`, e.g. PostgreSQL `LISTEN`) is up: the
   * cancel then arrives at once. @default 1000
   */
  cancelPollIntervalMs?: number;
  /** Called when a store write fails (the run goes on from memory). Must not throw. */
  onStoreError?: (error: unknown, info: { runId: string }) => void;
}

/** What a run's `execute` receives. */
export interface RunContext {
  /** The run id (put it in the envelope's `run_id`). */
  readonly runId: string;
  /** Aborts when the run is cancelled, abandoned past the grace time, or the registry closes. */
  readonly signal: AbortSignal;
  /**
   * Reports progress: `run.planned` (becomes `run.started`, when the start
   * did not name the deliverables), then `deliverable.started`, `.delta`,
   * `.completed`, `.failed`.
   */
  readonly emit: (event: ProgressEvent) => void;
}

/** Options of {@link RunRegistry.start}. */
export interface StartRunOptions {
  /** Module name (`run.started.module`, and the FAILED envelope's `module` on an error). */
  module: string;
  /** Trace id of the request that started the run. */
  traceId: string;
  /** Run id. @default a random UUID */
  runId?: string;
  /**
   * The deliverables the run plans to write, announced in `run.started` at
   * once. @default announced by `execute` through a `run.planned` event
   * (`run.started` waits for it, or for the first other event)
   */
  deliverables?: readonly PlannedDeliverable[];
  /**
   * Does the work and resolves with the final envelope: a FAILED one ends
   * the run with `run.failed`, any other with `run.completed`. A rejection
   * becomes a `run.failed` envelope (see `describeFailure`). Resolve with a
   * {@link RunOutcome} to add the saved `artifact` to `run.completed`.
   */
  execute: (context: RunContext) => Promise<DeliverablesEnvelope | RunOutcome>;
}

/** What an `execute` that saved its result resolves with. */
export interface RunOutcome {
  /** The final envelope (as without an outcome). */
  readonly envelope: DeliverablesEnvelope;
  /**
   * What was saved, sent as `run.completed`'s `artifact` (e.g. the engagement
   * artifact version the JSON path answers). Ignored on a FAILED envelope.
   */
  readonly artifact?: Record<string, unknown>;
}

function isRunOutcome(value: DeliverablesEnvelope | RunOutcome): value is RunOutcome {
  return !('status' in value) && 'envelope' in value;
}

/** Options of {@link RunRegistry.open}. */
export interface OpenRunOptions {
  /** The `seq` after which to start (a `Last-Event-ID`). @default 0: the whole run */
  after?: number;
  /** Ends the iteration (not the run) when it aborts, e.g. the request's signal. */
  signal?: AbortSignal;
}

/**
 * What a cancel did: `cancelled` (a run of this replica, aborted now),
 * `requested` (a run of another replica: the cancel is recorded in the
 * shared store and its producer aborts it within about a second), `ended`
 * (it had already ended), `unknown`.
 */
export type CancelOutcome = 'cancelled' | 'requested' | 'ended' | 'unknown';

/** Live runs of this process. See {@link createRunRegistry}. */
export interface RunRegistry {
  /**
   * Starts a run: `run.started` is numbered at once, `execute` runs in the
   * background, and its envelope ends the run.
   * @throws RunCapacityError when `maxActiveRuns` runs are streaming.
   * @throws RunExistsError when `runId` names a run this registry holds.
   */
  start(options: StartRunOptions): { runId: string };
  /**
   * The run's events after `after`, then its live tail until its terminal
   * event; `undefined` when the run is unknown (never started, or past its
   * retention). With a store, a run held by another replica is read from it.
   */
  open(runId: string, options?: OpenRunOptions): Promise<AsyncIterableIterator<RunEvent> | undefined>;
  /** Cancels a running run of this process (its stream ends with a `CANCELLED` `run.failed`). */
  cancel(runId: string): CancelOutcome;
  /**
   * Cancels a run wherever it runs: a run of this process at once (as
   * {@link RunRegistry.cancel}); with a store that records cancels, a run of
   * another replica through the store (`requested`).
   */
  requestCancel(runId: string): Promise<CancelOutcome>;
  /** Number of runs streaming now. */
  readonly activeRuns: number;
  /** Aborts every running run with `reason` and stops the timers. */
  close(reason?: unknown): void;
}

interface Entry {
  readonly run: LiveRun;
  readonly controller: AbortController;
  /** Clears the grace timer. */
  readonly stopGrace: () => void;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  return n;
}

/**
 * Creates a run registry. One per process (or per server); pass it to
 * `createGenerateHandler({ runs })` and `createRunsHandler(registry)`.
 *
 * @example
 * ```ts
 * const runs = createRunRegistry({ graceMs: 60_000 })
 * const generate = createGenerateHandler({ module: 'campaigns', input, generate, runs })
 * const runsApi = createRunsHandler(runs) // GET /api/v1/runs/{id}/events, POST /api/v1/runs/{id}/cancel
 * ```
 */
export function createRunRegistry(options: RunRegistryOptions = {}): RunRegistry {
  const graceMs = positiveInteger('graceMs', options.graceMs, DEFAULT_RUN_GRACE_MS);
  const retentionMs = positiveInteger('retentionMs', options.retentionMs, DEFAULT_RUN_RETENTION_MS);
  const maxRetainedRuns = positiveInteger('maxRetainedRuns', options.maxRetainedRuns, 1000);
  const maxActiveRuns = positiveInteger('maxActiveRuns', options.maxActiveRuns, 1000);
  const maxRunBytes = positiveInteger('maxRunBytes', options.maxRunBytes, 8 * 1024 * 1024);
  const flushIntervalMs = positiveInteger('flushIntervalMs', options.flushIntervalMs, 100);
  const pollIntervalMs = positiveInteger('pollIntervalMs', options.pollIntervalMs, 250);
  const leaseMs = positiveInteger('leaseMs', options.leaseMs, 15_000);
  const cancelPollIntervalMs = positiveInteger('cancelPollIntervalMs', options.cancelPollIntervalMs, 1000);
  const { store, onStoreError } = options;
  const runs = new Map<string, Entry>();
  let active = 0;
  let lastPurge = 0;

  // What other replicas do, through the store: followed runs' new events, cancels of this replica's runs.
  const watch = new ReplicaWatch(store, {
    cancelPollIntervalMs,
    running: () => [...runs].filter(([, entry]) => !entry.run.ended).map(([runId]) => runId),
    cancel: (runId) => registry.cancel(runId),
    onError: (error) => reportStore(error, '(cancel poll)'),
  });

  const sweep = () => {
    const now = Date.now();
    let ended = 0;
    for (const entry of runs.values()) if (entry.run.ended) ended++;
    // Map order is start order: the oldest runs are met first.
    for (const [runId, entry] of runs) {
      if (!entry.run.ended) continue;
      if (entry.run.endedAt < now - retentionMs || ended > maxRetainedRuns) {
        runs.delete(runId);
        ended--;
      }
    }
    if (store && now - lastPurge > 60_000) {
      lastPurge = now;
      store.purge(now - retentionMs).catch((error: unknown) => reportStore(error, '(purge)'));
    }
  };

  const reportStore = (error: unknown, runId: string) => {
    try {
      onStoreError?.(error, { runId });
    } catch {
      // A logging hook must not break the run.
    }
  };

  const registry: RunRegistry = {
    get activeRuns() {
      return active;
    },

    start(startOptions) {
      sweep();
      if (active >= maxActiveRuns) throw new RunCapacityError(maxActiveRuns);
      const runId = startOptions.runId ?? globalThis.crypto.randomUUID();
      if (runs.has(runId)) throw new RunExistsError(runId);
      const { module, traceId } = startOptions;
      const controller = new AbortController();
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const stopGrace = () => {
        if (graceTimer !== undefined) clearTimeout(graceTimer);
        graceTimer = undefined;
      };
      const armGrace = () => {
        stopGrace();
        graceTimer = setTimeout(() => {
          graceTimer = undefined;
          if (!run.ended) controller.abort(new RunAbandonedError(graceMs));
        }, graceMs);
        // A pending grace period must not keep a Node process alive on its own.
        (graceTimer as { unref?: () => void }).unref?.();
      };
      const run: LiveRun = new LiveRun(runId, {
        store,
        flushIntervalMs,
        touchIntervalMs: Math.max(1, Math.floor(leaseMs / 3)),
        maxRunBytes,
        onStoreError: (error) => reportStore(error, runId),
        onOverflow: () => controller.abort(new RunBufferFullError(maxRunBytes)),
        onReaders: (count) => (count === 0 ? armGrace() : stopGrace()),
      });
      const entry: Entry = { run, controller, stopGrace };
      runs.set(runId, entry);
      active++;
      watch.producing();
      armGrace();
      run.keepAlive();
      let announced = false;
      const announce = (deliverables: readonly PlannedDeliverable[]) => {
        if (announced) return;
        announced = true;
        run.publish({
          type: 'run.started',
          run_id: runId,
          module,
          trace_id: traceId,
          deliverables: deliverables.map((d) => ({ id: d.id, kind: d.kind, title: d.title })),
        });
      };
      if (startOptions.deliverables) announce(startOptions.deliverables);
      const { signal } = controller;
      const emit = (event: ProgressEvent) => {
        if (event.type === 'run.planned') return announce(event.deliverables);
        announce([]);
        run.publish(event);
      };
      const context: RunContext = { runId, signal, emit };
      Promise.resolve()
        .then(() => {
          // Cancelled before it began (a cancel right after start): never call execute.
          signal.throwIfAborted();
          return startOptions.execute(context);
        })
        .then(
          (result): Unnumbered<RunEvent> => {
            const envelope = isRunOutcome(result) ? result.envelope : result;
            if (envelope.status === 'FAILED') return { type: 'run.failed', envelope };
            const artifact = isRunOutcome(result) ? result.artifact : undefined;
            return { type: 'run.completed', envelope, ...(artifact !== undefined && { artifact }) };
          },
          (error: unknown): Unnumbered<RunEvent> => {
            const failure = describeFailure(signal.aborted ? signal.reason : error, { traceId });
            return { type: 'run.failed', envelope: failedEnvelope(module, failure, traceId, runId) };
          },
        )
        .then((terminal) => {
          stopGrace();
          active--;
          if (active === 0) watch.idle();
          announce([]);
          run.publish(terminal);
          void run.flush().then(() => run.dispose());
        });
      return { runId };
    },

    async open(runId, openOptions = {}) {
      sweep();
      const after = Math.max(0, Math.floor(openOptions.after ?? 0));
      const entry = runs.get(runId);
      if (entry) return new LiveRunReader(entry.run, after, openOptions.signal);
      if (!store) return undefined;
      const first = await store.read(runId, after);
      if (first === undefined) return undefined;
      return new StoredRunReader(
        store,
        runId,
        after,
        first,
        { pollIntervalMs, leaseMs, watch },
        openOptions.signal,
      );
    },

    cancel(runId) {
      const entry = runs.get(runId);
      if (!entry) return 'unknown';
      if (entry.run.ended || entry.controller.signal.aborted) return 'ended';
      entry.controller.abort(new RunCancelledError());
      return 'cancelled';
    },

    async requestCancel(runId) {
      const local = registry.cancel(runId);
      if (local !== 'unknown' || !store?.requestCancel) return local;
      const outcome = await store.requestCancel(runId, Date.now());
      return outcome === 'requested' ? 'requested' : outcome;
    },

    close(reason) {
      watch.close();
      for (const entry of runs.values()) {
        entry.stopGrace();
        if (!entry.run.ended) entry.controller.abort(reason ?? new RunCancelledError());
        entry.run.dispose();
      }
    },
  };
  return registry;
}
