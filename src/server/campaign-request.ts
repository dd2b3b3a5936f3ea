/**
 * The body of `POST /api/v1/campaigns/generate` (CONTRACT §2), as a zod schema.
 */
import * as z from 'zod';

const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be blank' })
    .max(max, { error: `must be at most ${max} characters` });

const optionalText = (max: number) => text(max).nullish();

/**
 * The campaign request: `campaign_name`, `objectives` and `platforms` are
 * required; `budget` and `timeline_days` are what the reference clients
 * send; the rest refine the prompts. Unknown keys are ignored.
 *
 * @example
 * ```ts
 * CampaignRequestSchema.parse({
 *   campaign_name: 'Spring Launch', objectives: ['Awareness'], platforms: ['LinkedIn'],
 *   budget: 5000, timeline_days: 30,
 * })
 * ```
 */
export const CampaignRequestSchema = z.object(
  {
    /** Campaign name, e.g. `Spring Launch`. */
    campaign_name: text(200),
    /** What the campaign should achieve, e.g. `["Awareness", "Engagement"]`. */
    objectives: z
      .array(text(300), { error: 'must be an array of strings' })
      .min(1, { error: 'must list at least one objective' })
      .max(20, { error: 'must list at most 20 objectives' }),
    /** Where to publish, e.g. `["LinkedIn", "Instagram", "X"]`: one post each. */
    platforms: z
      .array(text(50), { error: 'must be an array of strings' })
      .min(1, { error: 'must list at least one platform' })
      .max(10, { error: 'must list at most 10 platforms' }),
    /** Total budget, in `currency`. */
    budget: z
      .number({ error: 'must be a number' })
      .nonnegative({ error: 'must not be negative' })
      .max(1e12, { error: 'is implausibly large' })
      .nullish(),
    /** Campaign length in days. */
    timeline_days: z
      .number({ error: 'must be a whole number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be at least 1' })
      .max(3650, { error: 'must be at most 3650' })
      .nullish(),
    /** ISO 4217 currency of `budget`. @default 'USD' */
    currency: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter currency code such as USD' })
      .transform((code) => code.toUpperCase())
      .nullish(),
    /** Product or offer being promoted. */
    product: optionalText(300),
    /** Brand name. */
    brand: optionalText(200),
    /** Who the campaign speaks to. */
    target_audience: optionalText(500),
    /** Voice, e.g. `confident, warm`. */
    tone: optionalText(100),
    /** Output language. @default 'English' */
    language: optionalText(40),
    /** Anything else the writer should know. */
    notes: optionalText(2000),
  },
  { error: 'must be a JSON object' },
);

/** A validated campaign request (wire snake_case). */
export type CampaignRequest = z.output<typeof CampaignRequestSchema>;

/** What callers may send: {@link CampaignRequest} before trimming and defaults. */
export type CampaignRequestInput = z.input<typeof CampaignRequestSchema>;
