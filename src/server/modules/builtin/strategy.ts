/**
 * The server part of the `strategy` module: the strategy document, the
 * positioning and messaging, and the channel plan, each following the
 * operator's eight-layer strategy contract; prompts and offline samples.
 */
import type { BrandContext } from '../../../modules/builtin/strategy.js';
import { MODULES, type ModuleRequest } from '../../../modules/index.js';
import { type DeliverablePlan, defineModuleHandler } from '../handler.js';
import { deliverablePrompt, type Fact, fitToSample, operatorSystemPrompt, orPlaceholder } from '../prompt.js';
import { platformInfo } from './campaigns.js';

/** A validated strategy request. */
export type StrategyRequest = ModuleRequest<typeof MODULES.strategy>;

/** The role a channel plays in the funnel (the contract's layer 6). */
export type ChannelRole = 'Discovery' | 'Trust' | 'Conversion' | 'Retention';

/** A planned channel: its role, content, KPI, kill criteria and budget weight. */
export interface ChannelSpec {
  /** Channel name as shown, e.g. `LinkedIn`. */
  readonly name: string;
  /** Its strategic role. */
  readonly role: ChannelRole;
  /** Content types that fit it. */
  readonly content: string;
  /** The KPI it is judged on. */
  readonly kpi: string;
  /** When to stop investing in it. */
  readonly kill: string;
  /** Relative budget weight. */
  readonly weight: number;
}

type ChannelTraits = Omit<ChannelSpec, 'name'>;

/** Funnel order of the roles. */
const FUNNEL: readonly ChannelRole[] = ['Discovery', 'Trust', 'Conversion', 'Retention'];

const CHANNEL_TRAITS: Readonly<Record<string, ChannelTraits>> = {
  linkedin: {
    role: 'Trust',
    content: 'thought-leadership posts, carousels, document posts',
    kpi: 'engagement rate and profile visits',
    kill: 'engagement rate under 1.5% after three weeks',
    weight: 30,
  },
  instagram: {
    role: 'Discovery',
    content: 'reels, carousels, stories',
    kpi: 'reach and saves',
    kill: 'reach per post flat for four weeks',
    weight: 25,
  },
  twitter: {
    role: 'Discovery',
    content: 'threads, short takes, replies',
    kpi: 'impressions and link clicks',
    kill: 'link click-through under 0.5% after three weeks',
    weight: 10,
  },
  facebook: {
    role: 'Discovery',
    content: 'short video, community posts, retargeting ads',
    kpi: 'cost per landing-page view',
    kill: 'cost per view 30% over target for two weeks',
    weight: 20,
  },
  tiktok: {
    role: 'Discovery',
    content: 'short-form video',
    kpi: 'views and average watch time',
    kill: 'average watch time under 30% after ten videos',
    weight: 20,
  },
  youtube: {
    role: 'Trust',
    content: 'explainers and case-study videos',
    kpi: 'watch time and subscribers',
    kill: 'under 40% average view duration after six videos',
    weight: 20,
  },
  email: {
    role: 'Conversion',
    content: 'nurture sequence and newsletter',
    kpi: 'click rate and replies',
    kill: 'click rate under 2% after four sends',
    weight: 15,
  },
  blog: {
    role: 'Trust',
    content: 'search-led articles and guides',
    kpi: 'organic sessions and sign-ups',
    kill: 'no ranking movement after eight weeks',
    weight: 15,
  },
};

const OTHER_CHANNEL: ChannelTraits = {
  role: 'Discovery',
  content: 'native posts for the channel',
  kpi: 'engagement and clicks',
  kill: 'no measurable clicks after four weeks',
  weight: 15,
};

/** Channels proposed when the request names none. */
const DEFAULT_CHANNELS = ['LinkedIn', 'Instagram', 'Email'] as const;

/**
 * The channels of a plan, with their role and traits: the requested
 * platforms (distinct), or LinkedIn, Instagram and Email when none is given.
 *
 * @example
 * ```ts
 * planChannels(['LinkedIn', 'X']).map((c) => [c.name, c.role]) // [['LinkedIn', 'Trust'], ['X (Twitter)', 'Discovery']]
 * ```
 */
export function planChannels(platforms: readonly string[] | null | undefined): ChannelSpec[] {
  const names = platforms && platforms.length > 0 ? platforms : DEFAULT_CHANNELS;
  const seen = new Set<string>();
  const channels: ChannelSpec[] = [];
  for (const name of names) {
    const info = platformInfo(name);
    if (seen.has(info.id)) continue;
    seen.add(info.id);
    channels.push({ name: info.label, ...(CHANNEL_TRAITS[info.id] ?? OTHER_CHANNEL) });
  }
  return channels;
}

