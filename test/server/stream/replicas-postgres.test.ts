/**
 * Two reference servers (separate registries and pools) on one PostgreSQL:
 * A generates against a slow upstream (a real OpenAI-compatible SSE server on
 * 127.0.0.1); B serves A's events exactly after Last-Event-ID, tails it live
 * through LISTEN/NOTIFY (or polling when the channel is down), and a cancel
 * sent to B aborts A's upstream fetch. Then a real `kill -9` of a producer
 * process writing to PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openaiCompatibleProvider, ProviderChain } from '../../../src/providers/index.js';
import {
  createReferenceHandler,
  createRunRegistry,
  openPostgresRunEventStore,
  type PostgresRunEventStore,
  type RunRegistry,
  type RunRegistryOptions,
  toNodeListener,
} from '../../../src/server/index.js';
import { type RunEvent, RunEventSchema } from '../../../src/stream/index.js';
import { postgresUrl, TestSchemas } from '../../engagement/postgres.js';
import { closeServer, listenOnLoopback } from '../../helpers/loopback.js';
import { CAMPAIGN } from '../helpers.js';
import { collect } from './helpers.js';

const url = postgresUrl('Run replicas on PostgreSQL');

/** An OpenAI-compatible chat server that streams one word every `delayMs`; counts requests cut short. */
function slowUpstream(words: number, delayMs: number) {
  const seen = { started: 0, finished: 0, aborted: 0 };
  const server = createServer((req, res) => {
    req.resume();
    seen.started++;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    let done = false;
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({
        id: 'c1',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    const timer = setInterval(() => {
      if (i < words) {
        res.write(chunk({ content: `word${i} ` }));
        i++;
        return;
      }
      clearInterval(timer);
      done = true;
      seen.finished++;
      res.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
    }, delayMs);
    res.on('close', () => {
      clearInterval(timer);
      if (!done) seen.aborted++;
    });
  });
  return { server, seen };
}

/** Reads SSE events from a response until it ends or `limit` events arrived. */
async function readEvents(
  response: Response,
  limit = Number.POSITIVE_INFINITY,
  onEvent?: (event: RunEvent) => void,
): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const parser = createParser({
    onEvent: (m) => {
      const event = RunEventSchema.parse(JSON.parse(m.data));
      events.push(event);
      onEvent?.(event);
    },
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  while (events.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  await reader.cancel().catch(() => {});
  return events.slice(0, Math.min(events.length, limit));
}

const failureType = (event: RunEvent | undefined) =>
  event?.type === 'run.failed' ? event.envelope.error.type : event?.type;

describe.skipIf(!url)('replicas sharing PostgreSQL (needs AICMO_TEST_DATABASE_URL)', () => {
  const schemas = new TestSchemas(url as string);
  let schema = '';
  const upstream = slowUpstream(60, 25);
  let upstreamOrigin = '';
  const servers: Server[] = [];
  const registries: RunRegistry[] = [];
  const stores: PostgresRunEventStore[] = [];

  beforeAll(async () => {
    schema = await schemas.create();
    upstreamOrigin = await listenOnLoopback(upstream.server);
  });
  afterEach(async () => {
    for (const registry of registries.splice(0)) registry.close();
    for (const server of servers.splice(0)) await closeServer(server);
    for (const store of stores.splice(0)) await store.close();
  });
  afterAll(async () => {
    await closeServer(upstream.server);
    await schemas.dropAll();
  });

  /** One replica: its own pool, registry and reference server. */
  async function replica(
    runs: RunRegistryOptions = {},
    listenRetryMs?: number,
  ): Promise<{ origin: string; registry: RunRegistry }> {
    const store = await openPostgresRunEventStore(url as string, {
      schema,
      ...(listenRetryMs !== undefined && { listenRetryMs }),
    });
    stores.push(store);
    const registry = createRunRegistry({ store, ...runs });
    registries.push(registry);
    const chain = new ProviderChain({
      providers: [
        openaiCompatibleProvider({
          name: 'local',
          apiKey: 'test-key',
          baseURL: `${upstreamOrigin}/v1`,
          model: 'm',
        }),
      ],
      maxRetries: 0,
    });
    const server = createServer(toNodeListener(createReferenceHandler({ chain, runs: registry })));
    servers.push(server);
    return { origin: await listenOnLoopback(server), registry };
  }

  const start = (origin: string) =>
    fetch(`${origin}/api/v1/campaigns/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(CAMPAIGN),
    });

  it('B serves the events A produces, exactly after Last-Event-ID, its live tail pushed by LISTEN/NOTIFY', async () => {
    const a = await replica({ flushIntervalMs: 20 });
    // Polling could not deliver the tail before the test times out: a live channel re-reads every 200 s only.
    const b = await replica({ pollIntervalMs: 200_000, leaseMs: 600_000 });
    let first: (event: RunEvent) => void = () => {};
    const started = new Promise<RunEvent>((resolve) => {
      first = resolve;
    });
    const reader = readEvents(await start(a.origin), Number.POSITIVE_INFINITY, (event) => first(event));
    const runId = ((await started) as RunEvent & { run_id: string }).run_id;
    // Wait for A to have stored a few deltas, then join through B mid-run.
    let head: readonly RunEvent[] = [];
    while (head.filter((e) => e.type === 'deliverable.delta').length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      head = (await (stores[0] as PostgresRunEventStore).read(runId, 0)) ?? [];
    }
    const cut = head.length;
    const resumed = await fetch(`${b.origin}/api/v1/runs/${runId}/events`, {
      headers: { 'last-event-id': String(cut) },
    });
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get('x-aicmo-stream')).toBe('v1');
    const [all, tail] = await Promise.all([reader, readEvents(resumed)]);
    expect(all[all.length - 1]?.type).toBe('run.completed');
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(tail).toEqual(all.slice(cut));
    expect(tail.length).toBeGreaterThan(3);
    // The whole run, from B, after it ended.
    const whole = await readEvents(await fetch(`${b.origin}/api/v1/runs/${runId}/events`));
    expect(whole).toEqual(all);
  }, 30_000);

  it('with the channel down, B falls back to polling and still serves the whole tail', async () => {
    const a = await replica({ flushIntervalMs: 20 });
    const b = await replica({ pollIntervalMs: 30, leaseMs: 600_000 }, 600_000);
    let first: (event: RunEvent) => void = () => {};
    const started = new Promise<RunEvent>((resolve) => {
      first = resolve;
    });
    const readingA = readEvents(await start(a.origin), Number.POSITIVE_INFINITY, (event) => first(event));
    const runId = ((await started) as RunEvent & { run_id: string }).run_id;
    const following = fetch(`${b.origin}/api/v1/runs/${runId}/events`).then(readEvents);
    // Once A and B both listen, cut every LISTEN connection of this schema's channel; B's store
    // waits 600 s before listening again.
    const listeners = `FROM pg_stat_activity WHERE application_name = 'aicmo-run-listener' AND query = $1`;
    const channel = [`LISTEN "${(stores[1] as PostgresRunEventStore).channel}"`];
    for (let i = 0; i < 500; i++) {
      const count = await schemas.sql(`SELECT count(*)::int AS n ${listeners}`, channel);
      if ((count.rows[0] as { n: number }).n >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const cut = await schemas.sql(`SELECT pg_terminate_backend(pid) ${listeners}`, channel);
    expect(cut.rowCount).toBe(2);
    // Still running: what follows reaches B by polling only.
    expect(a.registry.activeRuns).toBe(1);
    const [all, followed] = await Promise.all([readingA, following]);
    expect(all[all.length - 1]?.type).toBe('run.completed');
    expect(followed).toEqual(all);
  }, 30_000);

  it('a cancel sent to B ends A’s run: A’s upstream fetch is aborted, both see one CANCELLED run.failed', async () => {
    const a = await replica({ flushIntervalMs: 20 });
    const b = await replica({ leaseMs: 600_000 });
    const abortedBefore = upstream.seen.aborted;
    const startedBefore = upstream.seen.started;
    let first: (event: RunEvent) => void = () => {};
    const started = new Promise<RunEvent>((resolve) => {
      first = resolve;
    });
    const reading = readEvents(await start(a.origin), Number.POSITIVE_INFINITY, (event) => first(event));
    const runId = ((await started) as RunEvent & { run_id: string }).run_id;
    // Wait until A is mid-generation (an upstream request open).
    while (upstream.seen.started === startedBefore) await new Promise((resolve) => setTimeout(resolve, 10));
    const following = fetch(`${b.origin}/api/v1/runs/${runId}/events`).then(readEvents);
    const cancel = await fetch(`${b.origin}/api/v1/runs/${runId}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toEqual({ run_id: runId, outcome: 'requested' });
    const [seenByA, seenByB] = await Promise.all([reading, following]);
    expect(failureType(seenByA[seenByA.length - 1])).toBe('CANCELLED');
    expect(seenByB).toEqual(seenByA);
    expect(seenByA.filter((e) => e.type === 'run.failed' || e.type === 'run.completed')).toHaveLength(1);
    while (a.registry.activeRuns > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(upstream.seen.aborted).toBeGreaterThan(abortedBefore);
    // Once ended, a cancel anywhere says so.
    const again = await fetch(`${b.origin}/api/v1/runs/${runId}/cancel`, { method: 'POST' });
    expect([again.status, ((await again.json()) as { outcome: string }).outcome]).toEqual([200, 'ended']);
    const unknown = await fetch(`${b.origin}/api/v1/runs/nope/cancel`, { method: 'POST' });
    expect(unknown.status).toBe(404);
  }, 30_000);

  it('after a kill -9 of the producer process, a resume gets every stored event, then exactly one run.failed', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'producer.ts'), url as string, '300', schema],
      { stdio: ['ignore', 'pipe', 'pipe'] },
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

    const store = await openPostgresRunEventStore(url as string, { schema });
    stores.push(store);
    const stored = (await store.read(runId, 0)) ?? [];
    expect(stored.length).toBeGreaterThan(20);
    const runs = createRunRegistry({ store, pollIntervalMs: 20, leaseMs: 300 });
    registries.push(runs);
    const [first, second] = await Promise.all([
      collect((await runs.open(runId)) as AsyncIterable<RunEvent>),
      collect((await runs.open(runId, { after: 10 })) as AsyncIterable<RunEvent>),
    ]);
    // A transaction the producer had already sent COMMIT for may land just after the kill: what was
    // stored then is a prefix, and the resume holds every persisted event, then the one run.failed.
    const all = (await store.read(runId, 0)) ?? [];
    expect(first.slice(0, stored.length)).toEqual(stored);
    expect(first).toEqual(all);
    expect(first.map((e) => e.seq)).toEqual(first.map((_, i) => i + 1));
    expect(failureType(first[first.length - 1])).toBe('PRODUCER_LOST');
    expect(first.filter((e) => e.type === 'run.failed' || e.type === 'run.completed')).toHaveLength(1);
    expect(second).toEqual(first.slice(10));
  }, 30_000);
});
