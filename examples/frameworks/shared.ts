/**
 * What the framework examples share: an offline stub chain, and a short
 * demo that calls a running backend (one campaign, then `/health`).
 */
import { ProviderChain, stubProvider } from '../../src/providers/index.js';

/** Deterministic stub providers: no API key needed. With keys, use `providerChainFromEnv()`. */
export function exampleChain(): ProviderChain {
  return new ProviderChain({ providers: [stubProvider({ latencyMs: 5 })] });
}

/** True when `import.meta.url` is the script being run (not imported by a test). */
export function isMain(url: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && new URL(url).pathname.replace(/\.ts$/, '') === entry.replace(/\.ts$/, '');
}

/** Asks `base` (e.g. `http://127.0.0.1:3000/aicmo`) for a campaign and its health, and prints both. */
export async function demo(name: string, base: string): Promise<void> {
  const response = await fetch(`${base}/api/v1/campaigns/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trace-id': `${name}-demo` },
    body: JSON.stringify({
      campaign_name: 'Spring Launch',
      objectives: ['Awareness'],
      platforms: ['LinkedIn'],
      budget: 5000,
      timeline_days: 30,
    }),
  });
  const envelope = (await response.json()) as { status: string; deliverables: Array<{ kind: string }> };
  console.log(
    `${name}: POST ${base}/api/v1/campaigns/generate → ${response.status} ${envelope.status}: ${envelope.deliverables.map((d) => d.kind).join(', ')}`,
  );
  const health = await fetch(`${base}/health`);
  console.log(
    `${name}: GET ${base}/health → ${health.status} ${((await health.json()) as { status: string }).status}`,
  );
}