/** A campaign phase, in weeks. */
export interface Phase {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly focus: string;
}

/**
 * Splits `weeks` into Foundation, Launch and Optimise phases (shorter
 * campaigns get fewer phases).
 */
export function planPhases(weeks: number): Phase[] {
  const foundation = Math.max(1, Math.round(weeks * 0.25));
  const launch = Math.max(foundation + 1, Math.round(weeks * 0.6));
  const phases: Phase[] = [
    {
      name: 'Foundation',
      from: 1,
      to: Math.min(foundation, weeks),
      focus: 'tracking, assets and audiences ready',
    },
    { name: 'Launch', from: foundation + 1, to: Math.min(launch, weeks), focus: 'publish, seed and learn' },
    {
      name: 'Optimise',
      from: launch + 1,
      to: weeks,
      focus: 'double down on what converts, cut what does not',
    },
  ];
  return phases.filter((phase) => phase.from <= phase.to);
}

/** `week 3` or `weeks 3–5`. */
export function weekRange(phase: Phase): string {
  return phase.from === phase.to ? `week ${phase.from}` : `weeks ${phase.from}–${phase.to}`;
}

/** Formats an amount of money, e.g. `10,000 USD`. */
export function money(value: number, currency: string | null | undefined): string {
  return `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency ?? 'USD'}`;
}

/** The brand context as facts for a prompt. */
export function brandFacts(brand: BrandContext | null | undefined): Fact[] {
  if (!brand) return [];
  return [
    ['Client', brand.client_name],
    ['Website', brand.website],
    ['Industry', brand.industry],
    ['Geography', brand.geography],
    ['Primary offer', brand.primary_offer],
    ['Client objective', brand.objective],
    ['Target audience', brand.target_audience],
    ['Pain points', brand.pain_points],
    ['Desired outcomes', brand.desired_outcomes],
    ['Pricing', brand.pricing],
    ['Unit economics', brand.unit_economics],
    ['Growth bottleneck', brand.growth_bottleneck],
    ['Differentiators', brand.differentiators],
    ['Proof assets', brand.proof_assets],
    ['Tone of voice', brand.tone_voice],
    ['Risk tolerance', brand.risk_tolerance],
    ['Compliance notes', brand.compliance_notes],
    ['KPI targets', brand.kpi_targets],
  ];
}

function objectivesOf(request: StrategyRequest): string[] {
  if (request.objectives && request.objectives.length > 0) return request.objectives;
  return [request.brand_context?.objective ?? 'Awareness'];
}

function strategyFacts(request: StrategyRequest): Fact[] {
  return [
    ['Campaign name', request.campaign_name],
    ['Objectives', request.objectives],
    ['Platforms', request.platforms],
    ['Budget', request.budget == null ? undefined : money(request.budget, request.currency)],
    ['Duration (weeks)', request.duration],
    ...brandFacts(request.brand_context),
    ['Language', request.language],
    ['Brief', request.brief],
  ];
}

const STRATEGY_INSTRUCTIONS =
  'Write the strategy document. Start with a # title "Strategy: <campaign name>", then these ## sections in ' +
  'order: Executive summary (three sentences); Business reality (business model, revenue, pricing logic, the ' +
  'growth constraint and the bottleneck: Demand, Awareness, Trust, Conversion or Retention); Market truth ' +
  '(category maturity, competitive vectors, white space, what not to do); Audience psychology (awareness state, ' +
  'pain intensity, objection hierarchy, trust transfer); Narrative (problem, tension, resolution, the enemy); ' +
  'Objectives and measurement (one measurable KPI per objective, leading and lagging indicators, decision rules, ' +
  'review cadence); Guardrails (tone boundaries, forbidden language, claim boundaries, compliance); Roadmap ' +
  '({phases}). Keep it between 600 and 900 words.';

const POSITIONING_INSTRUCTIONS =
  'Write the positioning and messaging framework. Start with a # title, then these ## sections: Positioning ' +
  'statement (For <audience> who <need>, <brand> is the <category> that <promise>, unlike <alternative>); Core ' +
  'promise; Proof stack (social, authority and mechanism proof, from the given proof assets only); Sacrifice ' +
  'framing (what the buyer gives up, and why it is worth it); Differentiation (say whether it is structural or ' +
  'cosmetic, and why); Messaging pillars (three pillars, each with a headline, two supporting points and a ' +
  'call to action); Objection handling (a Markdown table: objection, answer, proof). Keep it between 450 and 700 words.';

