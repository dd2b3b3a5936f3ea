/**
 * The server part of the `intake` module: the client brief (an intake
 * confirmation), its prompts and its offline sample.
 */
import { MODULES, type ModuleRequest } from '../../../modules/index.js';
import { type DeliverablePlan, defineModuleHandler } from '../handler.js';
import { deliverablePrompt, type Fact, fitToSample, operatorSystemPrompt, orPlaceholder } from '../prompt.js';

/** A validated intake request. */
export type IntakeRequest = ModuleRequest<typeof MODULES.intake>;

function listOrText(value: string | readonly string[] | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** The intake's facts, in the order a strategist reads them. */
function intakeFacts(request: IntakeRequest): Fact[] {
  const hiring = request.context_data?.hiring;
  const ecommerce = request.context_data?.ecommerce;
  const services = request.context_data?.services;
  const delivery = request.delivery_requirements;
  const formats = delivery
    ? (['pdf', 'pptx', 'zip'] as const).filter((f) => delivery[f]).map((f) => f.toUpperCase())
    : [];
  return [
    ['Client name', request.client_name],
    ['Website', request.website],
    ['Industry', request.industry],
    ['Geography', request.geography],
    ['Time zone', request.timezone],
    ['Languages', request.languages],
    ['Primary offer', request.primary_offer],
    ['Objective', request.objective],
    ['Target audience', request.target_audience],
    ['Pain points', request.pain_points],
    ['Desired outcomes', request.desired_outcomes],
    ['Pricing', request.pricing],
    ['Revenue streams', request.revenue_streams],
    ['Unit economics', request.unit_economics],
    ['Growth bottleneck', request.growth_bottleneck],
    ['Differentiators', request.differentiators],
    ['Proof assets', request.proof_assets],
    ['Tone of voice', request.tone_voice],
    ['Risk tolerance', request.risk_tolerance],
    ['Compliance notes', request.compliance_notes],
    ['KPI targets', request.kpi_targets],
    ['Budget range', request.budget_range],
    ['Start date', request.timeline_start],
    ['Duration (weeks)', request.duration_weeks],
    ['Hiring: employer value proposition', hiring?.evp_statement],
    ['Hiring: roles', listOrText(hiring?.role_types)],
    ['Hiring: locations', listOrText(hiring?.hiring_locations)],
    ['Hiring: employer brand notes', hiring?.employer_brand_notes],
    ['E-commerce: catalogue', ecommerce?.product_catalog_url],
    ['E-commerce: top SKUs', listOrText(ecommerce?.top_skus)],
    ['E-commerce: margins', ecommerce?.margins],
    ['Services: deck', services?.service_deck_link],
    ['Services: areas served', listOrText(services?.service_areas)],
    ['Services: booking link', services?.booking_link],
    ['Deliverables expected', formats],
    ['Delivery frequency', delivery?.frequency],
    ['Contact', request.contact_name],
    ['Contact email', request.client_email],
    ['Brief', request.brief],
  ];
}

/**
 * What the intake still lacks before strategy can start: the fields the
 * operator's approval checks flag, and its objective-specific warnings.
 *
 * @example
 * ```ts
 * intakeGaps(request) // ['Target audience: who buys, by role and company size', ...]
 * ```
 */
export function intakeGaps(request: IntakeRequest): string[] {
  const gaps: string[] = [];
  const objective = request.objective.toLowerCase();
  if (!request.target_audience)
    gaps.push(
      /lead/.test(objective)
        ? 'Target audience: a lead-generation objective needs a defined buyer (role, company size, trigger).'
        : 'Target audience: who buys, by role, segment and buying trigger.',
    );
  if (!request.pain_points) gaps.push('Pain points: the problems the audience feels today, in their words.');
  if (!request.desired_outcomes) gaps.push('Desired outcomes: what success looks like for the client.');
  if (!request.compliance_notes && !request.risk_tolerance)
    gaps.push('Compliance and risk: regulatory limits, forbidden claims or a risk tolerance.');
  if (!request.proof_assets) gaps.push('Proof assets: case studies, reviews, certifications or awards.');
  if (!request.pricing) gaps.push('Pricing: price points or the pricing model.');
  if (!request.tone_voice) gaps.push('Tone of voice: three or four words that describe the brand voice.');
  if (/hir/.test(objective) && !request.context_data?.hiring)
    gaps.push('Hiring context: employer value proposition, roles and locations.');
  if (!request.kpi_targets) gaps.push('KPI targets: the numbers the engagement will be judged on.');
  return gaps;
}

const BRIEF_INSTRUCTIONS =
  'Write the client brief that confirms this intake, for the agency team and the client to sign off. Start with ' +
  'a # title "Client brief: <client name>", then one sentence confirming the intake. Then these ## sections in ' +
  'order: Snapshot (a two-column Markdown table: client, website, industry, geography, primary offer, objective, ' +
  'timeline, budget range, languages); Audience and pains; Offer and proof; Voice and guardrails; Success ' +
  'measures; Gaps to close before strategy (a bullet per gap listed below, or "None"); Next steps (three numbered ' +
  'steps, the first being to approve this brief so that strategy can start). Keep it between 300 and 550 words.';

function demoBrief(request: IntakeRequest, gaps: readonly string[]): string {
  const timeline = [
    request.timeline_start ? `starts ${request.timeline_start}` : '[start date]',
    `${request.duration_weeks ?? 12} weeks`,
  ].join(', ');
  const context: string[] = [];
  const hiring = request.context_data?.hiring;
  if (hiring) {
    context.push(
      `- **Hiring:** ${orPlaceholder(hiring.evp_statement, 'employer value proposition')}; roles ${orPlaceholder(listOrText(hiring.role_types), 'roles')} in ${orPlaceholder(listOrText(hiring.hiring_locations), 'locations')}.`,
    );
  }
  const ecommerce = request.context_data?.ecommerce;
  if (ecommerce) {
    context.push(
      `- **E-commerce:** top SKUs ${orPlaceholder(listOrText(ecommerce.top_skus), 'top SKUs')}; margins ${orPlaceholder(ecommerce.margins, 'margins')}.`,
    );
  }
  const services = request.context_data?.services;
  if (services) {
    context.push(
      `- **Services:** areas served ${orPlaceholder(listOrText(services.service_areas), 'service areas')}; bookings via ${orPlaceholder(services.booking_link, 'booking link')}.`,
    );
  }
  return [
    `# Client brief: ${request.client_name}`,
    '',
    `Intake confirmed for **${request.client_name}** (${request.website}). This brief is the single source for strategy, creatives and execution; approve it to start strategy.`,
    '',
    '## Snapshot',
    '',
    '| Field | Value |',
    '|---|---|',
    `| Client | ${orPlaceholder(request.client_name, 'client')} |`,
    `| Website | ${orPlaceholder(request.website, 'website')} |`,
    `| Industry | ${orPlaceholder(request.industry, 'industry')} |`,
    `| Geography | ${orPlaceholder(request.geography, 'geography')}${request.timezone ? ` (${request.timezone})` : ''} |`,
    `| Primary offer | ${orPlaceholder(request.primary_offer, 'primary offer')} |`,
    `| Objective | ${orPlaceholder(request.objective, 'objective')} |`,
    `| Timeline | ${timeline} |`,
    `| Budget range | ${orPlaceholder(request.budget_range, 'budget range')} |`,
    `| Languages | ${orPlaceholder(request.languages?.join(', '), 'languages')} |`,
    '',
    '## Audience and pains',
    '',
    `- **Target audience:** ${orPlaceholder(request.target_audience, 'target audience')}`,
    `- **Pain points:** ${orPlaceholder(request.pain_points, 'pain points')}`,
    `- **Desired outcomes:** ${orPlaceholder(request.desired_outcomes, 'desired outcomes')}`,
    '',
    '## Offer and proof',
    '',
    `- **Offer:** ${request.primary_offer}`,
    `- **Pricing:** ${orPlaceholder(request.pricing, 'pricing')}`,
    `- **Differentiators:** ${orPlaceholder(request.differentiators, 'differentiators')}`,
    `- **Proof assets:** ${orPlaceholder(request.proof_assets, 'proof assets')}`,
    ...(request.growth_bottleneck ? [`- **Growth bottleneck:** ${request.growth_bottleneck}`] : []),
    ...(context.length > 0 ? ['', '## Context', '', ...context] : []),
    '',
    '## Voice and guardrails',
    '',
    `- **Tone of voice:** ${orPlaceholder(request.tone_voice, 'tone of voice')}`,
    `- **Risk tolerance:** ${orPlaceholder(request.risk_tolerance, 'risk tolerance')}`,
    `- **Compliance:** ${orPlaceholder(request.compliance_notes, 'compliance notes')}`,
    '',
    '## Success measures',
    '',
    `- **Objective:** ${request.objective} in ${request.geography}`,
    `- **KPI targets:** ${orPlaceholder(request.kpi_targets, 'KPI targets')}`,
    '',
    '## Gaps to close before strategy',
    '',
    ...(gaps.length > 0
      ? gaps.map((gap) => `- ${gap}`)
      : ['- None: the brief is complete enough to start strategy.']),
    '',
    '## Next steps',
    '',
    `1. Approve this brief so that the ${request.objective} strategy can start.`,
    gaps.length > 0
      ? `2. Close the ${gaps.length} gap${gaps.length === 1 ? '' : 's'} above with ${request.contact_name ?? `the ${request.client_name} team`}.`
      : `2. Book the strategy workshop with ${request.contact_name ?? `the ${request.client_name} team`}.`,
    `3. Collect brand assets and access to ${request.website} analytics for the baseline.`,
  ].join('\n');
}

/**
 * The `intake` module's server part: one client brief that confirms the
 * intake and lists the gaps to close before strategy.
 */
export const intakeHandler = defineModuleHandler(MODULES.intake, {
  system: () =>
    operatorSystemPrompt({
      role: 'a senior marketing account director',
      writes: 'client briefs',
      subject: 'client',
      rules: ['Restate the client facts faithfully; do not turn them into recommendations yet.'],
    }),
  plan: (request): DeliverablePlan[] => {
    const gaps = intakeGaps(request);
    const instructions =
      gaps.length > 0
        ? `${BRIEF_INSTRUCTIONS}\n\nGaps to close before strategy:\n${gaps.map((gap) => `- ${gap}`).join('\n')}`
        : `${BRIEF_INSTRUCTIONS}\n\nGaps to close before strategy: none.`;
    const plans: DeliverablePlan[] = [
      {
        key: 'brief',
        kind: 'client_brief',
        title: `Client brief: ${request.client_name}`,
        prompt: deliverablePrompt('Client brief', instructions, 'client', intakeFacts(request)),
        maxTokens: 1200,
        demo: demoBrief(request, gaps),
        hashtags: false,
      },
    ];
    return plans.map(fitToSample);
  },
});
