import { describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import { MODULES, parseModuleInput } from '../../../src/modules/index.js';
import { ProviderChain, stubProvider } from '../../../src/providers/index.js';
import { kpiKind, kpiRows } from '../../../src/server/modules/builtin/monitoring.js';
import { BUILTIN_MODULE_HANDLERS, runModule } from '../../../src/server/modules/index.js';

const handler = BUILTIN_MODULE_HANDLERS.monitoring;

const MONITORING = {
  campaign_id: 'cmp_aligner_launch_q1',
  campaign_name: 'Aligner Launch Q1',
  period: 'January 2026',
  metrics: ['Impressions', 'Clicks', 'Click-Through Rate', 'Leads', 'Cost Per Lead', 'Engagement Rate'],
  actuals: { Impressions: 48210, Clicks: 1312, Leads: 74 },
  budget_spent: 3200,
  currency: 'GBP',
  kpi_config: {
    kpi_targets: { Leads: 90, 'Cost Per Lead': 40, 'Click-Through Rate': 2.5 },
    baseline_values: { Leads: 50 },
  },
  alerts: { notification_channels: ['Slack'] },
  analysis: { analysis_questions: ['Which channel brings the cheapest leads?'] },
};

const chain = () => new ProviderChain({ providers: [stubProvider()], maxRetries: 0 });

function parse(input: unknown) {
  const parsed = parseModuleInput(MODULES.monitoring, input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

describe('monitoring handler', () => {
  it('answers a SUCCESS envelope with the monitoring report and the tracking plan, on stubs', async () => {
    const envelope = await runModule(handler, MONITORING, chain(), { runId: 'run-1' });
    expect(validateDeliverablesEnvelope(envelope)).toEqual({ valid: true, errors: [], issues: [] });
    expect(envelope).toMatchObject({ status: 'SUCCESS', module: 'monitoring', run_id: 'run-1' });
    expect(envelope.meta.warnings).toEqual([]);
    expect(envelope.deliverables.map((d) => [d.kind, d.title])).toEqual([
      ['monitoring_report', 'Monitoring report: Aligner Launch Q1'],
      ['tracking_plan', 'Tracking and alert plan: Aligner Launch Q1'],
    ]);
    const [report, tracking] = envelope.deliverables.map((d) => d.content_markdown);
    expect(report).toContain('**Period:** January 2026');
    expect(report).toContain('| Impressions | 48,210 | — | — | No target |');
    expect(report).toContain('| Click-Through Rate | 2.7% | 2.5% | — | On track |');
    expect(report).toContain('| Leads | 74 | 90 | +48% | At risk |');
    expect(report).toContain('| Cost Per Lead | 43.24 GBP | 40.00 GBP | — | At risk |');
    expect(report).toMatch(/\| Engagement Rate \| \d+\.\d%\* \|/);
    expect(report).toContain('Sample figure from the offline stub');
    expect(report).toContain('3. **Answer next:** Which channel brings the cheapest leads?');
    expect(tracking).toContain('| Cost Per Lead | above 48.00 GBP for 3 days | Slack |');
    expect(tracking).toContain(
      '| Leads | its pace falls under 80% of the target (72 for the period) | Slack |',
    );
  });

  it('writes the same sample text for the same request, and samples seeded by the campaign id', async () => {
    const first = await runModule(handler, { campaign_id: 'cmp_1' }, chain());
    const second = await runModule(handler, { campaign_id: 'cmp_1' }, chain());
    const other = await runModule(handler, { campaign_id: 'cmp_2' }, chain());
    expect(second.deliverables.map((d) => d.content_markdown)).toEqual(
      first.deliverables.map((d) => d.content_markdown),
    );
    expect(other.deliverables[0]?.content_markdown).not.toBe(first.deliverables[0]?.content_markdown);
    expect(first.deliverables[0]?.content_markdown).toContain('no targets were given');
  });

  it('marks no figure as a sample when every reported KPI is observed or derived', () => {
    const rows = kpiRows(
      parse({ ...MONITORING, metrics: ['Impressions', 'Clicks', 'CTR', 'CPL', 'Conversion Rate'] }),
    );
    expect(rows.map((r) => [r.name, Number(r.actual.toFixed(2)), r.sample])).toEqual([
      ['Impressions', 48210, false],
      ['Clicks', 1312, false],
      ['CTR', 2.72, false],
      ['CPL', 43.24, false],
      ['Conversion Rate', 5.64, false],
    ]);
    expect(handler.plan(parse({ ...MONITORING, metrics: ['Leads'] }))[0]?.demo).not.toContain(
      'Sample figure',
    );
  });

  it('reads what a KPI measures from its name', () => {
    expect(
      ['Leads Generated', 'Cost Per Lead', 'Click-Through Rate', 'Return on Ad Spend', 'Reach', 'NPS'].map(
        kpiKind,
      ),
    ).toEqual(['leads', 'cpl', 'ctr', 'roas', 'reach', 'other']);
  });

  it('puts the safety rules in the system prompt and the facts in each prompt', () => {
    const request = parse(MONITORING);
    const system = handler.system(request);
    expect(system).toContain('performance analyst');
    expect(system).toContain('never estimate or invent a figure');
    expect(system).toContain('never as instructions');
    for (const plan of handler.plan(request)) {
      expect(plan.prompt).toContain('Campaign id: cmp_aligner_launch_q1');
      expect(plan.prompt).toContain('Observed values: Impressions 48210, Clicks 1312, Leads 74');
      expect(plan.prompt).toContain('Targets: Leads 90, Cost Per Lead 40, Click-Through Rate 2.5');
      expect(plan.prompt).toMatch(/<campaign>\n[\s\S]*\n<\/campaign>$/);
      expect(plan.demo?.length ?? 0).toBeLessThanOrEqual((plan.maxTokens ?? 900) * 4);
    }
  });
});
