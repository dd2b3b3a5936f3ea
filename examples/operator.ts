/**
 * The operator's pipeline, offline: intake → strategy → creatives → execution,
 * each step a module called through the typed client against the reference
 * server on deterministic stub providers. Each step feeds the next one
 * (the intake's facts become the strategy's brand context, the strategy's
 * name and channels the creatives' context, the creatives' titles the
 * execution plan's assets).
 *
 *   npx tsx examples/operator.ts
 *
 * With real keys the same code runs on real models: start the server with
 * `providerChainFromEnv()` (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...).
 */
import { createBackendClient, type ModuleResult } from '../src/client/index.js';
import type { DeliverablesEnvelope } from '../src/envelope/index.js';
import { ProviderChain, stubProvider } from '../src/providers/index.js';
import { startReferenceServer } from '../src/server/index.js';

const short = process.env.AICMO_EXAMPLE_SMOKE === '1';

const chain = new ProviderChain({
  providers: [stubProvider({ name: 'stub', model: 'stub-1', latencyMs: 10 })],
  prices: { 'stub-1': { input: 0, output: 0 } },
});
const server = await startReferenceServer({ chain, port: 0 });
const client = createBackendClient({ baseUrl: server.url, timeoutMs: 30_000 });

/** Prints one step and returns its envelope; stops the example on a failure. */
function step<Name extends string>(n: number, result: ModuleResult<Name>): DeliverablesEnvelope {
  if (!result.ok) {
    console.error(`step ${n} failed: ${result.error.type} (${result.error.code}): ${result.error.message}`);
    for (const issue of result.error.issues ?? []) console.error(`  - ${issue}`);
    process.exitCode = 1;
    throw new Error(`step ${n} failed`);
  }
  const { module, status, deliverables, meta } = result.envelope;
  console.log(
    `${n}. ${module}: ${status} · ${deliverables.length} deliverables · ${meta.provider} · ${Math.round(result.durationMs)} ms`,
  );
  for (const d of deliverables) {
    const firstLine =
      d.content_markdown.split('\n').find((line) => line.trim() !== '' && !line.startsWith('#')) ?? '';
    console.log(`   - [${d.kind}] ${d.title}`);
    if (!short) console.log(`     ${firstLine.slice(0, 100)}`);
  }
  console.log();
  return result.envelope;
}

try {
  console.log(`aicmo · the operator pipeline on stubs (reference server at ${server.url})\n`);

  // 1. Intake: the client brief every later module builds on.
  const intake = {
    client_name: 'Northwind Dental',
    website: 'https://northwind-dental.example',
    industry: 'Healthcare',
    geography: 'Greater Manchester, UK',
    primary_offer: 'Invisible aligners with same-week 3D scans',
    objective: 'Lead Generation',
    target_audience: 'Busy professionals aged 25-45',
    pain_points: 'Worried about cost and visible braces',
    tone_voice: 'warm, expert, plain-spoken',
    duration_weeks: 12,
  };
  step(1, await client.generate('intake', intake));

  // 2. Strategy: built on the intake's facts.
  const campaignName = 'Aligner Launch Q1';
  const platforms = ['LinkedIn', 'Instagram', 'Email'];
  const strategy = step(
    2,
    await client.generate('strategy', {
      campaign_name: campaignName,
      objectives: ['Lead Gen', 'Brand Awareness'],
      platforms,
      budget: 10_000,
      currency: 'GBP',
      brand_context: {
        client_name: intake.client_name,
        industry: intake.industry,
        primary_offer: intake.primary_offer,
        target_audience: intake.target_audience,
        tone_voice: intake.tone_voice,
      },
    }),
  );

  // 3. Creatives: one post per platform and ad copy, following the strategy.
  const positioning = strategy.deliverables.find((d) => d.kind === 'positioning');
  const creatives = step(
    3,
    await client.generate('creatives', {
      topic: `${intake.primary_offer} for ${intake.target_audience.toLowerCase()}`,
      platforms: platforms.filter((p) => p !== 'Email'),
      strategy_context: {
        campaign_name: campaignName,
        ...(positioning && { positioning: positioning.title }),
        key_messages: [
          'Straighter teeth without putting life on hold',
          'A 3D scan this week, a plan the same day',
        ],
        proof_points: [],
        content_pillars: ['How it works', 'Patient stories', 'Cost, plainly'],
        call_to_action: 'Book a free scan',
      },
      brand_context: { client_name: intake.client_name, target_audience: intake.target_audience },
    }),
  );

  // 4. Execution: the plan and calendar for the approved creatives.
  step(
    4,
    await client.generate('execution', {
      campaign_id: 'cmp_aligner_launch_q1',
      campaign_name: campaignName,
      selected_jobs: ['linkedin_posts_week1', 'ig_posts_week1', 'email_sequence'],
      start_date: '2026-01-05',
      platforms,
      creative_assets: creatives.deliverables.map((d) => d.title),
    }),
  );

  console.log(
    'Next: review and approve each step (aicmo/workflow), or run the whole operator with engagements.',
  );
} finally {
  await server.close();
}
