/**
 * The server part of the `monitoring` module: the monitoring report (KPIs
 * against targets and baselines, what they say, recommendations) and the
 * tracking and alert plan; prompts and offline samples.
 */
import { MODULES, type ModuleRequest } from '../../../modules/index.js';
import { type DeliverablePlan, defineModuleHandler } from '../handler.js';
import {
  deliverablePrompt,
  type Fact,
  fitToSample,
  operatorSystemPrompt,
  orPlaceholder,
  stableNumber,
} from '../prompt.js';

/** A validated monitoring request. */
export type MonitoringRequest = ModuleRequest<typeof MODULES.monitoring>;

/** What a KPI measures, as far as the report needs to know. */
export type KpiKind =
  | 'impressions'
  | 'reach'
  | 'clicks'
  | 'ctr'
  | 'engagement'
  | 'leads'
  | 'conversion'
  | 'cpl'
  | 'cpc'
  | 'roas'
  | 'spend'
  | 'other';

const KIND_PATTERNS: readonly (readonly [RegExp, KpiKind])[] = [
  [/impression/, 'impressions'],
  [/reach/, 'reach'],
  [/click.?through|\bctr\b/, 'ctr'],
  [/cost.?per.?click|\bcpc\b/, 'cpc'],
  [/cost.?per.?(lead|acquisition)|\bcpl\b|\bcpa\b/, 'cpl'],
  [/return.?on.?ad.?spend|\broas\b/, 'roas'],
  [/conversion.?rate/, 'conversion'],
  [/engagement/, 'engagement'],
  [/click/, 'clicks'],
  [/lead|conversion|sign.?up|booking/, 'leads'],
  [/spend|cost/, 'spend'],
];

/**
 * What a KPI name measures: `Click-Through Rate` → `ctr`, `Leads Generated` →
 * `leads`, `Cost Per Lead` → `cpl`; an unknown name is `other`.
 */
export function kpiKind(name: string): KpiKind {
  const key = name.toLowerCase();
  for (const [pattern, kind] of KIND_PATTERNS) if (pattern.test(key)) return kind;
  return 'other';
}

const PERCENT = new Set<KpiKind>(['ctr', 'engagement', 'conversion']);
const MONEY = new Set<KpiKind>(['cpl', 'cpc', 'spend']);
/** Costs: lower is better. */
const LOWER_IS_BETTER = new Set<KpiKind>(['cpl', 'cpc', 'spend']);

/** KPIs reported when the request names none. */
const DEFAULT_KPIS = ['Impressions', 'Clicks', 'Click-Through Rate', 'Leads', 'Cost Per Lead'] as const;

/** One KPI of the report. */
export interface KpiRow {
  readonly name: string;
  readonly kind: KpiKind;
  /** The value for the period. */
  readonly actual: number;
  /** True when the value is an offline sample, not an observed or derived one. */
  readonly sample: boolean;
  readonly target: number | undefined;
  readonly baseline: number | undefined;
  readonly status: 'On track' | 'At risk' | 'Behind' | 'No target';
}

type Values = Readonly<Record<string, number>>;

function valueFor(
  values: Values | string | null | undefined,
  name: string,
  kind: KpiKind,
): number | undefined {
  if (!values || typeof values === 'string') return undefined;
  const entries = Object.entries(values);
  const exact = entries.find(([key]) => key.toLowerCase() === name.toLowerCase());
  if (exact) return exact[1];
  return entries.find(([key]) => kpiKind(key) === kind)?.[1];
}

interface Measured {
  readonly value: number;
  readonly sample: boolean;
}

/**
 * The campaign's funnel for the period: observed values where given, values
 * derived from them where possible (CTR = clicks ÷ impressions, CPL = spend ÷
 * leads, …), and deterministic samples (seeded by the campaign id) for the rest.
 */
