/**
 * The RunEventStore conformance spec on the memory and SQLite stores, and a
 * real `kill -9` of a producer process writing to a SQLite file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMemoryRunEventStore,
  createRunRegistry,
  openRunEventStore,
} from '../../../src/server/index.js';
import {
  openSqliteRunEventStore,
  type SqliteRunEventStore,
} from '../../../src/server/stream/sqlite-store.js';
import type { RunEvent } from '../../../src/stream/index.js';
import { collect, envelopeFor } from './helpers.js';
import { delta, runStoreConformance } from './store-conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'aicmo-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreConformance({ name: 'memory', open: async () => createMemoryRunEventStore(), pushes: true });
runStoreConformance({
  name: 'sqlite',
  open: () => openSqliteRunEventStore(join(dir, `${globalThis.crypto.randomUUID()}.db`)),
  close: (store) => (store as SqliteRunEventStore).close(),
  pushes: false,
});

describe('retention through the store', () => {
  it('a finished run stays whole in the store for retentionMs; the registry purges only runs older than that', async () => {
    const shared = createMemoryRunEventStore();
    const purged: number[] = [];
    const store = {
      ...shared,
      purge: (before: number) => {
        purged.push(before);
        return shared.purge(before);
      },
    };
    const retentionMs = 3_600_000;
    const a = createRunRegistry({ store, retentionMs, flushIntervalMs: 5 });
    const b = createRunRegistry({ store });
    const { runId } = a.start({
      module: 'test',
      traceId: 't',
      deliverables: [],
      execute: async ({ emit, runId: id }) => {
        emit({ type: 'deliverable.delta', id: 'x', text: 'hello' });
        return envelopeFor(id, ['x']);
      },
    });
    const produced = await collect((await a.open(runId)) as AsyncIterable<RunEvent>);
    // Another replica, after the end: the whole run.
    expect(await collect((await b.open(runId)) as AsyncIterable<RunEvent>)).toEqual(produced);
    // The purge asked for forgets only what was written more than retentionMs ago.
    const before = purged[0] as number;
    expect(Date.now() - before).toBeGreaterThanOrEqual(retentionMs);
    expect(Date.now() - before).toBeLessThan(retentionMs + 60_000);
    expect(await shared.purge(before)).toBe(0);
    expect(await collect((await b.open(runId)) as AsyncIterable<RunEvent>)).toEqual(produced);
    a.close();
    b.close();
  });
});

describe('openRunEventStore', () => {
  it('opens the store a location names, and the SQLite one shares a file with other tables', async () => {
    const memory = await openRunEventStore('memory');
    expect(memory.kind).toBe('memory');
    const path = join(dir, 'shared.db');
    const file = await openRunEventStore(`file:${path}`);
    expect(file.kind).toBe('sqlite');
    await file.append('r', [delta(1)]);
    await file.close();
    const again = await openRunEventStore(path);
    expect(await again.read('r', 0)).toEqual([delta(1)]);
    await again.close();
    await expect(openRunEventStore('  ')).rejects.toThrow(/location/);
  });
});

describe('a producer killed with SIGKILL', () => {
  it('leaves every stored event readable, then exactly one run.failed PRODUCER_LOST, from another process', async () => {
    const path = join(dir, 'killed.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'producer.ts'), path, '300'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const runId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { runId: string }).runId);
      });
      child.once('exit', (code) => reject(new Error(`producer exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const store = await openSqliteRunEventStore(path);
    const stored = (await store.read(runId, 0)) ?? [];
    expect(stored.length).toBeGreaterThan(20);
    const runs = createRunRegistry({ store, pollIntervalMs: 20, leaseMs: 300 });
    const [first, second] = await Promise.all([
      collect((await runs.open(runId)) as AsyncIterable<RunEvent>),
      collect((await runs.open(runId, { after: 10 })) as AsyncIterable<RunEvent>),
    ]);
    runs.close();
    expect(first.slice(0, stored.length)).toEqual(stored);
    expect(first.map((e) => e.seq)).toEqual(first.map((_, i) => i + 1));
    const last = first[first.length - 1];
    expect(last?.type === 'run.failed' && last.envelope.error.type).toBe('PRODUCER_LOST');
    expect(first).toHaveLength(stored.length + 1);
    expect(second).toEqual(first.slice(10));
    store.close();
  });
});
