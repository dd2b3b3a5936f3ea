/**
 * Reference server throughput and memory: the campaign endpoint on stub
 * providers (3 deliverables per request), the server in its own process,
 * closed-loop clients on keep-alive connections.
 *
 * Run alone: `npx tsx bench/server-load.ts` (about 2 min; `BENCH_SOAK_S=10` for a short soak;
 * `BENCH_NODE_FLAGS='--max-old-space-size=64'` passes V8 flags to the server process).
 * Prints the server's RSS after a 10 s warm-up and after a 60 s soak, both
 * at 50 concurrent, then requests/s and p50/p99 latency at 10, 50 and 200
 * concurrent.
 * Target: RSS after the soak within 1.5× of RSS after warm-up.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

const BODY = JSON.stringify({
  campaign_name: 'Spring Launch',
  objectives: ['Awareness'],
  platforms: ['LinkedIn', 'Instagram'],
  budget: 5000,
  timeline_days: 30,
});
const PHASE_S = Number(process.env.BENCH_PHASE_S ?? 8);
const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 60);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One POST on a keep-alive connection; resolves with the status once the body is read. */
function post(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/campaigns/generate`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': BODY.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

/** `concurrency` clients posting back to back for `seconds`; latencies in ms and failures. */
async function load(url: string, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  const reasons = new Map<string, number>();
  const note = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const end = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      try {
        const status = await post(url);
        if (status !== 200) note(`HTTP ${status}`);
      } catch (error) {
        note((error as NodeJS.ErrnoException).code ?? String(error));
      }
      latencies.push(performance.now() - started);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  const failures = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(', ') || '0';
  return {
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
  };
}

type Memory = NodeJS.MemoryUsage;

function memoryOf(child: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as Memory));
    child.send('rss');
  });
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const describeMemory = (m: Memory) =>
  `RSS ${mb(m.rss)} MB (after a full GC: V8 heap ${mb(m.heapUsed)} MB used of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB)`;

const child = fork(join(import.meta.dirname, 'internal', 'reference-server.ts'), [], {
  execArgv: [
    '--import',
    'tsx',
    '--expose-gc',
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ],
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const url = await new Promise<string>((resolve) => {
  child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
});

const WARM_S = Number(process.env.BENCH_WARM_S ?? 10);
await load(url, 50, WARM_S);
const warm = await memoryOf(child);
console.log(`after warm-up (${WARM_S} s at 50 concurrent): ${describeMemory(warm)}`);
const soak = await load(url, 50, SOAK_S);
const after = await memoryOf(child);
console.log(
  `after a ${SOAK_S} s soak at 50 concurrent (${soak.rps.toFixed(0)} requests/s, p99 ${soak.p99.toFixed(1)} ms, failures ${soak.failures}): ${describeMemory(after)}`,
);
console.log(`RSS ×${(after.rss / warm.rss).toFixed(2)} of warm-up (target ≤ 1.5)`);

console.log('\n| concurrent | requests/s | p50 ms | p99 ms | failures |\n|---|---|---|---|---|');
for (const concurrency of [10, 50, 200]) {
  await load(url, concurrency, 2); // open the connections first: steady state, not a connection burst
  const r = await load(url, concurrency, PHASE_S);
  console.log(
    `| ${concurrency} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failures} |`,
  );
}
child.send('stop');
agent.destroy();
