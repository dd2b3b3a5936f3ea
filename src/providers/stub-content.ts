/**
 * Deterministic, realistic marketing markdown for the stub provider. Every
 * known deliverable kind has its own template (headings, hashtags, a call to
 * action); the words are picked by a PRNG seeded from the request, so the same
 * request always yields the same text.
 *
 * @internal Not exported from `aicmo/providers`; use {@link stubProvider}.
 */
import type { KnownDeliverableKind } from '../envelope/index.js';

import { fnv1a as hashString } from '../internal/index.js';

/** A small deterministic PRNG (mulberry32) with pick helpers. */
export class SeededRandom {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
  /** `count` distinct elements, in list order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const picked = new Set(this.shuffle(items.map((_, i) => i)).slice(0, count));
    return items.filter((_, i) => picked.has(i));
  }
}

/** Kind keywords, most specific first: the first match wins. */
const KIND_PATTERNS: ReadonlyArray<readonly [KnownDeliverableKind, RegExp]> = [
  ['content_calendar', /\bcontent[\s_-]*calendar|\bposting schedule|\beditorial calendar|\bsocial calendar/i],
  ['landing_page', /\blanding[\s_-]*page|\bweb\s*page copy|\bwebsite copy|\bhero section/i],
  ['image_prompt', /\bimage[\s_-]*prompt|\bmidjourney|\bdall-?e\b|\bstable diffusion|\bvisual prompt/i],
  ['video_script', /\bvideo|\bscript\b|\breels?\b|\btiktok|\byoutube|\bstoryboard/i],
  ['carousel', /\bcarousel|\bslides?\b|\bswipe\b/i],
  ['persona_card', /\bpersona/i],
  ['audience_segment', /\baudience[\s_-]*segment|\bsegmentation|\btarget segment|\bicp\b|\bideal customer/i],
  ['linkedin_post', /\blinked\s*in/i],
  ['instagram_post', /\binstagram|\binsta\b|\big\b/i],
  ['twitter_post', /\btwitter|\btweets?\b|\bx\.com\b|\bx post\b|\bthread\b/i],
  ['email_copy', /\be-?mails?\b|\bnewsletter|\bsubject lines?\b|\bdrip\b/i],
  ['ad_copy', /\bads?\b|\bad[\s_-]*copy|\badvert|\bppc\b|\bsponsored\b/i],
  ['blog_post', /\bblog|\barticle|\bseo post|\blong-?form/i],
  ['strategy', /\bstrateg|\bgo-?to-?market|\bgtm\b|\bmarketing plan|\bpositioning\b/i],
  ['campaign_brief', /\bbrief\b|\bcampaign/i],
];

/** Infers a deliverable kind from free text; `unknown` when nothing matches. */
export function inferDeliverableKind(text: string): KnownDeliverableKind {
  for (const [kind, pattern] of KIND_PATTERNS) if (pattern.test(text)) return kind;
  return 'unknown';
}

/** What the templates fill in. */
interface Context {
  rng: SeededRandom;
  topic: string;
  brand: string;
  audience: string;
  hashtags: string[];
}

const FILLER_START = /^(?:our|the|a|an|my|your|their|new|brand-new|launch of|release of|arrival of)\s+/i;
const STOP_WORDS = new Set([
  'and',
  'for',
  'the',
  'with',
  'our',
  'your',
  'that',
  'from',
  'into',
  'this',
  'about',
  'new',
]);

function titleCase(text: string): string {
  return text.replace(/\b([a-z])/g, (c) => c.toUpperCase());
}

function field(text: string, names: string): string | undefined {
  const match = new RegExp(`\\b(?:${names})\\s*[:=]\\s*([^\\n,;]{2,80})`, 'i').exec(text);
  return match?.[1]?.trim().replace(/[.!?]+$/, '');
}

/** The product or subject a prompt talks about. */
export function extractTopic(text: string): string {
  const labelled = field(text, 'product|topic|offer|subject|campaign(?:[ _]name)?');
  if (labelled) return labelled;
  const match =
    /\b(?:about|promoting|promote|launching|launch of|announcing|introducing|featuring|for)\s+([^\n.!?:;,]{3,120})/i.exec(
      text,
    );
  let topic = match?.[1] ?? '';
  topic = topic.replace(/\s+(?:to|for|that|which|who|targeting|aimed at|in|with a|using)\s.*$/i, '');
  for (let i = 0; i < 3; i++) topic = topic.replace(FILLER_START, '');
  const words = topic.trim().split(/\s+/).filter(Boolean).slice(0, 7);
  const cleaned = words.join(' ').replace(/[^\p{L}\p{N}\s&'’-]/gu, '');
  return cleaned.length >= 3 ? cleaned : 'our new collection';
}

const BRANDS = ['Northwind', 'Brightline', 'Evergrove', 'Lumen & Co', 'Harbor Labs', 'Kestrel', 'Juniper'];
const AUDIENCES = [
  'busy marketing leaders',
  'growth-minded founders',
  'small business owners',
  'time-poor professionals',
  'first-time buyers',
  'operations teams',
];
const GENERIC_TAGS = [
  '#Marketing',
  '#Growth',
  '#Innovation',
  '#SmallBusiness',
  '#ContentStrategy',
  '#Startup',
  '#BrandStory',
  '#CustomerFirst',
];

/** A short "for <people>" phrase that is not the topic itself, e.g. `marathon runners`. */
function audienceOf(text: string, topic: string): string | undefined {
  for (const match of text.matchAll(/\bfor\s+([^\n.!?,;:]{3,60})/gi)) {
    const phrase = (match[1] ?? '').trim().replace(FILLER_START, '');
    const words = phrase.split(/\s+/);
    if (words.length <= 5 && !phrase.toLowerCase().includes(topic.toLowerCase()) && !/^[A-Z]/.test(phrase)) {
      return phrase;
    }
  }
  return undefined;
}

function buildContext(text: string, rng: SeededRandom): Context {
  const topic = extractTopic(text);
  // The brand depends on the text only, so every deliverable of one brief names the same brand.
  const brand =
    field(text, 'brand|company|business|client') ?? (BRANDS[hashString(text) % BRANDS.length] as string);
  const audience =
    field(text, 'audience|target(?:[ _]audience)?') ?? audienceOf(text, topic) ?? rng.pick(AUDIENCES);
  const keywords = topic
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !STOP_WORDS.has(w.toLowerCase()))
    .slice(0, 2);
  const topicTag = keywords.length > 0 ? `#${keywords.map((w) => titleCase(w.toLowerCase())).join('')}` : '';
  const brandTag = `#${brand.replace(/[^\p{L}\p{N}]/gu, '')}`;
  const hashtags = [
    ...new Set([topicTag, brandTag, ...rng.sample(GENERIC_TAGS, 3)].filter((t) => t.length > 1)),
  ];
  return { rng, topic, brand, audience, hashtags };
}

const HOOKS = [
  'Most teams overthink this. Here is what actually works.',
  'We spent six months listening to customers. This is what they told us.',
  'The best ideas are usually the simplest ones.',
  'Small changes, compounding results.',
  'What if the hardest part of your week just disappeared?',
];
const BENEFITS = [
  'saves hours every week',
  'cuts costs without cutting corners',
  'is built for the way people actually work',
  'makes the first result visible in days, not months',
  'turns scattered effort into one clear plan',
  'keeps quality high as you scale',
  'is simple enough to start today',
];
const FEATURES: ReadonlyArray<readonly [string, string]> = [
  ['Save Hours Every Week', 'Automate the busywork and get your evenings back.'],
  ['Lower Costs', 'Cut spend without cutting corners.'],
  ['Built for Real Work', 'Designed around the way teams actually work.'],
  ['Results in Days', 'See the first result in days, not months.'],
  ['One Clear Plan', 'Turn scattered effort into one shared plan.'],
  ['Quality at Scale', 'Keep quality high as you grow.'],
];
const PROOF = [
  '3 out of 4 pilot customers renewed within the first month',
  'early adopters report a 27% lift in engagement',
  'over 1,200 teams joined the waitlist in two weeks',
  'our beta users cut turnaround time by 40%',
];
const PILLARS: ReadonlyArray<readonly [string, string]> = [
  ['Education', 'weekly how-to content that answers real questions'],
  ['Proof', 'case studies with hard numbers'],
  ['Community', 'a referral loop for early fans'],
  ['Product-led', 'a free tier that sells itself'],
  ['Partnerships', 'co-marketing with adjacent brands'],
];
const CTAS = [
  'Book a 15-minute demo',
  'Start your free trial',
  'Get early access',
  'Claim your launch discount',
  'Download the guide',
  'Join the waitlist',
];
const CHANNELS = ['LinkedIn', 'Instagram', 'Email', 'Paid search', 'Blog / SEO', 'Webinars', 'Partnerships'];
const IDEAS = [
  'Behind the scenes',
  'Customer story',
  'How-to tip',
  'Product teaser',
  'Myth vs fact',
  'Founder Q&A',
  'Launch countdown',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

type Template = (c: Context) => string;

const tags = (c: Context): string => c.hashtags.join(' ');

const TEMPLATES: Record<KnownDeliverableKind, Template> = {
  campaign_brief: (c) => {
    const [b1, b2, b3] = c.rng.sample(BENEFITS, 3);
    const channels = c.rng.sample(CHANNELS, 3);
    return `# Campaign Brief: ${titleCase(c.topic)}

## Objective
Drive awareness and qualified sign-ups for ${c.topic} among ${c.audience} over the next ${c.rng.pick([4, 6, 8])} weeks.

## Target Audience
${titleCase(c.audience)} who want results without adding another tool to their stack.

## Key Messages
- ${c.brand} ${b1}.
- It ${b2}.
- It ${b3}.

## Channels
${channels.map((ch) => `- **${ch}**: ${c.rng.pick(['hero content and weekly proof points', 'retargeting with short testimonials', 'a launch sequence of three touches', 'founder-led posts and a live Q&A'])}`).join('\n')}

## KPIs
- ${c.rng.int(15, 40)}% lift in branded search
- ${c.rng.int(200, 900)} qualified sign-ups
- Cost per acquisition under $${c.rng.int(20, 60)}

## Call to Action
**${c.rng.pick(CTAS)}** at ${c.brand.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com

${tags(c)}
`;
  },
  linkedin_post: (c) => `${c.rng.pick(HOOKS)}

At ${c.brand}, we built ${c.topic} for ${c.audience}.

Here is what changes:
- It ${c.rng.pick(BENEFITS)}.
- It ${c.rng.pick(BENEFITS.filter((b) => b.startsWith('is') || b.startsWith('keeps')))}.
- And ${c.rng.pick(PROOF)}.

The lesson for us: listen first, build second, and measure everything.

👉 ${c.rng.pick(CTAS)}: link in the comments.

What would you add? I read every reply.

${tags(c)}
`,
  instagram_post: (c) => `✨ Meet ${c.topic} ✨

${c.rng.pick(['Made for the moments that matter.', 'Your new everyday favourite.', 'Less effort, more wow.'])} ${c.brand} ${c.rng.pick(BENEFITS)}.

💬 Tag someone who needs this.
🔗 ${c.rng.pick(CTAS)}: link in bio.

${tags(c)} #InstaGood #NewIn
`,
  twitter_post: (c) => `${c.brand} just launched ${c.topic} 🚀

It ${c.rng.pick(BENEFITS)}, and ${c.rng.pick(PROOF)}.

${c.rng.pick(CTAS)} 👇

${c.hashtags.slice(0, 2).join(' ')}
`,
  email_copy: (
    c,
  ) => `**Subject:** ${c.rng.pick(['Your first look at', 'Introducing', 'Finally here:'])} ${titleCase(c.topic)}
**Preview text:** ${c.rng.pick(['See why teams are switching this week.', 'A faster way to get it done.', 'Early access ends Friday.'])}

# ${titleCase(c.topic)} is here

Hi {{first_name}},

You told us you wanted something that ${c.rng.pick(BENEFITS)}. So we built it.

## Why you'll love it
- It ${c.rng.pick(BENEFITS)}.
- ${c.rng.pick(PROOF).replace(/^./, (ch) => ch.toUpperCase())}.
- Setup takes less than ${c.rng.int(5, 20)} minutes.

**[${c.rng.pick(CTAS)} →](https://example.com/start)**

Talk soon,
The ${c.brand} team

*P.S. The launch offer ends in ${c.rng.int(3, 7)} days.*
`,
  ad_copy: (c) => `# Ad Copy: ${titleCase(c.topic)}

## Variant A
**Headline:** ${titleCase(c.topic)} That ${titleCase(c.rng.pick(['Works While You Sleep', 'Pays for Itself', 'Your Team Will Love']))}
**Primary text:** ${c.brand} ${c.rng.pick(BENEFITS)}. ${c.rng.pick(PROOF).replace(/^./, (ch) => ch.toUpperCase())}.
**CTA button:** ${c.rng.pick(['Learn More', 'Sign Up', 'Get Offer', 'Shop Now'])}

## Variant B
**Headline:** Stop Wasting Time. Try ${titleCase(c.topic)}.
**Primary text:** Built for ${c.audience}. It ${c.rng.pick(BENEFITS)}.
**CTA button:** ${c.rng.pick(CTAS)}

## Targeting Notes
- Audience: ${c.audience}
- Placements: ${c.rng.sample(['Feed', 'Stories', 'Search', 'Display', 'Reels'], 2).join(', ')}

${tags(c)}
`,
  landing_page: (
    c,
  ) => `# ${titleCase(c.topic)}: ${c.rng.pick(['The Smarter Way to Grow', 'Built for Teams That Ship', 'Results You Can See'])}

${c.brand} ${c.rng.pick(BENEFITS)}, so ${c.audience} can focus on what matters.

**[${c.rng.pick(CTAS)}](https://example.com/signup)**

## Why ${c.brand}
${c.rng
  .sample(FEATURES, 3)
  .map(([title, text]) => `### ${title}\n${text}`)
  .join('\n\n')}

## Social Proof
> "${c.rng.pick(['We saw results in the first week.', 'The easiest decision we made this year.', 'Our team finally has one source of truth.'])}"
> — ${c.rng.pick(['Head of Growth', 'Marketing Director', 'Founder'])}, ${c.rng.pick(BRANDS.filter((b) => b !== c.brand))}

## FAQ
**How long does setup take?** Less than ${c.rng.int(10, 30)} minutes.
**Can I cancel anytime?** Yes, no contracts.

**[${c.rng.pick(CTAS)}](https://example.com/signup)**
`,
  blog_post: (
    c,
  ) => `# ${c.rng.pick(['How', 'Why'])} ${titleCase(c.topic)} ${c.rng.pick(['Changes the Game for', 'Matters to', 'Helps'])} ${titleCase(c.audience)}

*${c.rng.int(4, 9)} min read*

## Introduction
${c.rng.pick(HOOKS)} In this post we look at how ${c.topic} ${c.rng.pick(BENEFITS)}.

## The Problem
${titleCase(c.audience)} juggle too many tools and too little time. Every hand-off costs focus.

## The Approach
1. **Start small.** Pick one workflow and measure it.
2. **Automate the repeatable.** Let ${c.topic} handle the busywork.
3. **Share the wins.** ${c.rng.pick(PROOF).replace(/^./, (ch) => ch.toUpperCase())}.

## Key Takeaways
- ${c.brand} ${c.rng.pick(BENEFITS)}.
- Consistency beats intensity.

## Next Step
${c.rng.pick(CTAS)} and see the difference for yourself.

${tags(c)}
`,
  image_prompt: (c) => `# Image Prompt: ${titleCase(c.topic)}

**Prompt:** ${c.rng.pick(['A bright, airy studio shot of', 'A cinematic lifestyle photo of', 'A minimal flat-lay of'])} ${c.topic}, ${c.rng.pick(['soft natural light', 'golden hour light', 'clean studio lighting'])}, ${c.rng.pick(['warm neutral palette', 'bold brand colours', 'pastel tones'])}, shallow depth of field, 35mm, high detail

**Negative prompt:** text, watermark, blurry, distorted hands, clutter

**Aspect ratio:** ${c.rng.pick(['1:1', '4:5', '16:9', '9:16'])}
**Style notes:** on-brand for ${c.brand}, aimed at ${c.audience}
`,
  video_script: (c) => `# Video Script: ${titleCase(c.topic)} (${c.rng.pick([15, 30, 45])}s)

## Hook (0–3s)
**Visual:** Close-up of a frustrated ${c.rng.pick(['marketer', 'founder', 'shopper'])}.
**VO:** "${c.rng.pick(HOOKS)}"

## Problem (3–10s)
**Visual:** Split screen of cluttered tools.
**VO:** "${titleCase(c.audience)} lose hours every week."

## Solution (10–22s)
**Visual:** ${c.topic} in action, smooth UI transitions.
**VO:** "${c.brand} ${c.rng.pick(BENEFITS)}."

## CTA (22–30s)
**Visual:** Logo and URL on screen.
**VO:** "${c.rng.pick(CTAS)} today."
**On-screen text:** ${c.hashtags.slice(0, 2).join(' ')}
`,
  carousel: (c) => `# Carousel: ${titleCase(c.topic)}

**Slide 1:** ${c.rng.pick(['5 reasons', '3 signs', '4 ways'])} ${c.topic} ${c.rng.pick(['will change your week', 'beats the old way', 'pays off fast'])} 👉
${c.rng
  .sample(BENEFITS, 3)
  .map((b, i) => `**Slide ${i + 2}:** It ${b}.`)
  .join('\n')}
**Slide 5:** ${c.rng.pick(PROOF).replace(/^./, (ch) => ch.toUpperCase())}.
**Slide 6:** ${c.rng.pick(CTAS)}: link in bio.

**Caption:** Save this for later and share it with your team.

${tags(c)}
`,
  strategy: (c) => `# Marketing Strategy: ${titleCase(c.topic)}

## Situation
${c.brand} is entering a crowded market where ${c.audience} are overwhelmed by choice.

## Positioning
For ${c.audience}, ${c.topic} is the option that ${c.rng.pick(BENEFITS)}.

## Pillars
${c.rng
  .sample(PILLARS, 3)
  .map(([pillar, tactic], i) => `${i + 1}. **${pillar}**: ${tactic}`)
  .join('\n')}

## Channel Mix
| Channel | Role | Budget share |
|---|---|---|
${c.rng
  .sample(CHANNELS, 3)
  .map((ch, i) => `| ${ch} | ${['Awareness', 'Consideration', 'Conversion'][i]} | ${[40, 35, 25][i]}% |`)
  .join('\n')}

## 90-Day Roadmap
- **Month 1:** launch messaging and baseline metrics
- **Month 2:** scale the best-performing channel
- **Month 3:** optimise conversion and retention

## Next Step
${c.rng.pick(CTAS)} to align the team on this plan.
`,
  content_calendar: (c) => `# Content Calendar: ${titleCase(c.topic)}

| Day | Channel | Format | Idea |
|---|---|---|---|
${(() => {
  const ideas = c.rng.shuffle(IDEAS);
  return DAYS.map(
    (d, i) =>
      `| ${d} | ${c.rng.pick(['LinkedIn', 'Instagram', 'Email', 'Blog', 'X'])} | ${c.rng.pick(['Post', 'Carousel', 'Reel', 'Newsletter', 'Article'])} | ${ideas[i]} |`,
  ).join('\n');
})()}

## Notes
- Theme of the week: ${c.topic}
- Primary CTA: ${c.rng.pick(CTAS)}

${tags(c)}
`,
  audience_segment: (c) => `# Audience Segment: ${titleCase(c.audience)}

## Profile
- **Size:** ~${c.rng.int(20, 400)}k reachable accounts
- **Demographics:** ${c.rng.pick(['25–44, urban', '30–55, mid-size companies', '22–35, mobile-first'])}
- **Interest in:** ${c.topic}

## Pain Points
- Too little time, too many tools
- Hard to prove ROI to leadership

## Messaging Angle
${c.brand} ${c.rng.pick(BENEFITS)}.

## Best Channels
${c.rng
  .sample(CHANNELS, 3)
  .map((ch) => `- ${ch}`)
  .join('\n')}

## Call to Action
${c.rng.pick(CTAS)}
`,
  persona_card: (
    c,
  ) => `# Persona: ${c.rng.pick(['Maya', 'Daniel', 'Priya', 'Lucas', 'Aisha'])}, the ${c.rng.pick(['Pragmatic Marketer', 'Scrappy Founder', 'Busy Team Lead'])}

**Role:** ${c.rng.pick(['Marketing Manager', 'Founder & CEO', 'Head of Operations'])} · **Age:** ${c.rng.int(28, 48)}

## Goals
- Show results to leadership every month
- Spend less time on busywork

## Frustrations
- Tools that do not talk to each other
- Campaigns that take weeks to launch

## How ${c.topic} helps
${c.brand} ${c.rng.pick(BENEFITS)}.

## Where to reach them
${c.rng
  .sample(CHANNELS, 2)
  .map((ch) => `- ${ch}`)
  .join('\n')}

> "${c.rng.pick(['I just need something that works on Monday morning.', 'Show me the numbers and I am in.', 'If it saves me an hour a day, it is worth it.'])}"
`,
  unknown: (c) => `# ${titleCase(c.topic)}

${c.rng.pick(HOOKS)}

## Highlights
- ${c.brand} ${c.rng.pick(BENEFITS)}.
- ${c.rng.pick(PROOF).replace(/^./, (ch) => ch.toUpperCase())}.

## Next Step
${c.rng.pick(CTAS)}.

${tags(c)}
`,
};

const KIND_LABELS: Record<KnownDeliverableKind, string> = {
  linkedin_post: 'LinkedIn Post',
  instagram_post: 'Instagram Post',
  twitter_post: 'X Post',
  email_copy: 'Email',
  ad_copy: 'Ad Copy',
  landing_page: 'Landing Page',
  blog_post: 'Blog Post',
  image_prompt: 'Image Prompt',
  video_script: 'Video Script',
  carousel: 'Carousel',
  strategy: 'Strategy',
  campaign_brief: 'Campaign Brief',
  content_calendar: 'Content Calendar',
  audience_segment: 'Audience Segment',
  persona_card: 'Persona',
  unknown: 'Draft',
};

/** What {@link generateStubContent} returns. */
export interface StubContent {
  /** The deliverable kind the text was written for. */
  kind: KnownDeliverableKind;
  /** A title (first heading or a derived one). */
  title: string;
  /** Markdown body. */
  markdown: string;
  /** Hashtags used. */
  hashtags: string[];
}

/** True when `kind` is one of the templates' kinds. */
function isKnownKind(kind: string): kind is KnownDeliverableKind {
  return Object.hasOwn(TEMPLATES, kind);
}

/**
 * Writes deterministic marketing markdown for `text` (the whole request text).
 * `kind` selects the template; otherwise it is inferred from `text`.
 */
export function generateStubContent(
  text: string,
  options: { kind?: string; seed?: string | number },
): StubContent {
  const requested = options.kind?.trim().toLowerCase();
  const kind = requested && isKnownKind(requested) ? requested : inferDeliverableKind(text);
  const rng = new SeededRandom(hashString(`${options.seed ?? 0}\u0000${kind}\u0000${text}`));
  const context = buildContext(text, rng);
  const markdown = TEMPLATES[kind](context).trim();
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1];
  const title = heading ?? `${KIND_LABELS[kind]}: ${titleCase(context.topic)}`;
  return { kind, title, markdown: `${markdown}\n`, hashtags: context.hashtags };
}