function funnel(request: MonitoringRequest): (kind: KpiKind, name: string) => Measured {
  const seed = request.campaign_id;
  const observed = (kind: KpiKind): number | undefined => valueFor(request.actuals, '', kind);
  const sample = (kind: string, min: number, max: number): Measured => ({
    value: stableNumber(`${seed}:${kind}`, min, max),
    sample: true,
  });
  const given = (value: number | undefined | null): Measured | undefined =>
    value === undefined || value === null ? undefined : { value, sample: false };
  const derive = (value: number, ...inputs: Measured[]): Measured => ({
    value,
    sample: inputs.some((i) => i.sample),
  });

  const impressions = given(observed('impressions')) ?? sample('impressions', 20_000, 120_000);
  const clicksSeen = given(observed('clicks'));
  const ctr =
    given(observed('ctr')) ??
    (clicksSeen && impressions.value > 0
      ? derive((100 * clicksSeen.value) / impressions.value, clicksSeen, impressions)
      : { value: sample('ctr', 8, 24).value / 10, sample: true });
  const clicks = clicksSeen ?? derive(Math.round((impressions.value * ctr.value) / 100), impressions, ctr);
  const leadsSeen = given(observed('leads'));
  const conversion =
    given(observed('conversion')) ??
    (leadsSeen && clicks.value > 0
      ? derive((100 * leadsSeen.value) / clicks.value, leadsSeen, clicks)
      : { value: sample('conversion', 20, 90).value / 10, sample: true });
  const leads = leadsSeen ?? derive(Math.round((clicks.value * conversion.value) / 100), clicks, conversion);
  const spend = given(request.budget_spent) ?? given(observed('spend')) ?? sample('spend', 1500, 9000);
  const byKind: Record<Exclude<KpiKind, 'other'>, () => Measured> = {
    impressions: () => impressions,
    reach: () => given(observed('reach')) ?? derive(Math.round(impressions.value * 0.62), impressions),
    clicks: () => clicks,
    ctr: () => ctr,
    engagement: () =>
      given(observed('engagement')) ?? { value: sample('engagement', 15, 55).value / 10, sample: true },
    leads: () => leads,
    conversion: () => conversion,
    cpl: () =>
      given(observed('cpl')) ?? derive(leads.value > 0 ? spend.value / leads.value : 0, spend, leads),
    cpc: () =>
      given(observed('cpc')) ?? derive(clicks.value > 0 ? spend.value / clicks.value : 0, spend, clicks),
    roas: () => given(observed('roas')) ?? { value: sample('roas', 18, 46).value / 10, sample: true },
    spend: () => spend,
  };
  return (kind, name) => {
    const exact = valueFor(request.actuals, name, 'other');
    if (exact !== undefined) return { value: exact, sample: false };
    return kind === 'other' ? sample(name.toLowerCase(), 100, 5000) : byKind[kind]();
  };
}

function statusOf(kind: KpiKind, actual: number, target: number | undefined): KpiRow['status'] {
  if (target === undefined) return 'No target';
  if (LOWER_IS_BETTER.has(kind)) {
    if (actual <= target) return 'On track';
    return actual <= target * 1.2 ? 'At risk' : 'Behind';
  }
  if (actual >= target) return 'On track';
  return actual >= target * 0.8 ? 'At risk' : 'Behind';
}

/** The KPIs to report: `metrics`, else `kpi_config.selected_kpis`, else the keys of `actuals`, else a default funnel. */
export function reportedKpis(request: MonitoringRequest): string[] {
  const names =
    request.metrics && request.metrics.length > 0
      ? request.metrics
      : request.kpi_config?.selected_kpis && request.kpi_config.selected_kpis.length > 0
        ? request.kpi_config.selected_kpis
        : request.actuals && Object.keys(request.actuals).length > 0
          ? Object.keys(request.actuals)
          : DEFAULT_KPIS;
  return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
}

/**
 * The report's KPI rows: each KPI's value for the period (observed, derived or
 * sampled), its target and baseline, and its status against the target.
 */
export function kpiRows(request: MonitoringRequest): KpiRow[] {
  const measure = funnel(request);
  return reportedKpis(request).map((name) => {
    const kind = kpiKind(name);
    const { value, sample } = measure(kind, name);
    const target = valueFor(request.kpi_config?.kpi_targets, name, kind);
    return {
      name,
      kind,
      actual: value,
      sample,
      target,
      baseline: valueFor(request.kpi_config?.baseline_values, name, kind),
      status: statusOf(kind, value, target),
    };
  });
}

function format(kind: KpiKind, value: number, currency: string): string {
  if (PERCENT.has(kind)) return `${value.toFixed(value < 1 ? 2 : 1)}%`;
  if (MONEY.has(kind))
    return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
  if (kind === 'roas') return `${value.toFixed(1)}x`;
  return Math.round(value).toLocaleString('en-US');
}

