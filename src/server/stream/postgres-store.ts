/**
 * `openPostgresRunEventStore`: a {@link RunEventStore} in PostgreSQL through
 * the optional `pg` peer (the one the engagement store uses, loaded on first
 * use), for replicas that share one database. Each append is one checked
 * transaction that ends with a `NOTIFY` (run id and last seq); a replica
 * following a run `LISTEN`s on one dedicated connection and wakes its readers,
 * and falls back to short polling while that connection is down.
 */
import type { Pool, PoolClient } from 'pg';
import {
  createPgPool,
  describePgError,
  inPgTransaction,
  isSchemaName,
  loadPg,
} from '../../engagement/stores/pg.js';
import { fnv1a } from '../../internal/index.js';
import { isTerminalEvent, type RunEvent } from '../../stream/index.js';
import { RunStoreUnavailableError } from './errors.js';
import { PgNotificationChannel } from './pg-channel.js';
import {
  type CancelRequestOutcome,
  RunEventConflictError,
  type RunEventStore,
  type RunStoreNotice,
  type RunStoreSubscription,
} from './store.js';

/** Options of {@link openPostgresRunEventStore}. */
export interface PostgresRunEventStoreOptions {
  /**
   * Schema (namespace) holding the tables; it must exist. The same one as the
   * engagement store's is fine (the table names differ).
   * @default the server's search_path (usually `public`)
   */
  schema?: string;
  /** Connections in the pool (the `LISTEN` connection is one more). @default 4 */
  maxConnections?: number;
  /** Time allowed to connect, in ms. @default 10000 */
  connectTimeoutMs?: number;
  /** Wait before the `LISTEN` connection is opened again after it dropped, in ms (readers poll meanwhile). @default 1000 */
  listenRetryMs?: number;
}

/** A PostgreSQL-backed store; `close()` ends its connections. */
export interface PostgresRunEventStore extends RunEventStore {
  /** The `NOTIFY` channel of this store's schema. */
  readonly channel: string;
  /** Ends the pool and the `LISTEN` connection. */
  close(): Promise<void>;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS aicmo_runs (
    run_id TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    ended BOOLEAN NOT NULL DEFAULT FALSE,
    written_at BIGINT NOT NULL,
    alive_at BIGINT NOT NULL,
    cancel_requested_at BIGINT
  )`,
  'CREATE INDEX IF NOT EXISTS aicmo_runs_written_at ON aicmo_runs (written_at)',
  `CREATE TABLE IF NOT EXISTS aicmo_run_events (
    run_id TEXT NOT NULL REFERENCES aicmo_runs (run_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  )`,
];

/**
 * The append statement. $1 run id, $2 first seq, $3 last seq, $4 ended, $5 now, $6 seqs, $7 events
 * (JSON), $8 channel, $9 payload. Returns one row when applied, none on a sequence conflict.
 */
const APPEND = `
WITH head AS (
  INSERT INTO aicmo_runs AS r (run_id, last_seq, ended, written_at, alive_at)
  SELECT $1, $3, $4, $5, $5
  WHERE $2 = 1 OR EXISTS (SELECT 1 FROM aicmo_runs WHERE run_id = $1)
  ON CONFLICT (run_id) DO UPDATE
    SET last_seq = EXCLUDED.last_seq, ended = EXCLUDED.ended, written_at = EXCLUDED.written_at,
        alive_at = GREATEST(r.alive_at, EXCLUDED.alive_at)
    WHERE r.last_seq = $2 - 1
  RETURNING 1
), added AS (
  INSERT INTO aicmo_run_events (run_id, seq, event)
  SELECT $1, s, e FROM unnest($6::int[], $7::text[]) AS t(s, e) WHERE EXISTS (SELECT 1 FROM head)
  RETURNING 1
)
SELECT pg_notify($8, $9) AS notified, (SELECT count(*) FROM added)::int AS applied FROM head`;

const missingPg = (cause: unknown) =>
  new RunStoreUnavailableError('The PostgreSQL run event store needs the "pg" package: npm install pg', {
    store: 'postgres',
    cause,
  });

function unavailable(error: unknown): RunStoreUnavailableError {
  return new RunStoreUnavailableError(
    `PostgreSQL refused the run event store (${describePgError(error)}). Check that the server runs and the URL's user, password and database.`,
    { store: 'postgres', cause: error },
  );
}

/** The channel name of a schema: at most 63 bytes (PostgreSQL's identifier limit). */
function channelOf(schema: string): string {
  const name = `aicmo_runs_${schema}`;
  return name.length <= 63 ? name : `aicmo_runs_${fnv1a(schema).toString(16)}`;
}

/**
 * Opens the PostgreSQL run event store at a `postgres://` URL, creating its
 * two tables if needed (under an advisory lock, so replicas booting together
 * do it once). Rejects with {@link RunStoreUnavailableError} when `pg` is
 * missing or the database refuses.
 *
 * @example
 * ```ts
 * const store = await openPostgresRunEventStore(process.env.DATABASE_URL!)
 * const runs = createRunRegistry({ store })
 * ```
 */
