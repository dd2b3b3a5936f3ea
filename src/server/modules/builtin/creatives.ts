/**
 * The server part of the `creatives` module: one post per platform, ad copy
 * variants, and the other asset types asked for (carousel, video script,
 * blog post, email, landing page); prompts and offline samples.
 */
import type { CreativeAssetType } from '../../../modules/builtin/creatives.js';
import { MODULES, type ModuleRequest } from '../../../modules/index.js';
import { type DeliverablePlan, defineModuleHandler } from '../handler.js';
import { deliverablePrompt, type Fact, fitToSample, operatorSystemPrompt } from '../prompt.js';
import { platformInfo } from './campaigns.js';
import {
  isStructuredPostKind,
  renderPost,
  type SocialPost,
  socialPostStructure,
  X_POST_MAX_CHARS,
} from './social-post.js';
import { brandFacts } from './strategy.js';

/** A validated creatives request. */
export type CreativesRequest = ModuleRequest<typeof MODULES.creatives>;

/** What every creative says, gathered from the brief, the strategy and the brand context. */
interface CreativeFacts {
  readonly topic: string;
  readonly theme: string;
  readonly client: string;
  readonly audience: string;
  readonly message: string | undefined;
  readonly pain: string | undefined;
  readonly proof: string | undefined;
  readonly cta: string;
  readonly points: readonly string[];
  readonly pillars: readonly string[];
  readonly approach: string | undefined;
}

/** `value` ending with a full stop (unless it already ends with punctuation). */
function sentence(value: string): string {
  return /[.!?…]$/.test(value) ? value : `${value}.`;
}

function lowerFirst(value: string): string {
  return /^[A-Z](?:[a-z]|\s)/.test(value) ? `${value.charAt(0).toLowerCase()}${value.slice(1)}` : value;
}

function upperFirst(value: string): string {
  return `${value.charAt(0).toUpperCase()}${value.slice(1)}`;
}

const EMAIL_NAMES = new Set(['email', 'emails', 'newsletter', 'mail']);

/** Angles rotated across posts and ad variants, so that no two read alike. */
const ANGLES = [
  'Problem',
  'Outcome',
  'Proof',
  'Objection',
  'How it works',
  'Urgency',
  'Myth vs fact',
  'Behind the scenes',
] as const;

type Angle = (typeof ANGLES)[number];

/** Cuts `value` at a word boundary to at most `max` characters. */
function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : value.slice(0, max)).replace(/[\s,.;:–-]+$/, '');
}

/** `#CamelCase` of the first words of `value`, or undefined when nothing usable is left. */
function hashtagOf(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const words = value.match(/[\p{L}\p{N}]+/gu)?.slice(0, 3) ?? [];
  const tag = words.map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join('');
  return tag.length >= 2 ? `#${tag.slice(0, 30)}` : undefined;
}

function creativeFacts(request: CreativesRequest): CreativeFacts {
  const brand = request.brand_context;
  const strategy = request.strategy_context;
  const brief = request.creative_brief;
  const objective = brand?.objective ?? '';
  const pillars = strategy?.content_pillars ?? [];
  const audience = brief?.target_audience ?? brand?.target_audience ?? '[target audience]';
  const message =
    brief?.key_message ?? strategy?.core_promise ?? strategy?.key_messages?.[0] ?? brand?.desired_outcomes;
  return {
    topic: request.topic,
    theme: brief?.campaign_theme ?? strategy?.campaign_name ?? request.topic,
    client: brand?.client_name ?? '[brand]',
    audience,
    message: message ?? undefined,
    pain: brand?.pain_points ?? undefined,
    proof: strategy?.proof_points?.[0] ?? brand?.proof_assets ?? undefined,
    cta:
      strategy?.call_to_action ??
      (/lead|book|consult|sales?\b/i.test(objective) ? 'Book a free consultation' : 'Find out more'),
    points: [
      `What ${request.topic} involves, and what it does not`,
      `Who it is for: ${audience}`,
      message
        ? `What changes: ${lowerFirst(message).replace(/[.!?]$/, '')}`
        : 'What changes after the first month: [result]',
    ],
    pillars,
    approach: brief?.creative_approach ?? undefined,
  };
}

