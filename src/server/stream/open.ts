/**
 * `openRunEventStore`: one entry point for the run event stores, from the
 * same location string the engagement store takes (`aicmo serve --db`).
 */
import { openPostgresRunEventStore, type PostgresRunEventStoreOptions } from './postgres-store.js';
import { openSqliteRunEventStore, type SqliteRunEventStoreOptions } from './sqlite-store.js';
import { createMemoryRunEventStore, type RunEventStore } from './store.js';

/** Options of {@link openRunEventStore} (each applies to its store). */
export interface OpenRunEventStoreOptions extends SqliteRunEventStoreOptions, PostgresRunEventStoreOptions {}

/** A run event store opened by {@link openRunEventStore}; `close()` releases it. */
export interface ClosableRunEventStore extends RunEventStore {
  /** Which store. */
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** Releases the file or the connections. */
  close(): Promise<void>;
}

/**
 * Opens a run event store from a location, as the engagement store's
 * `openEngagementStore` takes it: `memory` (this process only),
 * `postgres://…` or `postgresql://…` (PostgreSQL through `pg`: replicas
 * resume, follow and cancel each other's runs), anything else a file path
 * (embedded `node:sqlite`; `file:` prefix allowed; the engagement store's
 * file is fine: the tables differ).
 *
 * @example
 * ```ts
 * const where = process.env.AICMO_DB ?? 'aicmo-engagements.db'
 * const runs = createRunRegistry({ store: await openRunEventStore(where) })
 * ```
 */
export async function openRunEventStore(
  location: string,
  options: OpenRunEventStoreOptions = {},
): Promise<ClosableRunEventStore> {
  const where = typeof location === 'string' ? location.trim() : '';
  if (where === '')
    throw new RangeError('Give a run store location: a file path, "memory", or a postgres:// URL.');
  if (where === 'memory' || where === ':memory:') {
    return Object.assign(createMemoryRunEventStore(), { kind: 'memory' as const, close: async () => {} });
  }
  if (/^postgres(ql)?:\/\//i.test(where)) {
    return Object.assign(await openPostgresRunEventStore(where, options), { kind: 'postgres' as const });
  }
  const sqlite = await openSqliteRunEventStore(where.replace(/^file:(\/\/)?/i, ''), options);
  const closeFile = sqlite.close.bind(sqlite);
  return Object.assign(sqlite, { kind: 'sqlite' as const, close: async () => closeFile() });
}
