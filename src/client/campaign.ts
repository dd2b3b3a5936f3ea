import * as z from 'zod';
import { campaignFields, exactText } from '../internal/campaign-fields.js';

/** The default endpoint of {@link BackendClient.generateCampaign}. */
export const CAMPAIGN_GENERATE_PATH = '/api/v1/campaigns/generate';

const fields = campaignFields(exactText);

/**
 * The body of `POST /api/v1/campaigns/generate` (wire snake_case, CONTRACT §2):
 * `{ campaign_name, objectives[], platforms[], budget, timeline_days }`, plus
 * optional prompt refinements.
 *
 * This is the strict writer: `budget` and `timeline_days` are required, values
 * are checked as they are and sent untouched (no trimming), and unknown keys
 * are kept for backends that accept more. The field limits are shared with
 * the tolerant reader of the reference server (`CampaignRequestSchema` in
 * `aicmo/server`), so a request accepted here is accepted there.
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
    ...fields,
    /** ISO 4217 currency of `budget`, e.g. `USD`; sent as written. */
    currency: fields.currency.optional(),
    /** Product or offer being promoted. */
    product: fields.product.optional(),
    /** Brand name. */
    brand: fields.brand.optional(),
    /** Who the campaign speaks to. */
    target_audience: fields.target_audience.optional(),
    /** Voice, e.g. `confident, warm`. */
    tone: fields.tone.optional(),
    /** Output language, e.g. `English`. */
    language: fields.language.optional(),
    /** Anything else the writer should know. */
    notes: fields.notes.optional(),
  },
  { error: 'the campaign request must be an object' },
);

/** A campaign generation request, as sent on the wire. */
export type CampaignGenerateRequest = z.infer<typeof CampaignGenerateRequestSchema>;