function hookFor(angle: Angle, f: CreativeFacts): string {
  switch (angle) {
    case 'Problem':
      return f.pain
        ? `${clip(f.pain, 90)}? You are not the only one.`
        : `The hardest part of ${f.topic} is not what you think.`;
    case 'Outcome':
      return f.message ? sentence(clip(f.message, 110)) : `What ${f.topic} looks like when it works.`;
    case 'Proof':
      return f.proof ? `${clip(f.proof, 90)}. Here is why.` : `Why people choose ${f.client} for ${f.topic}.`;
    case 'Objection':
      return `"${f.topic}: is it worth it?" A fair question.`;
    case 'How it works':
      return `${f.topic}, in three steps.`;
    case 'Urgency':
      return `${f.topic}: waiting costs more than starting.`;
    case 'Myth vs fact':
      return `Myth: ${f.topic} is complicated. Fact: it does not have to be.`;
    case 'Behind the scenes':
      return `How ${f.client} approaches ${f.topic}, step by step.`;
  }
}

function tagListFor(f: CreativeFacts, request: CreativesRequest, count: number): string[] {
  const tags = [
    hashtagOf(f.topic),
    hashtagOf(request.brand_context?.client_name),
    hashtagOf(request.brand_context?.industry),
    ...(request.strategy_context?.content_pillars ?? []).map(hashtagOf),
    hashtagOf(f.theme),
  ].filter((tag): tag is string => tag !== undefined);
  return [...new Set(tags)].slice(0, count);
}

function tagsFor(f: CreativeFacts, request: CreativesRequest, count: number): string {
  return tagListFor(f, request, count).join(' ');
}

function visualLine(request: CreativesRequest, f: CreativeFacts): string[] {
  if (request.content_type === 'Copy') return [];
  if (request.content_type === 'Video')
    return [
      '',
      `**Video idea:** a 15-second vertical clip: the hook as on-screen text, ${f.approach ?? `a real moment from ${f.client}`}, then the call to action.`,
    ];
  return [
    '',
    `**Visual:** ${f.approach ?? `a bright, uncluttered image of ${f.audience} with one line of on-image text: "${clip(f.theme, 40)}"`}.`,
  ];
}

/** The sample post (title, body, hashtags) of a `*_post` kind, on one angle. */
function demoPostObject(kind: string, angle: Angle, f: CreativeFacts, request: CreativesRequest): SocialPost {
  const hook = hookFor(angle, f);
  const title = clip(`${angle}: ${hook}`, 100);
  switch (kind) {
    case 'linkedin_post':
      return {
        title,
        body: [
          hook,
          '',
          `For ${f.audience}, the question about ${f.topic} is simple: does it fit real life?`,
          '',
          angle === 'Outcome' && f.message
            ? `That is the promise at ${f.client}, and here is how it holds up.`
            : `Our promise at ${f.client}: ${f.message ? sentence(lowerFirst(f.message)) : '[key message].'}`,
          '',
          'Three things worth knowing:',
          ...f.points.map((point) => `→ ${point}`),
          '',
          ...(f.proof ? [`The proof: ${f.proof}.`, ''] : []),
          `${f.cta}: [link]`,
        ].join('\n'),
        hashtags: tagListFor(f, request, 4),
      };
    case 'twitter_post': {
      const hashtags = tagListFor(f, request, 2);
      const tail = ` ${f.cta}: [link]`;
      // The rendered post: body, a blank line, the hashtags; at most 280 characters in all.
      const room = X_POST_MAX_CHARS - 30 - tail.length;
      return { title, body: `${clip(hook, room)}${tail}`, hashtags };
    }
    default:
      return {
        title,
        body: [
          hook,
          '',
          angle === 'Outcome' || !f.message ? `Made for ${f.audience}.` : sentence(f.message),
          '',
          ...f.points.map((point) => `✔ ${point}`),
          '',
          kind === 'instagram_post' ? `${f.cta}: link in bio.` : `${f.cta}: [link]`,
          ...visualLine(request, f),
        ].join('\n'),
        hashtags: tagListFor(f, request, kind === 'instagram_post' ? 8 : 3),
      };
  }
}

