/**
 * The embedded store on Node's built-in `node:sqlite` (no server, no native
 * build): WAL mode, a busy timeout, `BEGIN IMMEDIATE` for every write and
 * every migration, so several processes can share one file.
 */
import type { DatabaseSync } from 'node:sqlite';
import { retryWhileSqliteBusy } from '../../internal/index.js';
import { EngagementStoreError } from '../errors.js';
import type { EngagementModule } from '../gating.js';
import type { Engagement } from '../schemas.js';
import {
  batchConflicts,
  type CommitBatch,
  type CommitResult,
  type EngagementListFilter,
  type EngagementStore,
  type StoredArtifact,
  type StoredEngagement,
} from '../store.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS, MIGRATIONS_TABLE, refuseNewer } from './migrations.js';
import {
  columnValues,
  duplicateEngagement,
  headsMoved,
  INFO_COLUMNS,
  infoFromColumns,
  rowFromColumns,
  VERSION_COLUMN_NAMES,
  type VersionColumns,
} from './shared.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * How long a write waits for another process's transaction, in ms.
   * @default 10000
   */
  busyTimeoutMs?: number;
}

type SqliteModule = typeof import('node:sqlite');
/** A specifier bundlers leave alone, so that the entry bundles for browsers (memory store). */
const SQLITE: string = 'node:sqlite';
let sqliteModule: Promise<SqliteModule> | undefined;

/**
 * Imports `node:sqlite` once, on first use, keeping Node 22's
 * "SQLite is an experimental feature" warning out of the user's output.
 */
function loadSqlite(): Promise<SqliteModule> {
  sqliteModule ??= (async () => {
    const proc = (globalThis as { process?: NodeJS.Process }).process;
    const original = proc?.emitWarning;
    if (proc && original) {
      proc.emitWarning = function filtered(this: unknown, warning: string | Error, ...rest: unknown[]) {
        const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
        const name = typeof warning === 'string' ? type : warning.name;
        const text = typeof warning === 'string' ? warning : warning.message;
        if (name === 'ExperimentalWarning' && /sqlite/i.test(text)) return;
        return (original as (...args: unknown[]) => void).call(proc, warning, ...rest);
      } as NodeJS.Process['emitWarning'];
    }
    try {
      return (await import(/* @vite-ignore */ /* webpackIgnore: true */ SQLITE)) as SqliteModule;
    } catch (error) {
      sqliteModule = undefined;
      throw new EngagementStoreError(
        'STORE_UNAVAILABLE',
        'node:sqlite is not available in this runtime: the embedded store needs Node.js 22.13 or newer. Upgrade Node, or use --db memory or a postgres:// URL.',
        { store: 'sqlite', cause: error },
      );
    } finally {
      if (proc && original) proc.emitWarning = original;
    }
  })();
  return sqliteModule;
}

function isBusy(error: unknown): boolean {
  const e = error as { errcode?: number; code?: string; message?: string } | null;
  return (
    (e?.errcode !== undefined && (e.errcode & 0xff) === 5) ||
    /database is locked|SQLITE_BUSY/i.test(e?.message ?? '')
  );
}

/**
 * Opens (creating if needed) the embedded store in one SQLite file. Applies
 * pending migrations, each in its own `BEGIN IMMEDIATE` transaction; refuses
 * a newer schema with STORE_SCHEMA_TOO_NEW before writing anything.
 *
 * @example
 * ```ts
 * const store = await openSqliteStore('./aicmo-engagements.db')
 * ```
 */
export async function openSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<EngagementStore> {
  const { DatabaseSync } = await loadSqlite();
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  const db = await retryWhileSqliteBusy(() => openFile(DatabaseSync, path, busyTimeoutMs), busyTimeoutMs);
  return new SqliteStore(db);
}