const CHANNEL_INSTRUCTIONS =
  'Write the channel plan. Start with a # title, then a Markdown table of the channels ({channels}) with the ' +
  'columns Channel, Strategic role (Discovery, Trust, Conversion or Retention), Content types, Cadence, KPI and ' +
  'Kill criteria. Then ## Budget allocation ({budget_rule}); ## Sequencing (what each channel does in each phase: ' +
  '{phases}); ## Hand-offs (how a prospect moves from one channel to the next). Keep it between 350 and 600 words.';

function phaseSummary(phases: readonly Phase[]): string {
  return phases.map((phase) => `${phase.name} ${weekRange(phase)}`).join(', ');
}

/** Splits `budget` across channels by weight, in whole units; the last channel takes the rounding. */
export function splitBudget(budget: number, channels: readonly ChannelSpec[]): number[] {
  const total = channels.reduce((sum, c) => sum + c.weight, 0);
  const shares = channels.map((c) => Math.round((budget * c.weight) / total));
  const rest = Math.round(budget) - shares.reduce((sum, s) => sum + s, 0);
  if (shares.length > 0) shares[shares.length - 1] = (shares.at(-1) ?? 0) + rest;
  return shares;
}

function demoStrategy(request: StrategyRequest, phases: readonly Phase[]): string {
  const brand: BrandContext = request.brand_context ?? {};
  const client = brand.client_name ?? '[client]';
  const audience = orPlaceholder(brand.target_audience, 'target audience');
  const offer = orPlaceholder(brand.primary_offer, 'primary offer');
  const objectives = objectivesOf(request);
  const weeks = request.duration ?? 8;
  const channels = planChannels(request.platforms);
  return [
    `# Strategy: ${request.campaign_name}`,
    '',
    '## Executive summary',
    '',
    `${request.campaign_name} takes ${offer} to ${audience}${brand.geography ? ` in ${brand.geography}` : ''} over ${weeks} weeks. ` +
      `It is built to move ${objectives.join(' and ')}, with ${channels.map((c) => c.name).join(', ')} doing distinct jobs in the funnel. ` +
      `Every claim rests on ${client}'s own proof; nothing ships without passing the guardrails below.`,
    '',
    '## Business reality',
    '',
    `- **Offer:** ${offer}; pricing ${orPlaceholder(brand.pricing, 'pricing')}.`,
    `- **Unit economics:** ${orPlaceholder(brand.unit_economics, 'CAC, LTV and margin')}.`,
    `- **Growth constraint:** ${brand.growth_bottleneck && brand.growth_bottleneck !== 'Unknown' ? brand.growth_bottleneck : '[growth constraint to confirm with the client]'}.`,
    `- **Bottleneck:** ${objectives.some((o) => /lead|sale|conver/i.test(o)) ? 'Conversion' : 'Awareness'} (from the objectives; confirm at the workshop).`,
    `- **Risk tolerance:** ${orPlaceholder(brand.risk_tolerance, 'risk tolerance')}.`,
    '',
    '## Market truth',
    '',
    `- **Category:** ${orPlaceholder(brand.industry, 'industry')}, maturity [Emerging / Growing / Mature / Declining].`,
    `- **Competitive vectors:** Trust and Service first, Price last: ${client} should not win on discount.`,
    `- **White space:** ${orPlaceholder(brand.differentiators, 'what competitors do not offer')}.`,
    '- **What not to do:** generic "industry-leading" claims, discount-led creative, channels without a kill rule.',
    '',
    '## Audience psychology',
    '',
    `- **Who:** ${audience}.`,
    '- **Awareness state:** Problem Aware: they feel the pain, they have not chosen a solution.',
    `- **Pain:** ${orPlaceholder(brand.pain_points, 'pain points')}.`,
    '- **Objection hierarchy:** 1. "Is it worth the money?" 2. "Will it work for someone like me?" 3. "Is now the right time?"',
    `- **Trust transfer:** ${orPlaceholder(brand.proof_assets, 'reviews, case studies or certifications')}.`,
    '',
    '## Narrative',
    '',
    `- **Problem:** ${orPlaceholder(brand.pain_points, 'the problem in the audience’s words')}.`,
    '- **Tension:** the usual fixes cost time and money and still leave the problem in place.',
    `- **Resolution:** ${offer}, ${brand.differentiators ? `because ${brand.differentiators}` : '[the mechanism that makes it work]'}.`,
    '- **Enemy:** the status quo and the guesswork that keeps it in place, never a named competitor.',
    '',
    '## Objectives and measurement',
    '',
    '| Objective | KPI | Leading indicator | Lagging indicator |',
    '|---|---|---|---|',
    ...objectives.map(
      (objective) =>
        `| ${orPlaceholder(objective, 'objective')} | ${/lead/i.test(objective) ? 'qualified leads per week' : /sale|conver/i.test(objective) ? 'conversion rate' : 'reach in the target audience'} | click-through and saves | ${orPlaceholder(brand.kpi_targets, 'target')} |`,
    ),
    '',
    '- **Decision rule:** a channel under its kill criteria for two reviews in a row loses its budget to the best performer.',
    '- **Review cadence:** Weekly.',
    '',
    '## Guardrails',
    '',
    `- **Tone:** ${orPlaceholder(brand.tone_voice, 'tone of voice')}.`,
    '- **Forbidden language:** guarantees, "best", "cheapest", unverified numbers.',
    `- **Compliance:** ${orPlaceholder(brand.compliance_notes, 'regulatory limits')}.`,
    '',
    '## Roadmap',
    '',
    ...phases.map((phase) => `- **${phase.name} (${weekRange(phase)}):** ${phase.focus}.`),
  ].join('\n');
}

