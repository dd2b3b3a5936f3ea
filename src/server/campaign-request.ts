/**
 * The body of `POST /api/v1/campaigns/generate` (CONTRACT §2), as a zod schema.
 */
import * as z from 'zod';
import { campaignFields, trimmedText } from '../internal/campaign-fields.js';

const fields = campaignFields(trimmedText);

/**
 * The campaign request as the server reads it. `campaign_name`, `objectives`
 * and `platforms` are required; `budget` and `timeline_days` are what the
 * reference clients send; the rest refine the prompts.
 *
 * This is the tolerant reader: text is trimmed, every field but the first
 * three may be absent or `null`, `currency` is uppercased, and unknown keys
 * are ignored. Its strict writer counterpart is `CampaignGenerateRequestSchema`
 * in `aicmo/client`; both share one set of field limits.
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
    ...fields,
    /** Total budget, in `currency`. */
    budget: fields.budget.nullish(),
    /** Campaign length in days. */
    timeline_days: fields.timeline_days.nullish(),
    /** ISO 4217 currency of `budget`, uppercased. @default 'USD' */
    currency: fields.currency.transform((code) => code.toUpperCase()).nullish(),
    /** Product or offer being promoted. */
    product: fields.product.nullish(),
    /** Brand name. */
    brand: fields.brand.nullish(),
    /** Who the campaign speaks to. */
    target_audience: fields.target_audience.nullish(),
    /** Voice, e.g. `confident, warm`. */
    tone: fields.tone.nullish(),
    /** Output language. @default 'English' */
    language: fields.language.nullish(),
    /** Anything else the writer should know. */
    notes: fields.notes.nullish(),
  },
  { error: 'must be a JSON object' },
);

/** A validated campaign request (wire snake_case). */
export type CampaignRequest = z.output<typeof CampaignRequestSchema>;

/** What callers may send: {@link CampaignRequest} before trimming and defaults. */
export type CampaignRequestInput = z.input<typeof CampaignRequestSchema>;
