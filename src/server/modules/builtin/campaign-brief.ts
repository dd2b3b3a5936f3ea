/**
 * The campaign brief as a typed object: objectives with their KPI, key
 * messages, a channel plan, a budget split in percent (which must add up to
 * 100), phases and success metrics; rendered deterministically to the
 * brief's Markdown. The model answers the object through the provider's
 * structured mode, so the tables are always complete and the split always
 * adds up (a split that does not is sent back for repair).
 */
import * as z from 'zod';
import type { DeepPartial } from '../../../providers/index.js';
import { type DeliverableStructure, structuredDeliverable } from '../handler.js';
import { orPlaceholder } from '../prompt.js';
import type { ChannelSpec } from './strategy.js';

const line = z.string().min(1).max(600);

/** The schema of a campaign brief. */
export const CampaignBriefSchema = z
  .object({
    title: z.string().min(1).max(120).describe('The brief title, e.g. "Campaign brief: Spring Launch".'),
    overview: z.string().min(1).max(1_500).describe('Two to four sentences: what, for whom, why now.'),
    objectives: z
      .array(
        z.object({
          objective: line.describe('The objective as given.'),
          kpi: line.describe('One measurable KPI for it; a [target] placeholder when no figure was given.'),
        }),
      )
      .min(1)
      .max(20),
    target_audience: z.string().min(1).max(1_000),
    key_messages: z.array(line).min(1).max(5).describe('Three key messages.'),
    channel_plan: z
      .array(
        z.object({
          channel: z.string().min(1).max(60),
          role: z.string().min(1).max(60).describe('Discovery, Trust, Conversion or Retention.'),
          plan: line.describe('What runs there and how often.'),
        }),
      )
      .min(1)
      .max(12),
    budget_split: z
      .array(
        z.object({
          channel: z.string().min(1).max(60),
          share_percent: z.number().min(0).max(100).describe('Share of the budget, in percent.'),
          rationale: line,
        }),
      )
      .max(12)
      .describe('How the budget splits across the channels; the shares add up to 100.'),
    phases: z
      .array(
        z.object({
          phase: z.string().min(1).max(60),
          days: z.string().min(1).max(40).describe('Day numbers, e.g. "1–7".'),
          focus: line,
        }),
      )
      .min(1)
      .max(8),
    success_metrics: z.array(line).min(1).max(10),
  })
  .refine(
    (brief) => {
      if (brief.budget_split.length === 0) return true;
      const total = brief.budget_split.reduce((sum, entry) => sum + entry.share_percent, 0);
      return Math.abs(total - 100) <= 1;
    },
    { path: ['budget_split'], error: 'the shares must add up to 100 percent' },
  )
  .describe('A campaign brief.');

/** A campaign brief object. */
export type CampaignBrief = z.output<typeof CampaignBriefSchema>;

/** What the brief's rendering needs from the request. */
export interface BriefContext {
  /** Total budget, when one was given (the split then shows amounts too). */
  readonly budget?: number | null | undefined;
  /** ISO currency of the budget. */
  readonly currency?: string | null | undefined;
}

const cell = (value: string | number | undefined) => orPlaceholder(value, '…');

function amountOf(share: number | undefined, context: BriefContext): string {
  if (share === undefined || context.budget === undefined || context.budget === null) return '';
  const value = Math.round((context.budget * share) / 100);
  return `${value.toLocaleString('en-US')} ${context.currency ?? 'USD'}`;
}

