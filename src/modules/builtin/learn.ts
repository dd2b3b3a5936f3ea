/**
 * The `learn` module: an insights document that answers a marketer's
 * question (best practices, troubleshooting, reference notes or worked
 * examples). The Python operator's Learn tab sends `{query}`.
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { choice, preprocess, pythonStrip, text, textList, wholeNumber } from '../fields.js';

/** Categories of the operator's Learn tab. */
export const LEARN_CATEGORIES = ['All', 'Best Practices', 'Troubleshooting', 'API Docs', 'Examples'] as const;

/** A Learn category, e.g. `Troubleshooting`. */
export type LearnCategory = (typeof LEARN_CATEGORIES)[number];

/** Defaults of the optional learn settings, as the operator's Learn form sets them. */
export const LEARN_DEFAULTS = Object.freeze({
  /** Category when none is given. */
  category: 'All' as LearnCategory,
  /** Number of insights. */
  result_count: 10,
});

const squash = (value: string) =>
  pythonStrip(value)
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

const categoryChoice = choice(LEARN_CATEGORIES);

/** `category` as sent, in any case or spacing (`best practices`, `api_docs`), read as the tab's spelling. */
const category = preprocess<unknown, typeof categoryChoice, LearnCategory>(
  (value) =>
    typeof value === 'string' ? (LEARN_CATEGORIES.find((c) => squash(c) === squash(value)) ?? value) : value,
  categoryChoice,
);

/** The `learn` module (`POST /api/v1/learn/generate`). */
export const learnModule = defineModule({
  name: 'learn',
  description: "An insights document that answers a marketer's question, with next steps.",
  input: z.object(
    {
      /** The question, e.g. `Why did our LinkedIn engagement drop?`; not blank, at most 500 characters. */
      query: text(500),
      /** `All`, `Best Practices`, `Troubleshooting`, `API Docs` or `Examples` (any case). @default 'All' */
      category: z.nullish(category),
      /** Number of insights, 1 to 25. @default 10 */
      result_count: z.nullish(wholeNumber(1, 25)),
      /** Industry to tailor the answer to, e.g. `B2B SaaS`. */
      industry: z.nullish(text(200)),
      /** 1 to 10 platforms to tailor the answer to, e.g. `["LinkedIn"]`. */
      platforms: z.nullish(textList(10, 50, 'platform')),
      /** What is known already: results, past tests, constraints. */
      context: z.nullish(text(2000)),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the learn request must be a JSON object' },
  ),
  example: {
    query: 'How do we improve LinkedIn engagement for a B2B SaaS launch?',
    category: 'Best Practices',
    result_count: 5,
    industry: 'B2B SaaS',
    platforms: ['LinkedIn'],
  },
  deliverables: [{ kind: 'insights', title: 'Insights document' }],
});
