import * as z from 'zod';

/** The default endpoint of {@link BackendClient.generateCampaign}. */
export const CAMPAIGN_GENERATE_PATH = '/api/v1/campaigns/generate';

const text = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .refine((value) => value.trim() !== '', { error: 'must not be blank' })
    .refine((value) => value.length <= max, { error: `must be at most ${max} characters` });

const list = (what: string, itemMax: number, max: number) =>
  z
    .array(text(itemMax), { error: 'must be an array of strings' })
    .min(1, { error: `must list at least one ${what}` })
    .max(max, { error: `must list at most ${max} ${what}s` });

/**
 * The body of `POST /api/v1/campaigns/generate` (wire snake_case, CONTRACT §2):
 * `{ campaign_name, objectives[], platforms[], budget, timeline_days }`, plus
 * optional prompt refinements. The limits are those of the reference server
 * (`aicmo serve`), so a request accepted here is accepted there. Unknown keys
 * are kept and sent as they are, for backends that accept more.
 *
 * @example
 * ```ts
 * CampaignGenerateRequestSchema.parse({
 *   campaign_name: 'Spring launch',
 *   objectives: ['Awareness'],
 *   platforms: ['LinkedIn'],
 *   budget: 5000,
 *   timeline_days: 30,
 * })
 * ```
 */
export const CampaignGenerateRequestSchema = z.looseObject(
  {
    /** Campaign name, e.g. `Spring launch`; not blank, at most 200 characters. */
    campaign_name: text(200),
    /** 1 to 20 objectives, e.g. `Awareness`. */
    objectives: list('objective', 300, 20),
    /** 1 to 10 platforms, e.g. `LinkedIn`: one post each. */
    platforms: list('platform', 50, 10),
    /** Total budget in `currency`; a number, not negative. */
    budget: z
      .number({ error: 'must be a number' })
      .nonnegative({ error: 'must not be negative' })
      .max(1e12, { error: 'is implausibly large' }),
    /** Campaign length in days, 1 to 3650. */
    timeline_days: z
      .number({ error: 'must be a whole number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be at least 1' })
      .max(3650, { error: 'must be at most 3650' }),
    /** ISO 4217 currency of `budget`, e.g. `USD`. */
    currency: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter currency code such as USD' })
      .optional(),
    /** Product or offer being promoted. */
    product: text(300).optional(),
    /** Brand name. */
    brand: text(200).optional(),
    /** Who the campaign speaks to. */
    target_audience: text(500).optional(),
    /** Voice, e.g. `confident, warm`. */
    tone: text(100).optional(),
    /** Output language, e.g. `English`. */
    language: text(40).optional(),
    /** Anything else the writer should know. */
    notes: text(2000).optional(),
  },
  { error: 'the campaign request must be an object' },
);

/** A campaign generation request, as sent on the wire. */
export type CampaignGenerateRequest = z.infer<typeof CampaignGenerateRequestSchema>;