/** The sample Markdown of a long-form post kind (video script, blog post). */
function demoLongPost(kind: string, label: string, f: CreativeFacts, request: CreativesRequest): string {
  return kind === 'video_script' ? demoVideo(label, f, request) : demoBlog(f);
}

function adHeadline(angle: Angle, f: CreativeFacts): string {
  switch (angle) {
    case 'Problem':
      return `Still putting off ${f.topic}?`;
    case 'Outcome':
      return f.message ?? f.theme;
    case 'Proof':
      return f.proof ?? `Why people choose ${f.client}`;
    case 'Objection':
      return `${f.topic}: worth it?`;
    case 'How it works':
      return `${f.topic} in 3 steps`;
    case 'Urgency':
      return `${f.cta} today`;
    case 'Myth vs fact':
      return `The truth about ${f.topic}`;
    case 'Behind the scenes':
      return `Inside ${f.client}`;
  }
}

function demoAdCopy(count: number, facts: CreativeFacts, request: CreativesRequest): string {
  const button = /book|consult/i.test(facts.cta)
    ? 'Book Now'
    : /sign|register|join/i.test(facts.cta)
      ? 'Sign Up'
      : 'Learn More';
  const descriptions = [facts.proof, facts.client, facts.cta].filter((d): d is string => d !== undefined);
  const variants = Array.from({ length: count }, (_, i) => {
    const angle = ANGLES[i % ANGLES.length] as Angle;
    const body =
      angle === 'Outcome' || !facts.message
        ? facts.proof
          ? sentence(facts.proof)
          : `${facts.client}: ${facts.topic}, done properly.`
        : sentence(facts.message);
    return [
      `### Variant ${i + 1}: ${angle}`,
      '',
      `- **Headline:** ${clip(adHeadline(angle, facts), 40)}`,
      `- **Primary text:** ${clip(`${hookFor(angle, facts)} ${body}`, 125)}`,
      `- **Description:** ${clip(descriptions[i % descriptions.length] ?? facts.client, 30)}`,
      `- **CTA button:** ${button}`,
    ].join('\n');
  });
  return [
    `# Ad copy: ${clip(facts.theme, 80)}`,
    '',
    `${count} variant${count === 1 ? '' : 's'} for paid social and search, each on a different angle; test them in pairs and keep the winner for two weeks.`,
    '',
    ...variants.flatMap((variant) => [variant, '']),
    `**Before publishing:** check every line against ${request.strategy_context?.claim_boundaries ?? request.brand_context?.compliance_notes ?? '[claim boundaries and compliance rules]'}.`,
  ].join('\n');
}

function demoCarousel(f: CreativeFacts): string {
  return [
    `# Carousel: ${clip(f.theme, 80)}`,
    '',
    `**Slide 1 (hook):** ${hookFor('Problem', f)}`,
    `**Slide 2 (why it matters):** ${upperFirst(f.audience)} deserve a straight answer about ${f.topic}.`,
    ...f.points.map((point, i) => `**Slide ${i + 3}${f.pillars[i] ? ` (${f.pillars[i]})` : ''}:** ${point}`),
    `**Slide 6 (proof):** ${f.proof ?? '[proof point]'}`,
    `**Slide 7 (call to action):** ${f.cta}. Save this for later.`,
    '',
    `**Design:** one idea per slide, at most 20 words each, ${f.approach ?? 'brand colours, large type'}.`,
    '',
    `**Caption:** ${hookFor('Outcome', f)} ${f.cta}: [link]`,
  ].join('\n');
}

function demoVideo(label: string, f: CreativeFacts, request: CreativesRequest): string {
  return [
    `# ${label}: ${clip(f.theme, 80)}`,
    '',
    '**Length:** 30–45 seconds, vertical.',
    '',
    `**Hook (0–3 s):** "${hookFor('Problem', f)}"`,
    '',
    ...f.points.flatMap((point, i) => [
      `**Scene ${i + 1}**`,
      `- **Visual:** ${i === 0 ? (f.approach ?? `${f.audience}, everyday setting`) : i === 1 ? `close-up of ${f.topic} in use` : 'on-screen text over b-roll'}`,
      `- **Voiceover:** ${sentence(point)}`,
      '',
    ]),
    `**Call to action (on screen):** ${f.cta}.`,
    '',
    tagsFor(f, request, 4),
  ].join('\n');
}