/** Markdown of a (possibly partial) brief: only what is there, in the schema's order. */
export function renderCampaignBrief(brief: DeepPartial<CampaignBrief>, context: BriefContext): string {
  const out: string[] = [];
  const section = (title: string, body: string[]) => {
    if (body.length > 0) out.push(`## ${title}`, '', ...body, '');
  };
  if (brief.title !== undefined) out.push(`# ${brief.title}`, '');
  if (brief.overview !== undefined) section('Overview', [brief.overview]);
  if (brief.objectives !== undefined)
    section(
      'Objectives',
      brief.objectives.map((o) => `- **${o?.objective ?? ''}**${o?.kpi !== undefined ? `: ${o.kpi}` : ''}`),
    );
  if (brief.target_audience !== undefined) section('Target audience', [brief.target_audience]);
  if (brief.key_messages !== undefined)
    section(
      'Key messages',
      brief.key_messages.map((m) => `- ${m ?? ''}`),
    );
  if (brief.channel_plan !== undefined)
    section(
      'Channel plan',
      brief.channel_plan.map(
        (c) =>
          `- **${c?.channel ?? ''}**${c?.role !== undefined ? ` (${c.role})` : ''}${c?.plan !== undefined ? `: ${c.plan}` : ''}`,
      ),
    );
  if (brief.budget_split !== undefined) {
    const withAmount = context.budget !== undefined && context.budget !== null;
    const rows = brief.budget_split.map((b) =>
      withAmount
        ? `| ${cell(b?.channel)} | ${b?.share_percent ?? ''}% | ${amountOf(b?.share_percent, context)} | ${cell(b?.rationale)} |`
        : `| ${cell(b?.channel)} | ${b?.share_percent ?? ''}% | ${cell(b?.rationale)} |`,
    );
    section(
      'Budget allocation',
      rows.length === 0
        ? ['No split proposed.']
        : withAmount
          ? ['| Channel | Share | Amount | Rationale |', '|---|---|---|---|', ...rows]
          : ['| Channel | Share | Rationale |', '|---|---|---|', ...rows],
    );
  }
  if (brief.phases !== undefined)
    section('Timeline', [
      '| Phase | Days | Focus |',
      '|---|---|---|',
      ...brief.phases.map((p) => `| ${cell(p?.phase)} | ${cell(p?.days)} | ${cell(p?.focus)} |`),
    ]);
  if (brief.success_metrics !== undefined)
    section(
      'Success metrics',
      brief.success_metrics.map((m) => `- ${m ?? ''}`),
    );
  return out.join('\n').replace(/\n+$/, '');
}

/** A KPI for an objective, with a `[target]` placeholder instead of an invented figure. */
function kpiFor(objective: string): string {
  const o = objective.toLowerCase();
  if (/aware|reach|visib/.test(o)) return 'reach and impressions in the target audience: [target]';
  if (/engag|community/.test(o))
    return 'engagement rate (reactions, comments, shares per impression): [target]';
  if (/lead|sign.?up|demo|book/.test(o)) return 'qualified leads and cost per lead: [target]';
  if (/sale|revenue|conver|purchas/.test(o))
    return 'conversions and revenue attributed to the campaign: [target]';
  if (/traffic|visit|click/.test(o)) return 'landing-page sessions from campaign links: [target]';
  if (/hir|recruit|talent/.test(o)) return 'qualified applications: [target]';
  return `a measurable result for "${objective}": [metric and target]`;
}

/** The demo brief stub providers answer with: built from the request only, no invented figures. */
export function demoCampaignBrief(input: {
  campaignName: string;
  objectives: readonly string[];
  channels: readonly ChannelSpec[];
  shares: readonly number[];
  phases: readonly { phase: string; days: string; focus: string }[];
  product?: string | null | undefined;
  brand?: string | null | undefined;
  audience?: string | null | undefined;
}): CampaignBrief {
  const offer = input.product ?? input.campaignName;
  const brand = input.brand ?? '[brand]';
  return {
    title: `Campaign brief: ${input.campaignName}`,
    overview: `${input.campaignName} promotes ${offer} from ${brand} to ${input.audience ?? '[target audience]'} on ${input.channels.map((c) => c.name).join(', ')}. It runs in ${input.phases.length} phase${input.phases.length === 1 ? '' : 's'} and is judged by the KPIs below.`,
    objectives: input.objectives.map((objective) => ({ objective, kpi: kpiFor(objective) })),
    target_audience:
      input.audience ?? '[target audience: who they are, what they need, where they spend time]',
    key_messages: [
      `${offer}: [the core promise in one line].`,
      `Why ${brand}: [the proof that backs the promise].`,
      `What to do next: [the call to action].`,
    ],
    channel_plan: input.channels.map((c) => ({
      channel: c.name,
      role: c.role,
      plan: `${c.content}; KPI: ${c.kpi}.`,
    })),
    budget_split: input.channels.map((c, i) => ({
      channel: c.name,
      share_percent: input.shares[i] ?? 0,
      rationale: `${c.role} channel: ${c.content}.`,
    })),
    phases: input.phases.map((p) => ({ ...p })),
    success_metrics: [
      ...input.objectives.map((objective) => kpiFor(objective)),
      'Cost per result against the plan, reviewed weekly',
    ].slice(0, 10),
  };
}

/** The brief's structure for one request: the schema, its rendering with the request's budget, the demo. */
export function campaignBriefStructure(context: BriefContext, demo: CampaignBrief): DeliverableStructure {
  return structuredDeliverable({
    schema: CampaignBriefSchema,
    name: 'campaign_brief',
    render: (brief) => renderCampaignBrief(brief, context),
    demo,
  });
}
