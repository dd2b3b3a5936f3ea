/**
 * Follows a run held by another replica through the shared
 * {@link RunEventStore}: what is stored, then short polling until the
 * terminal event.
 * @internal
 */
import type { RunEvent } from '../../stream/index.js';
import { isTerminalEvent } from '../../stream/index.js';
import { failedEnvelope } from '../http/respond.js';
import type { RunEventStore } from './store.js';

/** How a {@link StoredRunReader} polls. @internal */
export interface StoredReadSettings {
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
}

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
    private readonly settings: StoredReadSettings,
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
      if (this.buffer.length === 0) await this.checkProducer();
    }
  }

  /**
   * No new event: when the producer has shown no sign of life for `leaseMs`
   * (it crashed, or was killed), store one `run.failed`. Only the append that
   * continues the sequence wins, so readers on several replicas (or a
   * producer that comes back) still agree on exactly one terminal event.
   */
  private async checkProducer(): Promise<void> {
    const aliveAt = await this.store.aliveAt?.(this.runId);
    if (aliveAt === undefined || Date.now() - aliveAt <= this.settings.leaseMs) return;
    const head = (await this.store.read(this.runId, 0, 1))?.[0];
    const module = head?.type === 'run.started' ? head.module : 'runs';
    const traceId = head?.type === 'run.started' ? head.trace_id : this.runId;
    const envelope = failedEnvelope(
      module,
      {
        status: 503,
        type: 'PRODUCER_LOST',
        message:
          'The server that was generating this run stopped before it ended (it crashed or was killed). Start the run again.',
        details: { lease_ms: this.settings.leaseMs },
      },
      traceId,
      this.runId,
    );
    try {
      await this.store.append(this.runId, [{ type: 'run.failed', seq: this.position + 1, envelope }]);
    } catch {
      // Another reader (or the producer) stored the next event first: the next poll reads it.
    }
    const after = await this.store.read(this.runId, this.position);
    if (after !== undefined) this.buffer = [...after];
  }

  async return(): Promise<IteratorResult<RunEvent, undefined>> {
    this.close();
    return { done: true, value: undefined };
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, this.settings.pollIntervalMs);
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
