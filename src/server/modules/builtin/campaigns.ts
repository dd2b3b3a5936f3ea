/**
 * The server part of the `campaigns` module: a campaign brief, one post per
 * platform and an email: one spec per deliverable (kind, title, platform,
 * instructions) and the system and user prompts built from the request.
 */
import type { DeliverableKind } from '../../../envelope/index.js';
import { MODULES, type ModuleRequest } from '../../../modules/index.js';

const campaignsModule = MODULES.campaigns;

import { type DeliverablePlan, defineModuleHandler } from '../handler.js';
import { operatorSystemPrompt } from '../prompt.js';
import { campaignBriefStructure, demoCampaignBrief } from './campaign-brief.js';
import { demoCampaignEmail, demoCampaignLongForm, demoCampaignPost } from './campaign-demo.js';
import { isStructuredPostKind, renderPost, socialPostStructure } from './social-post.js';
import { planChannels, splitBudget } from './strategy.js';

/** A validated campaigns request. */
export type CampaignRequest = ModuleRequest<typeof campaignsModule>;

/** One deliverable `generateCampaign` will write. */
export interface CampaignDeliverableSpec {
  /** Stable key within the run, e.g. `brief`, `post:linkedin`, `email`. */
  key: string;
  /** Deliverable kind (CONTRACT §1). */
  kind: DeliverableKind;
  /** Human label, e.g. `LinkedIn post`. */
  label: string;
  /** Platform id (`linkedin`, `email`, ...) or null for the brief. */
  platform: string | null;
  /** Instructions for the model, specific to the kind. */
  instructions: string;
  /** Output token budget. */
  maxTokens: number;
}

interface PlatformInfo {
  id: string;
  label: string;
  kind: DeliverableKind;
}

const PLATFORM_ALIASES: Readonly<Record<string, PlatformInfo>> = {
  linkedin: { id: 'linkedin', label: 'LinkedIn', kind: 'linkedin_post' },
  instagram: { id: 'instagram', label: 'Instagram', kind: 'instagram_post' },
  ig: { id: 'instagram', label: 'Instagram', kind: 'instagram_post' },
  twitter: { id: 'twitter', label: 'X (Twitter)', kind: 'twitter_post' },
  x: { id: 'twitter', label: 'X (Twitter)', kind: 'twitter_post' },
  xtwitter: { id: 'twitter', label: 'X (Twitter)', kind: 'twitter_post' },
  twitterx: { id: 'twitter', label: 'X (Twitter)', kind: 'twitter_post' },
  tiktok: { id: 'tiktok', label: 'TikTok', kind: 'video_script' },
  youtube: { id: 'youtube', label: 'YouTube', kind: 'video_script' },
  youtubeshorts: { id: 'youtube', label: 'YouTube', kind: 'video_script' },
  blog: { id: 'blog', label: 'Blog', kind: 'blog_post' },
  facebook: { id: 'facebook', label: 'Facebook', kind: 'facebook_post' },
  threads: { id: 'threads', label: 'Threads', kind: 'threads_post' },
};

/** Platforms that mean "email": the email is always written, so they add nothing. */
const EMAIL_ALIASES = new Set(['email', 'emails', 'newsletter', 'mail']);

/**
 * Normalizes a requested platform name (`LinkedIn`, `X`, `ig`, `Twitter/X`, ...)
 * to an id, a label and the deliverable kind written for it. Unknown names
 * get a `<slug>_post` kind (accepted by every contract validator); a name with
 * no Latin letter or digit (`微博`) gets `social_post` and keeps its own id.
 */
export function platformInfo(name: string): PlatformInfo {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const known = PLATFORM_ALIASES[key];
  if (known) return known;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  // A name with no Latin letter or digit (e.g. 微博) keeps its own id, so two such platforms stay two posts.
  if (slug === '')
    return { id: name.trim().toLowerCase().slice(0, 40), label: name.trim(), kind: 'social_post' };
  return { id: slug, label: name.trim(), kind: `${slug}_post` };
}