function demoPositioning(request: StrategyRequest): string {
  const brand: BrandContext = request.brand_context ?? {};
  const client = brand.client_name ?? '[client]';
  const audience = orPlaceholder(brand.target_audience, 'target audience');
  const offer = orPlaceholder(brand.primary_offer, 'primary offer');
  const objective = objectivesOf(request)[0] ?? 'Awareness';
  return [
    `# Positioning and messaging: ${request.campaign_name}`,
    '',
    '## Positioning statement',
    '',
    `For ${audience} who ${brand.pain_points ? `struggle with ${brand.pain_points}` : '[need]'}, ${client} offers ${offer}` +
      `${brand.differentiators ? `, unlike the alternatives, with ${brand.differentiators}` : ', unlike [the usual alternative]'}.`,
    '',
    '## Core promise',
    '',
    `${brand.desired_outcomes ? brand.desired_outcomes : '[the outcome the buyer gets]'}, without the guesswork.`,
    '',
    '## Proof stack',
    '',
    `- **Social:** ${orPlaceholder(brand.proof_assets, 'reviews and testimonials')}`,
    '- **Authority:** [certifications, partners or press]',
    `- **Mechanism:** ${orPlaceholder(brand.differentiators, 'how it works, step by step')}`,
    '',
    '## Sacrifice framing',
    '',
    `Choosing ${client} means ${brand.pricing ? `paying ${brand.pricing}` : '[the price or effort asked]'} instead of the cheapest option; in return the buyer gets a result they can see and a team that stays accountable.`,
    '',
    '## Differentiation',
    '',
    `${brand.differentiators ? `Structural: "${brand.differentiators}" is built into how ${client} delivers, so it cannot be copied by a campaign.` : 'To confirm: [structural or cosmetic, and why].'}`,
    '',
    '## Messaging pillars',
    '',
    `1. **The problem, named.** Speak to ${audience} in their own words. CTA: "See if it fits you."`,
    `2. **The way out.** Show how ${offer} delivers the result, step by step. CTA: "See how it works."`,
    `3. **The proof.** Lead with ${brand.proof_assets ? brand.proof_assets : '[proof]'}. CTA: ${/lead|book|consult/i.test(objective) ? '"Book your consultation."' : '"Find out more."'}`,
    '',
    '## Objection handling',
    '',
    '| Objection | Answer | Proof |',
    '|---|---|---|',
    `| Is it worth the money? | ${brand.pricing ? `${brand.pricing}, with a clear result` : '[value framing]'} | ${orPlaceholder(brand.proof_assets, 'reviews')} |`,
    `| Will it work for me? | Built for ${audience} | [case study] |`,
    '| Why now? | Every month of waiting keeps the problem in place | [seasonal or capacity reason] |',
  ].join('\n');
}

