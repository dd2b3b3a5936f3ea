/**
 * aicmo/client benchmark: requests per second through `backendPostJson`
 * beside raw `fetch`, in the same run, against a local node:http server on
 * 127.0.0.1 (in a worker thread, so it has its own core and event loop).
 *
 * Raw fetch does the least a caller could: POST the JSON, read the body and
 * `JSON.parse` it. `backendPostJson` adds everything it promises: ky, a fresh
 * UUID v4 trace id, the deadline, the CONTRACT §2 mapping and a full zod
 * validation of the envelope.
 *
 * Run alone: `npx tsx bench/client.ts` (about 15 s). Prints figures; exits 0.
 * Target: backendPostJson ≥ 0.9× raw fetch. With an instant server the
 * client's own CPU is all there is to measure, so that row is the strict
 * one; the 5 ms row is closer to a real backend (an LLM call takes seconds).
 */
import { Worker } from 'node:worker_threads';
import ky from 'ky';
import { backendPostJson, createBackendClient } from '../src/client/index.js';
import { createSuccessEnvelope } from '../src/envelope/index.js';

const PATH = '/api/v1/campaigns/generate';
const payload = {
  campaign_name: 'Spring launch',
  objectives: ['Awareness', 'Engagement'],
  platforms: ['LinkedIn', 'Instagram'],
  budget: 5000,
  timeline_days: 30,
};
const envelope = createSuccessEnvelope({
  module: 'campaigns',
  provider: 'openai',
  model: 'gpt-4o-mini',
  costUsd: 0.0042,
  tokensUsed: 1800,
  deliverables: [
    { kind: 'campaign_brief', title: 'Brief', contentMarkdown: `# Spring launch\n\n${'Plan. '.repeat(150)}` },
    {
      kind: 'linkedin_post',
      title: 'LinkedIn',
      contentMarkdown: 'We are live! '.repeat(40),
      platform: 'linkedin',
    },
    {
      kind: 'instagram_post',
      title: 'Instagram',
      contentMarkdown: 'New season. '.repeat(30),
      platform: 'instagram',
    },
    { kind: 'email_copy', title: 'Email', contentMarkdown: 'Dear customer, '.repeat(60) },
  ],
});

const SERVER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const body = Buffer.from(workerData.body);
const thinkMs = workerData.thinkMs;
const answer = (res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
};
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => (thinkMs > 0 ? setTimeout(answer, thinkMs, res) : answer(res)));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', (m) => { if (m === 'close') { server.closeAllConnections(); server.close(() => process.exit(0)); } });
`;

async function startServer(thinkMs: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const worker = new Worker(SERVER, { eval: true, workerData: { body: JSON.stringify(envelope), thinkMs } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

type Call = () => Promise<unknown>;

/** Runs `total` calls with `concurrency` in flight; returns requests per second. */
async function throughput(call: Call, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        await call();
      }
    }),
  );
  return (total / (performance.now() - started)) * 1000;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface Scenario {
  title: string;
  thinkMs: number;
  concurrency: number;
  rounds: number;
  perRound: number;
}

async function run(scenario: Scenario, counters: { failures: number }): Promise<void> {
  const server = await startServer(scenario.thinkMs);
  const url = `${server.url}${PATH}`;
  const body = JSON.stringify(payload);
  const headers = { 'content-type': 'application/json' };

  const raw: Call = async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'x-trace-id': crypto.randomUUID() },
      body,
    });
    const data: unknown = JSON.parse(await res.text());
    if (!res.ok || data === null) counters.failures += 1;
  };
  // ky alone (no mapping, no validation), to show which part of the overhead is ky's.
  const kyOnly: Call = async () => {
    const pending = ky(url, { method: 'post', headers, body, retry: 0, timeout: 10_000 });
    await pending;
    JSON.parse(await pending.text());
  };
  const viaFunction: Call = async () => {
    const result = await backendPostJson(PATH, payload, { baseUrl: server.url, timeoutMs: 10_000 });
    if (!result.ok) counters.failures += 1;
  };
  const client = createBackendClient({ baseUrl: server.url, timeoutMs: 10_000 });
  const viaClient: Call = async () => {
    const result = await client.generateCampaign(payload);
    if (!result.ok) counters.failures += 1;
  };

  const modes: [string, Call, boolean][] = [
    ['raw fetch + JSON.parse', raw, false],
    ['ky alone (reference)', kyOnly, false],
    ['backendPostJson', viaFunction, true],
    ['client.generateCampaign', viaClient, true],
  ];
  const { concurrency, rounds, perRound } = scenario;
  const best = new Map<string, number>();
  for (const [, call] of modes) await throughput(call, Math.min(200, perRound), concurrency); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of modes) {
      const rps = await throughput(call, perRound, concurrency);
      best.set(name, Math.max(best.get(name) ?? 0, rps));
    }
  }
  await server.stop();
  const baseline = best.get(modes[0]![0])!;
  console.log(`${scenario.title} (best of ${rounds} × ${fmt(perRound)} calls, ${concurrency} in flight):`);
  for (const [name, , target] of modes) {
    const rps = best.get(name)!;
    const ratio = rps / baseline;
    const verdict = target ? `   target ≥ 0.90×: ${ratio >= 0.9 ? 'met' : 'MISSED'}` : '';
    console.log(
      `  ${name.padEnd(26)} ${fmt(rps).padStart(7)} req/s  ${fmt(ratio, 2).padStart(5)}×${verdict}`,
    );
  }
  console.log('');
}

async function main(): Promise<void> {
  console.log(
    `aicmo/client bench: POST ${PATH} to node:http on 127.0.0.1 (worker thread), envelope ${fmt(JSON.stringify(envelope).length)} bytes; ` +
      'modes interleaved, best round kept; ratios against raw fetch in the same scenario\n',
  );
  const counters = { failures: 0 };
  const scenarios: Scenario[] = [
    { title: 'Instant server, sequential', thinkMs: 0, concurrency: 1, rounds: 3, perRound: 800 },
    { title: 'Instant server', thinkMs: 0, concurrency: 8, rounds: 3, perRound: 1_200 },
    { title: 'Server taking 5 ms', thinkMs: 5, concurrency: 8, rounds: 3, perRound: 300 },
  ];
  for (const scenario of scenarios) await run(scenario, counters);
  console.log(`Failed calls: ${counters.failures}`);
}

await main();