const POST_INSTRUCTIONS: Readonly<Record<string, string>> = {
  linkedin_post:
    'Write one LinkedIn post. Open with a hook line of under 150 characters, then 120 to 200 words in short ' +
    'paragraphs of one to three sentences, in a confident, helpful, first-person-plural voice. End with one clear ' +
    'call to action, then put 3 to 5 relevant hashtags on the last line.',
  instagram_post:
    'Write one Instagram caption. Start with a scroll-stopping first line, then 60 to 150 words with line breaks ' +
    'to keep it readable, and at most a few well-placed emoji. End with a call to action that points to the link in ' +
    'bio, then 5 to 10 relevant hashtags on the last line. After the caption, add a line starting with ' +
    '**Visual** that describes the image or reel to pair with it.',
  twitter_post:
    'Write one post on X (Twitter): at most 280 characters in total, including one or two hashtags and a short ' +
    'call to action. Output only the post text.',
  video_script:
    'Write a 30 to 45 second short-form video script to publish on {platform}. Open with a three-second hook, ' +
    'then 3 or 4 numbered scenes, each with a **Visual** line and a **Voiceover** line, then an ' +
    'on-screen call to action, then 3 to 5 hashtags on the last line.',
  blog_post:
    'Write a blog post of 500 to 700 words: a # title, a short introduction, three ## sections with practical ' +
    'advice tied to the objectives, and a conclusion with a call to action.',
};

const GENERIC_POST =
  'Write one post to publish on {platform}, following the usual length, format and tone of that platform. Include a clear ' +
  'call to action, and end with relevant hashtags on the last line if the platform uses them.';

const BRIEF_INSTRUCTIONS =
  'Write the campaign brief, answered as an object: a title; an overview; the objectives, each with one ' +
  'measurable KPI; the target audience; three key messages; the channel plan (one entry per platform: ' +
  '{platforms}, with its role and what runs there); the budget split ({budget_rule}); the phases ' +
  '({timeline_rule}); and the success metrics. Use a [placeholder] for any figure the details do not give.';

const EMAIL_INSTRUCTIONS =
  'Write one marketing email about this campaign. Begin with a bold subject line of under 60 characters and a ' +
  'preview-text line of under 90 characters. Then a greeting, 120 to 200 words of body copy in short ' +
  'paragraphs that turn the objectives into reader benefits, one call-to-action button label in bold, and a ' +
  'friendly sign-off from the team.';