function demoChannelPlan(request: StrategyRequest, phases: readonly Phase[]): string {
  const channels = planChannels(request.platforms);
  const proposed = !request.platforms || request.platforms.length === 0;
  const budgetLines =
    request.budget == null
      ? [
          'No budget was given; the split by weight:',
          '',
          ...channels.map(
            (c) =>
              `- ${c.name}: ${Math.round((100 * c.weight) / channels.reduce((sum, x) => sum + x.weight, 0))}%`,
          ),
        ]
      : [
          '| Channel | Amount | Share |',
          '|---|---|---|',
          ...splitBudget(request.budget, channels).map(
            (share, i) =>
              `| ${channels[i]?.name} | ${money(share, request.currency)} | ${request.budget ? Math.round((100 * share) / request.budget) : 0}% |`,
          ),
        ];
  return [
    `# Channel plan: ${request.campaign_name}`,
    '',
    ...(proposed ? ['_No channels were given: LinkedIn, Instagram and Email are proposed._', ''] : []),
    '| Channel | Strategic role | Content types | Cadence | KPI | Kill criteria |',
    '|---|---|---|---|---|---|',
    ...channels.map(
      (c) =>
        `| ${c.name} | ${c.role} | ${c.content} | ${c.role === 'Conversion' ? '1 send a week' : c.role === 'Trust' ? '3 posts a week' : '4 posts a week'} | ${c.kpi} | ${c.kill} |`,
    ),
    '',
    '## Budget allocation',
    '',
    ...budgetLines,
    '',
    '## Sequencing',
    '',
    ...phases.map(
      (phase) =>
        `- **${phase.name} (${weekRange(phase)}):** ${
          phase.name === 'Foundation'
            ? `set up tracking and audiences on ${channels.map((c) => c.name).join(', ')}`
            : phase.name === 'Launch'
              ? `${
                  channels
                    .filter((c) => c.role === 'Discovery' || c.role === 'Trust')
                    .map((c) => c.name)
                    .join(', ') || channels[0]?.name
                } lead; the others retarget`
              : 'move budget to the channels beating their KPI; stop the ones under their kill criteria'
        }.`,
    ),
    '',
    '## Hand-offs',
    '',
    `${[...channels]
      .sort((a, b) => FUNNEL.indexOf(a.role) - FUNNEL.indexOf(b.role))
      .map((c) => `${c.name} (${c.role})`)
      .join(' → ')} → landing page → follow-up within one working day.`,
  ].join('\n');
}

/**
 * The `strategy` module's server part: the strategy document, the
 * positioning and messaging framework, and the channel plan.
 */
export const strategyHandler = defineModuleHandler(MODULES.strategy, {
  system: () =>
    operatorSystemPrompt({
      role: 'a senior marketing strategist',
      writes: 'marketing strategies',
      subject: 'campaign',
      rules: [
        'Every recommendation must follow from the campaign details; say so when a choice is an assumption.',
      ],
    }),
  plan: (request): DeliverablePlan[] => {
    const phases = planPhases(request.duration ?? 8);
    const channels = planChannels(request.platforms);
    const facts = strategyFacts(request);
    const budgetRule =
      request.budget == null
        ? 'no budget was given: recommend a split in percent'
        : `a Markdown table splitting ${money(request.budget, request.currency)} across the channels`;
    return [
      {
        key: 'strategy',
        kind: 'strategy',
        title: `Strategy: ${request.campaign_name}`,
        prompt: deliverablePrompt(
          'Strategy document',
          STRATEGY_INSTRUCTIONS.replace('{phases}', phaseSummary(phases)),
          'campaign',
          facts,
        ),
        maxTokens: 2000,
        demo: demoStrategy(request, phases),
        hashtags: false,
      },
      {
        key: 'positioning',
        kind: 'positioning',
        title: `Positioning and messaging: ${request.campaign_name}`,
        prompt: deliverablePrompt('Positioning and messaging', POSITIONING_INSTRUCTIONS, 'campaign', facts),
        maxTokens: 1500,
        demo: demoPositioning(request),
        hashtags: false,
      },
      {
        key: 'channels',
        kind: 'channel_plan',
        title: `Channel plan: ${request.campaign_name}`,
        prompt: deliverablePrompt(
          'Channel plan',
          CHANNEL_INSTRUCTIONS.replace('{channels}', channels.map((c) => c.name).join(', '))
            .replace('{budget_rule}', budgetRule)
            .replace('{phases}', phaseSummary(phases)),
          'campaign',
          facts,
        ),
        maxTokens: 1500,
        demo: demoChannelPlan(request, phases),
        hashtags: false,
      },
    ].map(fitToSample);
  },
});
