/**
 * The RunEventStore conformance spec on PostgreSQL (AICMO_TEST_DATABASE_URL;
 * in CI a missing URL fails the file instead of skipping it).
 */
import { afterAll, describe } from 'vitest';
import { openPostgresRunEventStore, type PostgresRunEventStore } from '../../../src/server/index.js';
import { postgresUrl, TestSchemas } from '../../engagement/postgres.js';
import { runStoreConformance } from './store-conformance.js';

const url = postgresUrl('PostgreSQL run event store');

describe.skipIf(!url)('PostgreSQL run event store (needs AICMO_TEST_DATABASE_URL)', () => {
  const schemas = new TestSchemas(url as string);
  afterAll(() => schemas.dropAll());
  runStoreConformance({
    name: 'postgres',
    open: async () => openPostgresRunEventStore(url as string, { schema: await schemas.create() }),
    close: (store) => (store as PostgresRunEventStore).close(),
    pushes: true,
  });
});
