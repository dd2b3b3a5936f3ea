/**
 * ProviderChain benchmark: the chain's own overhead per call, and latency /
 * upstream calls under simulated provider faults.
 *
 * Run alone: `npx tsx bench/chain.ts` (about 20 s). Prints figures; exits 0.
 * Targets: overhead < 50 µs per call; with the primary down or hanging, p99
 * within 1.5× of the all-healthy p99 once the circuit is open.
 */
import {
  type GenerateRequest,
  type Provider,
  type ProviderCallOptions,
  ProviderChain,
  type ProviderChainOptions,
  ProviderError,
  type ProviderResult,
} from '../src/providers/index.js';

const request: GenerateRequest = { prompt: 'Write a LinkedIn post about our launch', maxTokens: 200 };
const usage = { inputTokens: 120, outputTokens: 200, totalTokens: 320 };

function result(name: string, model: string): ProviderResult {
  return { text: 'Launch day!', provider: name, model, usage, finishReason: 'stop' };
}

// ---------------------------------------------------------------- overhead

async function overhead(): Promise<{ directUs: number; chainUs: number; overheadUs: number }> {
  const provider: Provider = {
    name: 'openai',
    model: 'gpt-4o-mini',
    async generate(req) {
      return result('openai', req.model ?? 'gpt-4o-mini');
    },
  };
  const chain = new ProviderChain({ providers: [provider, { ...provider, name: 'groq' }] });
  const signal = new AbortController().signal;
  const rounds = 5;
  const n = 20_000;
  let best = { direct: Number.POSITIVE_INFINITY, chain: Number.POSITIVE_INFINITY };
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    for (let i = 0; i < n; i++) await provider.generate(request, { signal });
    const direct = ((performance.now() - t) * 1000) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) await chain.generate(request);
    const viaChain = ((performance.now() - t) * 1000) / n;
    // The first round warms the JIT; keep the best of the rest.
    if (round > 0) best = { direct: Math.min(best.direct, direct), chain: Math.min(best.chain, viaChain) };
  }
  return { directUs: best.direct, chainUs: best.chain, overheadUs: best.chain - best.direct };
}

// ---------------------------------------------------------------- fault scenarios

type Behaviour = (call: number) => 'ok' | '5xx' | 'down' | 'hang' | '429';

