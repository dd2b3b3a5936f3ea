/**
 * The PostgreSQL run store's notification channel: one dedicated `LISTEN`
 * connection per store, opened for the first subscriber and closed after
 * the last, fanning `NOTIFY` payloads out as {@link RunStoreNotice}s. When
 * the connection drops, subscribers get a `resync` (readers then poll and
 * re-read) and it is opened again after `listenRetryMs`.
 * @internal
 */
import type { Client } from 'pg';
import { type PgModule, pgConnectionConfig } from '../../engagement/stores/pg.js';
import type { RunStoreNotice, RunStoreSubscription } from './store.js';

/** How the channel connects. @internal */
export interface PgChannelSettings {
  readonly connectionString: string;
  readonly connectTimeoutMs: number;
  readonly schema: string | undefined;
  readonly listenRetryMs: number;
}

/** Parses a payload of the run store's `NOTIFY` (`{r, s}` after an append, `{r, c: 1}` for a cancel). */
function noticeOf(payload: string | undefined): RunStoreNotice | undefined {
  if (payload === undefined) return undefined;
  let data: { r?: unknown; s?: unknown; c?: unknown };
  try {
    data = JSON.parse(payload) as typeof data;
  } catch {
    return undefined;
  }
  if (typeof data.r !== 'string') return undefined;
  if (data.c !== undefined) return { kind: 'cancel', runId: data.r };
  return typeof data.s === 'number' ? { kind: 'events', runId: data.r, seq: data.s } : undefined;
}

/** See the file comment. @internal */
export class PgNotificationChannel {
  readonly #pg: PgModule;
  readonly #channel: string;
  readonly #settings: PgChannelSettings;
  readonly #listeners = new Set<(notice: RunStoreNotice) => void>();
  #client: Client | undefined;
  #connecting = false;
  #live = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(pg: PgModule, channel: string, settings: PgChannelSettings) {
    this.#pg = pg;
    this.#channel = channel;
    this.#settings = settings;
  }

  /** Adds a listener (opening the connection if it is the first). */
  subscribe(listener: (notice: RunStoreNotice) => void): RunStoreSubscription {
    this.#listeners.add(listener);
    if (this.#client === undefined && !this.#connecting && this.#retry === undefined) void this.#connect();
    const channel = this;
    return {
      get live() {
        return channel.#live && channel.#listeners.has(listener);
      },
      close: () => {
        this.#listeners.delete(listener);
        if (this.#listeners.size === 0) this.#stop();
      },
    };
  }

  /** Drops every listener and the connection, for good. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    this.#stop();
  }

  #emit(notice: RunStoreNotice): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(notice);
      } catch {
        // A listener must not break the channel.
      }
    }
  }

  async #connect(): Promise<void> {
    this.#retry = undefined;
    if (this.#closed || this.#listeners.size === 0) return;
    this.#connecting = true;
    const client = new this.#pg.Client({
      ...pgConnectionConfig(this.#settings.connectionString, this.#settings),
      application_name: 'aicmo-run-listener',
    });
    let dead = false;
    const down = () => {
      if (dead) return;
      dead = true;
      client.end().catch(() => {});
      if (this.#client === client) this.#client = undefined;
      if (this.#live) {
        this.#live = false;
        this.#emit({ kind: 'resync' });
      }
      if (!this.#closed && this.#listeners.size > 0 && this.#retry === undefined) {
        this.#retry = setTimeout(() => void this.#connect(), this.#settings.listenRetryMs);
        (this.#retry as { unref?: () => void }).unref?.();
      }
    };
    client.on('error', down);
    client.on('end', down);
    client.on('notification', (message) => {
      if (message.channel !== this.#channel) return;
      const notice = noticeOf(message.payload);
      if (notice) this.#emit(notice);
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.#channel}"`);
    } catch {
      this.#connecting = false;
      down();
      return;
    }
    this.#connecting = false;
    if (dead) return;
    if (this.#closed || this.#listeners.size === 0) {
      dead = true;
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#live = true;
    // Notices sent while the channel was down are lost: every reader re-reads once.
    this.#emit({ kind: 'resync' });
  }

  #stop(): void {
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
    const client = this.#client;
    this.#client = undefined;
    this.#live = false;
    client?.removeAllListeners('end');
    client?.removeAllListeners('error');
    client?.on('error', () => {});
    client?.end().catch(() => {});
  }
}
