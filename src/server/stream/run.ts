/**
 * One live run: its numbered events in memory, the readers following it,
 * and the write-behind batches to a {@link RunEventStore}.
 * @internal
 */
import type { RunEvent, Unnumbered } from '../../stream/index.js';
import { isTerminalEvent } from '../../stream/index.js';
import type { RunEventStore } from './store.js';

/** What a {@link LiveRun} needs from its registry. @internal */
export interface LiveRunSettings {
  readonly store: RunEventStore | undefined;
  readonly flushIntervalMs: number;
  /** Period of liveness touches to the store while running, in ms. */
  readonly touchIntervalMs: number;
  readonly maxRunBytes: number;
  /** A store write failed: the run goes on from memory. */
  readonly onStoreError: (error: unknown) => void;
  /** The events passed `maxRunBytes`. */
  readonly onOverflow: () => void;
  /** The last reader left (`0`) or the first came back (`1`). */
  readonly onReaders: (count: number) => void;
}

/** Events that are persisted before they are sent: a reader never sees them unless the store has them. */
function isBarrier(event: RunEvent): boolean {
  return event.type === 'deliverable.completed' || event.type.startsWith('run.');
}

/** A run in this process. @internal */
export class LiveRun {
  /** Events visible to readers; `events[i].seq === i + 1`. */
  readonly events: RunEvent[] = [];
  /** Set when the terminal event is visible. */
  ended = false;
  /** When it ended (epoch ms). */
  endedAt = 0;
  readers = 0;
  private seq = 0;
  /** The terminal event is numbered: nothing more is published. */
  private sealed = false;
  private bytes = 0;
  private readonly waiters = new Set<() => void>();
  /** Numbered but not yet visible (waiting behind a barrier's store write). */
  private readonly queue: RunEvent[] = [];
  private draining = false;
  /** Numbered but not yet stored. */
  private unsaved: RunEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    readonly runId: string,
    private readonly settings: LiveRunSettings,
  ) {}

  /** Numbers and publishes an event. Past the byte limit a non-terminal event is dropped (never a gap) and the run is stopped. */
  publish(input: Unnumbered<RunEvent>): void {
    if (this.sealed) return;
    const size = estimateBytes(input);
    const terminal = isTerminalEvent(input);
    if (!terminal && this.bytes + size > this.settings.maxRunBytes) {
      this.settings.onOverflow();
      return;
    }
    this.bytes += size;
    // `type` and `seq` first: what a human reading the wire looks for.
    const { type, ...rest } = input;
    const event = { type, seq: ++this.seq, ...rest } as RunEvent;
    if (terminal) this.sealed = true;
    if (!this.settings.store) {
      this.expose(event);
      return;
    }
    this.unsaved.push(event);
    if (this.queue.length > 0 || isBarrier(event)) {
      this.queue.push(event);
      void this.drain();
    } else {
      this.expose(event);
      this.scheduleFlush();
    }
  }

  /** Resolves when an event is visible after `count` events, or the run ended. */
  waitBeyond(count: number): { promise: Promise<void>; cancel: () => void } {
    if (this.events.length > count || this.ended) return { promise: Promise.resolve(), cancel: () => {} };
    let wake: () => void = () => {};
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.waiters.add(wake);
    return {
      promise,
      cancel: () => {
        this.waiters.delete(wake);
        wake();
      },
    };
  }

  /** A reader attached. */
  attach(): void {
    this.readers++;
    if (this.readers === 1) this.settings.onReaders(1);
  }

  /** A reader left. */
  detach(): void {
    this.readers--;
    if (this.readers === 0) this.settings.onReaders(0);
  }

  /** Writes every unsaved event to the store (no-op without one). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.flushTimer !== undefined) {
        clearTimeout(this.flushTimer);
        this.flushTimer = undefined;
      }
      const batch = this.unsaved;
      if (batch.length === 0 || !this.settings.store) return;
      this.unsaved = [];
      try {
        await this.settings.store.append(this.runId, batch);
      } catch (error) {
        this.settings.onStoreError(error);
      }
    });
    return this.flushing;
  }

  /** Stops the write-behind and liveness timers (the run ended, or the registry is closing). */
  dispose(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.touchTimer !== undefined) clearInterval(this.touchTimer);
    this.touchTimer = undefined;
  }

  /** Tells the store, every `touchIntervalMs`, that this producer is alive (when the store supports it). */
  keepAlive(): void {
    const store = this.settings.store;
    if (!store?.touch || this.touchTimer !== undefined) return;
    const touch = store.touch.bind(store);
    this.touchTimer = setInterval(() => {
      touch(this.runId, Date.now()).catch((error: unknown) => this.settings.onStoreError(error));
    }, this.settings.touchIntervalMs);
    (this.touchTimer as { unref?: () => void }).unref?.();
  }

  private touchTimer: ReturnType<typeof setInterval> | undefined;

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.settings.flushIntervalMs);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const event = this.queue[0] as RunEvent;
        if (isBarrier(event)) await this.flush();
        this.queue.shift();
        this.expose(event);
      }
      if (this.unsaved.length > 0) this.scheduleFlush();
    } finally {
      this.draining = false;
    }
  }

  private expose(event: RunEvent): void {
    this.events.push(event);
    if (isTerminalEvent(event)) {
      this.ended = true;
      this.endedAt = Date.now();
    }
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** Serialized size of an event, in bytes (UTF-16 length: close enough for a bound, and cheap). */
function estimateBytes(event: object): number {
  return JSON.stringify(event).length + 32;
}

/**
 * Follows a {@link LiveRun} from after `after`: its buffered events, then
 * the live tail, until the terminal event. `return()` (a `break`, a
 * cancelled response) and `signal` end it at once, even mid-wait.
 * @internal
 */
export class LiveRunReader implements AsyncIterableIterator<RunEvent> {
  private position: number;
  private closed = false;
  private pending: { promise: Promise<void>; cancel: () => void } | undefined;
  private readonly onAbort = () => this.close();

  constructor(
    private readonly run: LiveRun,
    after: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.position = Math.max(0, after);
    run.attach();
    if (signal?.aborted) this.close();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RunEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RunEvent, undefined>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      const event = this.run.events[this.position];
      if (event !== undefined) {
        this.position++;
        return { done: false, value: event };
      }
      if (this.run.ended) {
        this.close();
        return { done: true, value: undefined };
      }
      this.pending = this.run.waitBeyond(this.position);
      await this.pending.promise;
      this.pending = undefined;
    }
  }

  async return(): Promise<IteratorResult<RunEvent, undefined>> {
    this.close();
    return { done: true, value: undefined };
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.pending?.cancel();
    this.run.detach();
  }
}
