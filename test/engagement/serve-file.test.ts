/**
 * `aicmo serve --db FILE` as real processes: two servers on one file lose no
 * update and never answer "database is locked"; a server killed with
 * SIGKILL mid-write leaves a store that opens with nothing half-written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Artifact } from '../../src/engagement/index.js';
import { openSqliteStore } from '../../src/engagement/index.js';
import { cleanEnv, type ServeProcess, snapshotCli, startServe } from '../cli/helpers.js';
import { streamAndResume } from '../helpers/sse.js';
import { serviceOver } from './helpers.js';

const INTAKE = {
  client_name: 'Filed Inc',
  website: 'https://filed.example',
  industry: 'Technology',
  geography: 'EU',
  primary_offer: 'Files',
  objective: 'Leads',
};

const dir = mkdtempSync(join(tmpdir(), 'aicmo-serve-file-'));
let cli: ReturnType<typeof snapshotCli>;
const servers: ServeProcess[] = [];

beforeAll(() => {
  cli = snapshotCli();
});
afterAll(async () => {
  for (const s of servers) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  }
  cli?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(file: string): Promise<ServeProcess> {
  const s = await startServe(cli.main, ['--db', file, '--quiet'], cleanEnv({ AICMO_DEV_STUBS: '1' }));
  servers.push(s);
  return s;
}

async function post(base: string, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Amends until `count` amendments are applied, re-reading on 409; returns the statuses that were neither 200 nor 409. */
async function amender(base: string, id: string, tag: string, count: number, applied: string[]) {
  const odd: string[] = [];
  for (let i = 0; i < count; i++) {
    for (;;) {
      const view = await (await fetch(`${base}/api/v1/engagements/${id}`)).json();
      const artifact = view.artifacts[0] as Artifact;
      const res = await post(base, `/api/v1/engagements/${id}/artifacts/${artifact.id}/amend`, {
        expected_version: artifact.version,
        deliverable_id: artifact.envelope.deliverables[0]?.id,
        content_markdown: `${tag}-${i}`,
      });
      if (res.status === 200) {
        applied.push(`${tag}-${i}`);
        break;
      }
      if (res.status !== 409) {
        odd.push(`${res.status} ${res.body?.error?.type}: ${res.body?.error?.message}`);
        break;
      }
    }
  }
  return odd;
}

describe('aicmo serve --db FILE', () => {
  it('keeps streamed runs in the same file: a run streamed by one server resumes through another at every event index', async () => {
    const file = join(dir, 'runs.db');
    const [a, b] = await Promise.all([serve(file), serve(file)]);
    const created = await post(a.url, '/api/v1/engagements', { client_name: 'Streamed Inc' });
    const id = created.body.id as string;
    const { all, tails } = await streamAndResume(
      a.url,
      b.url,
      `/api/v1/engagements/${id}/modules/intake/generate`,
      INTAKE,
    );
    expect(all[all.length - 1]?.type).toBe('run.completed');
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    for (const [k, tail] of tails.entries()) expect(tail).toEqual(all.slice(k));
  });

  it('two servers on one file lose no update and never answer "database is locked"', async () => {
    const file = join(dir, 'two.db');
    const [a, b] = await Promise.all([serve(file), serve(file)]);
    const { body: engagement } = await post(a.url, '/api/v1/engagements', { client_name: 'Filed' });
    const intake = await post(a.url, `/api/v1/engagements/${engagement.id}/modules/intake/generate`, INTAKE);
    expect(intake.status).toBe(201);
    const applied: string[] = [];
    const odd = (
      await Promise.all([
        amender(a.url, engagement.id, 'a', 25, applied),
        amender(b.url, engagement.id, 'b', 25, applied),
      ])
    ).flat();
    expect(odd).toEqual([]);
    const view = await (await fetch(`${b.url}/api/v1/engagements/${engagement.id}`)).json();
    expect(view.artifacts[0].version).toBe(1 + 50);
    const texts = view.artifacts[0].review.items[0].amendments.map((x: { newText: string }) => x.newText);
    expect([...texts].sort()).toEqual([...applied].sort());
    expect(a.stderr() + b.stderr()).not.toMatch(/locked|SQLITE_BUSY/i);
  });

  it('after kill -9 mid-write the server restarts on the file and nothing half-written is visible', async () => {
    const file = join(dir, 'crash.db');
    const first = await serve(file);
    const { body: engagement } = await post(first.url, '/api/v1/engagements', { client_name: 'Crash' });
    await post(first.url, `/api/v1/engagements/${engagement.id}/modules/intake/generate`, INTAKE);
    const applied: string[] = [];
    let finished = false;
    const writing = amender(first.url, engagement.id, 'k', 1000, applied)
      .catch(() => [])
      .finally(() => {
        finished = true;
      });
    while (applied.length < 20 && !finished) await new Promise((r) => setTimeout(r, 10));
    expect(finished).toBe(false);
    first.child.kill('SIGKILL');
    await first.exited;
    await writing;

    const again = await serve(file);
    const view = await (await fetch(`${again.url}/api/v1/engagements/${engagement.id}`)).json();
    const artifact = view.artifacts[0];
    // Every acknowledged write survived; at most the one in flight was committed without an answer.
    expect(artifact.version).toBeGreaterThanOrEqual(1 + applied.length);
    expect(artifact.version).toBeLessThanOrEqual(2 + applied.length);
    expect(view.versions[artifact.id].map((v: { version: number }) => v.version)).toEqual(
      Array.from({ length: artifact.version }, (_, i) => i + 1),
    );
    again.child.kill('SIGTERM');
    await again.exited;
    const store = await openSqliteStore(file);
    const direct = await serviceOver(store).getEngagement(engagement.id);
    await store.close();
    expect(direct.artifacts[0]?.review.items[0]?.amendments).toHaveLength(artifact.version - 1);
  });
});
