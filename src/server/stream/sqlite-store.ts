/**
 * `openSqliteRunEventStore`: a {@link RunEventStore} in a SQLite file through
 * Node's built-in `node:sqlite` (no dependency), so that runs survive their
 * process: another process on the same file resumes them, and a producer
 * killed with `kill -9` is detected by its lease.
 *
 * `node:sqlite` is loaded only when a store is opened (it prints an
 * ExperimentalWarning on Node 22, and does not exist in browsers or workers).
 */
import { retryWhileSqliteBusy } from '../../internal/index.js';
import { isTerminalEvent, type RunEvent } from '../../stream/index.js';
import { type CancelRequestOutcome, RunEventConflictError, type RunEventStore } from './store.js';

/** Options of {@link openSqliteRunEventStore}. */
export interface SqliteRunEventStoreOptions {
  /** How long a writer waits for another process's transaction, in ms. @default 5000 */
  busyTimeoutMs?: number;
}

/** A SQLite-backed store; `close()` releases the file. */
export interface SqliteRunEventStore extends RunEventStore {
  /** Closes the database. */
  close(): void;
}

interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS aicmo_runs (
  run_id TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL,
  written_at INTEGER NOT NULL,
  alive_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS aicmo_run_events (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aicmo_runs_written_at ON aicmo_runs (written_at);
CREATE TABLE IF NOT EXISTS aicmo_run_cancels (
  run_id TEXT PRIMARY KEY,
  requested_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * Opens (creating if needed) a run event store in the SQLite file at `path`
 * (`':memory:'` for a private in-memory one). WAL journal, a busy timeout,
 * and one transaction per `append`, which checks that the batch continues
 * the stored sequence (else {@link RunEventConflictError}, nothing stored).
 *
 * @example
 * ```ts
 * const store = await openSqliteRunEventStore('./runs.db')
 * const runs = createRunRegistry({ store })
 * ```
 */
export async function openSqliteRunEventStore(
  path: string,
  options: SqliteRunEventStoreOptions = {},
): Promise<SqliteRunEventStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(
      `busyTimeoutMs must be a non-negative integer, got ${String(options.busyTimeoutMs)}`,
    );
  }
  // A variable specifier keeps `node:sqlite` out of the static graph of this runtime-neutral entry.
  const specifier = 'node:sqlite';
  const sqlite = (await import(specifier)) as { DatabaseSync: new (path: string) => Database };
  const db = await retryWhileSqliteBusy(() => {
    const db = new sqlite.DatabaseSync(path);
    try {
      db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
      // One write transaction taken up front (the busy timeout applies), not a statement that reads
      // the schema and then upgrades to a write while another process writes the file.
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(SCHEMA);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }, busyTimeoutMs);

  const lastSeq = db.prepare('SELECT last_seq FROM aicmo_runs WHERE run_id = ?');
  const insertEvent = db.prepare('INSERT INTO aicmo_run_events (run_id, seq, event) VALUES (?, ?, ?)');
  const upsertRun = db.prepare(
    `INSERT INTO aicmo_runs (run_id, last_seq, written_at, alive_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET last_seq = excluded.last_seq, written_at = excluded.written_at, alive_at = excluded.alive_at`,
  );
  const selectEvents = db.prepare(
    'SELECT event FROM aicmo_run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const touchRun = db.prepare('UPDATE aicmo_runs SET alive_at = max(alive_at, ?) WHERE run_id = ?');
  const aliveAt = db.prepare('SELECT alive_at FROM aicmo_runs WHERE run_id = ?');
  const purgeEvents = db.prepare(
    'DELETE FROM aicmo_run_events WHERE run_id IN (SELECT run_id FROM aicmo_runs WHERE written_at < ?)',
  );
  const purgeRuns = db.prepare('DELETE FROM aicmo_runs WHERE written_at < ?');
  const purgeCancels = db.prepare(
    'DELETE FROM aicmo_run_cancels WHERE run_id NOT IN (SELECT run_id FROM aicmo_runs)',
  );
  const lastEvent = db.prepare(
    'SELECT e.event AS event FROM aicmo_runs r JOIN aicmo_run_events e ON e.run_id = r.run_id AND e.seq = r.last_seq WHERE r.run_id = ?',
  );
  const insertCancel = db.prepare(
    'INSERT INTO aicmo_run_cancels (run_id, requested_at) VALUES (?, ?) ON CONFLICT (run_id) DO NOTHING',
  );
  const selectCancel = db.prepare('SELECT 1 AS found FROM aicmo_run_cancels WHERE run_id = ?');

  return {
    async append(runId, events) {
      if (events.length === 0) return;
      db.exec('BEGIN IMMEDIATE');
      try {
        const row = lastSeq.get(runId) as { last_seq: number } | undefined;
        let expected = (row?.last_seq ?? 0) + 1;
        for (const event of events) {
          if (event.seq !== expected) throw new RunEventConflictError(runId, expected, event.seq);
          insertEvent.run(runId, event.seq, JSON.stringify(event));
          expected++;
        }
        const now = Date.now();
        upsertRun.run(runId, expected - 1, now, now);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async read(runId, after, limit = -1) {
      const rows = selectEvents.all(runId, Math.max(0, Math.floor(after)), limit) as { event: string }[];
      if (rows.length === 0 && lastSeq.get(runId) === undefined) return undefined;
      return rows.map((row) => JSON.parse(row.event) as RunEvent);
    },
    async touch(runId, at) {
      touchRun.run(at, runId);
    },
    async aliveAt(runId) {
      return (aliveAt.get(runId) as { alive_at: number } | undefined)?.alive_at;
    },
    async requestCancel(runId, at) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const row = lastEvent.get(runId) as { event: string } | undefined;
        let outcome: CancelRequestOutcome;
        if (row === undefined) outcome = 'unknown';
        else if (isTerminalEvent(JSON.parse(row.event) as RunEvent)) outcome = 'ended';
        else {
          insertCancel.run(runId, at);
          outcome = 'requested';
        }
        db.exec('COMMIT');
        return outcome;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async cancelRequested(runIds) {
      return runIds.filter((runId) => selectCancel.get(runId) !== undefined);
    },
    async purge(before) {
      db.exec('BEGIN IMMEDIATE');
      try {
        purgeEvents.run(before);
        const result = purgeRuns.run(before) as { changes?: number | bigint };
        purgeCancels.run();
        db.exec('COMMIT');
        return Number(result.changes ?? 0);
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    close() {
      db.close();
    },
  };
}
