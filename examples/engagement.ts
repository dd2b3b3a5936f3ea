/**
 * The main job, offline: one client engagement run through the operator
 * modules with a human approval between steps, stored in the embedded
 * database (a `node:sqlite` file), on deterministic stub providers.
 *
 *   npm start            (or: npx tsx examples/engagement.ts [file.db])
 *
 * 1. opens (or creates) the embedded engagement store, `aicmo-engagements.db`
 *    in the current folder unless a path is given;
 * 2. starts the reference server on it, on stub providers: no API key, no
 *    database server;
 * 3. through the typed client: creates an engagement, then for intake →
 *    strategy → creatives → execution generates the module (gated on the
 *    approvals before it) and approves it, as the reviewer would;
 * 4. exports the engagement as Markdown next to the database.
 *
 * Run it again: the file keeps every engagement (versions, approvals,
 * lineage). With real keys the same code runs on real models: start the
 * server with `providerChainFromEnv()` (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...)
 * or run `npx aicmo serve`.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createBackendClient, type EngagementResult } from '../src/client/index.js';
import { openEngagementStore } from '../src/engagement/index.js';
import { ProviderChain, stubProvider } from '../src/providers/index.js';
import { startReferenceServer } from '../src/server/index.js';

const short = process.env.AICMO_EXAMPLE_SMOKE === '1';
const file = resolve(process.argv[2] ?? 'aicmo-engagements.db');

/** The value of a call, or a typed failure printed and the example stopped. */
function must<T>(what: string, result: EngagementResult<T>): T {
  if (result.ok) return result.value;
  const { type, code, message } = result.error;
  console.error(`${what} failed: ${type} (${code}): ${message}`);
  process.exitCode = 1;
  throw new Error(`${what} failed`);
}

const store = await openEngagementStore(file);
const chain = new ProviderChain({
  providers: [stubProvider({ name: 'stub', model: 'stub-1', latencyMs: short ? 5 : 40 })],
  prices: { 'stub-1': { input: 0, output: 0 } },
});
const server = await startReferenceServer({ chain, port: 0, engagementStore: store });
const client = createBackendClient({ baseUrl: server.url, timeoutMs: 30_000 });

try {
  console.log('aicmo · an engagement through the operator, offline (stub providers)\n');
  console.log(`Embedded database: ${file}`);
  console.log(`Reference server:  ${server.url}\n`);

  const engagement = must(
    'create the engagement',
    await client.engagements.create({ client_name: 'Northwind Dental' }),
  );
  console.log(`Engagement ${engagement.id} for ${engagement.client_name}\n`);

  const brand = {
    client_name: 'Northwind Dental',
    industry: 'Healthcare',
    primary_offer: 'Invisible aligners with same-week 3D scans',
    target_audience: 'Busy professionals aged 25-45',
    tone_voice: 'warm, expert, plain-spoken',
  };
  const steps: ReadonlyArray<[string, Record<string, unknown>]> = [
    [
      'intake',
      {
        ...brand,
        website: 'https://northwind-dental.example',
        geography: 'Greater Manchester, UK',
        objective: 'Lead Generation',
        pain_points: 'Worried about cost and visible braces',
        duration_weeks: 12,
      },
    ],
    [
      'strategy',
      {
        campaign_name: 'Aligner Launch Q1',
        objectives: ['Lead Gen', 'Brand Awareness'],
        platforms: ['LinkedIn', 'Instagram', 'Email'],
        budget: 10_000,
        currency: 'GBP',
        brand_context: brand,
      },
    ],
    [
      'creatives',
      {
        topic: 'Invisible aligners for busy professionals',
        platforms: ['LinkedIn', 'Instagram'],
        brand_context: { client_name: brand.client_name, target_audience: brand.target_audience },
      },
    ],
    [
      'execution',
      {
        campaign_id: 'cmp_aligner_launch_q1',
        campaign_name: 'Aligner Launch Q1',
        selected_jobs: ['linkedin_posts_week1', 'ig_posts_week1', 'email_sequence'],
        start_date: '2026-01-05',
        platforms: ['LinkedIn', 'Instagram', 'Email'],
      },
    ],
  ];

  // Strategy is gated on an approved intake: asking first is a typed 409.
  const early = await client.engagements.generate(engagement.id, 'strategy', steps[1]![1]);
  if (!early.ok)
    console.log(
      `Gating: strategy before an approved intake → ${early.error.type} (HTTP ${early.error.code}, waits for: ${String(early.error.details?.missing ?? '?')})\n`,
    );

  for (const [n, [module, request]] of steps.entries()) {
    const started = performance.now();
    const artifact = must(
      `generate ${module}`,
      await client.engagements.generate(engagement.id, module, request),
    );
    const ms = Math.round(performance.now() - started);
    console.log(
      `${n + 1}. ${module}: v${artifact.version} ${artifact.status} · ${artifact.envelope.deliverables.length} deliverables · ${ms} ms`,
    );
    for (const d of artifact.envelope.deliverables.slice(0, short ? 2 : undefined))
      console.log(`   - [${d.kind}] ${d.title}`);
    const lineage = Object.entries(artifact.lineage)
      .map(([upstream, link]) => `${upstream} v${link?.version}`)
      .join(', ');
    if (lineage) console.log(`   built from ${lineage}`);
    const approved = must(
      `approve ${module}`,
      await client.engagements.approve(engagement.id, artifact.id, {
        expected_version: artifact.version,
        author: 'reviewer@northwind.example',
      }),
    );
    console.log(`   approved → v${approved.version} ${approved.status}\n`);
  }

  const exported = must('export', await client.engagements.export(engagement.id, { format: 'md' }));
  const out = join(dirname(file), exported.fileName);
  await writeFile(out, exported.content);
  const all = must('list', await client.engagements.list({ limit: 100 }));
  console.log(`Exported ${out} (${exported.content.length.toLocaleString('en-US')} chars).`);
  console.log(`${file} now holds ${all.engagements.length} engagement(s); run again to add another.`);
} finally {
  await server.close();
  await store.close();
}