function change(row: KpiRow): string {
  if (row.baseline === undefined || row.baseline === 0) return '—';
  const pct = (100 * (row.actual - row.baseline)) / Math.abs(row.baseline);
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(0)}%`;
}

const ACTIONS: Readonly<Record<KpiKind, string>> = {
  impressions:
    'extend the best-performing audience, or add budget to the channel with the lowest cost per thousand',
  reach:
    'extend the best-performing audience, or add budget to the channel with the lowest cost per thousand',
  clicks:
    'rotate in fresh hooks from the ad variants, and pause any ad under half the target CTR after 1,000 impressions',
  ctr: 'rotate in fresh hooks from the ad variants, and pause any ad under half the target CTR after 1,000 impressions',
  engagement: 'post more native formats (carousels, short video) and reply to every comment within the hour',
  leads: 'test the landing page: one headline variant and one shorter form, and check the form on mobile',
  conversion:
    'test the landing page: one headline variant and one shorter form, and check the form on mobile',
  cpl: 'move 10–20% of budget from the weakest channel or ad set to the strongest, and tighten targeting',
  cpc: 'move 10–20% of budget from the weakest channel or ad set to the strongest, and tighten targeting',
  roas: 'cut the lowest-return ad sets and retarget recent site visitors',
  spend: 'hold spend at the plan until the cost KPIs are on track',
  other: 'review what drives it with the channel owners',
};

function label(request: MonitoringRequest): string {
  return request.campaign_name ?? request.campaign_id;
}

function listOf(value: string | readonly string[] | null | undefined): string[] {
  if (value === undefined || value === null) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** Ratio of actual to target, where higher is better (for ranking KPIs). */
function score(row: KpiRow): number | undefined {
  if (row.target === undefined || row.target === 0 || row.actual === 0) return undefined;
  return LOWER_IS_BETTER.has(row.kind) ? row.target / row.actual : row.actual / row.target;
}

function demoReport(request: MonitoringRequest, rows: readonly KpiRow[]): string {
  const currency = request.currency ?? 'USD';
  const period = request.period ?? 'Last 30 days';
  const targeted = rows.filter((r) => r.target !== undefined);
  const onTrack = targeted.filter((r) => r.status === 'On track');
  const ranked = [...targeted].sort((a, b) => (score(b) ?? 0) - (score(a) ?? 0));
  const best = ranked[0];
  const worst = ranked.length > 1 ? ranked.at(-1) : undefined;
  const needsWork = worst && worst.status !== 'On track' ? worst : rows.find((r) => r.status === 'Behind');
  const anySample = rows.some((r) => r.sample);
  const fmt = (row: KpiRow, value: number) => format(row.kind, value, currency);
  const questions = listOf(request.analysis?.analysis_questions);
  const recommendations = [
    needsWork
      ? `**${needsWork.name}** (${fmt(needsWork, needsWork.actual)} against ${fmt(needsWork, needsWork.target ?? 0)}): ${ACTIONS[needsWork.kind]}.`
      : `**Set targets** for ${rows.map((r) => r.name).join(', ')} so the next report can say what is on track.`,
    request.alerts?.optimization_rules
      ? `**Apply the agreed rule:** ${request.alerts.optimization_rules}.`
      : best
        ? `**Protect what works:** ${best.name} is ahead of target; keep its channel and creative mix unchanged for another review.`
        : '**Agree a decision rule** (e.g. a channel under its kill criteria for two reviews loses its budget) before the next review.',
    questions.length > 0
      ? `**Answer next:** ${questions[0]}`
      : '**Keep tracking clean:** every live link carries UTM tags, so channel results stay comparable.',
  ];
  const reporting = request.reporting;
  return [
    `# Monitoring report: ${label(request)}`,
    '',
    `**Campaign:** ${request.campaign_name ? `${request.campaign_name} (\`${request.campaign_id}\`)` : `\`${request.campaign_id}\``} · **Period:** ${period}${request.platforms && request.platforms.length > 0 ? ` · **Channels:** ${request.platforms.join(', ')}` : ''} · **Attribution:** ${request.tracking?.attribution_model ?? 'Last Click'}`,
    '',
    '## Summary',
    '',
    targeted.length > 0
      ? `${onTrack.length} of ${targeted.length} KPIs with a target are on track${best ? `; strongest: ${best.name}` : ''}${needsWork ? `; needs attention: ${needsWork.name}` : ''}.`
      : `${rows.length} KPIs tracked; no targets were given, so the status column reads "No target".`,
    ...(request.budget_spent != null
      ? [`Spend in the period: ${format('spend', request.budget_spent, currency)}.`]
      : []),
    '',
    '## KPIs',
    '',
    '| KPI | Actual | Target | vs baseline | Status |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r, r.actual)}${r.sample ? '*' : ''} | ${r.target === undefined ? '—' : fmt(r, r.target)} | ${change(r)} | ${r.status} |`,
    ),
    '',
    ...(typeof request.kpi_config?.kpi_targets === 'string'
      ? [`Targets as agreed: ${request.kpi_config.kpi_targets}`, '']
      : []),
    '## Recommendations',
    '',
    ...recommendations.map((line, i) => `${i + 1}. ${line}`),
    '',
    '## Next report',
    '',
    `${reporting?.report_frequency ?? 'Weekly'}, to ${listOf(reporting?.report_recipients).join(', ') || '[recipients]'}, as ${reporting?.report_format?.join(' and ') ?? 'a dashboard update'}${reporting?.dashboard_url ? ` (${reporting.dashboard_url})` : ''}.`,
    ...(anySample
      ? [
          '',
          '\\* Sample figure from the offline stub: pass `actuals` (or connect a data source) for observed values.',
        ]
      : []),
  ].join('\n');
}

