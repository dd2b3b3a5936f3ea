/**
 * The `monitoring` module: how a running campaign performs against its KPIs
 * (the operator's Monitoring tab and its `run_monitoring_step`).
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { amount, choice, text, textOrList, texts } from '../fields.js';
import { campaignsModule } from './campaigns.js';

/** Values per KPI, e.g. `{ "Leads": 120, "Click-Through Rate": 1.8 }` (at most 30). */
const valuesPerKpi = z
  .record(text(60), amount(-1e15, 1e15), { error: 'must be an object of numbers per KPI' })
  .check(z.refine((value) => Object.keys(value).length <= 30, { error: 'must list at most 30 KPIs' }))
  .register(z.globalRegistry, { maxProperties: 30 });

/** KPI values as an object of numbers per KPI, or as free text (as the tab writes them). */
const kpiValues = z.union([text(2000), valuesPerKpi], {
  error: 'must be a string or an object of numbers per KPI',
});

/** The `monitoring` module (`POST /api/v1/monitoring/generate`): monitoring report and tracking plan. */
export const monitoringModule = defineModule({
  name: 'monitoring',
  description:
    'A monitoring report with KPIs against targets and recommendations, and the tracking and alert plan.',
  input: z.object(
    {
      /** The campaign to report on, e.g. `cmp_2026_aligners`. */
      campaign_id: text(200),
      /** Campaign name, for titles, e.g. `Aligner Launch Q1`. */
      campaign_name: z.nullish(text(200)),
      /** Reporting period, e.g. `Last 7 days`, `Last 30 days`, `Last 90 days`, `All time`, `January 2026`. */
      period: z.nullish(text(60)),
      /** KPIs to report, e.g. `["Impressions", "Clicks", "Leads", "Engagement Rate"]`. */
      metrics: z.nullish(texts(20, 60)),
      /** Observed values per KPI for the period, e.g. `{ "Impressions": 48210, "Clicks": 1312 }`; rates in percent. */
      actuals: z.nullish(valuesPerKpi),
      /** Channels in the campaign, e.g. `["LinkedIn", "Instagram"]`. */
      platforms: z.nullish(texts(10, 50)),
      /** Spend in the period, in `currency`. */
      budget_spent: z.nullish(amount(0, 1e12)),
      /** ISO 4217 currency of `budget_spent`, e.g. `USD`; uppercased. @default 'USD' */
      currency: campaignsModule.input.shape.currency,
      /** KPI set-up (the tab's `kpi_config`). */
      kpi_config: z.nullish(
        z.strictObject(
          {
            /** KPIs to track, e.g. `["Leads Generated", "Cost Per Lead"]`. */
            selected_kpis: z.nullish(texts(20, 60)),
            /** Targets per KPI, e.g. `{ "Leads Generated": 200 }`, or free text. */
            kpi_targets: z.nullish(kpiValues),
            /** Baselines per KPI, e.g. `{ "Cost Per Lead": 48 }`, or free text. */
            baseline_values: z.nullish(kpiValues),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Tracking set-up (the tab's `tracking`). */
      tracking: z.nullish(
        z.strictObject(
          {
            /** Where the numbers come from, e.g. `["GA4", "Meta Ads", "HubSpot"]`. */
            data_sources: z.nullish(textOrList(20, 200)),
            /** How often data is refreshed, e.g. `Real-time`, `Daily`, `Weekly`. */
            tracking_frequency: z.nullish(text(40)),
            /** Attribution model. */
            attribution_model: z.nullish(
              choice(['Last Click', 'First Click', 'Linear', 'Time Decay', 'Position-Based']),
            ),
            /** UTM parameters in use. */
            utm_parameters: z.nullish(text(1000)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Reporting set-up (the tab's `reporting`). */
      reporting: z.nullish(
        z.strictObject(
          {
            /** How often reports go out, e.g. `Daily`, `Weekly`, `Monthly`, `Ad-hoc`. */
            report_frequency: z.nullish(text(40)),
            /** Report formats. */
            report_format: z.nullish(
              z
                .array(choice(['Dashboard', 'Email', 'PDF', 'Slack', 'Presentation']), {
                  error: 'must be an array of report formats',
                })
                .check(z.maxLength(5, { error: 'Too big: expected array to have <=5 items' })),
            ),
            /** Who receives the report. */
            report_recipients: z.nullish(textOrList(20, 200)),
            /** Link to the live dashboard. */
            dashboard_url: z.nullish(text(500)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Alerting set-up (the tab's `alerts`). */
      alerts: z.nullish(
        z.strictObject(
          {
            /** When to alert, e.g. `CPL above 60 GBP for 3 days`. */
            alert_thresholds: z.nullish(text(1000)),
            /** Where alerts go, e.g. `["Slack", "Email"]`. */
            notification_channels: z.nullish(texts(10, 100)),
            /** Decision rules, e.g. `pause ads under 0.5% CTR after 1,000 impressions`. */
            optimization_rules: z.nullish(text(2000)),
            /** Who is told, and how fast. */
            escalation_protocol: z.nullish(text(1000)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Analysis set-up (the tab's `analysis`). */
      analysis: z.nullish(
        z.strictObject(
          {
            /** Questions the report should answer. */
            analysis_questions: z.nullish(textOrList(10, 300)),
            /** Segments to compare, e.g. `by channel and age band`. */
            segmentation: z.nullish(text(1000)),
            /** Running or planned A/B tests. */
            ab_testing: z.nullish(text(1000)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** Output language. @default 'English' */
      language: z.nullish(text(40)),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the monitoring request must be a JSON object' },
  ),
  example: {
    campaign_id: 'cmp_aligner_launch_q1',
    campaign_name: 'Aligner Launch Q1',
    period: 'Last 30 days',
    metrics: ['Impressions', 'Clicks', 'Click-Through Rate', 'Leads', 'Cost Per Lead'],
    actuals: { Impressions: 48210, Clicks: 1312, Leads: 74 },
    budget_spent: 3200,
    currency: 'GBP',
    kpi_config: { kpi_targets: { Leads: 90, 'Cost Per Lead': 40 } },
  },
  deliverables: [
    { kind: 'monitoring_report', title: 'Monitoring report with KPIs' },
    { kind: 'tracking_plan', title: 'Tracking and alert plan' },
  ],
  upstream: ['execution'],
});
