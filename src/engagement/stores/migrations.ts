/**
 * The store schema's migrations, one SQL script per version, shared by the
 * `node:sqlite` and PostgreSQL stores (the SQL is kept portable). Applied on
 * open, each in its own transaction under a lock; a database with a version
 * above the newest here is refused (STORE_SCHEMA_TOO_NEW). @internal
 */
import { EngagementStoreError } from '../errors.js';
import { ENGAGEMENT_STORE_SCHEMA_VERSION } from '../store.js';

/** One migration: its version (1, 2, ...), a name, and its statements. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** Name of the table recording applied migrations. */
export const MIGRATIONS_TABLE = 'aicmo_schema_migrations';

/** Creates the migrations table (inside the lock). */
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`;

/** Every migration, oldest first; the last one's version is {@link ENGAGEMENT_STORE_SCHEMA_VERSION}. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'engagements, artifacts and artifact versions',
    statements: [
      `CREATE TABLE aicmo_engagements (
        id TEXT PRIMARY KEY,
        client_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      'CREATE INDEX aicmo_engagements_by_client ON aicmo_engagements (client_name, created_at)',
      'CREATE INDEX aicmo_engagements_by_time ON aicmo_engagements (created_at)',
      `CREATE TABLE aicmo_artifacts (
        id TEXT PRIMARY KEY,
        engagement_id TEXT NOT NULL REFERENCES aicmo_engagements (id),
        module TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (engagement_id, module)
      )`,
      `CREATE TABLE aicmo_artifact_versions (
        artifact_id TEXT NOT NULL REFERENCES aicmo_artifacts (id),
        engagement_id TEXT NOT NULL,
        module TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        approved_at TEXT,
        approved_by TEXT,
        lineage TEXT NOT NULL,
        inputs_hash TEXT NOT NULL,
        event TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (artifact_id, version)
      )`,
      'CREATE INDEX aicmo_artifact_versions_by_engagement ON aicmo_artifact_versions (engagement_id, artifact_id, version)',
    ],
  },
];

/** Throws STORE_SCHEMA_TOO_NEW when the database is newer than this package. */
export function refuseNewer(found: number, store: string): void {
  if (found > ENGAGEMENT_STORE_SCHEMA_VERSION) {
    throw new EngagementStoreError(
      'STORE_SCHEMA_TOO_NEW',
      `This ${store} database has engagement schema version ${found}, newer than the ${ENGAGEMENT_STORE_SCHEMA_VERSION} this aicmo supports: it was written by a newer aicmo. Upgrade aicmo, or use another database.`,
      { store, found, supported: ENGAGEMENT_STORE_SCHEMA_VERSION },
    );
  }
}
