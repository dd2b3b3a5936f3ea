/** One entry point for every store: a location string picks it. */
import { EngagementStoreError } from '../errors.js';
import type { EngagementStore } from '../store.js';
import { createMemoryStore } from './memory.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite.js';

/** Options of {@link openEngagementStore} (each applies to its store). */
export interface OpenStoreOptions extends SqliteStoreOptions, PostgresStoreOptions {}

/**
 * Opens a store from a location, as `aicmo serve --db` takes it:
 * `memory` (in-process, lost on exit), `postgres://…` or `postgresql://…`
 * (PostgreSQL through `pg`), anything else a file path (embedded
 * `node:sqlite`; `file:` prefix allowed).
 *
 * @example
 * ```ts
 * const store = await openEngagementStore(process.env.AICMO_DB ?? 'aicmo-engagements.db')
 * ```
 */
export async function openEngagementStore(
  location: string,
  options: OpenStoreOptions = {},
): Promise<EngagementStore> {
  const where = typeof location === 'string' ? location.trim() : '';
  if (where === '') {
    throw new EngagementStoreError(
      'STORE_INVALID_LOCATION',
      'Give a store location: a file path, "memory", or a postgres:// URL.',
      { store: 'unknown' },
    );
  }
  if (where === 'memory' || where === ':memory:') return createMemoryStore();
  if (/^postgres(ql)?:\/\//i.test(where)) return openPostgresStore(where, options);
  return openSqliteStore(where.replace(/^file:(\/\/)?/i, ''), options);
}
