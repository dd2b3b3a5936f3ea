/**
 * `pg` plumbing shared by the PostgreSQL stores (engagements here, run
 * events in `src/server/stream`): the optional peer loaded on first use, the
 * pool settings, and the schema-name check. @internal
 */
import type { Pool, PoolClient } from 'pg';
import { isAicmoError } from '../../errors.js';

/** The `pg` module. */
export type PgModule = typeof import('pg');

/** A specifier bundlers leave alone, so that the entries bundle for browsers without `pg`. */
const PG: string = 'pg';

/**
 * Loads the optional `pg` peer; `missing(cause)` builds the error thrown
 * when it is not installed (each store names itself).
 */
export async function loadPg(missing: (cause: unknown) => Error): Promise<PgModule> {
  try {
    const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ PG)) as PgModule & {
      default?: PgModule;
    };
    return mod.default ?? mod;
  } catch (error) {
    throw missing(error);
  }
}

/** True when `schema` is a lower-case SQL identifier (safe to splice into SQL and a channel name). */
export function isSchemaName(schema: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(schema);
}

/** Settings of {@link createPgPool}. */
export interface PgPoolSettings {
  /** Connections in the pool. */
  readonly maxConnections: number;
  /** Time allowed to connect, in ms. */
  readonly connectTimeoutMs: number;
  /** Schema (search_path) of every connection; checked with {@link isSchemaName} first. */
  readonly schema?: string | undefined;
}

/** Connection options for a pool or a lone client (the `search_path` set to the schema). */
export function pgConnectionConfig(
  connectionString: string,
  settings: Pick<PgPoolSettings, 'connectTimeoutMs' | 'schema'>,
): { connectionString: string; connectionTimeoutMillis: number; options?: string } {
  return {
    connectionString,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    ...(settings.schema !== undefined && { options: `-c search_path=${settings.schema}` }),
  };
}

/** A pool whose idle clients' errors (a server restart) do not crash the process. */
export function createPgPool(pg: PgModule, connectionString: string, settings: PgPoolSettings): Pool {
  const pool = new pg.Pool({
    ...pgConnectionConfig(connectionString, settings),
    max: settings.maxConnections,
  });
  // An idle client's error must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/** A driver error's code and first 200 characters, for a message (never the URL or a password). */
export function describePgError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  return `${code ?? (error instanceof Error ? error.name : 'error')}: ${
    error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200)
  }`;
}

/**
 * Runs `work` in one transaction on a pooled client: `begin` opens it (e.g.
 * `BEGIN READ ONLY`), COMMIT on success, ROLLBACK on failure, and a client
 * whose rollback failed is dropped from the pool. A failure to connect or a
 * driver error goes through `fail` (the store's own error); aicmo errors
 * thrown by `work` pass through unchanged.
 */
export async function inPgTransaction<T>(
  pool: Pool,
  begin: string,
  work: (client: PoolClient) => Promise<T>,
  fail: (error: unknown) => Error,
): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw fail(error);
  }
  let broken = false;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw isAicmoError(error) ? error : fail(error);
  } finally {
    client.release(broken);
  }
}
