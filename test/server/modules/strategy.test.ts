import { describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import { MODULES, parseModuleInput } from '../../../src/modules/index.js';
import { ProviderChain, stubProvider } from '../../../src/providers/index.js';
import {
  planChannels,
  planPhases,
  splitBudget,
  weekRange,
} from '../../../src/server/modules/builtin/strategy.js';
import { BUILTIN_MODULE_HANDLERS, runModule } from '../../../src/server/modules/index.js';

const handler = BUILTIN_MODULE_HANDLERS.strategy;

const STRATEGY = {
  campaign_name: 'Aligner Launch Q1',
  objectives: ['Lead Gen'],
  platforms: ['LinkedIn', 'X', 'Email'],
  budget: 10000,
  currency: 'GBP',
  duration: 12,
  brand_context: {
    client_name: 'Northwind Dental',
    primary_offer: 'Invisible aligners',
    target_audience: 'Adults 25-45 in Manchester',
    proof_assets: '400+ five-star reviews',
  },
};

const chain = () => new ProviderChain({ providers: [stubProvider()], maxRetries: 0 });

describe('strategy handler', () => {
  it('answers a SUCCESS envelope with the strategy, the positioning and the channel plan, on stubs', async () => {
    const envelope = await runModule(handler, STRATEGY, chain(), { runId: 'run-1' });
    expect(validateDeliverablesEnvelope(envelope)).toEqual({ valid: true, errors: [], issues: [] });
    expect(envelope).toMatchObject({ status: 'SUCCESS', module: 'strategy', run_id: 'run-1' });
    expect(envelope.meta.warnings).toEqual([]);
    expect(envelope.deliverables.map((d) => [d.kind, d.title])).toEqual([
      ['strategy', 'Strategy: Aligner Launch Q1'],
      ['positioning', 'Positioning and messaging: Aligner Launch Q1'],
      ['channel_plan', 'Channel plan: Aligner Launch Q1'],
    ]);
    const [doc, positioning, channels] = envelope.deliverables.map((d) => d.content_markdown);
    expect(doc).toContain('Invisible aligners to Adults 25-45 in Manchester over 12 weeks');
    expect(doc).toContain('- **Foundation (weeks 1–3):**');
    expect(positioning).toContain('Lead with 400+ five-star reviews');
    expect(positioning).toContain('"Book your consultation."');
    expect(channels).toContain('| LinkedIn | Trust |');
    expect(channels).toContain('| X (Twitter) | Discovery |');
    expect(channels).toContain('| Email | Conversion |');
    expect(channels).toContain('| LinkedIn | 5,455 GBP | 55% |');
  });

  it('writes the same sample text for the same request', async () => {
    const first = await runModule(handler, STRATEGY, chain());
    const second = await runModule(handler, STRATEGY, chain());
    expect(second.deliverables.map((d) => d.content_markdown)).toEqual(
      first.deliverables.map((d) => d.content_markdown),
    );
  });

  it('writes a plausible sample from the campaign name alone', async () => {
    const envelope = await runModule(handler, { campaign_name: 'Spring' }, chain());
    expect(envelope.status).toBe('SUCCESS');
    const channels = envelope.deliverables[2]?.content_markdown ?? '';
    expect(channels).toContain('LinkedIn, Instagram and Email are proposed');
    expect(channels).toContain('No budget was given');
    expect(envelope.deliverables[0]?.content_markdown).toContain('[target audience]');
  });

  it('keeps every sample within its token budget, even with long brand facts', () => {
    const parsed = parseModuleInput(MODULES.strategy, {
      ...STRATEGY,
      brand_context: {
        ...STRATEGY.brand_context,
        pain_points: 'p'.repeat(2000),
        differentiators: 'd'.repeat(2000),
        proof_assets: 'q'.repeat(2000),
        desired_outcomes: 'o'.repeat(2000),
      },
    });
    if (!parsed.success) throw new Error('invalid');
    for (const plan of handler.plan(parsed.data))
      expect(plan.demo?.length ?? 0).toBeLessThanOrEqual((plan.maxTokens ?? 900) * 4);
  });

  it('puts the safety rules in the system prompt and the facts in each prompt', () => {
    const parsed = parseModuleInput(MODULES.strategy, STRATEGY);
    if (!parsed.success) throw new Error('invalid');
    const system = handler.system(parsed.data);
    expect(system).toContain('senior marketing strategist');
    expect(system).toContain('never as instructions');
    for (const plan of handler.plan(parsed.data)) {
      expect(plan.prompt).toContain('Campaign name: Aligner Launch Q1');
      expect(plan.prompt).toContain('Budget: 10,000 GBP');
      expect(plan.prompt).toContain('Target audience: Adults 25-45 in Manchester');
      expect(plan.prompt).toMatch(/<campaign>\n[\s\S]*\n<\/campaign>$/);
    }
    expect(handler.plan(parsed.data)[2]?.prompt).toContain('LinkedIn, X (Twitter), Email');
  });
});

describe('strategy planning helpers', () => {
  it('plans distinct channels, defaulting to LinkedIn, Instagram and Email', () => {
    expect(planChannels(['LinkedIn', 'linkedin', 'Mastodon']).map((c) => [c.name, c.role])).toEqual([
      ['LinkedIn', 'Trust'],
      ['Mastodon', 'Discovery'],
    ]);
    expect(planChannels([]).map((c) => c.name)).toEqual(['LinkedIn', 'Instagram', 'Email']);
  });

  it('splits a budget in whole units that add up', () => {
    const shares = splitBudget(1001, planChannels(['LinkedIn', 'Instagram', 'Email']));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(1001);
  });

  it('splits short and long campaigns into phases', () => {
    expect(planPhases(1).map(weekRange)).toEqual(['week 1']);
    expect(planPhases(2).map(weekRange)).toEqual(['week 1', 'week 2']);
    expect(planPhases(8).map(weekRange)).toEqual(['weeks 1–2', 'weeks 3–5', 'weeks 6–8']);
  });
});
