import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/engagement/index.js';
import { serviceOver } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aicmo-procs-'));
const ROOT = join(import.meta.dirname, '..', '..');
const WRITER = join(import.meta.dirname, 'writer-process.ts');

const NODE22 = join(ROOT, 'node_modules', 'node22', 'bin', 'node');
const children: ChildProcess[] = [];

function writer(file: string, engagementId: string, tag: string, count: number, node = process.execPath) {
  // Node itself with tsx's loader (not the tsx wrapper), so that SIGKILL hits the writing process.
  const child = spawn(node, ['--import', 'tsx', WRITER, file, engagementId, tag, String(count)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  );
  return { child, done, lines: () => out.split('\n').filter((l) => l.startsWith('applied')) };
}

async function seeded(file: string) {
  const store = await openSqliteStore(file);
  const service = serviceOver(store);
  const { id } = await service.createEngagement({ clientName: 'Acme' });
  const intake = await service.generate(id, 'intake', {});
  await store.close();
  return { id, artifactId: intake.id };
}

function waitFor(check: () => boolean, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error('the writer exited before writing'));
      }
    }, 20);
  });
}

describe('node:sqlite store across processes', () => {
  afterAll(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('5 processes opening an empty file at once all come up, and each migration is applied once', async () => {
    const file = join(dir, 'boot.db');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => writer(file, '-', `boot${i}`, 0).done),
    );
    expect(results.map((r) => [r.code, r.err])).toEqual(Array.from({ length: 5 }, () => [0, '']));
    const db = new DatabaseSync(file);
    expect(
      db
        .prepare('SELECT version FROM aicmo_schema_migrations')
        .all()
        .map((r) => r.version),
    ).toEqual([1]);
    db.close();
  });

  it("keeps Node 22's ExperimentalWarning about SQLite out of the output", async () => {
    const file = join(dir, 'node22.db');
    const result = await writer(file, '-', 'node22', 0, NODE22).done;
    expect(result.code).toBe(0);
    expect(result.out).toContain('done node22');
    expect(result.err).toBe('');
  });

  it('two processes on one file lose no update and never answer "database is locked"', async () => {
    const file = join(dir, 'shared.db');
    const { id, artifactId } = await seeded(file);
    const a = writer(file, id, 'a', 60);
    const b = writer(file, id, 'b', 60);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.err + rb.err).not.toMatch(/locked|busy/i);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const store = await openSqliteStore(file);
    const view = await serviceOver(store).getEngagement(id);
    await store.close();
    const versions = view.versions[artifactId] ?? [];
    expect(versions).toHaveLength(1 + 120);
    const texts = view.artifacts[0]?.review.items[0]?.amendments.map((m) => m.newText) ?? [];
    expect(texts.sort()).toEqual(
      [
        ...Array.from({ length: 60 }, (_, i) => `a-${i}`),
        ...Array.from({ length: 60 }, (_, i) => `b-${i}`),
      ].sort(),
    );
  });

  it('after kill -9 during writes the store opens and nothing half-written is visible', async () => {
    const file = join(dir, 'crash.db');
    const { id, artifactId } = await seeded(file);
    const w = writer(file, id, 'k', 100_000);
    await waitFor(() => w.lines().length >= 40, w.child);
    w.child.kill('SIGKILL');
    await w.done;
    const acknowledged = w.lines().length;
    const store = await openSqliteStore(file);
    const view = await serviceOver(store).getEngagement(id);
    await store.close();
    const artifact = view.artifacts[0];
    const versions = view.versions[artifactId] ?? [];
    // Every acknowledged write is there (at most one more that committed before its line was printed).
    expect(artifact?.version).toBeGreaterThanOrEqual(1 + acknowledged);
    expect(artifact?.version).toBeLessThanOrEqual(2 + acknowledged);
    // The head and the version rows agree: no head without its row, no row past the head.
    expect(versions.map((v) => v.version)).toEqual(
      Array.from({ length: artifact?.version ?? 0 }, (_, i) => i + 1),
    );
    expect(artifact?.review.items[0]?.amendments).toHaveLength((artifact?.version ?? 1) - 1);
    const db = new DatabaseSync(file);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });
});
