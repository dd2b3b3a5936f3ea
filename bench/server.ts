/**
 * Reference server benchmark: the campaign endpoint on `node:http` with a
 * stub chain, under concurrency and with hostile connections open.
 *
 * Run alone: `npx tsx bench/server.ts` (about 10 s). Prints figures; exits 0.
 * Targets: 200 concurrent requests all answered with valid envelopes; heap
 * after GC flat over 2,000 requests (growth < 16 MB); 50 slow-drip connections do not move
 * the p99 of healthy requests by more than 2×; every slow-drip connection is
 * answered 408 within bodyTimeoutMs + 1 s.
 */
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { validateDeliverablesEnvelope } from '../src/envelope/index.js';
import { ProviderChain, stubProvider } from '../src/providers/index.js';
import { startReferenceServer } from '../src/server/index.js';

const BODY = JSON.stringify({
  campaign_name: 'Spring Launch',
  objectives: ['Awareness'],
  platforms: ['LinkedIn', 'Instagram'],
  budget: 5000,
  timeline_days: 30,
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function wave(url: string, n: number): Promise<{ latencies: number[]; invalid: number }> {
  let invalid = 0;
  const latencies = await Promise.all(
    Array.from({ length: n }, async () => {
      const started = performance.now();
      const response = await fetch(`${url}/api/v1/campaigns/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
      });
      const json: unknown = await response.json();
      if (response.status !== 200 || !validateDeliverablesEnvelope(json).valid) invalid++;
      return performance.now() - started;
    }),
  );
  return { latencies, invalid };
}

/** Opens `n` connections that send headers and then one body byte every 100 ms; resolves with the time each got 408. */
function slowDrips(url: string, n: number): Promise<number[]> {
  const { port } = new URL(url);
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<number>((resolve) => {
          const started = performance.now();
          const socket = connect(Number(port), '127.0.0.1');
          socket.on('error', () => {});
          socket.write(
            `POST /api/v1/campaigns/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`,
          );
          let i = 0;
          const drip = setInterval(() => {
            if (!socket.destroyed) socket.write(BODY[i++ % BODY.length] as string);
          }, 100);
          let text = '';
          socket.on('data', (chunk) => {
            text += chunk.toString();
          });
          socket.on('close', () => {
            clearInterval(drip);
            resolve(text.startsWith('HTTP/1.1 408') ? performance.now() - started : Number.NaN);
          });
        }),
    ),
  );
}

const chain = new ProviderChain({ providers: [stubProvider({ latencyMs: 5 })], maxRetries: 0 });
const bodyTimeoutMs = 2_000;
const server = await startReferenceServer({ chain, port: 0, bodyTimeoutMs });

await wave(server.url, 50); // warm-up
const concurrent = await wave(server.url, 200);
console.log(
  `200 concurrent: invalid ${concurrent.invalid}, p50 ${percentile(concurrent.latencies, 50).toFixed(1)} ms, p99 ${percentile(concurrent.latencies, 99).toFixed(1)} ms`,
);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};
const heaps = [heap()];
for (let i = 0; i < 10; i++) {
  await wave(server.url, 200);
  heaps.push(heap());
}
console.log(
  `heap after GC, every 200 requests (MB): ${heaps.map((h) => h.toFixed(1)).join(' ')}; growth over 2,000 requests ${((heaps.at(-1) ?? 0) - (heaps[1] ?? 0)).toFixed(1)} MB`,
);

const baseline = await wave(server.url, 100);
const drips = slowDrips(server.url, 50);
await new Promise((resolve) => setTimeout(resolve, 200));
const underAttack = await wave(server.url, 100);
const dripTimes = await drips;
const answered = dripTimes.filter((t) => !Number.isNaN(t));
console.log(
  `p99 healthy: ${percentile(baseline.latencies, 99).toFixed(1)} ms alone, ${percentile(underAttack.latencies, 99).toFixed(1)} ms with 50 slow-drip connections (invalid ${underAttack.invalid})`,
);
console.log(
  `slow-drip connections answered 408: ${answered.length}/50, slowest after ${Math.max(...answered).toFixed(0)} ms (bodyTimeoutMs ${bodyTimeoutMs})`,
);

await server.close();
