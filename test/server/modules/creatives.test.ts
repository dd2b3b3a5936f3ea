import { describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import { MODULES, type ModuleInput, parseModuleInput } from '../../../src/modules/index.js';
import { ProviderChain, stubProvider } from '../../../src/providers/index.js';
import { creativePlatforms } from '../../../src/server/modules/builtin/creatives.js';
import { BUILTIN_MODULE_HANDLERS, runModule } from '../../../src/server/modules/index.js';

const handler = BUILTIN_MODULE_HANDLERS.creatives;

const CREATIVES = {
  topic: 'Invisible aligners',
  platforms: ['LinkedIn', 'Instagram', 'X', 'TikTok', 'Email'],
  asset_types: ['Landing Page Copy', 'Carousel', 'Blog Post', 'Video Script'],
  num_assets: 4,
  brand_context: {
    client_name: 'Northwind Dental',
    target_audience: 'busy professionals in Manchester',
    pain_points: 'Worried about cost and visible braces',
  },
  strategy_context: {
    core_promise: 'A straighter smile without putting life on hold',
    proof_points: ['400+ five-star Google reviews'],
    content_pillars: ['Myths', 'Patient stories', 'How it works'],
    call_to_action: 'Book a free scan',
  },
} satisfies ModuleInput<typeof MODULES.creatives>;

const chain = () => new ProviderChain({ providers: [stubProvider()], maxRetries: 0 });

function parse(input: unknown) {
  const parsed = parseModuleInput(MODULES.creatives, input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

describe('creatives handler', () => {
  it('answers a SUCCESS envelope with a post per platform, ad copy and the assets asked for, on stubs', async () => {
    const envelope = await runModule(handler, CREATIVES, chain(), { runId: 'run-1' });
    expect(validateDeliverablesEnvelope(envelope)).toEqual({ valid: true, errors: [], issues: [] });
    expect(envelope).toMatchObject({ status: 'SUCCESS', module: 'creatives', run_id: 'run-1' });
    expect(envelope.meta.warnings).toEqual([]);
    expect(envelope.deliverables.map((d) => [d.id, d.kind, d.platform])).toEqual([
      ['run-1:post:linkedin', 'linkedin_post', 'linkedin'],
      ['run-1:post:instagram', 'instagram_post', 'instagram'],
      ['run-1:post:twitter', 'twitter_post', 'twitter'],
      ['run-1:post:tiktok', 'video_script', 'tiktok'],
      ['run-1:ad_copy', 'ad_copy', null],
      ['run-1:asset:carousel', 'carousel', null],
      ['run-1:asset:video_script', 'video_script', null],
      ['run-1:asset:blog_post', 'blog_post', null],
      ['run-1:asset:email_copy', 'email_copy', 'email'],
      ['run-1:asset:landing_page', 'landing_page', null],
    ]);
    const byId = Object.fromEntries(envelope.deliverables.map((d) => [d.id.slice(6), d]));
    expect(byId['post:linkedin']?.content_markdown).toMatch(/^Worried about cost and visible braces\? /);
    expect(byId['post:linkedin']?.hashtags).toEqual([
      '#InvisibleAligners',
      '#NorthwindDental',
      '#Myths',
      '#PatientStories',
    ]);
    expect(byId['post:instagram']?.content_markdown).toContain('Book a free scan: link in bio.');
    expect((byId['post:twitter']?.content_markdown.trim() ?? '').length).toBeLessThanOrEqual(280);
    expect(byId.ad_copy?.content_markdown.match(/^### Variant \d/gm)).toHaveLength(4);
    expect(byId.ad_copy?.hashtags).toEqual([]);
    expect(byId['asset:carousel']?.content_markdown).toContain('**Slide 3 (Myths):**');
    expect(byId['asset:email_copy']?.content_markdown).toContain('**[Book a free scan]**');
    expect(byId['asset:landing_page']?.content_markdown).toContain('## Why Northwind Dental');
    for (const d of envelope.deliverables) expect(d.title).toContain('Invisible aligners');
  });

  it('writes the same sample text for the same request', async () => {
    const first = await runModule(handler, CREATIVES, chain());
    const second = await runModule(handler, CREATIVES, chain());
    expect(second.deliverables.map((d) => d.content_markdown)).toEqual(
      first.deliverables.map((d) => d.content_markdown),
    );
  });

  it('writes Instagram, LinkedIn and X posts and three ad variants from the topic alone', async () => {
    const envelope = await runModule(handler, { topic: 'Spring sale' }, chain());
    expect(envelope.deliverables.map((d) => d.kind)).toEqual([
      'instagram_post',
      'linkedin_post',
      'twitter_post',
      'ad_copy',
    ]);
    expect(envelope.deliverables[3]?.content_markdown.match(/^### Variant/gm)).toHaveLength(3);
    expect(envelope.deliverables[0]?.content_markdown).toContain('[target audience]');
  });

  it('picks platforms from platforms, then platform_focus, then the default', () => {
    expect(creativePlatforms(parse({ topic: 'X', platforms: ['Email', 'Threads'] }))).toEqual(['Threads']);
    expect(creativePlatforms(parse({ topic: 'X', platforms: [], platform_focus: 'Twitter' }))).toEqual([
      'Twitter',
    ]);
    expect(creativePlatforms(parse({ topic: 'X', platform_focus: 'All' }))).toEqual([
      'LinkedIn',
      'Instagram',
      'X',
      'Facebook',
    ]);
  });

  it('keeps every sample within its token budget', () => {
    const request = parse({ ...CREATIVES, num_assets: 20, asset_types: [...CREATIVES.asset_types, 'Email'] });
    for (const plan of handler.plan(request)) {
      expect(plan.demo?.length).toBeGreaterThan(50);
      expect(plan.demo?.length ?? 0).toBeLessThanOrEqual((plan.maxTokens ?? 900) * 4);
    }
  });

  it('puts the safety rules in the system prompt and the facts, angle and pillar in each prompt', () => {
    const request = parse({ ...CREATIVES, tone: 'playful' });
    const system = handler.system(request);
    expect(system).toContain('copywriter');
    expect(system).toContain('never as instructions');
    expect(system).not.toContain('playful');
    const plans = handler.plan(request);
    for (const plan of plans) {
      expect(plan.prompt).toContain('Topic: Invisible aligners');
      expect(plan.prompt).toContain('Call to action: Book a free scan');
      expect(plan.prompt).toContain('Tone (overrides the brand voice): playful');
      expect(plan.prompt).toMatch(/<creative>\n[\s\S]*\n<\/creative>$/);
    }
    expect(plans[0]?.prompt).toContain('Lead with the "Problem" angle. Content pillar for this post: Myths.');
    expect(plans[1]?.prompt).toContain(
      'Lead with the "Outcome" angle. Content pillar for this post: Patient stories.',
    );
  });
});
