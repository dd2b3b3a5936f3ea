/**
 * The `campaigns` module: a campaign brief, one post per platform and an email
 * (CONTRACT §2's request: `{campaign_name, objectives[], platforms[], budget, timeline_days}`).
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { amount, text, textList, wholeNumber } from '../fields.js';

/** The `campaigns` module (`POST /api/v1/campaigns/generate`). */
export const campaignsModule = defineModule({
  name: 'campaigns',
  description: 'A campaign brief, one post per platform and a launch email.',
  input: z.object(
    {
      /** Campaign name, e.g. `Spring Launch`; not blank, at most 200 characters. */
      campaign_name: text(200),
      /** 1 to 20 objectives, e.g. `["Awareness", "Engagement"]`. */
      objectives: textList(20, 300, 'objective'),
      /** 1 to 10 platforms, e.g. `["LinkedIn", "Instagram", "X"]`: one post each. */
      platforms: textList(10, 50, 'platform'),
      /** Total budget in `currency`; not negative. */
      budget: z.nullish(amount(0, 1e12)),
      /** Campaign length in days, 1 to 3650. */
      timeline_days: z.nullish(wholeNumber(1, 3650)),
      /** ISO 4217 currency of `budget`, e.g. `USD`; uppercased. @default 'USD' */
      currency: z.nullish(
        z.string({ error: 'must be a string' }).check(
          z.regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter currency code such as USD' }),
          z.overwrite((code) => code.toUpperCase()),
        ),
      ),
      /** Product or offer being promoted. */
      product: z.nullish(text(300)),
      /** Brand name. */
      brand: z.nullish(text(200)),
      /** Who the campaign speaks to. */
      target_audience: z.nullish(text(500)),
      /** Voice, e.g. `confident, warm`. */
      tone: z.nullish(text(100)),
      /** Output language. @default 'English' */
      language: z.nullish(text(40)),
      /** Anything else the writer should know. */
      notes: z.nullish(text(2000)),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the campaigns request must be a JSON object' },
  ),
  example: {
    campaign_name: 'Spring Launch',
    objectives: ['Awareness', 'Engagement'],
    platforms: ['LinkedIn', 'Instagram'],
    budget: 5000,
    timeline_days: 30,
  },
  deliverables: [
    { kind: 'campaign_brief', title: 'Campaign brief' },
    { kind: 'linkedin_post', title: 'One post per platform (LinkedIn, Instagram, X, TikTok, ...)' },
    { kind: 'email_copy', title: 'Launch email' },
  ],
});
