import { describe, expect, it } from 'vitest';
import { CREATIVE_ASSET_TYPES } from '../../src/modules/builtin/creatives.js';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const creatives = MODULES.creatives;

const FULL = {
  topic: 'Invisible aligners',
  platforms: ['LinkedIn', 'Instagram', 'X'],
  tone: 'warm, confident',
  asset_types: ['Carousel', 'Email', 'Landing Page Copy'],
  num_assets: 5,
  content_type: 'Mixed',
  platform_focus: 'All',
  style_guide: 'British spelling',
  creative_brief: {
    campaign_theme: 'Smile on your schedule',
    target_audience: 'Busy professionals',
    key_message: 'A straighter smile without putting life on hold',
    creative_approach: null,
  },
  strategy_context: {
    campaign_name: 'Aligner Launch Q1',
    core_promise: 'A straighter smile without putting life on hold',
    key_messages: ['Discreet', 'Fast'],
    proof_points: ['400+ five-star reviews'],
    content_pillars: ['Myths', 'Patient stories', 'How it works'],
    call_to_action: 'Book a free scan',
    claim_boundaries: 'No outcome guarantees',
  },
  brand_context: { client_name: 'Northwind Dental', objective: 'Lead Generation' },
  language: 'English',
  brief: 'Creatives for the aligner launch',
};

describe('creatives module', () => {
  it('is defined with its path, deliverables and the strategy upstream', () => {
    expect(creatives.path).toBe('/api/v1/creatives/generate');
    expect(parseModuleInput(creatives, creatives.example).success).toBe(true);
    expect(creatives.deliverables.map((d) => d.kind)).toEqual([
      'linkedin_post',
      'ad_copy',
      'carousel',
      'video_script',
      'blog_post',
      'email_copy',
      'landing_page',
    ]);
    expect(creatives.upstream).toEqual(['strategy']);
  });

  it('accepts a full request and trims its texts', () => {
    const result = parseModuleInput(creatives, { ...FULL, topic: '\tInvisible aligners ' });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.topic).toBe('Invisible aligners');
    expect(result.data.strategy_context?.content_pillars).toHaveLength(3);
    expect(result.data.asset_types).toEqual(['Carousel', 'Email', 'Landing Page Copy']);
  });

  it('accepts the minimal request, Python nulls and empty lists, and applies no defaults', () => {
    expect(parseModuleInput(creatives, { topic: 'Spring sale' })).toEqual({
      success: true,
      data: { topic: 'Spring sale' },
    });
    const nulls = Object.fromEntries(
      Object.keys(creatives.input.shape)
        .filter((key) => key !== 'topic')
        .map((key) => [key, null]),
    );
    expect(parseModuleInput(creatives, { topic: 'X', ...nulls }).success).toBe(true);
    expect(parseModuleInput(creatives, { topic: 'X', platforms: [], asset_types: [] }).success).toBe(true);
  });

  it('names topic when it is missing or blank', () => {
    const missing = parseModuleInput(creatives, { platforms: ['LinkedIn'] });
    expect(missing.success || missing.issues).toEqual([
      { path: ['topic'], code: 'required', message: 'is required' },
    ]);
    const blank = parseModuleInput(creatives, { topic: '   ' });
    expect(blank.success || blank.issues).toEqual([
      { path: ['topic'], code: expect.any(String), message: 'must not be blank' },
    ]);
  });

  it('names each field of the wrong type or out of range', () => {
    const result = parseModuleInput(creatives, {
      topic: 'X',
      platforms: 'LinkedIn',
      num_assets: 21,
      asset_types: ['Podcast'],
      content_type: 'image',
      creative_brief: 'Smile on your schedule',
      strategy_context: { key_messages: 'Discreet' },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'asset_types.0',
      'content_type',
      'creative_brief',
      'num_assets',
      'platforms',
      'strategy_context.key_messages',
    ]);
    expect(result.issues.find((issue) => issue.path[0] === 'asset_types')?.message).toBe(
      `must be one of: ${CREATIVE_ASSET_TYPES.join(', ')}`,
    );
  });

  it('refuses a misspelt key with a "did you mean" hint, at the top level and nested', () => {
    const result = parseModuleInput(creatives, {
      topic: 'X',
      platfroms: ['LinkedIn'],
      creative_brief: { key_mesage: 'Discreet' },
      strategy_context: { content_pilars: ['Myths'] },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toHaveLength(3);
    const hints = Object.fromEntries(result.issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect(hints).toEqual({
      platfroms: 'is not a field of the creatives request; did you mean "platforms"?',
      'creative_brief.key_mesage': 'is not a field of the creatives request; did you mean "key_message"?',
      'strategy_context.content_pilars':
        'is not a field of the creatives request; did you mean "content_pillars"?',
    });
    expect(result.issues.every((issue) => issue.code === 'unrecognized_key')).toBe(true);
  });
});
