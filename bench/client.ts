/**
 * aicmo/client benchmark: requests per second through `backendPostJson`
 * beside raw `fetch`, in the same run, against a local node:http server on
 * 127.0.0.1. The server runs in a child process, so it has its own core and
 * the CPU time measured here is the client's alone.
 *
 * Raw fetch does the least a caller could: serialize the payload, POST it,
 * read the body and `JSON.parse` it. `backendPostJson` adds everything it
 * promises: a fresh UUID v4 trace id, the deadline (a timer and an abort
 * signal), the CONTRACT §2 mapping and a full zod validation of the envelope.
 * A call with no retry on the global fetch takes its single-attempt path;
 * ky (retries, custom fetch) is the "ky alone" row. "fetch + deadline + zod"
 * is the floor: raw fetch plus just the deadline and the validation, by hand.
 *
 * Run alone: `npx tsx bench/client.ts` (about 20 s on an idle machine). Prints figures; exits 0.
 * Target: backendPostJson ≥ 0.9× raw fetch. With an instant server the
 * client's own CPU is all there is to measure, so those rows are the strict
 * ones; the 5 ms row is closer to a real backend (an LLM call takes seconds).
 * Wall-clock figures move with the machine's load (printed); client CPU per
 * call is steadier.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ky from 'ky';
import { backendPostJson, createBackendClient } from '../src/client/index.js';
import { createSuccessEnvelope, DeliverablesEnvelopeSchema } from '../src/envelope/index.js';

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
const body = Buffer.from(process.env.BENCH_BODY);
const thinkMs = Number(process.env.BENCH_THINK_MS);
const answer = (res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
};
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => (thinkMs > 0 ? setTimeout(answer, thinkMs, res) : answer(res)));
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

async function startServer(thinkMs: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', SERVER], {
    env: { ...process.env, BENCH_BODY: JSON.stringify(envelope), BENCH_THINK_MS: String(thinkMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number.parseInt(chunk.toString(), 10)));
    child.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}

type Call = () => Promise<unknown>;

// A full GC before each measured batch, so that no mode pays for the garbage the
// previous one left in the shared heap (ky's, above all). Each batch still pays
// for every collection its own allocations trigger while it runs.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Runs `total` calls with `concurrency` in flight: requests per second and client CPU µs per call. */
async function measure(
  call: Call,
  total: number,
  concurrency: number,
): Promise<{ rps: number; cpuUs: number }> {
  collectGarbage();
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        await call();
      }
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { rps: (total / wall) * 1000, cpuUs: (used.user + used.system) / total };
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
  const headers = { 'content-type': 'application/json' };

  const raw: Call = async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'x-trace-id': crypto.randomUUID() },
      body: JSON.stringify(payload),
    });
    const data: unknown = JSON.parse(await res.text());
    if (!res.ok || data === null) counters.failures += 1;
  };
  const floor: Call = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'x-trace-id': crypto.randomUUID() },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      const parsed = DeliverablesEnvelopeSchema.safeParse(JSON.parse(await res.text()));
      if (!res.ok || !parsed.success) counters.failures += 1;
    } finally {
      clearTimeout(timer);
    }
  };
  const kyOnly = kyCall(url, headers);
  const viaFunction: Call = async () => {
    const result = await backendPostJson(PATH, payload, { baseUrl: server.url, timeoutMs: 10_000 });
    if (!result.ok) counters.failures += 1;
  };
  const client = createBackendClient({ baseUrl: server.url, timeoutMs: 10_000 });
  const viaClient: Call = async () => {
    const result = await client.generateCampaign(payload);
    if (!result.ok) counters.failures += 1;
  };

  const modes: [name: string, call: Call, target: boolean][] = [
    ['raw fetch + JSON.parse', raw, false],
    ['fetch + deadline + zod', floor, false],
    ['ky alone (reference)', kyOnly, false],
    ['backendPostJson', viaFunction, true],
    ['client.generateCampaign', viaClient, true],
  ];
  const { concurrency, rounds, perRound } = scenario;
  const rps = new Map<string, number>();
  const cpu = new Map<string, number>();
  for (const [, call] of modes) await measure(call, Math.min(200, perRound), concurrency); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of modes) {
      const m = await measure(call, perRound, concurrency);
      rps.set(name, Math.max(rps.get(name) ?? 0, m.rps));
      cpu.set(name, Math.min(cpu.get(name) ?? Number.POSITIVE_INFINITY, m.cpuUs));
    }
  }
  await server.stop();
  const [baseName] = modes[0]!;
  console.log(`${scenario.title} (best of ${rounds} × ${fmt(perRound)} calls, ${concurrency} in flight):`);
  for (const [name, , target] of modes) {
    const ratio = rps.get(name)! / rps.get(baseName)!;
    const extra = cpu.get(name)! - cpu.get(baseName)!;
    const verdict = target ? `   target ≥ 0.90×: ${ratio >= 0.9 ? 'met' : 'MISSED'}` : '';
    console.log(
      `  ${name.padEnd(24)} ${fmt(rps.get(name)!).padStart(6)} req/s ${fmt(ratio, 2).padStart(5)}×` +
        `   CPU ${fmt(cpu.get(name)!).padStart(4)} µs/call${name === baseName ? '' : ` (${extra >= 0 ? '+' : ''}${fmt(extra)})`}${verdict}`,
    );
  }
  console.log('');
}

