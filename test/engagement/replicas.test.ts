/**
 * Two `aicmo serve` processes (the built CLI) sharing one PostgreSQL
 * database: optimistic locking holds across replicas, and what one writes
 * the other reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactSchema } from '../../src/engagement/index.js';
import { cleanEnv, type ServeProcess, snapshotCli, startServe } from '../cli/helpers.js';
import { streamAndResume } from '../helpers/sse.js';
import { postgresUrl, TestSchemas } from './postgres.js';

const INTAKE = {
  client_name: 'Replicated Inc',
  website: 'https://replicated.example',
  industry: 'Technology',
  geography: 'EU',
  primary_offer: 'Hosted databases',
  objective: 'Leads',
};
const url = postgresUrl('multi-replica engagements');

describe.skipIf(!url)('two aicmo serve replicas on one PostgreSQL (needs AICMO_TEST_DATABASE_URL)', () => {
  const schemas = new TestSchemas(url as string);
  let cli: ReturnType<typeof snapshotCli>;
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    cli = snapshotCli();
    const schema = await schemas.create();
    const db = new URL(url as string);
    db.searchParams.set('options', `-c search_path=${schema}`);
    const env = cleanEnv({ AICMO_DEV_STUBS: '1' });
    [a, b] = await Promise.all([
      startServe(cli.main, ['--db', db.toString(), '--quiet'], env),
      startServe(cli.main, ['--db', db.toString(), '--quiet'], env),
    ]);
  });

  afterAll(async () => {
    for (const s of [a, b]) {
      if (s && s.child.exitCode === null) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
    }
    cli?.cleanup();
    await schemas.dropAll();
  });

  const post = async (base: string, path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it('50 concurrent approves with the same expected_version across both replicas: exactly one 200, the rest 409', async () => {
    const created = await post(a.url, '/api/v1/engagements', { client_name: 'Replicated' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const intake = await post(a.url, `/api/v1/engagements/${id}/modules/intake/generate`, INTAKE);
    expect(intake.status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(i % 2 === 0 ? a.url : b.url, `/api/v1/engagements/${id}/artifacts/${intake.body.id}/approve`, {
          expected_version: 1,
          author: `reviewer-${i}`,
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of answers.filter((x) => x.status === 409)) {
      expect(r.body.error).toMatchObject({ type: 'CONFLICT', details: { current_version: 2 } });
    }

    // Generated through A, visible through B.
    const strategy = await post(a.url, `/api/v1/engagements/${id}/modules/strategy/generate`, {
      campaign_name: 'Spring',
    });
    expect(strategy.status).toBe(201);
    const seen = await (await fetch(`${b.url}/api/v1/engagements/${id}`)).json();
    expect(seen.artifacts.map((x: { module: string; version: number }) => [x.module, x.version])).toEqual([
      ['intake', 2],
      ['strategy', 1],
    ]);
    expect(seen.artifacts[1].lineage.intake.version).toBe(2);
  });

  it('a generate streamed by A resumes through B at every event index (run events in PostgreSQL too)', async () => {
    const created = await post(a.url, '/api/v1/engagements', { client_name: 'Streamed' });
    const id = created.body.id as string;
    const { all, tails } = await streamAndResume(
      a.url,
      b.url,
      `/api/v1/engagements/${id}/modules/intake/generate`,
      INTAKE,
    );
    const last = all[all.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`last event is ${last?.type}`);
    const artifact = ArtifactSchema.parse(last.artifact);
    for (const [k, tail] of tails.entries()) expect(tail).toEqual(all.slice(k));
    // Saved before run.completed, and read back through B.
    const read = await (await fetch(`${b.url}/api/v1/engagements/${id}/artifacts/${artifact.id}`)).json();
    expect(read).toEqual(artifact);
    const cancel = await fetch(`${b.url}/api/v1/runs/${last.envelope.run_id}/cancel`, { method: 'POST' });
    expect([cancel.status, ((await cancel.json()) as { outcome: string }).outcome]).toEqual([200, 'ended']);
  });
});
