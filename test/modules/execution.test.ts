import { describe, expect, it } from 'vitest';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const execution = MODULES.execution;

const FULL = {
  campaign_id: 'cmp_2026_aligners',
  campaign_name: 'Aligner Launch Q1',
  selected_jobs: ['linkedin_posts_week1', 'ig_posts_week1', 'email_sequence'],
  start_date: '2026-01-05',
  posting_frequency: '3x/week',
  platforms: ['LinkedIn', 'Instagram'],
  timeline: { start_date: null, duration_weeks: 12, end_date: '2026-03-29', phases: ['Setup', 'Launch'] },
  schedule: {
    platform_schedules: { LinkedIn: 3, Instagram: 5 },
    best_times: 'Tue-Thu 8:00',
    blackout_dates: ['2026-01-07'],
  },
  calendar: { calendar_type: 'Weekly', content_rotation: 'Education, Proof', cta_rotation: 'Book a scan' },
  utm: { campaign_name: 'aligners_q1', source_defaults: 'linkedin, instagram', medium: 'social' },
  governance: { review_process: 'draft → brand → client', approvers: 'Head of Marketing', escalation: null },
  strategy_summary: 'Trust-led launch for busy professionals.',
  creative_assets: ['Myths carousel'],
  language: 'English',
  brief: 'Execution for the aligner launch',
};

describe('execution module', () => {
  it('is defined with its path, deliverables and the strategy and creatives upstreams', () => {
    expect(execution.path).toBe('/api/v1/execution/generate');
    expect(parseModuleInput(execution, execution.example).success).toBe(true);
    expect(execution.deliverables.map((d) => d.kind)).toEqual(['execution_plan', 'content_calendar']);
    expect(execution.upstream).toEqual(['strategy', 'creatives']);
  });

  it('accepts a full request and trims its texts', () => {
    const result = parseModuleInput(execution, { ...FULL, campaign_id: ' cmp_2026_aligners\n' });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.campaign_id).toBe('cmp_2026_aligners');
    expect(result.data.schedule?.platform_schedules).toEqual({ LinkedIn: 3, Instagram: 5 });
    expect(result.data.governance?.approvers).toBe('Head of Marketing');
  });

  it('accepts the minimal request, Python nulls and an empty job list, and applies no defaults', () => {
    expect(parseModuleInput(execution, { campaign_id: 'cmp_1' })).toEqual({
      success: true,
      data: { campaign_id: 'cmp_1' },
    });
    const nulls = Object.fromEntries(
      Object.keys(execution.input.shape)
        .filter((key) => key !== 'campaign_id')
        .map((key) => [key, null]),
    );
    expect(parseModuleInput(execution, { campaign_id: 'cmp_1', ...nulls }).success).toBe(true);
    expect(parseModuleInput(execution, { campaign_id: 'cmp_1', selected_jobs: [] }).success).toBe(true);
  });

  it('names campaign_id when it is missing or blank', () => {
    const missing = parseModuleInput(execution, { selected_jobs: ['hashtag_sets'] });
    expect(missing.success || missing.issues).toEqual([
      { path: ['campaign_id'], code: 'required', message: 'is required' },
    ]);
    const blank = parseModuleInput(execution, { campaign_id: '' });
    expect(blank.success || blank.issues).toEqual([
      { path: ['campaign_id'], code: expect.any(String), message: 'must not be blank' },
    ]);
  });

  it('names each field of the wrong type or out of range, nested ones included', () => {
    const result = parseModuleInput(execution, {
      campaign_id: 42,
      selected_jobs: 'email_sequence',
      timeline: { duration_weeks: 53 },
      schedule: { platform_schedules: { LinkedIn: 22, Instagram: '3' } },
      calendar: { calendar_type: 'Daily' },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'calendar.calendar_type',
      'campaign_id',
      'schedule.platform_schedules.Instagram',
      'schedule.platform_schedules.LinkedIn',
      'selected_jobs',
      'timeline.duration_weeks',
    ]);
    expect(result.issues.find((issue) => issue.path[0] === 'campaign_id')?.message).toBe('must be a string');
  });

  it('refuses a misspelt key with a "did you mean" hint, at the top level and nested', () => {
    const result = parseModuleInput(execution, {
      campaign_id: 'cmp_1',
      selected_job: ['hashtag_sets'],
      schedule: { blackout_date: ['2026-01-07'] },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const hints = Object.fromEntries(result.issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect(hints).toEqual({
      selected_job: 'is not a field of the execution request; did you mean "selected_jobs"?',
      'schedule.blackout_date': 'is not a field of the execution request; did you mean "blackout_dates"?',
    });
    expect(result.issues.every((issue) => issue.code === 'unrecognized_key')).toBe(true);
  });
});
