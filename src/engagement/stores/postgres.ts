/**
 * The PostgreSQL store, through `pg` (an optional peer dependency, loaded on
 * first use), for several server replicas sharing one database. Each write
 * locks its engagement row, checks every version, updates the heads
 * conditionally and inserts the version rows, in one transaction.
 */
import type { Pool, PoolClient } from 'pg';
import { EngagementStoreError } from '../errors.js';
import type { EngagementModule } from '../gating.js';
import type { Engagement } from '../schemas.js';
import {
  batchConflicts,
  type CommitBatch,
  type CommitResult,
  type EngagementListFilter,
  type EngagementStore,
  type StoredEngagement,
} from '../store.js';
import { CREATE_MIGRATIONS_TABLE, MIGRATIONS, MIGRATIONS_TABLE, refuseNewer } from './migrations.js';
import { createPgPool, describePgError, inPgTransaction, isSchemaName, loadPg } from './pg.js';
import {
  columnValues,
  duplicateEngagement,
  headsMoved,
  INFO_COLUMNS,
  rowFromColumns,
  VERSION_COLUMN_NAMES,
  type VersionColumns,
} from './shared.js';
import { assemble } from './sqlite.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Connections in the pool. @default 10 */
  maxConnections?: number;
  /**
   * Schema (namespace) holding the tables; it must exist. Lets several
   * applications or test runs share one database. @default the server's search_path (usually `public`)
   */
  schema?: string;
  /** Time allowed to connect, in ms. @default 10000 */
  connectTimeoutMs?: number;
}

const missingPg = (cause: unknown) =>
  new EngagementStoreError(
    'STORE_UNAVAILABLE',
    'The PostgreSQL store needs the "pg" package: npm install pg',
    {
      store: 'postgres',
      cause,
    },
  );

function unavailable(error: unknown): EngagementStoreError {
  return new EngagementStoreError(
    'STORE_UNAVAILABLE',
    `PostgreSQL refused the engagement store (${describePgError(error)}). Check that the server runs and the URL's user, password and database.`,
    { store: 'postgres', cause: error },
  );
}

/**
 * Opens the PostgreSQL store at a `postgres://` URL. Applies pending
 * migrations, each in its own transaction under `pg_advisory_xact_lock`
 * (replicas booting together apply each once); refuses a newer schema with
 * STORE_SCHEMA_TOO_NEW before writing anything.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore(process.env.DATABASE_URL!)
 * ```
 */
export async function openPostgresStore(
  connectionString: string,
  options: PostgresStoreOptions = {},
): Promise<EngagementStore> {
  const pg = await loadPg(missingPg);
  if (options.schema !== undefined && !isSchemaName(options.schema)) {
    throw new EngagementStoreError(
      'STORE_INVALID_LOCATION',
      'schema must be a lower-case SQL identifier (letters, digits, underscores).',
      { store: 'postgres' },
    );
  }
  const pool = createPgPool(pg, connectionString, {
    maxConnections: options.maxConnections ?? 10,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    schema: options.schema,
  });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error instanceof EngagementStoreError ? error : unavailable(error);
  }
  return new PostgresStore(pool);
}

