/**
 * What a run registry learns from a shared store about other replicas: the
 * store's notices (PostgreSQL `LISTEN/NOTIFY`) wake the readers following a
 * run and cancel this replica's runs; while the channel is down (or the store
 * has none), cancels recorded by other replicas are polled.
 * @internal
 */
import type { RunEventStore, RunStoreNotice, RunStoreSubscription } from './store.js';
import type { RunWatch } from './stored-reader.js';

/** What a {@link ReplicaWatch} needs from its registry. @internal */
export interface ReplicaWatchSettings {
  /** Poll period of recorded cancels while no channel is up, in ms. */
  readonly cancelPollIntervalMs: number;
  /** The ids of this replica's runs still going. */
  readonly running: () => string[];
  /** Cancels a run of this replica (an unknown id is ignored). */
  readonly cancel: (runId: string) => void;
  /** A store call failed. */
  readonly onError: (error: unknown) => void;
}

/** See the file comment. @internal */
export class ReplicaWatch implements RunWatch {
  private readonly followers = new Map<string, Set<() => void>>();
  private subscription: RunStoreSubscription | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling = false;

  constructor(
    private readonly store: RunEventStore | undefined,
    private readonly settings: ReplicaWatchSettings,
  ) {}

  /** True while the store's notices arrive. */
  get live(): boolean {
    return this.subscription?.live === true;
  }

  /** Calls `wake` when the run may have new events; returns the unsubscribe. */
  on(runId: string, wake: () => void): () => void {
    this.subscribe();
    const set = this.followers.get(runId) ?? new Set<() => void>();
    this.followers.set(runId, set);
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.followers.get(runId) === set) this.followers.delete(runId);
    };
  }

  /** A run of this replica started: listen for cancels (notices, else polling). */
  producing(): void {
    this.subscribe();
    if (!this.store?.cancelRequested || this.timer !== undefined) return;
    this.timer = setInterval(() => void this.pollCancels(), this.settings.cancelPollIntervalMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** No run of this replica is going any more: stop polling. */
  idle(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops the notices and the polling. */
  close(): void {
    this.subscription?.close();
    this.subscription = undefined;
    this.idle();
  }

  private subscribe(): void {
    if (this.store?.subscribe && this.subscription === undefined) {
      this.subscription = this.store.subscribe((notice) => this.onNotice(notice));
    }
  }

  private onNotice(notice: RunStoreNotice): void {
    if (notice.kind === 'cancel') {
      this.settings.cancel(notice.runId);
      return;
    }
    // The channel came back (or went down): a cancel sent meanwhile was not pushed, so ask once.
    if (notice.kind === 'resync') void this.pollCancels(true);
    const woken =
      notice.kind === 'resync' ? [...this.followers.values()] : [this.followers.get(notice.runId)];
    for (const set of woken) for (const wake of [...(set ?? [])]) wake();
  }

  private async pollCancels(force = false): Promise<void> {
    const store = this.store;
    if (this.polling || !store?.cancelRequested || (this.live && !force)) return;
    const running = this.settings.running();
    if (running.length === 0) return;
    this.polling = true;
    try {
      for (const runId of await store.cancelRequested(running)) this.settings.cancel(runId);
    } catch (error) {
      this.settings.onError(error);
    } finally {
      this.polling = false;
    }
  }
}
