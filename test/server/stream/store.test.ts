/**
 * One conformance spec for every RunEventStore (memory, SQLite), and a real
 * `kill -9` of a producer process writing to a SQLite file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFailedEnvelope } from '../../../src/envelope/index.js';
import { isAicmoError } from '../../../src/errors.js';
import {
  createMemoryRunEventStore,
  createRunRegistry,
  type RunEventStore,
} from '../../../src/server/index.js';
import { openSqliteRunEventStore } from '../../../src/server/stream/sqlite-store.js';
import type { RunEvent } from '../../../src/stream/index.js';
import { collect } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aicmo-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const delta = (seq: number): RunEvent => ({ type: 'deliverable.delta', seq, id: 'x', text: `t${seq}` });

const stores: Array<[string, () => Promise<RunEventStore>]> = [
  ['memory', async () => createMemoryRunEventStore()],
  ['sqlite', () => openSqliteRunEventStore(join(dir, `${globalThis.crypto.randomUUID()}.db`))],
];

describe.each(stores)('RunEventStore conformance: %s', (_name, open) => {
  it('appends contiguous batches and reads after any seq, in order', async () => {
    const store = await open();
    await store.append('r1', [delta(1), delta(2)]);
    await store.append('r1', [delta(3)]);
    expect(await store.read('r1', 0)).toEqual([delta(1), delta(2), delta(3)]);
    expect(await store.read('r1', 2)).toEqual([delta(3)]);
    expect(await store.read('r1', 3)).toEqual([]);
    expect(await store.read('r1', 0, 2)).toEqual([delta(1), delta(2)]);
    expect(await store.read('unknown', 0)).toBeUndefined();
  });

  it('refuses a batch that does not continue the sequence, storing none of it', async () => {
    const store = await open();
    await store.append('r1', [delta(1)]);
    const error = await store.append('r1', [delta(2), delta(4)]).catch((e: unknown) => e);
    expect(isAicmoError(error) && error.code).toBe('RUN_EVENT_CONFLICT');
    const again = await store.append('r1', [delta(1)]).catch((e: unknown) => e);
    expect(isAicmoError(again) && again.code).toBe('RUN_EVENT_CONFLICT');
    expect(await store.read('r1', 0)).toEqual([delta(1)]);
    const failed: RunEvent = {
      type: 'run.failed',
      seq: 2,
      envelope: createFailedEnvelope({ module: 'm', runId: 'r1', errorType: 'X', message: 'x', code: 503 }),
    };
    await store.append('r1', [failed]);
    expect(await store.read('r1', 1)).toEqual([failed]);
  });

  it('tracks liveness and purges runs written before a time', async () => {
    const store = await open();
    await store.append('old', [delta(1)]);
    const before = Date.now() + 1;
    await store.touch?.('old', before + 10_000);
    expect(await store.aliveAt?.('old')).toBe(before + 10_000);
    expect(await store.purge(before + 1)).toBe(1);
    expect(await store.read('old', 0)).toBeUndefined();
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