/** Opens the file and brings its schema up to date (journal mode, migrations); closes it on failure. */
function openFile(
  DatabaseSync: SqliteModule['DatabaseSync'],
  path: string,
  busyTimeoutMs: number,
): DatabaseSync {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (error) {
    throw new EngagementStoreError(
      'STORE_UNAVAILABLE',
      `Cannot open the engagement database file: ${(error as Error).message}. Check the path and its permissions.`,
      {
        store: 'sqlite',
        cause: error,
      },
    );
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // Refuse a newer schema before anything is written (switching to WAL writes the file header).
    refuseNewer(schemaVersion(db), 'sqlite');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Rolls back the open transaction, if any (`isTransaction` only exists from Node 22.16). */
function rollback(db: DatabaseSync): void {
  try {
    db.exec('ROLLBACK');
  } catch {
    // No transaction was open (SQLite already rolled it back, or BEGIN failed).
  }
}

function schemaVersion(db: DatabaseSync): number {
  const table = db
    .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(MIGRATIONS_TABLE);
  if (!table) return 0;
  const row = db.prepare(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`).get() as { v: number | null };
  return Number(row.v ?? 0);
}

function migrate(db: DatabaseSync): void {
  const found = schemaVersion(db);
  refuseNewer(found, 'sqlite');
  for (const migration of MIGRATIONS) {
    if (migration.version <= found) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(CREATE_MIGRATIONS_TABLE);
      const now = schemaVersion(db);
      refuseNewer(now, 'sqlite');
      if (now < migration.version) {
        for (const statement of migration.statements) db.exec(statement);
        db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`).run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      }
      db.exec('COMMIT');
    } catch (error) {
      rollback(db);
      throw error;
    }
  }
}

