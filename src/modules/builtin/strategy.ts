/**
 * The `strategy` module: the marketing strategy built on an approved intake
 * (the operator's Strategy tab and its `run_strategy_step`).
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { amount, text, texts, wholeNumber } from '../fields.js';
import { campaignsModule } from './campaigns.js';
import { intakeModule } from './intake.js';

const INTAKE = intakeModule.input.shape;

/** The intake fields a strategy, a creative brief or a plan can build on. */
const BRAND_FIELDS = [
  'client_name',
  'website',
  'industry',
  'geography',
  'primary_offer',
  'objective',
  'target_audience',
  'pain_points',
  'desired_outcomes',
  'pricing',
  'unit_economics',
  'growth_bottleneck',
  'differentiators',
  'proof_assets',
  'tone_voice',
  'risk_tolerance',
  'compliance_notes',
  'kpi_targets',
] as const;

type BrandShape = {
  [K in (typeof BRAND_FIELDS)[number]]: z.ZodMiniOptional<z.ZodMiniNullable<(typeof INTAKE)[K]>>;
};

/**
 * The brand context a module builds on: the approved intake's fields, each
 * optional (same names, limits and choices as the `intake` request).
 *
 * @example
 * ```ts
 * { client_name: 'Northwind Dental', target_audience: 'Adults 25-45', tone_voice: 'warm, expert' }
 * ```
 */
export const brandContextSchema = z.strictObject(
  Object.fromEntries(BRAND_FIELDS.map((key) => [key, z.nullish(INTAKE[key])])) as BrandShape,
  { error: 'must be an object' },
);

/** A validated brand context. */
export type BrandContext = z.output<typeof brandContextSchema>;

/** The `strategy` module (`POST /api/v1/strategy/generate`): strategy document, positioning, channel plan. */
export const strategyModule = defineModule({
  name: 'strategy',
  description: 'A marketing strategy: the strategy document, positioning and messaging, and a channel plan.',
  input: z.object(
    {
      /** Campaign or engagement name, e.g. `Aligner Launch Q1`. */
      campaign_name: text(200),
      /** Objectives, e.g. `["Lead Gen", "Brand Awareness"]`; empty means the intake's objective. */
      objectives: z.nullish(texts(20, 300)),
      /** Channels to plan, e.g. `["LinkedIn", "Instagram", "Email"]`. */
      platforms: z.nullish(texts(10, 50)),
      /** Total budget in `currency`; not negative (the operator's form suggests 10000). */
      budget: z.nullish(amount(0, 1e12)),
      /** ISO 4217 currency of `budget`, e.g. `USD`; uppercased. @default 'USD' */
      currency: campaignsModule.input.shape.currency,
      /** Campaign length in weeks, 1 to 104 (the operator's form suggests 8). */
      duration: z.nullish(wholeNumber(1, 104)),
      /** The approved intake the strategy builds on. */
      brand_context: z.nullish(brandContextSchema),
      /** Output language. @default 'English' */
      language: z.nullish(text(40)),
      /** Free-form brief, as the Python operator sends it (`Strategy: <name>`). */
      brief: z.nullish(text(4000)),
    },
    { error: 'the strategy request must be a JSON object' },
  ),
  example: {
    campaign_name: 'Aligner Launch Q1',
    objectives: ['Lead Gen', 'Brand Awareness'],
    platforms: ['LinkedIn', 'Instagram', 'Email'],
    budget: 10000,
    currency: 'GBP',
    duration: 8,
    brand_context: {
      client_name: 'Northwind Dental',
      primary_offer: 'Invisible aligners with same-week 3D scans',
      target_audience: 'Busy professionals aged 25-45',
    },
  },
  deliverables: [
    { kind: 'strategy', title: 'Strategy document' },
    { kind: 'positioning', title: 'Positioning and messaging' },
    { kind: 'channel_plan', title: 'Channel plan' },
  ],
  upstream: ['intake'],
});
