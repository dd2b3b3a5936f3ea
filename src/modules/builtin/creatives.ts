/**
 * The `creatives` module: posts, ad copy and other assets built on an
 * approved strategy (the operator's Creatives tab and its `run_creatives_step`).
 */
import * as z from 'zod/mini';
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
    campaign_theme: z.nullish(text(300)),
    /** Who the assets speak to. */
    target_audience: z.nullish(text(1000)),
    /** The one message every asset carries. */
    key_message: z.nullish(text(1000)),
    /** Creative approach, e.g. `real patients, before-and-after, no stock photos`. */
    creative_approach: z.nullish(text(1000)),
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
      platforms: z.nullish(texts(10, 50)),
      /** Voice, e.g. `warm, confident` (the tab's `tone_override`). */
      tone: z.nullish(text(100)),
      /** Asset types beyond the posts and the ad copy, e.g. `["Carousel", "Email"]`. */
      asset_types: z.nullish(
        z.array(choice(CREATIVE_ASSET_TYPES), { error: 'must be an array of asset types' }).check(
          z.maxLength(CREATIVE_ASSET_TYPES.length, {
            error: `Too big: expected array to have <=${CREATIVE_ASSET_TYPES.length} items`,
          }),
        ),
      ),
      /** How many ad copy variants, 1 to 20 (the operator's form suggests 3). */
      num_assets: z.nullish(wholeNumber(1, 20)),
      /** What the posts pair with (the runner's `content_type`). */
      content_type: z.nullish(choice(['Image', 'Video', 'Copy', 'Mixed'])),
      /** The runner's single platform choice, used when `platforms` is empty. */
      platform_focus: z.nullish(choice(['LinkedIn', 'Instagram', 'Twitter', 'All'])),
      /** House style rules, e.g. `British spelling; no emoji on LinkedIn`. */
      style_guide: z.nullish(text(2000)),
      /** The approved strategy the assets follow. */
      strategy_context: z.nullish(
        z.strictObject(
          {
            /** Campaign name, e.g. `Aligner Launch Q1`. */
            campaign_name: z.nullish(text(200)),
            /** Positioning statement. */
            positioning: z.nullish(text(1000)),
            /** Core promise (layer 4). */
            core_promise: z.nullish(text(500)),
            /** Key messages, one line each. */
            key_messages: z.nullish(texts(10, 300)),
            /** Proof points the assets may use, e.g. `400+ five-star reviews`. */
            proof_points: z.nullish(texts(10, 300)),
            /** Content pillars, e.g. `["Myths", "Patient stories", "How it works"]`. */
            content_pillars: z.nullish(texts(6, 100)),
            /** Call to action, e.g. `Book a free scan`. */
            call_to_action: z.nullish(text(100)),
            /** Tone boundaries (layer 7). */
            tone_boundaries: z.nullish(text(500)),
            /** Words and phrases never to use. */
            forbidden_language: z.nullish(text(500)),
            /** What may and may not be claimed. */
            claim_boundaries: z.nullish(text(1000)),
            /** Compliance rules. */
            compliance_rules: z.nullish(text(1000)),
          },
          { error: 'must be an object' },
        ),
      ),
      /** The approved intake's facts (same fields as in the strategy request). */
      brand_context: z.nullish(brandContextSchema),
      /** Output language. @default 'English' */
      language: z.nullish(text(40)),
      /** The Creatives tab's structured brief (its `brief{campaign_theme, target_audience, key_message, creative_approach}`). */
      creative_brief: z.nullish(creativeBrief),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
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