class SqliteStore implements EngagementStore {
  readonly kind = 'sqlite' as const;
  readonly #db: DatabaseSync;
  #closed = false;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #prepare(sql: string) {
    if (this.#closed) {
      throw new EngagementStoreError('STORE_UNAVAILABLE', 'The engagement store is closed.', {
        store: 'sqlite',
      });
    }
    return this.#db.prepare(sql);
  }

  /** Runs `work` in a transaction (`BEGIN IMMEDIATE` for writes). */
  #transaction<T>(mode: 'read' | 'write', work: () => T): T {
    try {
      this.#prepare(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN').run();
    } catch (error) {
      if (isBusy(error)) {
        throw new EngagementStoreError(
          'STORE_UNAVAILABLE',
          'Another process held the engagement database for longer than the busy timeout. Try again, or raise busyTimeoutMs.',
          { store: 'sqlite', cause: error },
        );
      }
      throw error;
    }
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      rollback(this.#db);
      throw error;
    }
  }

  async createEngagement(engagement: Engagement): Promise<void> {
    this.#transaction('write', () => {
      const exists = this.#prepare('SELECT 1 AS found FROM aicmo_engagements WHERE id = ?').get(
        engagement.id,
      );
      if (exists) throw duplicateEngagement(engagement.id);
      this.#prepare('INSERT INTO aicmo_engagements (id, client_name, created_at) VALUES (?, ?, ?)').run(
        engagement.id,
        engagement.client_name,
        engagement.created_at,
      );
    });
  }

  async listEngagements(filter: EngagementListFilter = {}): Promise<Engagement[]> {
    const where = filter.clientName === undefined ? '' : 'WHERE client_name = ?';
    const params: (string | number)[] = filter.clientName === undefined ? [] : [filter.clientName];
    params.push(filter.limit ?? 100, filter.offset ?? 0);
    const rows = this.#prepare(
      `SELECT id, client_name, created_at FROM aicmo_engagements ${where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(...params) as unknown as Engagement[];
    return rows.map((r) => ({ id: r.id, client_name: r.client_name, created_at: r.created_at }));
  }

  async loadEngagement(id: string): Promise<StoredEngagement | undefined> {
    return this.#transaction('read', () => {
      const engagement = this.#prepare(
        'SELECT id, client_name, created_at FROM aicmo_engagements WHERE id = ?',
      ).get(id) as Engagement | undefined;
      if (!engagement) return undefined;
      const infos = this.#prepare(
        `SELECT ${INFO_COLUMNS} FROM aicmo_artifact_versions WHERE engagement_id = ? ORDER BY artifact_id, version`,
      ).all(id) as unknown as VersionColumns[];
      const bodies = this.#prepare(
        `SELECT a.id AS id, v.body AS body FROM aicmo_artifacts a JOIN aicmo_artifact_versions v
           ON v.artifact_id = a.id AND v.version = a.version WHERE a.engagement_id = ?`,
      ).all(id) as unknown as { id: string; body: string }[];
      return assemble(
        { id: engagement.id, client_name: engagement.client_name, created_at: engagement.created_at },
        infos,
        bodies,
      );
    });
  }

  async loadVersion(engagementId: string, artifactId: string, version: number) {
    const row = this.#prepare(
      `SELECT ${VERSION_COLUMN_NAMES.join(', ')} FROM aicmo_artifact_versions WHERE engagement_id = ? AND artifact_id = ? AND version = ?`,
    ).get(engagementId, artifactId, version) as (VersionColumns & { body: string }) | undefined;
    return row ? rowFromColumns(row) : undefined;
  }

  async commit(batch: CommitBatch): Promise<CommitResult> {
    const insert = `INSERT INTO aicmo_artifact_versions (${VERSION_COLUMN_NAMES.join(', ')}) VALUES (${VERSION_COLUMN_NAMES.map(() => '?').join(', ')})`;
    return this.#transaction('write', (): CommitResult => {
      const exists = this.#prepare('SELECT 1 AS found FROM aicmo_engagements WHERE id = ?').get(
        batch.engagementId,
      );
      if (!exists) return { ok: false, conflicts: [] };
      const heads = this.#prepare(
        'SELECT id, module, version FROM aicmo_artifacts WHERE engagement_id = ?',
      ).all(batch.engagementId) as unknown as { id: string; module: EngagementModule; version: number }[];
      const conflicts = batchConflicts(
        batch,
        new Map(heads.map((h) => [h.module, { id: h.id, version: Number(h.version) }])),
      );
      // Nothing written yet: committing the empty transaction releases the lock.
      if (conflicts.length > 0) return { ok: false, conflicts };
      for (const row of batch.writes) {
        if (row.version === 1) {
          this.#prepare(
            'INSERT INTO aicmo_artifacts (id, engagement_id, module, version, status, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
          ).run(row.artifact_id, row.engagement_id, row.module, row.version, row.status, row.created_at);
        } else {
          const { changes } = this.#prepare(
            'UPDATE aicmo_artifacts SET version = ?, status = ?, updated_at = ? WHERE id = ? AND version = ?',
          ).run(row.version, row.status, row.created_at, row.artifact_id, row.version - 1);
          if (Number(changes) !== 1) throw headsMoved();
        }
        this.#prepare(insert).run(...columnValues(row));
      }
      return { ok: true };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}

/** Builds a stored engagement from version metadata rows and the current bodies. @internal */
export function assemble(
  engagement: Engagement,
  infos: readonly VersionColumns[],
  bodies: readonly { id: string; body: string }[],
): StoredEngagement {
  const bodyOf = new Map(bodies.map((b) => [b.id, b.body]));
  const artifacts = new Map<
    string,
    { module: EngagementModule; versions: StoredArtifact['versions'][number][] }
  >();
  for (const c of infos) {
    let a = artifacts.get(c.artifact_id);
    if (!a) {
      a = { module: c.module as EngagementModule, versions: [] };
      artifacts.set(c.artifact_id, a);
    }
    a.versions.push(infoFromColumns(c));
  }
  return {
    engagement,
    artifacts: [...artifacts].map(([id, a]) => ({
      artifact_id: id,
      module: a.module,
      versions: a.versions,
      body: bodyOf.get(id) as string,
    })),
  };
}
