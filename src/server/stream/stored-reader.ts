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

/** The registry's fan-out of its store's notices (`LISTEN/NOTIFY`). @internal */
export interface RunWatch {
  /** Calls `wake` when the run may have new events (or the channel resynced); returns the unsubscribe. */
  on(runId: string, wake: () => void): () => void;
  /** True while notices arrive: readers then wait for them instead of polling. */
  readonly live: boolean;
}

/** How a {@link StoredRunReader} polls. @internal */
export interface StoredReadSettings {
  /** Poll period while no notification channel is up. */
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  /** Store notices; without them (or while down), the reader polls every `pollIntervalMs`. */
  readonly watch?: RunWatch;
}

/**
 * Reads a stored run from after `after` until its terminal event: woken by
 * the store's notices while its channel is up (then it re-reads only every
 * `leaseMs / 3`, to check the producer's lease), else polling every
 * `pollIntervalMs`. @internal
 */
export class StoredRunReader implements AsyncIterableIterator<RunEvent> {
  private buffer: RunEvent[];
  private position: number;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wake: (() => void) | undefined;
  /** A notice came while the reader was not sleeping: the next sleep returns at once. */
  private noticed = false;
  private readonly unwatch: (() => void) | undefined;
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
    this.unwatch = settings.watch?.on(runId, () => {
      this.noticed = true;
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.wake?.();
    });
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
    if (this.noticed) {
      this.noticed = false;
      return Promise.resolve();
    }
    const { pollIntervalMs, leaseMs, watch } = this.settings;
    const ms = watch?.live === true ? Math.max(pollIntervalMs, Math.floor(leaseMs / 3)) : pollIntervalMs;
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    }).then(() => {
      this.noticed = false;
      this.wake = undefined;
      this.timer = undefined;
    });
  }

  private close(): void {
    if (this.closed && this.wake === undefined) return;
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.unwatch?.();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wake?.();
    this.wake = undefined;
  }
}
