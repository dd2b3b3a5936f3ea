/**
 * Why a streamed run ended early. Each is the `reason` its signal aborts
 * with, and {@link describeFailure} turns it into the run's FAILED envelope.
 */
import { AicmoError, isAicmoError } from '../../errors.js';

/**
 * The run was cancelled: `POST /api/v1/runs/{run_id}/cancel`, the client's
 * `stop()`, or `registry.cancel(runId)`. Answered as 499 `CANCELLED`.
 *
 * @example
 * ```ts
 * if (isRunCancelledError(signal.reason)) console.log('stopped by the user')
 * ```
 */
export class RunCancelledError extends AicmoError {
  override name = 'RunCancelledError' as const;
  constructor() {
    super('RUN_CANCELLED', 'The run was cancelled by its caller; start a new run to generate again.');
  }
}

/**
 * No client read the run's events for the registry's `graceMs`, so its
 * upstream calls were cancelled. Answered as 499 `CLIENT_CLOSED_REQUEST`.
 *
 * @example
 * ```ts
 * createRunRegistry({ graceMs: 60_000 }) // give clients a minute to reconnect
 * ```
 */
export class RunAbandonedError extends AicmoError {
  override name = 'RunAbandonedError' as const;
  /** The grace time that elapsed, in ms. */
  readonly graceMs: number;
  constructor(graceMs: number) {
    super(
      'RUN_ABANDONED',
      `No client read this run for ${graceMs} ms, so generation was cancelled. Reconnect sooner (GET /api/v1/runs/{run_id}/events) or raise the registry's graceMs.`,
    );
    this.graceMs = graceMs;
  }
}

/**
 * A run's buffered events passed the registry's `maxRunBytes`. Answered
 * as 507 `RUN_BUFFER_FULL`.
 *
 * @example
 * ```ts
 * createRunRegistry({ maxRunBytes: 32 * 1024 * 1024 })
 * ```
 */
export class RunBufferFullError extends AicmoError {
  override name = 'RunBufferFullError' as const;
  /** The limit, in bytes. */
  readonly maxRunBytes: number;
  constructor(maxRunBytes: number) {
    super(
      'RUN_BUFFER_FULL',
      `The run's events passed the ${maxRunBytes}-byte buffer limit and it was stopped. Raise the registry's maxRunBytes or ask for fewer deliverables.`,
    );
    this.maxRunBytes = maxRunBytes;
  }
}

/**
 * The registry already holds `maxActiveRuns` running runs. Answered as 503
 * `RUN_CAPACITY` with nothing started.
 *
 * @example
 * ```ts
 * createRunRegistry({ maxActiveRuns: 500 })
 * ```
 */
export class RunCapacityError extends AicmoError {
  override name = 'RunCapacityError' as const;
  /** The limit. */
  readonly maxActiveRuns: number;
  constructor(maxActiveRuns: number) {
    super(
      'RUN_CAPACITY',
      `This server is already streaming ${maxActiveRuns} runs; retry in a moment or raise the registry's maxActiveRuns.`,
    );
    this.maxActiveRuns = maxActiveRuns;
  }
}

/**
 * `registry.start({ runId })` named a run the registry already holds (run ids
 * must be unique). Answered as 409 `RUN_EXISTS`.
 *
 * @example
 * ```ts
 * registry.start({ runId: globalThis.crypto.randomUUID(), ... })
 * ```
 */
export class RunExistsError extends AicmoError {
  override name = 'RunExistsError' as const;
  /** The run id. */
  readonly runId: string;
  constructor(runId: string) {
    super('RUN_EXISTS', `Run ${runId} already exists in this registry; start the run with a new run id.`);
    this.runId = runId;
  }
}

/** True when `value` is one of the run errors above, from any copy of `aicmo`. */
export function isRunError(
  value: unknown,
): value is
  | RunCancelledError
  | RunAbandonedError
  | RunBufferFullError
  | RunCapacityError
  | RunExistsError
  | RunStoreUnavailableError {
  return (
    isAicmoError(value) &&
    (value.name === 'RunCancelledError' ||
      value.name === 'RunAbandonedError' ||
      value.name === 'RunBufferFullError' ||
      value.name === 'RunCapacityError' ||
      value.name === 'RunExistsError' ||
      value.name === 'RunStoreUnavailableError')
  );
}

/**
 * A run event store could not be opened or used: the `pg` package is
 * missing, or the database refused the connection or a statement. The
 * message names the driver's error code, never the URL or a password.
 *
 * @example
 * ```ts
 * try { await openPostgresRunEventStore(url) } catch (err) { if (isAicmoError(err) && err.code === 'RUN_STORE_UNAVAILABLE') ... }
 * ```
 */
export class RunStoreUnavailableError extends AicmoError {
  override name = 'RunStoreUnavailableError' as const;
  /** Which store: `postgres`. */
  readonly store: string;
  constructor(message: string, details: { store: string; cause?: unknown }) {
    super(
      'RUN_STORE_UNAVAILABLE',
      message,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.store = details.store;
  }
}
