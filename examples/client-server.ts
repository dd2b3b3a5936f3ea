/**
 * The whole loop in one process, offline: a reference backend on stub
 * providers, called by the typed client.
 *
 *   npx tsx examples/client-server.ts
 *
 * 1. starts the reference server (`POST /api/v1/campaigns/generate`, `GET /health`)
 *    on a free port, with deterministic stub providers: no API key needed;
 * 2. asks it for a campaign with `client.generateCampaign(...)` and prints the deliverables;
 * 3. shows that failures are typed results, not exceptions: a timeout, a
 *    connection error and a request the server rejects.
 *
 * With real keys the same code runs on real models: replace the chain with
 * `providerChainFromEnv()` (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...).
 */
import { type BackendResult, createBackendClient } from '../src/client/index.js';
import { ProviderChain, stubProvider } from '../src/providers/index.js';
import { startReferenceServer } from '../src/server/index.js';

const short = process.env.AICMO_EXAMPLE_SMOKE === '1';
const previewLines = short ? 3 : 6;

/** One line describing any result, success or failure. */
function describe(result: BackendResult): string {
  const trace = `trace ${result.traceId.slice(0, 8)}…`;
  if (!result.ok) {
    const { type, code, message } = result.error;
    return `ok: false · ${type} (${code}) · ${message} · ${trace}`;
  }
  const { status, deliverables, meta } = result.envelope;
  const tokens = meta.tokens_used ?? 0;
  return `ok: true · ${status} · ${deliverables.length} deliverables · ${meta.provider} (${meta.model}) · ${tokens.toLocaleString('en-US')} tokens · ${Math.round(result.durationMs)} ms · ${trace}`;
}

function preview(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, previewLines);
}

// A stub chain: deterministic marketing copy, with a little latency so it feels real.
const chain = new ProviderChain({
  providers: [stubProvider({ name: 'stub', model: 'stub-1', latencyMs: 20 })],
  prices: { 'stub-1': { input: 0, output: 0 } }, // stubs cost nothing
});
const server = await startReferenceServer({ chain, port: 0 });
const client = createBackendClient({ baseUrl: server.url, timeoutMs: 10_000 });

try {
  console.log('aicmo · client ↔ server in one process (offline, stub providers)\n');
  console.log(`1. Reference backend listening at ${server.url}`);
  console.log(`   POST ${server.url}/api/v1/campaigns/generate · GET ${server.url}/health\n`);

  // 2. A campaign: a brief, one post per platform, and an email.
  const request = {
    campaign_name: 'Aurora Launch',
    product: 'Aurora, a smart desk lamp',
    brand: 'Lumen & Co',
    target_audience: 'remote workers',
    objectives: ['Awareness', 'Pre-orders'],
    platforms: ['LinkedIn', 'Instagram'],
    budget: 5000,
    timeline_days: 30,
  };
  console.log(
    "2. client.generateCampaign({ campaign_name: 'Aurora Launch', platforms: ['LinkedIn', 'Instagram'], … })",
  );
  const result = await client.generateCampaign(request);
  console.log(`   → ${describe(result)}\n`);
  if (!result.ok) throw new Error(`the campaign call failed: ${result.error.type}`);
  for (const deliverable of result.envelope.deliverables) {
    console.log(`   ┌ ${deliverable.kind} · ${deliverable.title}`);
    for (const line of preview(deliverable.content_markdown)) console.log(`   │ ${line}`);
    const tags = deliverable.hashtags?.length ? ` · ${deliverable.hashtags.join(' ')}` : '';
    console.log(`   └ ${deliverable.content_markdown.length} chars${tags}\n`);
  }

  // 3a. A timeout: a backend that takes 2 s, a call that allows 200 ms.
  const slow = await startReferenceServer({
    chain: new ProviderChain({ providers: [stubProvider({ latencyMs: 2_000 })] }),
    port: 0,
  });
  console.log('3. Failures are typed results: no try/catch, always a trace id.');
  console.log('   a) a backend that needs 2 s: generateCampaign(request, { timeoutMs: 200 })');
  const slowClient = createBackendClient({ baseUrl: slow.url });
  const timedOut = await slowClient.generateCampaign(request, { timeoutMs: 200 });
  console.log(`      → ${describe(timedOut)}`);
  await slow.close();

  // 3b. A connection error: the slow backend is closed now, nothing listens on its port.
  console.log('   b) a backend that is not running');
  const refused = await slowClient.generateCampaign(request);
  console.log(`      → ${describe(refused)}`);

  // 3c. A request the server rejects: a 422 with a FAILED envelope naming each bad field.
  console.log(
    "   c) a request the server rejects: postJson(path, { campaign_name: 'Aurora', platforms: [] })",
  );
  const rejected = await client.postJson('/api/v1/campaigns/generate', {
    campaign_name: 'Aurora',
    platforms: [],
  });
  console.log(`      → ${describe(rejected)}`);
  const failed = rejected.ok ? undefined : rejected.error.envelope;
  if (failed?.status === 'FAILED') {
    const issues = (failed.error.details?.issues ?? []) as Array<{ path: string }>;
    console.log(
      `      the body is a FAILED envelope: error.type ${failed.error.type}, bad fields: ${issues.map((i) => i.path).join(', ')}`,
    );
  }

  console.log('\nNext: run the same backend from the command line and check it:');
  console.log('   npm run build   # once, in a clone: builds the aicmo CLI');
  console.log('   AICMO_DEV_STUBS=1 npx aicmo serve --port 8000');
  console.log('   npx aicmo smoke --url http://127.0.0.1:8000');
} finally {
  await server.close();
}