/** The "ky alone" reference: one POST through ky (no retry), body parsed. */
function kyCall(url: string, headers: Record<string, string>): Call {
  return async () => {
    const pending = ky(url, {
      method: 'post',
      headers,
      body: JSON.stringify(payload),
      retry: 0,
      timeout: 10_000,
    });
    await pending;
    JSON.parse(await pending.text());
  };
}

/**
 * The client's own cost, free of sockets and machine load: the global fetch
 * is replaced by an in-memory one that answers at once, and each mode runs
 * sequentially. Returns µs per call (best of several rounds).
 */
async function inMemoryOverhead(): Promise<[string, number][]> {
  const text = JSON.stringify(envelope);
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => new Response(text, { headers: { 'content-type': 'application/json' } });
  const url = `http://backend.test${PATH}`;
  const headers = { 'content-type': 'application/json' };
  const modes: [string, Call][] = [
    [
      'raw fetch + JSON.parse',
      async () =>
        JSON.parse(
          await (await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload) })).text(),
        ),
    ],
    ['ky alone (reference)', kyCall(url, headers)],
    ['backendPostJson', () => backendPostJson(PATH, payload, { baseUrl: 'http://backend.test' })],
  ];
  const best = new Map<string, number>();
  try {
    for (let round = 0; round < 6; round++) {
      for (const [name, call] of modes) {
        const n = 3_000;
        collectGarbage();
        const started = performance.now();
        for (let i = 0; i < n; i++) await call();
        const us = ((performance.now() - started) * 1000) / n;
        if (round > 0) best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, us));
      }
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  return modes.map(([name]) => [name, best.get(name)!]);
}

async function main(): Promise<void> {
  console.log(
    `aicmo/client bench: POST ${PATH} to node:http on 127.0.0.1 (child process), envelope ` +
      `${fmt(JSON.stringify(envelope).length)} bytes; modes interleaved, best round kept; ` +
      `load average ${loadavg()
        .map((n) => fmt(n, 1))
        .join(' ')}\n`,
  );
  const overhead = await inMemoryOverhead();
  console.log('Per call with an in-memory fetch (no socket; best of 5 × 3,000 sequential calls):');
  for (const [name, us] of overhead) {
    const extra = us - overhead[0]![1];
    console.log(
      `  ${name.padEnd(24)} ${fmt(us, 1).padStart(6)} µs${name === overhead[0]![0] ? '' : ` (+${fmt(extra, 1)} µs)`}`,
    );
  }
  console.log('');
  const counters = { failures: 0 };
  const scenarios: Scenario[] = [
    { title: 'Instant server, sequential', thinkMs: 0, concurrency: 1, rounds: 5, perRound: 400 },
    { title: 'Instant server', thinkMs: 0, concurrency: 8, rounds: 5, perRound: 700 },
    { title: 'Server taking 5 ms', thinkMs: 5, concurrency: 8, rounds: 3, perRound: 300 },
  ];
  for (const scenario of scenarios) await run(scenario, counters);
  console.log(`Failed calls: ${counters.failures}`);
}

await main();
