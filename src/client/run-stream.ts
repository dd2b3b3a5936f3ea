/**
 * `RunStream`: a streamed call as an async iterable of typed events, with
 * its never-throw result and `stop()`.
 */
import type { ModuleInput } from '../modules/index.js';
import type { RunEvent } from '../stream/index.js';
import {
  checkModuleCall,
  contractFailure,
  type ModuleOf,
  type ModuleRef,
  type ModuleResult,
} from './modules.js';
import type { CallSettings } from './post.js';
import type { StreamControl } from './stream.js';
import { loadStream } from './stream-loader.js';
import type { StreamOptions } from './stream-options.js';
import type { BackendCallOptions, BackendResult } from './types.js';

/** Options of `client.stream(...)`: a call's options and the stream's. */
export interface StreamCallOptions extends BackendCallOptions, StreamOptions {
  /** Endpoint path. @default the module's path, `/api/v1/<name>/generate` */
  path?: string;
}

/** The `stream` method's signature, typed per module (as `generate`). */
export type StreamModule = <R extends ModuleRef>(
  module: R,
  input: ModuleInput<ModuleOf<R>>,
  options?: StreamCallOptions,
) => RunStream<ModuleOf<R>['name']>;

/**
 * A live run: iterate it for its events (`run.started`, `deliverable.*`,
 * then `run.completed` or `run.failed`); `result` resolves with the same
 * never-throw result a JSON call gives, whether or not you iterate.
 *
 * @example
 * ```ts
 * const run = client.stream('campaigns', request)
 * for await (const event of run) {
 *   if (event.type === 'deliverable.delta') process.stdout.write(event.text)
 * }
 * const result = await run.result
 * ```
 */
export interface RunStream<Name extends string = string> extends AsyncIterable<RunEvent> {
  /** Resolves when the run ends (or the call fails), as `generate` would; never rejects. */
  readonly result: Promise<ModuleResult<Name>>;
  /** The run id, once `run.started` has arrived. */
  readonly runId: string | undefined;
  /**
   * Ends the run: cancels it on the server (`POST /api/v1/runs/{run_id}/cancel`)
   * and closes the stream; `result` becomes an `ABORTED` failure. Resolves
   * when the cancel request is answered (or failed); never rejects. Before
   * `run.started` has arrived there is no run id to cancel: the connection is
   * closed, and the server cancels the run after its grace time.
   */
  stop(): Promise<void>;
}

/** Events a {@link RunStream} keeps for a consumer that has not started iterating. */
export const DEFAULT_MAX_BUFFERED_EVENTS = 100_000;

/**
 * A single-consumer queue of events, ended once. Before iteration starts it
 * keeps at most `limit` events; past that it stops keeping them (`result` is
 * unaffected) and a late iteration is refused rather than served with a gap.
 */
class EventQueue implements AsyncIterableIterator<RunEvent> {
  private items: RunEvent[] = [];
  private head = 0;
  private ended = false;
  private started = false;
  /** Events were dropped before iteration started. */
  overflowed = false;
  private wake: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  push(event: RunEvent): void {
    if (this.ended) return;
    if (!this.started && this.items.length - this.head >= this.limit) {
      this.overflowed = true;
      this.items = [];
      this.head = 0;
      this.ended = true;
      return;
    }
    this.items.push(event);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** The consumer starts iterating. */
  begin(): void {
    this.started = true;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RunEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RunEvent, undefined>> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head++] as RunEvent;
        // Compact now and then so a long run does not keep what was delivered.
        if (this.head >= 1024 && this.head * 2 >= this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        return { done: false, value: item };
      }
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<RunEvent, undefined>> {
    // Leaving the loop does not stop the run (use stop()); it only stops buffering.
    this.items = [];
    this.head = 0;
    this.ended = true;
    return { done: true, value: undefined };
  }
}

/**
 * Starts a streamed call at once and wraps it as a {@link RunStream}.
 * @internal
 */
export function openRunStream(
  settings: CallSettings,
  module: ModuleRef,
  input: unknown,
  call: StreamCallOptions | undefined,
): RunStream {
  const queue = new EventQueue(call?.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS);
  const stopper = new AbortController();
  let runId: string | undefined;
  const control: StreamControl = {
    onEvent: (event) => queue.push(event),
    stopSignal: stopper.signal,
    onRunId: (id) => {
      runId = id;
    },
  };
  const run = async (): Promise<BackendResult> => {
    const checked = await checkModuleCall(settings, module, input, call);
    if ('ok' in checked) return checked;
    const { streamCall } = await loadStream();
    const result = await streamCall(settings, checked.path, input, call, control, checked.started);
    return result.ok && result.envelope.module !== checked.name
      ? contractFailure(result, checked.name)
      : result;
  };
  const result = run().finally(() => queue.end()) as Promise<ModuleResult<string>>;
  let iterated = false;
  return {
    result,
    get runId() {
      return runId;
    },
    [Symbol.asyncIterator]() {
      if (iterated) throw new TypeError('A RunStream can be iterated once; keep the events you need.');
      if (queue.overflowed) {
        throw new TypeError(
          'This RunStream was not iterated until after maxBufferedEvents events, so they were not kept; iterate it right away, or use onProgress.',
        );
      }
      iterated = true;
      queue.begin();
      return queue;
    },
    async stop() {
      const id = runId;
      stopper.abort();
      if (id === undefined) return;
      const { cancelRun } = await import('./cancel-run.js');
      await cancelRun(settings, call, id);
    },
  };
}
