/**
 * Follows a run held by another replica through the shared
 * {@link RunEventStore}: what is stored, then short polling until the
 * terminal event.
 * @internal
 */
import type { RunEvent } from '../../stream/events.js';
import { isTerminalEvent } from '../../stream/events.js';
import type { RunEventStore } from './store.js';

/** Reads a stored run from after `after`, polling every `pollIntervalMs` until its terminal event. @internal */
export class StoredRunReader implements AsyncIterableIterator<RunEvent> {
  private buffer: RunEvent[];
  private position: number;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wake: (() => void) | undefined;
  private readonly onAbort = () => this.close();

  constructor(
    private readonly store: RunEventStore,
    private readonly runId: string,
    after: number,
    first: readonly RunEvent[],
    private readonly pollIntervalMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.position = after;
    this.buffer = [...first];
    if (signal?.aborted) this.close();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RunEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RunEvent, undefined>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      const event = this.buffer.shift();
      if (event !== undefined) {
        this.position = event.seq;
        if (isTerminalEvent(event)) this.closed = true;
        return { done: false, value: event };
      }
      await this.sleep();
      if (this.closed) return { done: true, value: undefined };
      const more = await this.store.read(this.runId, this.position);
      if (more === undefined) {
        this.close();
        return { done: true, value: undefined };
      }
      this.buffer = [...more];
    }
  }

  async return(): Promise<IteratorResult<RunEvent, undefined>> {
    this.close();
    return { done: true, value: undefined };
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, this.pollIntervalMs);
    });
  }

  private close(): void {
    if (this.closed && this.wake === undefined) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wake?.();
    this.wake = undefined;
  }
}
