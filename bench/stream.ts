/**
 * Live progress benchmark: the reference server on `node:http` with a fake
 * upstream whose first token comes at 200 ms, read by `client.stream`.
 *
 * Run alone: `npx tsx bench/stream.ts` (about 30 s). Prints figures; exits 0
 * (1 when an event is dropped).
 * Targets (issue "Live progress"): the first `deliverable.delta` reaches the
 * client at most 5 ms after the upstream produced its first token at the
 * median, 15 ms at p99; 50 concurrent streams drop no event.
 *
 * Server and client share one process and one clock (`performance.now()`),
 * so "upstream first token" and "client first delta" are comparable.
 *
 * With `AICMO_TEST_DATABASE_URL` set (a PostgreSQL), a third table: two
 * servers on one database; replica B follows runs replica A produces
 * (LISTEN/NOTIFY), and resumes them whole once ended. Prints B's lag behind
 * A's own client per event, and the time of a whole-run resume through B.
 */

import { createParser } from 'eventsource-parser';
import pg from 'pg';
import { createBackendClient } from '../src/client/index.js';
import type { GenerateRequest, Provider, ProviderCallOptions, StreamChunk } from '../src/providers/index.js';
import { ProviderChain } from '../src/providers/index.js';
import { openPostgresRunEventStore, startReferenceServer } from '../src/server/index.js';
import type { RunEvent } from '../src/stream/index.js';

const FIRST_TOKEN_MS = 200;
const TOKENS = 30;
const TOKEN_GAP_MS = 4;
const REQUEST = {
  campaign_name: 'Spring Launch',
  objectives: ['Awareness'],
  platforms: ['LinkedIn', 'Instagram'],
  budget: 5000,
  timeline_days: 30,
};

/** Per run: when the upstream sent its first token, and how many deltas it sent. */
const upstream = new Map<string, { first: number; deltas: number }>();

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

const fake: Provider = {
  name: 'fake',
  model: 'fake-1',
  async generate() {
    throw new Error('the bench streams');
  },
  async *stream(request: GenerateRequest, { signal }: ProviderCallOptions): AsyncIterable<StreamChunk> {
    const runId = String(request.metadata?.runId ?? '');
    await sleep(FIRST_TOKEN_MS, signal);
    for (let i = 0; i < TOKENS; i++) {
      if (i > 0) await sleep(TOKEN_GAP_MS, signal);
      const seen = upstream.get(runId) ?? { first: performance.now(), deltas: 0 };
      seen.deltas++;
      upstream.set(runId, seen);
      yield { type: 'delta', text: `word${i} ` };
    }
    yield {
      type: 'done',
      usage: { inputTokens: 100, outputTokens: TOKENS, totalTokens: 100 + TOKENS },
      finishReason: 'stop',
    };
  },
};

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Observed {
  runId: string;
  firstDeltaAt: number;
  events: RunEvent[];
  ok: boolean;
}

async function oneRun(url: string): Promise<Observed> {
  const client = createBackendClient({ baseUrl: url });
  const run = client.stream('campaigns', REQUEST);
  let firstDeltaAt = Number.NaN;
  const events: RunEvent[] = [];
  for await (const event of run) {
    if (event.type === 'deliverable.delta' && Number.isNaN(firstDeltaAt)) firstDeltaAt = performance.now();
    events.push(event);
  }
  const result = await run.result;
  return { runId: run.runId ?? '', firstDeltaAt, events, ok: result.ok };
}

/** Events missing from a run: a seq gap, no terminal event, or fewer deltas than the upstream sent. */
function dropped(o: Observed): number {
  let missing = 0;
  o.events.forEach((e, i) => {
    if (e.seq !== i + 1) missing++;
  });
  if (o.events[o.events.length - 1]?.type !== 'run.completed') missing++;
  const deltas = o.events.filter((e) => e.type === 'deliverable.delta').length;
  missing += Math.max(0, (upstream.get(o.runId)?.deltas ?? 0) - deltas);
  return missing;
}