function demoBlog(f: CreativeFacts): string {
  return [
    `# ${f.topic}: what ${f.audience} should know`,
    '',
    `${f.pain ? `${sentence(f.pain)} If that sounds familiar, this guide is for you.` : 'This guide is for you.'} ${f.message ? sentence(f.message) : '[Key message.]'}`,
    '',
    ...f.points.flatMap((point, i) => [
      `## ${i + 1}. ${point}`,
      '',
      i === 0
        ? `Start with the basics of ${f.topic}: what it involves, what it does not, and what it asks of you. [Two or three sentences from the client's own material.]`
        : i === 1
          ? `Not everyone needs it. Here is how to tell whether it fits you, and what to ask before you commit. [Checklist.]`
          : `This is where it pays off. ${f.proof ? `${f.proof} shows what is possible.` : '[Proof point.]'}`,
      '',
    ]),
    '## Next step',
    '',
    `${f.cta}: [link]. ${f.client} will answer your questions first, with no obligation.`,
  ].join('\n');
}

function demoEmail(f: CreativeFacts): string {
  return [
    `**Subject:** ${clip(f.theme, 58)}`,
    `**Preview:** ${clip(hookFor('Outcome', f), 88)}`,
    '',
    'Hi [first name],',
    '',
    `${hookFor('Problem', f)}`,
    '',
    `${f.message ? `At ${f.client}, our promise is simple: ${sentence(lowerFirst(f.message))}` : `[Key message from ${f.client}.]`} Here is what that means for you:`,
    '',
    ...f.points.map((point) => `- ${point}`),
    '',
    ...(f.proof ? [`${f.proof}.`, ''] : []),
    `**[${f.cta}]**`,
    '',
    'Speak soon,',
    `The ${f.client} team`,
  ].join('\n');
}

function demoLanding(f: CreativeFacts): string {
  return [
    `# ${clip(f.theme, 70)}`,
    '',
    `${f.message ?? `[Subheadline: the promise of ${f.topic}]`}`,
    '',
    `**[${f.cta}]**`,
    '',
    `## Why ${f.client}`,
    '',
    ...f.points.map((point) => `- **${point}.**`),
    '',
    '## Proof',
    '',
    f.proof ?? '[Reviews, case studies or certifications.]',
    '',
    '## How it works',
    '',
    `1. ${f.cta}.`,
    '2. [What happens in the first conversation.]',
    `3. [What ${f.audience} get, and when.]`,
    '',
    '## Questions',
    '',
    `**Is ${f.topic} right for me?** [Who it suits and who it does not.]`,
    '',
    '**What does it cost?** [Pricing or how it is quoted.]',
    '',
    '**How long does it take?** [Typical timeline.]',
    '',
    `**[${f.cta}]**`,
  ].join('\n');
}

const POST_RULES: Readonly<Record<string, string>> = {
  linkedin_post:
    'Write one LinkedIn post: a hook line under 150 characters, 120 to 200 words in short paragraphs, three ' +
    'arrow bullets, one call to action, and 3 to 5 hashtags on the last line.',
  instagram_post:
    'Write one Instagram caption: a scroll-stopping first line, 60 to 150 words with line breaks, a call to action ' +
    'pointing to the link in bio, a line starting with **Visual** (or **Video idea**) for the image or reel, then ' +
    '5 to 10 hashtags on the last line.',
  twitter_post:
    'Write one post on X: at most 280 characters in total, with the hook, the call to action and one or two hashtags.',
  video_script:
    'Write a 30 to 45 second vertical video script for {platform}: a three-second hook, three scenes each with a ' +
    '**Visual** and a **Voiceover** line, an on-screen call to action, then 3 to 5 hashtags.',
  blog_post:
    'Write a blog post of 500 to 700 words: a # title, an introduction, three ## sections, and a closing call to action.',
};

/** Added to a structured post's instructions: where each part of the post goes. */
const STRUCTURED_POST_NOTE =
  ' Answer with the post as an object: a short internal title, the body exactly as published (without the hashtags), and the hashtags.';