function demoTrackingPlan(request: MonitoringRequest, rows: readonly KpiRow[]): string {
  const currency = request.currency ?? 'USD';
  const tracking = request.tracking;
  const alerts = request.alerts;
  const sources = listOf(tracking?.data_sources);
  const channels = alerts?.notification_channels?.join(', ') ?? 'Email';
  const conversions = rows.filter((r) => r.kind === 'leads' || r.kind === 'conversion').map((r) => r.name);
  const baselines =
    request.kpi_config?.baseline_values && typeof request.kpi_config.baseline_values !== 'string'
      ? Object.keys(request.kpi_config.baseline_values)
      : [];
  const questions = listOf(request.analysis?.analysis_questions);
  return [
    `# Tracking and alert plan: ${label(request)}`,
    '',
    '## Tracking checklist',
    '',
    `- [ ] Data sources connected: ${sources.length > 0 ? sources.join(', ') : '[analytics, ad platforms, CRM]'}`,
    `- [ ] UTM parameters on every link: ${tracking?.utm_parameters ?? 'utm_source, utm_medium, utm_campaign, utm_content'}`,
    `- [ ] Attribution model set to ${tracking?.attribution_model ?? 'Last Click'} in every tool`,
    `- [ ] Conversion events defined for ${conversions.length > 0 ? conversions.join(', ') : '[the conversion KPI]'}`,
    `- [ ] Baselines recorded for ${baselines.length > 0 ? baselines.join(', ') : rows.map((r) => r.name).join(', ')}`,
    `- [ ] Dashboard shared: ${orPlaceholder(request.reporting?.dashboard_url, 'dashboard link')}`,
    '',
    '## Cadence',
    '',
    '| What | How often | Who |',
    '|---|---|---|',
    `| Data refresh | ${tracking?.tracking_frequency ?? 'Daily'} | [analyst] |`,
    `| Report | ${request.reporting?.report_frequency ?? 'Weekly'} | ${listOf(request.reporting?.report_recipients).join(', ') || '[recipients]'} |`,
    '| Optimization review | Weekly | [campaign owner] |',
    '',
    '## Alerts',
    '',
    '| KPI | Alert when | Notify | First action |',
    '|---|---|---|---|',
    ...rows.slice(0, 6).map((r) => {
      const when =
        r.target === undefined
          ? 'it moves more than 25% from last week'
          : LOWER_IS_BETTER.has(r.kind)
            ? `above ${format(r.kind, r.target * 1.2, currency)} for 3 days`
            : PERCENT.has(r.kind) || r.kind === 'roas'
              ? `below ${format(r.kind, r.target * 0.8, currency)} for 3 days`
              : `its pace falls under 80% of the target (${format(r.kind, r.target * 0.8, currency)} for the period)`;
      return `| ${r.name} | ${when} | ${channels} | ${ACTIONS[r.kind]} |`;
    }),
    ...(alerts?.alert_thresholds ? ['', `Agreed thresholds: ${alerts.alert_thresholds}`] : []),
    '',
    '## Escalation',
    '',
    alerts?.escalation_protocol ??
      'An alert that lasts past the next review goes to [campaign owner]; a brand-safety or tracking failure goes to [account lead] the same day.',
    '',
    '## Weekly optimization routine',
    '',
    '1. Pull the numbers for the week and check that the sources agree.',
    '2. Compare each KPI to its target and last week; mark On track, At risk or Behind.',
    `3. Apply the decision rules: ${alerts?.optimization_rules ?? 'move 10–20% of budget from the weakest to the strongest channel; pause ads under half the target CTR after 1,000 impressions'}.`,
    '4. Log each decision, its reason and its owner; check the effect next week.',
    ...(questions.length > 0 || request.analysis?.segmentation || request.analysis?.ab_testing
      ? [
          '',
          '## Analysis',
          '',
          ...questions.map((q) => `- ${q}`),
          ...(request.analysis?.segmentation ? [`- Segments: ${request.analysis.segmentation}`] : []),
          ...(request.analysis?.ab_testing ? [`- A/B tests: ${request.analysis.ab_testing}`] : []),
        ]
      : []),
  ].join('\n');
}

