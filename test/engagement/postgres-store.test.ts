import { describe, expect, it } from 'vitest';
import {
  ENGAGEMENT_STORE_SCHEMA_VERSION,
  isEngagementStoreError,
  openPostgresStore,
} from '../../src/engagement/index.js';
import { storeConformance } from './conformance.js';
import { postgresUrl, TestSchemas } from './postgres.js';

const url = postgresUrl('PostgreSQL store');

describe.skipIf(!url)('PostgreSQL store (needs AICMO_TEST_DATABASE_URL)', () => {
  const schemas = new TestSchemas(url as string);
  let last = '';

  storeConformance({
    name: 'postgres',
    open: async () => {
      last = await schemas.create();
      return openPostgresStore(url as string, { schema: last, maxConnections: 4 });
    },
    reopen: () => openPostgresStore(url as string, { schema: last, maxConnections: 4 }),
    propertyRuns: 12,
    afterAll: () => schemas.dropAll(),
  });

  it('applies each migration once when 5 replicas open an empty database at the same time', async () => {
    const schema = await schemas.create();
    const stores = await Promise.all(
      Array.from({ length: 5 }, () => openPostgresStore(url as string, { schema, maxConnections: 1 })),
    );
    for (const store of stores) await store.close();
    const applied = await schemas.sql(
      `SELECT version FROM ${schema}.aicmo_schema_migrations ORDER BY version`,
    );
    expect(applied.rows.map((r) => r.version)).toEqual([1]);
    await schemas.dropAll();
  });

  it('refuses a newer schema with STORE_SCHEMA_TOO_NEW before writing anything', async () => {
    const schema = await schemas.create();
    await schemas.sql(
      `CREATE TABLE ${schema}.aicmo_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    await schemas.sql(`INSERT INTO ${schema}.aicmo_schema_migrations VALUES (7, 'future', '2030-01-01')`);
    const error = await openPostgresStore(url as string, { schema }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isEngagementStoreError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'STORE_SCHEMA_TOO_NEW',
      found: 7,
      supported: ENGAGEMENT_STORE_SCHEMA_VERSION,
    });
    const tables = await schemas.sql(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(['aicmo_schema_migrations']);
    await schemas.dropAll();
  });

  it('answers STORE_UNAVAILABLE without the password when the server refuses', async () => {
    const error = await openPostgresStore('postgres://aicmo:s3cret-pw@127.0.0.1:1/none', {
      connectTimeoutMs: 2000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', store: 'postgres' });
    expect(String((error as Error).message)).not.toContain('s3cret-pw');
  });
});