const GENERIC_POST_RULE =
  'Write one post for {platform} in its usual length and format: a hook, the key message, a call to action, and ' +
  'hashtags on the last line if the platform uses them.';

const ASSET_RULES: Readonly<Record<Exclude<CreativeAssetType, 'Social Post'>, string>> = {
  'Ad Copy':
    'Write {count} ad copy variants for paid social and search, each on a different angle ({angles}). For each: a ' +
    '### heading with its number and angle, then a headline of at most 40 characters, primary text of at most 125 ' +
    'characters, a description of at most 30 characters and a CTA button label. End with a line reminding the ' +
    'reviewer to check the claim boundaries.',
  Carousel:
    'Write a carousel of 6 to 8 slides: a hook slide, one idea per slide in at most 20 words, a proof slide and a ' +
    'call-to-action slide; then a design note and a one-line caption.',
  'Video Script':
    'Write a 30 to 45 second vertical video script: a three-second hook, three scenes each with a **Visual** and a ' +
    '**Voiceover** line, and an on-screen call to action.',
  'Blog Post':
    'Write a blog post of 500 to 700 words: a # title, an introduction, three ## sections, and a closing call to action.',
  Email:
    'Write one email: a bold subject line under 60 characters, a preview line under 90 characters, a greeting, ' +
    '120 to 200 words of body copy, one call to action in bold, and a sign-off from the team.',
  'Landing Page Copy':
    'Write landing page copy: a # hero headline, a subheadline, a call-to-action button label in bold; then ## Why ' +
    '<brand> with three benefits, ## Proof, ## How it works (three steps), ## Questions (three, with answers), and ' +
    'the call to action again.',
};

const ASSET_KINDS: Readonly<
  Record<Exclude<CreativeAssetType, 'Social Post' | 'Ad Copy'>, readonly [string, string]>
> = {
  Carousel: ['carousel', 'Carousel'],
  'Video Script': ['video_script', 'Video script'],
  'Blog Post': ['blog_post', 'Blog post'],
  Email: ['email_copy', 'Email'],
  'Landing Page Copy': ['landing_page', 'Landing page'],
};

/**
 * The platforms to write a post for: `platforms`, else `platform_focus`
 * (`All` is LinkedIn, Instagram, X and Facebook), else Instagram, LinkedIn
 * and X (the operator's default). Email names are left to the Email asset.
 */
export function creativePlatforms(request: CreativesRequest): string[] {
  if (request.platforms && request.platforms.length > 0)
    return request.platforms.filter((name) => !EMAIL_NAMES.has(name.toLowerCase().replace(/[^a-z]/g, '')));
  if (request.platform_focus === 'All') return ['LinkedIn', 'Instagram', 'X', 'Facebook'];
  if (request.platform_focus) return [request.platform_focus];
  return ['Instagram', 'LinkedIn', 'X'];
}

function creativeFactList(request: CreativesRequest): Fact[] {
  const strategy = request.strategy_context;
  const brief = request.creative_brief;
  return [
    ['Topic', request.topic],
    ['Campaign theme', brief?.campaign_theme],
    ['Target audience', brief?.target_audience],
    ['Key message', brief?.key_message],
    ['Creative approach', brief?.creative_approach],
    ['Content type', request.content_type],
    ['Tone (overrides the brand voice)', request.tone],
    ['Style guide', request.style_guide],
    ['Campaign', strategy?.campaign_name],
    ['Positioning', strategy?.positioning],
    ['Core promise', strategy?.core_promise],
    ['Key messages', strategy?.key_messages],
    ['Proof points', strategy?.proof_points],
    ['Content pillars', strategy?.content_pillars],
    ['Call to action', strategy?.call_to_action],
    ['Tone boundaries', strategy?.tone_boundaries],
    ['Forbidden language', strategy?.forbidden_language],
    ['Claim boundaries', strategy?.claim_boundaries],
    ['Compliance rules', strategy?.compliance_rules],
    ...brandFacts(request.brand_context),
    ['Language', request.language],
    ['Brief', request.brief],
  ];
}

