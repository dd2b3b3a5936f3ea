/**
 * The RunEventStore conformance spec on PostgreSQL (AICMO_TEST_DATABASE_URL;
 * in CI a missing URL fails the file instead of skipping it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  describeFailure,
  isRunError,
  openPostgresRunEventStore,
  type PostgresRunEventStore,
} from '../../../src/server/index.js';
import { postgresUrl, TestSchemas } from '../../engagement/postgres.js';
import { refusedOrigin } from '../../helpers/loopback.js';
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

describe('PostgreSQL run event store that cannot connect', () => {
  it('rejects with RUN_STORE_UNAVAILABLE (503), naming the driver error, never the password', async () => {
    const port = new URL(await refusedOrigin()).port;
    const error = await openPostgresRunEventStore(`postgres://aicmo:s3cret-pw@127.0.0.1:${port}/nowhere`, {
      connectTimeoutMs: 2000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRunError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RUN_STORE_UNAVAILABLE', store: 'postgres' });
    expect(String((error as Error).message)).toMatch(/ECONNREFUSED/);
    expect(String((error as Error).message)).not.toContain('s3cret-pw');
    expect(describeFailure(error)).toMatchObject({ status: 503, type: 'RUN_STORE_UNAVAILABLE' });
  });
});