export async function openPostgresRunEventStore(
  connectionString: string,
  options: PostgresRunEventStoreOptions = {},
): Promise<PostgresRunEventStore> {
  const pg = await loadPg(missingPg);
  if (options.schema !== undefined && !isSchemaName(options.schema)) {
    throw new RangeError('schema must be a lower-case SQL identifier (letters, digits, underscores).');
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const listenRetryMs = options.listenRetryMs ?? 1000;
  if (!Number.isSafeInteger(listenRetryMs) || listenRetryMs <= 0) {
    throw new RangeError(`listenRetryMs must be a positive integer, got ${String(options.listenRetryMs)}`);
  }
  const pool = createPgPool(pg, connectionString, {
    maxConnections: options.maxConnections ?? 4,
    connectTimeoutMs,
    schema: options.schema,
  });
  let schema: string;
  try {
    schema = await createTables(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const channel = channelOf(schema);
  return new PgRunEventStore(
    pool,
    channel,
    new PgNotificationChannel(pg, channel, {
      connectionString,
      connectTimeoutMs,
      schema: options.schema,
      listenRetryMs,
    }),
  );
}

async function createTables(pool: Pool): Promise<string> {
  return inPgTransaction(
    pool,
    'BEGIN',
    async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('aicmo.runs.schema:' || current_schema()))");
      for (const statement of SCHEMA) await client.query(statement);
      const row = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      return row.rows[0]?.schema ?? 'public';
    },
    unavailable,
  );
}

class PgRunEventStore implements PostgresRunEventStore {
  readonly #pool: Pool;
  readonly #channel: PgNotificationChannel;
  #closed = false;

  constructor(
    pool: Pool,
    readonly channel: string,
    notifications: PgNotificationChannel,
  ) {
    this.#pool = pool;
    this.#channel = notifications;
  }

  async #transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed)
      throw new RunStoreUnavailableError('The run event store is closed.', { store: 'postgres' });
    return inPgTransaction(this.#pool, 'BEGIN', work, unavailable);
  }

  async #query<R extends Record<string, unknown>>(text: string, params: unknown[]): Promise<R[]> {
    if (this.#closed)
      throw new RunStoreUnavailableError('The run event store is closed.', { store: 'postgres' });
    try {
      return (await this.#pool.query<R>(text, params)).rows;
    } catch (error) {
      throw unavailable(error);
    }
  }

  async append(runId: string, events: readonly RunEvent[]): Promise<void> {
    if (events.length === 0) return;
    const first = (events[0] as RunEvent).seq;
    events.forEach((event, i) => {
      if (event.seq !== first + i) throw new RunEventConflictError(runId, first + i, event.seq);
    });
    const last = first + events.length - 1;
    const ended = isTerminalEvent(events[events.length - 1] as RunEvent);
    // One statement, so one round trip and one implicit transaction: the run's row is inserted (a new
    // run must start at seq 1) or updated only where it ends at first - 1 (the row lock makes racing
    // appends wait, then re-check); the events go in only if it was, and the NOTIFY goes out only
    // then, delivered at commit.
    const rows = await this.#query<{ applied: number }>(APPEND, [
      runId,
      first,
      last,
      ended,
      Date.now(),
      events.map((event) => event.seq),
      events.map((event) => JSON.stringify(event)),
      this.channel,
      JSON.stringify({ r: runId, s: last }),
    ]);
    if (rows.length === 1) return;
    const head = await this.#query<{ last_seq: number }>(
      'SELECT last_seq FROM aicmo_runs WHERE run_id = $1',
      [runId],
    );
    throw new RunEventConflictError(runId, Number(head[0]?.last_seq ?? 0) + 1, first);
  }

  async read(runId: string, after: number, limit?: number): Promise<readonly RunEvent[] | undefined> {
    const rows = await this.#query<{ event: string }>(
      'SELECT event FROM aicmo_run_events WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [runId, Math.max(0, Math.floor(after)), limit ?? null],
    );
    if (rows.length === 0) {
      const known = await this.#query('SELECT 1 AS found FROM aicmo_runs WHERE run_id = $1', [runId]);
      if (known.length === 0) return undefined;
    }
    return rows.map((row) => JSON.parse(row.event) as RunEvent);
  }

  async touch(runId: string, at: number): Promise<void> {
    await this.#query('UPDATE aicmo_runs SET alive_at = GREATEST(alive_at, $2) WHERE run_id = $1', [
      runId,
      at,
    ]);
  }

  async aliveAt(runId: string): Promise<number | undefined> {
    const rows = await this.#query<{ alive_at: string }>(
      'SELECT alive_at FROM aicmo_runs WHERE run_id = $1',
      [runId],
    );
    return rows[0] === undefined ? undefined : Number(rows[0].alive_at);
  }

  async requestCancel(runId: string, at: number): Promise<CancelRequestOutcome> {
    return this.#transaction(async (c) => {
      const row = await c.query<{ ended: boolean }>(
        'SELECT ended FROM aicmo_runs WHERE run_id = $1 FOR UPDATE',
        [runId],
      );
      const found = row.rows[0];
      if (found === undefined) return 'unknown';
      if (found.ended) return 'ended';
      await c.query(
        'UPDATE aicmo_runs SET cancel_requested_at = COALESCE(cancel_requested_at, $2) WHERE run_id = $1',
        [runId, at],
      );
      await c.query('SELECT pg_notify($1, $2)', [this.channel, JSON.stringify({ r: runId, c: 1 })]);
      return 'requested';
    });
  }

  async cancelRequested(runIds: readonly string[]): Promise<readonly string[]> {
    if (runIds.length === 0) return [];
    const rows = await this.#query<{ run_id: string }>(
      'SELECT run_id FROM aicmo_runs WHERE run_id = ANY($1::text[]) AND cancel_requested_at IS NOT NULL',
      [[...runIds]],
    );
    return rows.map((row) => row.run_id);
  }

  async purge(before: number): Promise<number> {
    if (this.#closed)
      throw new RunStoreUnavailableError('The run event store is closed.', { store: 'postgres' });
    try {
      return (await this.#pool.query('DELETE FROM aicmo_runs WHERE written_at < $1', [before])).rowCount ?? 0;
    } catch (error) {
      throw unavailable(error);
    }
  }

  subscribe(listener: (notice: RunStoreNotice) => void): RunStoreSubscription {
    return this.#channel.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#channel.close();
    await this.#pool.end();
  }
}