const server = await startReferenceServer({
  port: 0,
  chain: new ProviderChain({ providers: [fake], maxRetries: 0 }),
});
try {
  // Warm-up (JIT, sockets).
  for (let i = 0; i < 3; i++) await oneRun(server.url);

  const ROUNDS = 60;
  const overheads: number[] = [];
  let failedRuns = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const o = await oneRun(server.url);
    const first = upstream.get(o.runId)?.first;
    if (!o.ok || first === undefined) failedRuns++;
    else overheads.push(o.firstDeltaAt - first);
  }
  const median = percentile(overheads, 50);
  const p99 = percentile(overheads, 99);
  console.log(
    `Time to first deliverable.delta at the client, over the upstream's first token (${FIRST_TOKEN_MS} ms):`,
  );
  console.log('| runs | median | p99 | max | target |');
  console.log('|---|---|---|---|---|');
  console.log(
    `| ${overheads.length} | ${median.toFixed(2)} ms | ${p99.toFixed(2)} ms | ${Math.max(...overheads).toFixed(2)} ms | ≤ 5 ms median, ≤ 15 ms p99: ${median <= 5 && p99 <= 15 ? 'MET' : 'MISSED'} |`,
  );

  const CONCURRENT = 50;
  const started = performance.now();
  const runs = await Promise.all(Array.from({ length: CONCURRENT }, () => oneRun(server.url)));
  const wall = performance.now() - started;
  const lost = runs.reduce((sum, o) => sum + dropped(o), 0);
  const events = runs.reduce((sum, o) => sum + o.events.length, 0);
  const concurrentOverheads = runs.map((o) => o.firstDeltaAt - (upstream.get(o.runId)?.first ?? Number.NaN));
  console.log('');
  console.log(`${CONCURRENT} concurrent streams:`);
  console.log(
    '| streams | events received | dropped | failed runs | first-delta overhead p50 / p99 | wall |',
  );
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| ${CONCURRENT} | ${events} | ${lost} | ${runs.filter((o) => !o.ok).length + failedRuns} | ${percentile(concurrentOverheads, 50).toFixed(2)} / ${percentile(concurrentOverheads, 99).toFixed(2)} ms | ${Math.round(wall)} ms |`,
  );
  process.exitCode = lost === 0 ? 0 : 1;
} finally {
  await server.close();
}

/** Reads a run's events through a server's resume endpoint; each with its arrival time. */
async function follow(
  url: string,
  runId: string,
  after: number,
): Promise<Array<{ seq: number; at: number }>> {
  const response = await fetch(`${url}/api/v1/runs/${runId}/events`, {
    headers: { 'last-event-id': String(after) },
  });
  const seen: Array<{ seq: number; at: number }> = [];
  const parser = createParser({
    onEvent: (m) => seen.push({ seq: (JSON.parse(m.data) as RunEvent).seq, at: performance.now() }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>)
    parser.feed(decoder.decode(chunk, { stream: true }));
  return seen;
}

const databaseUrl = process.env.AICMO_TEST_DATABASE_URL?.trim();
if (databaseUrl) {
  const schema = `aicmo_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const stores = [
    await openPostgresRunEventStore(databaseUrl, { schema }),
    await openPostgresRunEventStore(databaseUrl, { schema }),
  ];
  const chain = new ProviderChain({ providers: [fake], maxRetries: 0 });
  const [a, b] = [
    await startReferenceServer({ port: 0, chain, runStore: stores[0] }),
    await startReferenceServer({ port: 0, chain, runStore: stores[1] }),
  ];
  try {
    const ROUNDS = 20;
    const lags: number[] = [];
    const resumeMs: number[] = [];
    let lost = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const client = createBackendClient({ baseUrl: a.url });
      const run = client.stream('campaigns', REQUEST);
      const atA = new Map<number, number>();
      let following: Promise<Array<{ seq: number; at: number }>> | undefined;
      for await (const event of run) {
        atA.set(event.seq, performance.now());
        if (event.type === 'run.started') following = follow(b.url, event.run_id, 1);
      }
      const atB = (await following) ?? [];
      lost += Math.max(0, atA.size - 1 - atB.length);
      for (const { seq, at } of atB) {
        const sent = atA.get(seq);
        if (sent !== undefined) lags.push(at - sent);
      }
      const started = performance.now();
      const whole = await follow(b.url, run.runId ?? '', 0);
      resumeMs.push(performance.now() - started);
      lost += Math.max(0, atA.size - whole.length);
    }
    console.log('');
    console.log(
      'Replica B on PostgreSQL, following runs replica A produces (LISTEN/NOTIFY, write-behind 100 ms):',
    );
    console.log('| runs | B behind A per event p50 / p99 | whole-run resume through B p50 / p99 | dropped |');
    console.log('|---|---|---|---|');
    console.log(
      `| ${ROUNDS} | ${percentile(lags, 50).toFixed(1)} / ${percentile(lags, 99).toFixed(1)} ms | ${percentile(resumeMs, 50).toFixed(1)} / ${percentile(resumeMs, 99).toFixed(1)} ms | ${lost} |`,
    );
    if (lost > 0) process.exitCode = 1;
  } finally {
    await a.close();
    await b.close();
    for (const store of stores) await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
