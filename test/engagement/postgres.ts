/** The test PostgreSQL: AICMO_TEST_DATABASE_URL, one fresh schema per store. */
import pg from 'pg';
import { inCi } from '../helpers/ci.js';

/** The test database URL, or undefined (warns; in CI, throws so the file fails instead of skipping). */
export function postgresUrl(suite: string): string | undefined {
  const url = process.env.AICMO_TEST_DATABASE_URL?.trim();
  if (url) return url;
  const missing = `${suite}: AICMO_TEST_DATABASE_URL is not set (e.g. postgres://aicmo:aicmo@127.0.0.1:5432/aicmo_test).`;
  if (inCi())
    throw new Error(
      `${missing} CI must run the PostgreSQL tests (.ci/run starts the server), so this fails instead of skipping.`,
    );
  console.warn(`${missing} Skipped (not in CI).`);
  return undefined;
}

/** Creates and drops throw-away schemas in the test database. */
export class TestSchemas {
  readonly #url: string;
  readonly #created: string[] = [];

  constructor(url: string) {
    this.#url = url;
  }

  /** A new empty schema's name. */
  async create(): Promise<string> {
    const name = `aicmo_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await this.sql(`CREATE SCHEMA ${name}`);
    this.#created.push(name);
    return name;
  }

  /** Runs SQL on a short-lived connection. */
  async sql(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
    const client = new pg.Client({ connectionString: this.#url });
    await client.connect();
    try {
      return await client.query(text, params);
    } finally {
      await client.end();
    }
  }

  /** Drops every schema this instance created. */
  async dropAll(): Promise<void> {
    for (const name of this.#created.splice(0)) await this.sql(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  }
}
