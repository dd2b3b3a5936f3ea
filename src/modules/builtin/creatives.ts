/**
 * The `creatives` module: posts, ad copy and other assets built on an
 * approved strategy (the operator's Creatives tab and its `run_creatives_step`).
 */
import * as z from 'zod';
import { defineModule } from '../define.js';
import { choice, text, texts, wholeNumber } from '../fields.js';
import { brandContextSchema } from './strategy.js';

/** Asset types of the operator's Creatives tab. */
export const CREATIVE_ASSET_TYPES = [
  'Social Post',
  'Carousel',
  'Video Script',
  'Blog Post',
  'Email',
  'Landing Page Copy',
  'Ad Copy',
] as const;

/** A creative asset type, e.g. `Carousel`. */
export type CreativeAssetType = (typeof CREATIVE_ASSET_TYPES)[number];

/** The Creatives tab's structured brief (from the strategy's narrative and audience layers). */
const creativeBrief = z.strictObject(
  {
    /** Campaign theme, e.g. `Smile with confidence`. */
    campaign_theme: text(300).nullish(),
    /** Who the assets speak to. */
    target_audience: text(1000).nullish(),
    /** The one message every asset carries. */
    key_message: text(1000).nullish(),
    /** Creative approach, e.g. `real patients, before-and-after, no stock photos`. */
    creative_approach: text(1000).nullish(),
  },
  { error: 'must be an object' },
);

/** The `creatives` module (`POST /api/v1/creatives/generate`): posts, ad copy variants, other assets. */
export const creativesModule = defineModule({
  name: 'creatives',
  description:
    'Creative assets: one post per platform, ad copy variants, and the other asset types asked for.',
  input: z.object(
    {
      /** What the assets are about, e.g. `Invisible aligners for busy professionals`. */
      topic: text(300),
      /** Platforms to write a post for, e.g. `["LinkedIn", "Instagram", "X"]`; empty means `platform_focus`, else Instagram, LinkedIn and X. */
      platforms: texts(10, 50).nullish(),
      /** Voice, e.g. `warm, confident` (the tab's `tone_override`). */
      tone: text(100).nullish(),
      /** Asset types beyond the posts and the ad copy, e.g. `["Carousel", "Email"]`. */
      asset_types: z
        .array(choice(CREATIVE_ASSET_TYPES), { error: 'must be an array of asset types' })
        .max(CREATIVE_ASSET_TYPES.length)
        .nullish(),
      /** How many ad copy variants, 1 to 20 (the operator's form suggests 3). */
      num_assets: wholeNumber(1, 20).nullish(),
      /** What the posts pair with (the runner's `content_type`). */
      content_type: choice(['Image', 'Video', 'Copy', 'Mixed']).nullish(),
      /** The runner's single platform choice, used when `platforms` is empty. */
      platform_focus: choice(['LinkedIn', 'Instagram', 'Twitter', 'All']).nullish(),
      /** House style rules, e.g. `British spelling; no emoji on LinkedIn`. */
      style_guide: text(2000).nullish(),
      /** The approved strategy the assets follow. */
      strategy_context: z
        .strictObject(
          {
            /** Campaign name, e.g. `Aligner Launch Q1`. */
            campaign_name: text(200).nullish(),
            /** Positioning statement. */
            positioning: text(1000).nullish(),
            /** Core promise (layer 4). */
            core_promise: text(500).nullish(),
            /** Key messages, one line each. */
            key_messages: texts(10, 300).nullish(),
            /** Proof points the assets may use, e.g. `400+ five-star reviews`. */
            proof_points: texts(10, 300).nullish(),
            /** Content pillars, e.g. `["Myths", "Patient stories", "How it works"]`. */
            content_pillars: texts(6, 100).nullish(),
            /** Call to action, e.g. `Book a free scan`. */
            call_to_action: text(100).nullish(),
            /** Tone boundaries (layer 7). */
            tone_boundaries: text(500).nullish(),
            /** Words and phrases never to use. */
            forbidden_language: text(500).nullish(),
            /** What may and may not be claimed. */
            claim_boundaries: text(1000).nullish(),
            /** Compliance rules. */
            compliance_rules: text(1000).nullish(),
          },
          { error: 'must be an object' },
        )
        .nullish(),
      /** The approved intake's facts (same fields as in the strategy request). */
      brand_context: brandContextSchema.nullish(),
      /** Output language. @default 'English' */
      language: text(40).nullish(),
      /** The Creatives tab's structured brief (its `brief{campaign_theme, target_audience, key_message, creative_approach}`). */
      creative_brief: creativeBrief.nullish(),
      /** Free-form brief, as the Python operator sends it. */
      brief: text(4000).nullish(),
    },
    { error: 'the creatives request must be a JSON object' },
  ),
  example: {
    topic: 'Invisible aligners for busy professionals',
    platforms: ['LinkedIn', 'Instagram', 'X'],
    asset_types: ['Carousel', 'Email'],
    num_assets: 3,
    brand_context: { client_name: 'Northwind Dental', target_audience: 'Busy professionals aged 25-45' },
    strategy_context: { core_promise: 'A straighter smile without putting life on hold' },
  },
  deliverables: [
    { kind: 'linkedin_post', title: 'One post per platform (LinkedIn, Instagram, X, Facebook, TikTok, ...)' },
    { kind: 'ad_copy', title: 'Ad copy variants' },
    { kind: 'carousel', title: 'Carousel (asset type Carousel)' },
    { kind: 'video_script', title: 'Video script (asset type Video Script)' },
    { kind: 'blog_post', title: 'Blog post (asset type Blog Post)' },
    { kind: 'email_copy', title: 'Email (asset type Email)' },
    { kind: 'landing_page', title: 'Landing page copy (asset type Landing Page Copy)' },
  ],
  upstream: ['strategy'],
});