function formatBudget(request: CampaignRequest): string | undefined {
  if (request.budget === undefined || request.budget === null) return undefined;
  const currency = request.currency ?? 'USD';
  return `${request.budget.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;
}

/**
 * The deliverables of a campaign, in order: the brief, one post per distinct
 * requested platform (an `email` platform adds nothing: the email is always
 * written), then the email.
 *
 * @example
 * ```ts
 * planCampaignDeliverables(request).map((d) => d.kind)
 * // ['campaign_brief', 'linkedin_post', 'instagram_post', 'email_copy']
 * ```
 */
export function planCampaignDeliverables(request: CampaignRequest): CampaignDeliverableSpec[] {
  const platforms: PlatformInfo[] = [];
  for (const name of request.platforms) {
    if (EMAIL_ALIASES.has(name.toLowerCase().replace(/[^a-z]/g, ''))) continue;
    const info = platformInfo(name);
    if (!platforms.some((p) => p.id === info.id)) platforms.push(info);
  }
  const budget = formatBudget(request);
  const budgetRule = budget
    ? `the share of ${budget} for each channel in percent, adding up to 100, with one line of rationale each`
    : 'no budget was given: recommend a split by channel in percent, adding up to 100';
  const timelineRule = request.timeline_days
    ? `phases across the ${request.timeline_days} days, as day numbers`
    : 'no length was given: propose four to six weeks, in phases, as day numbers';
  const platformList = platforms.map((p) => p.label).join(', ') || 'email';

  const specs: CampaignDeliverableSpec[] = [
    {
      key: 'brief',
      kind: 'campaign_brief',
      label: 'Campaign brief',
      platform: null,
      instructions: BRIEF_INSTRUCTIONS.replace('{platforms}', platformList)
        .replace('{budget_rule}', budgetRule)
        .replace('{timeline_rule}', timelineRule),
      maxTokens: 1400,
    },
  ];
  for (const platform of platforms) {
    const template = POST_INSTRUCTIONS[platform.kind] ?? GENERIC_POST;
    specs.push({
      key: `post:${platform.id}`,
      kind: platform.kind,
      label: platform.kind === 'video_script' ? `${platform.label} video script` : `${platform.label} post`,
      platform: platform.id,
      instructions: template.replace('{platform}', platform.label),
      maxTokens: platform.kind === 'blog_post' ? 1400 : 700,
    });
  }
  specs.push({
    key: 'email',
    kind: 'email_copy',
    label: 'Email',
    platform: 'email',
    instructions: EMAIL_INSTRUCTIONS,
    maxTokens: 800,
  });
  return specs;
}

/**
 * The system prompt shared by every deliverable of a campaign.
 *
 * @example
 * ```ts
 * chain.generate({ system: campaignSystemPrompt(request), prompt: campaignUserPrompt(request, spec) })
 * ```
 */
export function campaignSystemPrompt(_request: CampaignRequest): string {
  return operatorSystemPrompt({
    role: 'a senior marketing strategist and copywriter',
    writes: 'ready-to-publish marketing deliverables',
    subject: 'campaign',
  });
}

/**
 * The user prompt for one deliverable: the kind's instructions, then the
 * campaign details in a delimited block.
 */
export function campaignUserPrompt(request: CampaignRequest, spec: CampaignDeliverableSpec): string {
  const facts: string[] = [];
  if (request.product) facts.push(`Product: ${request.product}`);
  facts.push(`Campaign name: ${request.campaign_name}`);
  if (request.brand) facts.push(`Brand: ${request.brand}`);
  if (request.target_audience) facts.push(`Target audience: ${request.target_audience}`);
  facts.push('Objectives:', ...request.objectives.map((objective) => `- ${objective}`));
  facts.push(`Platforms: ${request.platforms.join(', ')}`);
  const budget = formatBudget(request);
  if (budget) facts.push(`Budget: ${budget}`);
  if (request.timeline_days) facts.push(`Timeline: ${request.timeline_days} days`);
  if (request.notes) facts.push(`Notes: ${request.notes}`);
  if (request.brief) facts.push(`Brief: ${request.brief}`);
  facts.push(`Language: ${request.language ?? 'English'}`);
  if (request.tone) facts.push(`Voice: ${request.tone}`);
  return [
    `Deliverable: ${spec.label}`,
    '',
    spec.instructions,
    '',
    'Campaign details:',
    '<campaign>',
    ...facts.map((line) => line.replace(/<\/?campaign>/gi, '')),
    '</campaign>',
  ].join('\n');
}

/**
 * The `campaigns` module's server part: the brief, one post per distinct
 * platform, then the email. Offline stubs write sample copy for each kind.
 */
export const campaignsHandler = defineModuleHandler(campaignsModule, {
  system: campaignSystemPrompt,
  plan: (request): DeliverablePlan[] => {
    const channels = planChannels(request.platforms);
    const shares = splitBudget(100, channels);
    const brief = demoCampaignBrief({
      campaignName: request.campaign_name,
      objectives: request.objectives,
      channels,
      shares,
      phases: dayPhases(request.timeline_days ?? 28),
      product: request.product,
      brand: request.brand,
      audience: request.target_audience,
    });
    return planCampaignDeliverables(request).map((spec): DeliverablePlan => {
      const base = {
        key: spec.key,
        kind: spec.kind,
        title: `${spec.label}: ${request.campaign_name}`,
        platform: spec.platform,
        prompt: campaignUserPrompt(request, spec),
        maxTokens: spec.maxTokens,
        hashtags: spec.kind !== 'campaign_brief',
      };
      if (spec.kind === 'campaign_brief') {
        const structured = campaignBriefStructure(
          { budget: request.budget, currency: request.currency },
          brief,
        );
        return { ...base, demo: structured.render(brief), structured };
      }
      if (spec.kind === 'email_copy') return { ...base, demo: demoCampaignEmail(request) };
      const label = spec.label.replace(/ (post|video script)$/, '');
      if (isStructuredPostKind(spec.kind)) {
        const post = demoCampaignPost(spec.kind, label, request);
        return { ...base, demo: renderPost(post), structured: socialPostStructure(spec.kind, post) };
      }
      return { ...base, demo: demoCampaignLongForm(spec.kind, spec.label, request) };
    });
  },
});

/** Foundation, Launch and Optimise phases over `days` (shorter campaigns get fewer), as day ranges. */
function dayPhases(days: number): { phase: string; days: string; focus: string }[] {
  const foundation = Math.max(1, Math.round(days * 0.25));
  const launch = Math.max(foundation + 1, Math.round(days * 0.6));
  const range = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);
  return [
    {
      phase: 'Foundation',
      from: 1,
      to: Math.min(foundation, days),
      focus: 'tracking, assets and audiences ready',
    },
    { phase: 'Launch', from: foundation + 1, to: Math.min(launch, days), focus: 'publish, seed and learn' },
    {
      phase: 'Optimise',
      from: launch + 1,
      to: days,
      focus: 'double down on what converts, cut what does not',
    },
  ]
    .filter((p) => p.from <= p.to)
    .map((p) => ({ phase: p.phase, days: range(p.from, p.to), focus: p.focus }));
}
