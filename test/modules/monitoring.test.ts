import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const monitoring = MODULES.monitoring;

const FULL = {
  campaign_id: 'cmp_aligner_launch_q1',
  campaign_name: 'Aligner Launch Q1',
  period: 'Last 30 days',
  metrics: ['Impressions', 'Leads'],
  actuals: { Impressions: 48210, Leads: 74 },
  platforms: ['LinkedIn'],
  budget_spent: 3200,
  currency: 'GBP',
  kpi_config: {
    selected_kpis: ['Leads Generated'],
    kpi_targets: { Leads: 90 },
    baseline_values: 'Leads 50 a month before the campaign',
  },
  tracking: { data_sources: ['GA4', 'HubSpot'], tracking_frequency: 'Daily', attribution_model: 'Linear' },
  reporting: {
    report_frequency: 'Weekly',
    report_format: ['Dashboard', 'PDF'],
    report_recipients: 'cmo@example.com',
  },
  alerts: {
    alert_thresholds: 'CPL above 60 GBP',
    notification_channels: ['Slack'],
    optimization_rules: null,
  },
  analysis: { analysis_questions: 'Which channel brings the cheapest leads?', segmentation: 'by channel' },
  language: 'English',
  brief: 'Monitoring for the aligner launch',
};

describe('monitoring module', () => {
  it('is defined with its path, deliverables and the execution upstream', () => {
    expect(monitoring.path).toBe('/api/v1/monitoring/generate');
    expect(parseModuleInput(monitoring, monitoring.example).success).toBe(true);
    expect(monitoring.deliverables.map((d) => d.kind)).toEqual(['monitoring_report', 'tracking_plan']);
    expect(monitoring.upstream).toEqual(['execution']);
  });

  it('accepts a full request and trims its texts', () => {
    const result = parseModuleInput(monitoring, { ...FULL, period: ' Last 30 days ' });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.period).toBe('Last 30 days');
    expect(result.data.kpi_config?.kpi_targets).toEqual({ Leads: 90 });
    expect(result.data.kpi_config?.baseline_values).toBe('Leads 50 a month before the campaign');
  });

  it('accepts the minimal request, Python nulls and empty lists, and applies no defaults', () => {
    expect(parseModuleInput(monitoring, { campaign_id: 'cmp_1' })).toEqual({
      success: true,
      data: { campaign_id: 'cmp_1' },
    });
    const nulls = Object.fromEntries(
      Object.keys(monitoring.input.shape)
        .filter((key) => key !== 'campaign_id')
        .map((key) => [key, null]),
    );
    expect(parseModuleInput(monitoring, { campaign_id: 'cmp_1', ...nulls }).success).toBe(true);
    expect(parseModuleInput(monitoring, { campaign_id: 'cmp_1', metrics: [], actuals: {} }).success).toBe(
      true,
    );
  });

  it('names campaign_id when it is missing or blank', () => {
    const missing = parseModuleInput(monitoring, { period: 'Last 7 days' });
    expect(missing.success || missing.issues).toEqual([
      { path: ['campaign_id'], code: 'required', message: 'is required' },
    ]);
    const blank = parseModuleInput(monitoring, { campaign_id: ' \u001c' });
    expect(blank.success || blank.issues).toEqual([
      { path: ['campaign_id'], code: expect.any(String), message: 'must not be blank' },
    ]);
  });

  it('names each field of the wrong type or out of range, nested ones included', () => {
    const result = parseModuleInput(monitoring, {
      campaign_id: 'cmp_1',
      metrics: 'Leads',
      actuals: { Leads: '74' },
      budget_spent: -1,
      tracking: { attribution_model: 'Last Touch' },
      reporting: { report_format: ['Fax'] },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'actuals.Leads',
      'budget_spent',
      'metrics',
      'reporting.report_format.0',
      'tracking.attribution_model',
    ]);
    expect(result.issues.find((issue) => issue.path[0] === 'tracking')?.message).toBe(
      'must be one of: Last Click, First Click, Linear, Time Decay, Position-Based',
    );
  });

  it('refuses a misspelt key with a "did you mean" hint, at the top level and nested', () => {
    const result = parseModuleInput(monitoring, {
      campaign_id: 'cmp_1',
      metric: ['Leads'],
      kpi_config: { kpi_target: { Leads: 90 } },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const hints = Object.fromEntries(result.issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect(hints).toEqual({
      metric: 'is not a field of the monitoring request; did you mean "metrics"?',
      'kpi_config.kpi_target': 'is not a field of the monitoring request; did you mean "kpi_targets"?',
    });
    expect(result.issues.every((issue) => issue.code === 'unrecognized_key')).toBe(true);
  });
});

describe('monitoring request JSON Schema', () => {
  it('caps the KPIs of actuals at 30, as the schema does', () => {
    const actuals = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`KPI ${i}`, i]));
    const result = parseModuleInput(monitoring, { campaign_id: 'c', actuals });
    expect(result.success || result.issues).toEqual([
      { path: ['actuals'], code: 'custom', message: 'must list at most 30 KPIs' },
    ]);
    const schema = z.toJSONSchema(monitoring.input, { io: 'input' }) as unknown as {
      properties: { actuals: { anyOf: { maxProperties?: number }[] } };
    };
    expect(schema.properties.actuals.anyOf[0]?.maxProperties).toBe(30);
  });
});