async function schemaVersion(client: PoolClient): Promise<number> {
  const table = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    MIGRATIONS_TABLE,
  ]);
  if (!table.rows[0]?.found) return 0;
  const row = await client.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${MIGRATIONS_TABLE}`);
  return Number(row.rows[0]?.v ?? 0);
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    const found = await schemaVersion(client);
    refuseNewer(found, 'postgres');
    for (const migration of MIGRATIONS) {
      if (migration.version <= found) continue;
      await client.query('BEGIN');
      try {
        await client.query(
          "SELECT pg_advisory_xact_lock(hashtext('aicmo.engagement.migrations:' || current_schema()))",
        );
        await client.query(CREATE_MIGRATIONS_TABLE);
        const now = await schemaVersion(client);
        refuseNewer(now, 'postgres');
        if (now < migration.version) {
          for (const statement of migration.statements) await client.query(statement);
          await client.query(
            `INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`,
            [migration.version, migration.name, new Date().toISOString()],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    }
  } finally {
    client.release();
  }
}

class PostgresStore implements EngagementStore {
  readonly kind = 'postgres' as const;
  readonly #pool: Pool;
  #closed = false;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async #transaction<T>(begin: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new EngagementStoreError('STORE_UNAVAILABLE', 'The engagement store is closed.', {
        store: 'postgres',
      });
    }
    return inPgTransaction(this.#pool, begin, work, unavailable);
  }

  async createEngagement(engagement: Engagement): Promise<void> {
    const inserted = await this.#transaction('BEGIN', (c) =>
      c.query(
        'INSERT INTO aicmo_engagements (id, client_name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
        [engagement.id, engagement.client_name, engagement.created_at],
      ),
    );
    if (inserted.rowCount !== 1) throw duplicateEngagement(engagement.id);
  }

  async listEngagements(filter: EngagementListFilter = {}): Promise<Engagement[]> {
    const params: (string | number)[] = [];
    let where = '';
    if (filter.clientName !== undefined) {
      params.push(filter.clientName);
      where = 'WHERE client_name = $1';
    }
    params.push(filter.limit ?? 100, filter.offset ?? 0);
    const n = params.length;
    const result = await this.#transaction('BEGIN READ ONLY', (c) =>
      c.query<Engagement>(
        `SELECT id, client_name, created_at FROM aicmo_engagements ${where} ORDER BY created_at DESC, id DESC LIMIT $${n - 1} OFFSET $${n}`,
        params,
      ),
    );
    return result.rows.map((r) => ({ id: r.id, client_name: r.client_name, created_at: r.created_at }));
  }

  async loadEngagement(id: string): Promise<StoredEngagement | undefined> {
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
      const e = await c.query<Engagement>(
        'SELECT id, client_name, created_at FROM aicmo_engagements WHERE id = $1',
        [id],
      );
      const engagement = e.rows[0];
      if (!engagement) return undefined;
      const infos = await c.query<VersionColumns>(
        `SELECT ${INFO_COLUMNS} FROM aicmo_artifact_versions WHERE engagement_id = $1 ORDER BY artifact_id, version`,
        [id],
      );
      const bodies = await c.query<{ id: string; body: string }>(
        `SELECT a.id AS id, v.body AS body FROM aicmo_artifacts a JOIN aicmo_artifact_versions v
           ON v.artifact_id = a.id AND v.version = a.version WHERE a.engagement_id = $1`,
        [id],
      );
      return assemble(
        { id: engagement.id, client_name: engagement.client_name, created_at: engagement.created_at },
        infos.rows,
        bodies.rows,
      );
    });
  }

  async loadVersion(engagementId: string, artifactId: string, version: number) {
    const result = await this.#transaction('BEGIN READ ONLY', (c) =>
      c.query<VersionColumns & { body: string }>(
        `SELECT ${VERSION_COLUMN_NAMES.join(', ')} FROM aicmo_artifact_versions WHERE engagement_id = $1 AND artifact_id = $2 AND version = $3`,
        [engagementId, artifactId, version],
      ),
    );
    const row = result.rows[0];
    return row ? rowFromColumns(row) : undefined;
  }

  async commit(batch: CommitBatch): Promise<CommitResult> {
    const insert = `INSERT INTO aicmo_artifact_versions (${VERSION_COLUMN_NAMES.join(', ')}) VALUES (${VERSION_COLUMN_NAMES.map((_, i) => `$${i + 1}`).join(', ')})`;
    return this.#transaction('BEGIN', async (c): Promise<CommitResult> => {
      const locked = await c.query('SELECT id FROM aicmo_engagements WHERE id = $1 FOR UPDATE', [
        batch.engagementId,
      ]);
      if (locked.rowCount !== 1) return { ok: false, conflicts: [] };
      const heads = await c.query<{ id: string; module: EngagementModule; version: number }>(
        'SELECT id, module, version FROM aicmo_artifacts WHERE engagement_id = $1',
        [batch.engagementId],
      );
      const conflicts = batchConflicts(
        batch,
        new Map(heads.rows.map((h) => [h.module, { id: h.id, version: Number(h.version) }])),
      );
      if (conflicts.length > 0) return { ok: false, conflicts };
      for (const row of batch.writes) {
        if (row.version === 1) {
          await c.query(
            'INSERT INTO aicmo_artifacts (id, engagement_id, module, version, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
            [row.artifact_id, row.engagement_id, row.module, row.version, row.status, row.created_at],
          );
        } else {
          const updated = await c.query(
            'UPDATE aicmo_artifacts SET version = $1, status = $2, updated_at = $3 WHERE id = $4 AND version = $5',
            [row.version, row.status, row.created_at, row.artifact_id, row.version - 1],
          );
          if (updated.rowCount !== 1) throw headsMoved();
        }
        await c.query(insert, columnValues(row));
      }
      return { ok: true };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
