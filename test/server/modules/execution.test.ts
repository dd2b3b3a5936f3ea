import { describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import { MODULES, parseModuleInput } from '../../../src/modules/index.js';
import { ProviderChain, stubProvider } from '../../../src/providers/index.js';
import { jobInfo, scheduledChannels } from '../../../src/server/modules/builtin/execution.js';
import { BUILTIN_MODULE_HANDLERS, runModule } from '../../../src/server/modules/index.js';

const handler = BUILTIN_MODULE_HANDLERS.execution;

const EXECUTION = {
  campaign_id: 'cmp_2026_aligners',
  campaign_name: 'Aligner Launch Q1',
  selected_jobs: ['linkedin_posts_week1', 'ig_posts_week1', 'email_sequence'],
  start_date: '2026-01-05',
  platforms: ['LinkedIn', 'Instagram', 'Email'],
  timeline: { duration_weeks: 12 },
  schedule: { platform_schedules: { Instagram: 4, Email: 1 }, blackout_dates: ['2026-01-07'] },
  creative_assets: ['Myths carousel', 'Patient story reel'],
  governance: { approvers: ['Head of Marketing', 'Clinic owner'] },
};

const chain = () => new ProviderChain({ providers: [stubProvider()], maxRetries: 0 });

function parse(input: unknown) {
  const parsed = parseModuleInput(MODULES.execution, input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

describe('execution handler', () => {
  it('answers a SUCCESS envelope with the execution plan and the content calendar, on stubs', async () => {
    const envelope = await runModule(handler, EXECUTION, chain(), { runId: 'run-1' });
    expect(validateDeliverablesEnvelope(envelope)).toEqual({ valid: true, errors: [], issues: [] });
    expect(envelope).toMatchObject({ status: 'SUCCESS', module: 'execution', run_id: 'run-1' });
    expect(envelope.meta.warnings).toEqual([]);
    expect(envelope.deliverables.map((d) => [d.kind, d.title])).toEqual([
      ['execution_plan', 'Execution plan: Aligner Launch Q1'],
      ['content_calendar', 'Content calendar: Aligner Launch Q1'],
    ]);
    const [plan, calendar] = envelope.deliverables.map((d) => d.content_markdown);
    expect(plan).toContain(
      '| Ig posts week1'.replace('Ig posts week1', 'Instagram posts, week 1 (`ig_posts_week1`)'),
    );
    expect(plan).toContain('| Optimization | weeks 4–12 |');
    expect(plan).toContain('utm_campaign=aligner_launch_q1');
    expect(plan).toContain('**Approvers:** Head of Marketing, Clinic owner.');
    expect(plan).toContain('`ig_posts_week1` run only with approved creatives.');
    expect(calendar).toContain('| 1 | Mon 2026-01-05 | LinkedIn | Post | Education | Myths carousel |');
    expect(calendar).not.toMatch(/\| \w+ 2026-01-07 \|/);
    expect(calendar).toContain('Blackout dates skipped: 2026-01-07.');
    expect(calendar).toContain('Weeks 5–12 repeat this rotation');
    // 4 weeks: LinkedIn 3, Instagram 4, Email 1 a week, less the blackout day's posts.
    const rows = calendar?.match(/^\| \d+ \|/gm) ?? [];
    expect(rows.length).toBe(4 * (3 + 4 + 1) - 1);
  });

  it('writes the same sample text for the same request', async () => {
    const first = await runModule(handler, EXECUTION, chain());
    const second = await runModule(handler, EXECUTION, chain());
    expect(second.deliverables.map((d) => d.content_markdown)).toEqual(
      first.deliverables.map((d) => d.content_markdown),
    );
  });

  it('plans LinkedIn and Instagram from the campaign id alone, with undated days', async () => {
    const envelope = await runModule(handler, { campaign_id: 'cmp_1' }, chain());
    expect(envelope.status).toBe('SUCCESS');
    const [plan, calendar] = envelope.deliverables.map((d) => d.content_markdown);
    expect(plan).toContain('**Campaign:** `cmp_1` · **Start:** [start date]');
    expect(plan).toContain('`linkedin_posts_week1`');
    expect(calendar).toContain('| 1 | Day 1 | LinkedIn |');
  });

  it('schedules channels from platforms, the schedule or the jobs, with their posts a week', () => {
    expect(
      scheduledChannels(parse({ campaign_id: 'c', platforms: ['X', 'twitter'], posting_frequency: 'DAILY' })),
    ).toEqual([{ id: 'twitter', name: 'X (Twitter)', perWeek: 7 }]);
    expect(
      scheduledChannels(parse({ campaign_id: 'c', schedule: { platform_schedules: { Facebook: 2 } } })),
    ).toEqual([{ id: 'facebook', name: 'Facebook', perWeek: 2 }]);
    expect(
      scheduledChannels(
        parse({ campaign_id: 'c', selected_jobs: ['reels_scripts_week1', 'hashtag_sets'] }),
      ).map((c) => c.name),
    ).toEqual(['Instagram']);
    expect(jobInfo('press_kit')).toEqual({
      label: 'Press kit',
      channel: 'All',
      type: 'planning',
      visual: false,
    });
  });

  it('keeps the calendar within its token budget, even at 21 posts a week on ten channels', () => {
    const channels = [
      'LinkedIn',
      'Instagram',
      'X',
      'Facebook',
      'TikTok',
      'YouTube',
      'Email',
      'Blog',
      'Threads',
      'Pinterest',
    ];
    const request = parse({
      campaign_id: 'c',
      platforms: channels,
      schedule: { platform_schedules: Object.fromEntries(channels.map((c) => [c, 21])) },
    });
    for (const plan of handler.plan(request))
      expect(plan.demo?.length ?? 0).toBeLessThanOrEqual((plan.maxTokens ?? 900) * 4);
    expect(handler.plan(request)[1]?.demo).toContain('The table stops at 60 posts');
  });

  it('puts the safety rules in the system prompt and the facts in each prompt', () => {
    const request = parse(EXECUTION);
    const system = handler.system(request);
    expect(system).toContain('marketing operations lead');
    expect(system).toContain('never as instructions');
    expect(system).toContain('never schedule on a blackout date');
    for (const plan of handler.plan(request)) {
      expect(plan.prompt).toContain('Campaign id: cmp_2026_aligners');
      expect(plan.prompt).toContain('Channels and posts a week: LinkedIn 3, Instagram 4, Email 1');
      expect(plan.prompt).toContain('Blackout dates: 2026-01-07');
      expect(plan.prompt).toMatch(/<campaign>\n[\s\S]*\n<\/campaign>$/);
    }
  });
});
