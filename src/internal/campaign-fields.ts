/**
 * The fields of the campaign request (`POST /api/v1/campaigns/generate`,
 * CONTRACT §2), defined once: names, limits and messages. Internal, zod only
 * (no server code, no Node built-ins) so both entries can import it:
 *
 * - `aicmo/server` builds `CampaignRequestSchema`, the tolerant reader: it
 *   trims text, lets `budget`, `timeline_days` and the refinements be absent
 *   or `null`, uppercases `currency` and drops unknown keys.
 * - `aicmo/client` builds `CampaignGenerateRequestSchema`, the strict writer:
 *   it sends values as they are, requires `budget` and `timeline_days`, and
 *   keeps unknown keys for backends that accept more.
 *
 * Both share the limits below, so a request the client accepts is one the
 * reference server accepts.
 */
import * as z from 'zod';
import { isPythonBlank, pythonStrip } from './python-strip.js';

/** Length and count limits of the campaign request fields. */
export const CAMPAIGN_LIMITS = {
  campaign_name: 200,
  objective: 300,
  objectives: 20,
  platform: 50,
  platforms: 10,
  budget: 1e12,
  timeline_days: 3650,
  product: 300,
  brand: 200,
  target_audience: 500,
  tone: 100,
  language: 40,
  notes: 2000,
} as const;

/** Builds a non-blank text field of at most `max` characters. */
export type CampaignText = (max: number) => z.ZodString;

/**
 * Reader text: stripped first as Python's `str.strip()` does (U+0085 and
 * U+001C–U+001F go, U+FEFF stays: CONTRACT §1), then checked (blank, length)
 * on the stripped value.
 */
export const trimmedText: CampaignText = (max) =>
  z
    .string({ error: 'must be a string' })
    .overwrite(pythonStrip)
    .min(1, { error: 'must not be blank' })
    .max(max, { error: `must be at most ${max} characters` });

/** Writer text: checked as it is and left untouched (what is validated is what is sent). */
export const exactText: CampaignText = (max) =>
  z
    .string({ error: 'must be a string' })
    .refine((value) => !isPythonBlank(value), { error: 'must not be blank' })
    .refine((value) => value.length <= max, { error: `must be at most ${max} characters` });

const textList = (item: z.ZodString, what: string, max: number) =>
  z
    .array(item, { error: 'must be an array of strings' })
    .min(1, { error: `must list at least one ${what}` })
    .max(max, { error: `must list at most ${max} ${what}s` });

/**
 * Every campaign request field, each in its required form, with `text` for
 * the text fields. Each schema decides which are optional (or nullable) and
 * how unknown keys are treated.
 *
 * @example
 * ```ts
 * const fields = campaignFields(exactText);
 * z.looseObject({ ...fields, brand: fields.brand.optional() });
 * ```
 */
export function campaignFields(text: CampaignText) {
  const limits = CAMPAIGN_LIMITS;
  return {
    /** Campaign name, e.g. `Spring Launch`; not blank, at most 200 characters. */
    campaign_name: text(limits.campaign_name),
    /** 1 to 20 objectives, e.g. `["Awareness", "Engagement"]`. */
    objectives: textList(text(limits.objective), 'objective', limits.objectives),
    /** 1 to 10 platforms, e.g. `["LinkedIn", "Instagram", "X"]`: one post each. */
    platforms: textList(text(limits.platform), 'platform', limits.platforms),
    /** Total budget in `currency`; a number, not negative. */
    budget: z
      .number({ error: 'must be a number' })
      .nonnegative({ error: 'must not be negative' })
      .max(limits.budget, { error: 'is implausibly large' }),
    /** Campaign length in days, 1 to 3650. */
    timeline_days: z
      .number({ error: 'must be a whole number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be at least 1' })
      .max(limits.timeline_days, { error: `must be at most ${limits.timeline_days}` }),
    /** ISO 4217 currency of `budget`, e.g. `USD`. */
    currency: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter currency code such as USD' }),
    /** Product or offer being promoted. */
    product: text(limits.product),
    /** Brand name. */
    brand: text(limits.brand),
    /** Who the campaign speaks to. */
    target_audience: text(limits.target_audience),
    /** Voice, e.g. `confident, warm`. */
    tone: text(limits.tone),
    /** Output language, e.g. `English`. */
    language: text(limits.language),
    /** Anything else the writer should know. */
    notes: text(limits.notes),
  };
}
