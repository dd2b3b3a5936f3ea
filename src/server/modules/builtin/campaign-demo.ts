/**
 * Deterministic sample content of the `campaigns` module for offline stub
 * providers: built from the request only (its name, product, brand,
 * audience, objectives and platforms), with `[placeholders]` where the
 * request says nothing, and never an invented figure.
 */
import type { DeliverableKind } from '../../../envelope/index.js';
import type { MODULES, ModuleRequest } from '../../../modules/index.js';
import type { SocialPost } from './social-post.js';

type CampaignRequest = ModuleRequest<typeof MODULES.campaigns>;

/** `#CamelCase` of the first words of `value`, or undefined when nothing usable is left. */
function hashtagOf(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const words = value.match(/[\p{L}\p{N}]+/gu)?.slice(0, 3) ?? [];
  const tag = words.map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join('');
  return tag.length >= 2 ? `#${tag.slice(0, 30)}` : undefined;
}

function tags(request: CampaignRequest, count: number): string[] {
  const all = [
    hashtagOf(request.product),
    hashtagOf(request.campaign_name),
    hashtagOf(request.brand),
    ...request.objectives.map(hashtagOf),
  ].filter((tag): tag is string => tag !== undefined);
  return [...new Set(all)].slice(0, count);
}

function offerOf(request: CampaignRequest): string {
  return request.product ?? request.campaign_name;
}

function objectiveLine(request: CampaignRequest): string {
  const [first, second] = request.objectives;
  return second ? `${first} and ${second.toLowerCase()}` : (first ?? '[objective]');
}

/** The sample post of a `*_post` kind for a campaign. */
export function demoCampaignPost(
  kind: DeliverableKind,
  platform: string,
  request: CampaignRequest,
): SocialPost {
  const offer = offerOf(request);
  const brand = request.brand ?? '[brand]';
  const audience = request.target_audience ?? '[target audience]';
  const title = `${request.campaign_name} on ${platform}`;
  if (kind === 'twitter_post') {
    return {
      title,
      body: `${offer}: made for ${audience}. [One-line promise.] Find out more: [link]`.slice(0, 240),
      hashtags: tags(request, 2),
    };
  }
  const lines =
    kind === 'instagram_post'
      ? [
          `${offer} is here. [Scroll-stopping first line.]`,
          '',
          `Made for ${audience}.`,
          '[Two or three short lines on what changes for them.]',
          '',
          'Link in bio to find out more.',
          '',
          `**Visual:** ${offer} in use by ${audience}, with one line of on-image text: "${request.campaign_name}".`,
        ]
      : [
          `${offer}: [hook line under 150 characters].`,
          '',
          `At ${brand}, we built ${request.campaign_name} for ${audience}.`,
          '',
          `What it is about: ${objectiveLine(request)}.`,
          '[Two short paragraphs: the problem, and how the offer solves it.]',
          '',
          'Find out more: [link]',
        ];
  return {
    title,
    body: lines.join('\n'),
    hashtags: tags(request, kind === 'instagram_post' ? 8 : 4),
  };
}

/** The sample Markdown of a long-form post (video script, blog post) for a campaign. */
export function demoCampaignLongForm(kind: DeliverableKind, label: string, request: CampaignRequest): string {
  const offer = offerOf(request);
  const audience = request.target_audience ?? '[target audience]';
  if (kind === 'video_script') {
    return [
      `# ${label}: ${request.campaign_name}`,
      '',
      `**Hook (0–3 s):** "${offer}: [the question ${audience} ask themselves]"`,
      '',
      '**Scene 1**',
      `- **Visual:** ${audience}, everyday setting`,
      '- **Voiceover:** [The problem, in one sentence.]',
      '',
      '**Scene 2**',
      `- **Visual:** close-up of ${offer} in use`,
      '- **Voiceover:** [How it solves it.]',
      '',
      '**Scene 3**',
      '- **Visual:** on-screen text over b-roll',
      `- **Voiceover:** [What changes: ${objectiveLine(request).toLowerCase()}.]`,
      '',
      '**Call to action (on screen):** Find out more: [link].',
      '',
      tags(request, 4).join(' '),
    ].join('\n');
  }
  return [
    `# ${offer}: what ${audience} should know`,
    '',
    `[Introduction: the problem ${offer} solves, and for whom.]`,
    '',
    '## What it is',
    '',
    '[Two or three sentences from the client’s own material.]',
    '',
    '## Who it is for',
    '',
    `${audience}. [How to tell whether it fits.]`,
    '',
    '## What changes',
    '',
    `[The outcome, tied to the campaign objectives: ${objectiveLine(request).toLowerCase()}.]`,
    '',
    '## Next step',
    '',
    'Find out more: [link].',
  ].join('\n');
}

/** The sample launch email of a campaign. */
export function demoCampaignEmail(request: CampaignRequest): string {
  const offer = offerOf(request);
  const brand = request.brand ?? '[brand]';
  return [
    `**Subject:** ${request.campaign_name}: [benefit in under 60 characters]`.slice(0, 120),
    `**Preview:** ${offer}, made for ${request.target_audience ?? '[target audience]'}.`.slice(0, 140),
    '',
    'Hi [first name],',
    '',
    `[Opening line: the problem ${offer} solves.]`,
    '',
    `${request.campaign_name} is about ${objectiveLine(request).toLowerCase()}. Here is what that means for you:`,
    '',
    '- [Benefit one]',
    '- [Benefit two]',
    '- [Benefit three]',
    '',
    '**[Find out more]**',
    '',
    'Speak soon,',
    `The ${brand} team`,
  ].join('\n');
}