/** Posts rotate through the strategy's content pillars, one each. */
function pillarNote(f: CreativeFacts, index: number): string {
  return f.pillars.length > 0 ? ` Content pillar for this post: ${f.pillars[index % f.pillars.length]}.` : '';
}

/**
 * The deliverables of a creatives run, in order: one post per distinct
 * platform, the ad copy variants, then each extra asset type asked for.
 */
function planCreatives(request: CreativesRequest): DeliverablePlan[] {
  const facts = creativeFacts(request);
  const factList = creativeFactList(request);
  const title = clip(facts.theme, 80);
  const plans: DeliverablePlan[] = [];
  const seen = new Set<string>();
  for (const name of creativePlatforms(request)) {
    const info = platformInfo(name);
    if (seen.has(info.id)) continue;
    seen.add(info.id);
    const angle = ANGLES[plans.length % ANGLES.length] as Angle;
    const label = info.kind === 'video_script' ? `${info.label} video script` : `${info.label} post`;
    const rule = (POST_RULES[info.kind] ?? GENERIC_POST_RULE).replace('{platform}', info.label);
    const post = isStructuredPostKind(info.kind)
      ? demoPostObject(info.kind, angle, facts, request)
      : undefined;
    plans.push({
      key: `post:${info.id}`,
      kind: info.kind,
      title: `${label}: ${title}`,
      platform: info.id,
      prompt: deliverablePrompt(
        label,
        `${rule} Lead with the "${angle}" angle.${pillarNote(facts, plans.length)}${post ? STRUCTURED_POST_NOTE : ''}`,
        'creative',
        factList,
      ),
      maxTokens: info.kind === 'blog_post' ? 1400 : info.kind === 'twitter_post' ? 300 : 800,
      demo: post ? renderPost(post) : demoLongPost(info.kind, info.label, facts, request),
      ...(post && { structured: socialPostStructure(info.kind, post) }),
    });
  }
  const count = request.num_assets ?? 3;
  plans.push({
    key: 'ad_copy',
    kind: 'ad_copy',
    title: `Ad copy: ${title}`,
    prompt: deliverablePrompt(
      'Ad copy variants',
      ASSET_RULES['Ad Copy']
        .replace('{count}', String(count))
        .replace('{angles}', Array.from({ length: count }, (_, i) => ANGLES[i % ANGLES.length]).join(', ')),
      'creative',
      factList,
    ),
    maxTokens: 300 + 140 * count,
    demo: demoAdCopy(count, facts, request),
    hashtags: false,
  });
  const wanted = new Set(request.asset_types ?? []);
  if (request.platforms?.some((name) => EMAIL_NAMES.has(name.toLowerCase().replace(/[^a-z]/g, ''))))
    wanted.add('Email');
  for (const [type, [kind, label]] of Object.entries(ASSET_KINDS) as [
    keyof typeof ASSET_KINDS,
    readonly [string, string],
  ][]) {
    if (!wanted.has(type)) continue;
    const demo =
      type === 'Carousel'
        ? demoCarousel(facts)
        : type === 'Video Script'
          ? demoVideo('Video script', facts, request)
          : type === 'Blog Post'
            ? demoBlog(facts)
            : type === 'Email'
              ? demoEmail(facts)
              : demoLanding(facts);
    plans.push({
      key: `asset:${kind}`,
      kind,
      title: `${label}: ${title}`,
      platform: type === 'Email' ? 'email' : null,
      prompt: deliverablePrompt(label, ASSET_RULES[type], 'creative', factList),
      maxTokens: type === 'Blog Post' || type === 'Landing Page Copy' ? 1400 : 900,
      demo,
      hashtags: type === 'Video Script',
    });
  }
  return plans;
}

/**
 * The `creatives` module's server part: one post per platform (each on its
 * own angle), ad copy variants, then the extra asset types asked for.
 */
export const creativesHandler = defineModuleHandler(MODULES.creatives, {
  system: () =>
    operatorSystemPrompt({
      role: 'a senior copywriter and creative director',
      writes: 'ready-to-publish marketing creatives',
      subject: 'creative',
      rules: [
        'Every asset carries the key message and one clear call to action; never break the tone boundaries, the forbidden language or the claim boundaries.',
      ],
    }),
  plan: (request) => planCreatives(request).map(fitToSample),
});