function valuesText(values: Values | string | null | undefined): string | undefined {
  if (values === undefined || values === null) return undefined;
  if (typeof values === 'string') return values;
  const entries = Object.entries(values);
  return entries.length > 0 ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : undefined;
}

function monitoringFacts(request: MonitoringRequest): Fact[] {
  const { tracking, reporting, alerts, analysis } = request;
  return [
    ['Campaign id', request.campaign_id],
    ['Campaign name', request.campaign_name],
    ['Period', request.period],
    ['KPIs', reportedKpis(request)],
    ['Observed values', valuesText(request.actuals)],
    ['Channels', request.platforms],
    [
      'Spend',
      request.budget_spent == null ? undefined : `${request.budget_spent} ${request.currency ?? 'USD'}`,
    ],
    ['Targets', valuesText(request.kpi_config?.kpi_targets)],
    ['Baselines', valuesText(request.kpi_config?.baseline_values)],
    ['Data sources', listOf(tracking?.data_sources)],
    ['Tracking frequency', tracking?.tracking_frequency],
    ['Attribution model', tracking?.attribution_model],
    ['UTM parameters', tracking?.utm_parameters],
    ['Report frequency', reporting?.report_frequency],
    ['Report formats', reporting?.report_format],
    ['Recipients', listOf(reporting?.report_recipients)],
    ['Dashboard', reporting?.dashboard_url],
    ['Alert thresholds', alerts?.alert_thresholds],
    ['Notification channels', alerts?.notification_channels],
    ['Optimization rules', alerts?.optimization_rules],
    ['Escalation', alerts?.escalation_protocol],
    ['Analysis questions', listOf(analysis?.analysis_questions)],
    ['Segmentation', analysis?.segmentation],
    ['A/B tests', analysis?.ab_testing],
    ['Language', request.language],
    ['Brief', request.brief],
  ];
}

const REPORT_INSTRUCTIONS =
  'Write the monitoring report. Start with a # title "Monitoring report: <campaign>" and a line with the campaign, ' +
  'period, channels and attribution model. Then these ## sections: Summary (how many KPIs are on track, the ' +
  'strongest and the weakest); KPIs (a Markdown table: KPI, actual, target, change vs baseline, status On track / ' +
  'At risk / Behind / No target; a value that was not observed is a [placeholder], never an estimate); ' +
  'Recommendations (three numbered, each tied to a KPI and a concrete action); Next report (when, to whom, in ' +
  'which format). Keep it between 250 and 450 words.';

const TRACKING_INSTRUCTIONS =
  'Write the tracking and alert plan. Start with a # title, then these ## sections: Tracking checklist (Markdown ' +
  'check boxes: data sources, UTM parameters, attribution model, conversion events, baselines, dashboard); Cadence ' +
  '(a table: what, how often, who); Alerts (a table: KPI, alert when, notify, first action; thresholds from the ' +
  'targets where given); Escalation; Weekly optimization routine (four numbered steps, using the decision rules ' +
  'given); Analysis (the questions, segments and tests given, if any). Keep it between 300 and 500 words.';

/**
 * The `monitoring` module's server part: the monitoring report and the
 * tracking and alert plan.
 */
export const monitoringHandler = defineModuleHandler(MODULES.monitoring, {
  system: () =>
    operatorSystemPrompt({
      role: 'a senior marketing performance analyst',
      writes: 'campaign monitoring reports',
      subject: 'campaign',
      rules: [
        'Report only the observed values given; never estimate or invent a figure. A KPI without a value gets a [placeholder].',
      ],
    }),
  plan: (request): DeliverablePlan[] => {
    const rows = kpiRows(request);
    const facts = monitoringFacts(request);
    return [
      {
        key: 'report',
        kind: 'monitoring_report',
        title: `Monitoring report: ${label(request)}`,
        prompt: deliverablePrompt('Monitoring report', REPORT_INSTRUCTIONS, 'campaign', facts),
        maxTokens: 1400,
        demo: demoReport(request, rows),
        hashtags: false,
      },
      {
        key: 'tracking',
        kind: 'tracking_plan',
        title: `Tracking and alert plan: ${label(request)}`,
        prompt: deliverablePrompt('Tracking and alert plan', TRACKING_INSTRUCTIONS, 'campaign', facts),
        maxTokens: 1400,
        demo: demoTrackingPlan(request, rows),
        hashtags: false,
      },
    ].map(fitToSample);
  },
});
