import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ENGAGEMENT_STORE_SCHEMA_VERSION,
  isEngagementStoreError,
  openEngagementStore,
  openSqliteStore,
} from '../../src/engagement/index.js';
import { storeConformance } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'aicmo-sqlite-'));
let n = 0;
let last = '';

storeConformance({
  name: 'sqlite',
  open: () => {
    last = join(dir, `store-${++n}.db`);
    return openSqliteStore(last);
  },
  reopen: () => openSqliteStore(last),
  propertyRuns: 20,
});

describe('sqlite store specifics', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets WAL mode and a busy timeout on every connection', async () => {
    const file = join(dir, 'pragmas.db');
    const store = await openEngagementStore(file, { busyTimeoutMs: 4321 });
    expect(store.kind).toBe('sqlite');
    await store.close();
    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
  });

  it('refuses a newer schema with STORE_SCHEMA_TOO_NEW before writing anything', async () => {
    const file = join(dir, 'newer.db');
    const db = new DatabaseSync(file);
    db.exec(
      'CREATE TABLE aicmo_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    db.prepare('INSERT INTO aicmo_schema_migrations VALUES (?, ?, ?)').run(
      99,
      'future',
      '2030-01-01T00:00:00Z',
    );
    db.close();
    const error = await openSqliteStore(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isEngagementStoreError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'STORE_SCHEMA_TOO_NEW',
      found: 99,
      supported: ENGAGEMENT_STORE_SCHEMA_VERSION,
    });
    const check = new DatabaseSync(file);
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables.map((t) => t.name)).toEqual(['aicmo_schema_migrations']);
    expect(check.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'delete' });
    check.close();
  });

  it('records each migration once', async () => {
    const file = join(dir, 'once.db');
    for (let i = 0; i < 3; i++) await (await openSqliteStore(file)).close();
    const db = new DatabaseSync(file);
    expect(
      db
        .prepare('SELECT version FROM aicmo_schema_migrations')
        .all()
        .map((r) => r.version),
    ).toEqual([1]);
    db.close();
  });

  it('answers STORE_INVALID_LOCATION for an empty location and STORE_UNAVAILABLE for an unopenable file', async () => {
    await expect(openEngagementStore(' ')).rejects.toMatchObject({ code: 'STORE_INVALID_LOCATION' });
    await expect(openSqliteStore(join(dir, 'missing-dir', 'x.db'))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
  });
});