interface SimProvider extends Provider {
  calls: number;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
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

/** A provider with ~10 ms latency (±2 ms) and scripted faults. */
function sim(name: string, model: string, behaviour: Behaviour, baseMs = 10): SimProvider {
  const provider: SimProvider = {
    name,
    model,
    calls: 0,
    async generate(req: GenerateRequest, { signal }: ProviderCallOptions) {
      const what = behaviour(provider.calls++);
      if (what === 'down') {
        await wait(1, signal);
        throw new ProviderError('connection refused', { kind: 'network', provider: name });
      }
      if (what === 'hang') await wait(1e9, signal);
      const latency = baseMs - 2 + Math.random() * 4;
      await wait(latency, signal);
      if (what === '5xx')
        throw new ProviderError('upstream 500', { kind: 'server', provider: name, status: 500 });
      if (what === '429') {
        throw new ProviderError('rate limited', {
          kind: 'rate_limit',
          provider: name,
          status: 429,
          retryAfterMs: 20,
        });
      }
      return result(name, req.model ?? model);
    },
  };
  return provider;
}

interface ScenarioResult {
  name: string;
  p50: number;
  p99: number;
  upstreamPerCall: number;
  failures: number;
  primaryShare: number;
  circuitOpens: number;
  steadyP99?: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function scenario(
  name: string,
  primary: Behaviour,
  options: Partial<ProviderChainOptions> = {},
  calls = 600,
  concurrency = 6,
): Promise<ScenarioResult> {
  const a = sim('openai', 'gpt-4o-mini', primary);
  const b = sim('anthropic', 'claude-3-5-haiku', () => 'ok');
  const c = sim('groq', 'llama-3.1-8b-instant', () => 'ok');
  const chain = new ProviderChain({
    providers: [a, b, c],
    timeoutMs: 100,
    deadlineMs: 2_000,
    backoff: { initialDelayMs: 5, maxDelayMs: 40 },
    circuit: { cooldownMs: 1_000 },
    ...options,
  });
  let openedAtCall: number | undefined;
  let started = 0;
  let circuitOpens = 0;
  let byPrimary = 0;
  chain.on('circuitOpen', () => {
    circuitOpens++;
    openedAtCall ??= started;
  });
  const latencies: Array<{ index: number; ms: number }> = [];
  let failures = 0;
  const worker = async () => {
    while (started < calls) {
      const index = started++;
      const t = performance.now();
      try {
        const answer = await chain.generate(request);
        if (answer.provider === 'openai') byPrimary++;
        latencies.push({ index, ms: performance.now() - t });
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const all = latencies.map((l) => l.ms).sort((x, y) => x - y);
  const steady =
    openedAtCall === undefined
      ? undefined
      : latencies
          .filter((l) => l.index > (openedAtCall ?? 0) + concurrency)
          .map((l) => l.ms)
          .sort((x, y) => x - y);
  return {
    name,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    upstreamPerCall: (a.calls + b.calls + c.calls) / calls,
    failures,
    primaryShare: byPrimary / calls,
    circuitOpens,
    ...(steady && steady.length > 0 && { steadyP99: percentile(steady, 99) }),
  };
}

// ---------------------------------------------------------------- main

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits);

async function main(): Promise<void> {
  console.log('ProviderChain bench (in-process providers; simulated latency ~10 ms)\n');

  const o = await overhead();
  console.log('Overhead per call (best of 4 × 20,000 sequential calls):');
  console.log(`  direct provider call   ${fmt(o.directUs, 2)} µs`);
  console.log(`  through the chain      ${fmt(o.chainUs, 2)} µs`);
  console.log(
    `  chain overhead         ${fmt(o.overheadUs, 2)} µs   target < 50 µs: ${o.overheadUs < 50 ? 'met' : 'MISSED'}\n`,
  );

  const rows: ScenarioResult[] = [];
  rows.push(await scenario('all healthy', () => 'ok'));
  rows.push(await scenario('primary down (connection refused)', () => 'down'));
  rows.push(await scenario('primary hanging (every request)', () => 'hang'));
  rows.push(await scenario('primary hanging 10%', () => (Math.random() < 0.1 ? 'hang' : 'ok')));
  rows.push(
    await scenario('primary hanging 10%, hedgeAfterMs 25', () => (Math.random() < 0.1 ? 'hang' : 'ok'), {
      hedgeAfterMs: 25,
    }),
  );
  rows.push(await scenario('primary 30% 5xx', () => (Math.random() < 0.3 ? '5xx' : 'ok')));
  rows.push(
    await scenario('primary 429 (Retry-After 20 ms) 20%', () => (Math.random() < 0.2 ? '429' : 'ok')),
  );

  console.log(
    'Scenario (600 calls, 6 concurrent)         p50 ms   p99 ms  upstream/call  failed  by primary  circuit opens  p99 once open',
  );
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(40)} ${fmt(r.p50).padStart(7)} ${fmt(r.p99).padStart(8)} ${fmt(r.upstreamPerCall, 2).padStart(14)} ${String(r.failures).padStart(7)} ${`${fmt(r.primaryShare * 100, 0)}%`.padStart(11)} ${String(r.circuitOpens).padStart(14)}  ${fmt(r.steadyP99).padStart(13)}`,
    );
  }
  const healthy = rows[0]!.p99;
  console.log('\nOnce the circuit is open (target: p99 within 1.5× of all-healthy p99):');
  for (const r of rows.slice(1, 3)) {
    const ratio = (r.steadyP99 ?? Number.NaN) / healthy;
    console.log(`  ${r.name.padEnd(40)} ${fmt(ratio, 2)}×   ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
  }
}

await main();
