/**
 * The `leadgen` module: an ideal customer profile (with the lead list's
 * qualification rules) and a multi-touch outreach sequence, from targeting
 * filters. The Python operator's Lead Gen tab sends `{filters: {}}`.
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { choice, preprocess, pythonStrip, text, textList, wholeNumber } from '../fields.js';

/**
 * Lead statuses a lead list can be filtered on: the Lead Gen form's
 * (`NEW`, `CONTACTED`, `RESPONDED`, `QUALIFIED`) and the backend lead domain's
 * (`ENRICHED`, `REPLIED`, `ROUTED`, `LOST`, `MANUAL_REVIEW`).
 */
export const LEAD_STATUSES = [
  'NEW',
  'ENRICHED',
  'CONTACTED',
  'RESPONDED',
  'REPLIED',
  'QUALIFIED',
  'ROUTED',
  'LOST',
  'MANUAL_REVIEW',
] as const;

/** A lead status, e.g. `NEW`. */
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Defaults of the lead list, as the operator's Lead Gen form sets them. */
export const LEADGEN_DEFAULTS = Object.freeze({
  /** Lowest lead score (0 to 100) a lead needs to be listed. */
  min_score: 60,
  /** Statuses listed. */
  status: Object.freeze(['NEW'] as const),
  /** Most leads listed. */
  limit: 20,
});

const statusChoice = choice(LEAD_STATUSES);

/** A status in any case, spaces or hyphens for `_` (`new`, `manual review`), read as its upper-case form. */
const leadStatus = preprocess<unknown, typeof statusChoice, LeadStatus>(
  (value) =>
    typeof value === 'string'
      ? pythonStrip(value)
          .toUpperCase()
          .replace(/[\s-]+/g, '_')
      : value,
  statusChoice,
);

/**
 * Who to find. Every criterion is optional: the running Python operator sends
 * `{filters: {}}`, and an empty object is read as "no targeting yet" (the ICP
 * is then drafted from `brief` and `offer`, with placeholders in
 * `[brackets]` for what is missing). An unknown key is refused with a hint.
 */
const filters = z.strictObject(
  {
    /** Industry or vertical of the target companies, e.g. `B2B SaaS`. */
    industry: z.nullish(text(200)),
    /** Where the target companies are, e.g. `United Kingdom and Ireland`. */
    geography: z.nullish(text(200)),
    /** Company size, as headcount or band, e.g. `50-200 employees`, `mid-market`. */
    company_size: z.nullish(text(100)),
    /** 1 to 25 job titles of the people to reach, e.g. `["Head of Marketing", "CMO"]`. */
    titles: z.nullish(textList(25, 120, 'title')),
    /** 1 to 20 buying signals or keywords, e.g. `["hiring SDRs", "uses HubSpot"]`. */
    keywords: z.nullish(textList(20, 120, 'keyword')),
    /** 1 to 20 companies, segments or titles to leave out, e.g. `["agencies", "students"]`. */
    exclude: z.nullish(textList(20, 120, 'exclusion')),
    /** Lowest lead score (0 to 100) a lead needs to be listed. @default 60 */
    min_score: z.nullish(wholeNumber(0, 100)),
    /** 1 to 9 lead statuses to list (any case, e.g. `["NEW", "contacted"]`). @default ['NEW'] */
    status: z.nullish(
      z
        .array(leadStatus, { error: 'must be an array of lead statuses' })
        .check(
          z.minLength(1, { error: 'must list at least one status' }),
          z.maxLength(LEAD_STATUSES.length, { error: `must list at most ${LEAD_STATUSES.length} statuses` }),
        ),
    ),
    /** Most leads to list, 1 to 500. @default 20 */
    limit: z.nullish(wholeNumber(1, 500)),
  },
  { error: 'must be an object of lead filters (industry, geography, company_size, titles, ...)' },
);

/** The `leadgen` module (`POST /api/v1/leadgen/generate`). */
export const leadgenModule = defineModule({
  name: 'leadgen',
  description:
    'An ideal customer profile with lead qualification rules, and a multi-touch outreach sequence.',
  input: z.object(
    {
      /** Targeting filters (required, may be `{}`): industry, geography, company_size, titles, keywords, exclude, min_score, status, limit. */
      filters,
      /** What is being sold to these leads, e.g. `Managed SOC for mid-size banks`. */
      offer: z.nullish(text(300)),
      /** Who the outreach comes from, e.g. `Priya, Head of Partnerships at Northwind`. */
      sender: z.nullish(text(200)),
      /** 1 to 5 outreach channels, e.g. `["Email", "LinkedIn"]`. @default ['Email', 'LinkedIn'] */
      channels: z.nullish(textList(5, 50, 'channel')),
      /** Voice of the outreach, e.g. `direct, friendly`. */
      tone: z.nullish(text(100)),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the leadgen request must be a JSON object' },
  ),
  example: {
    filters: {
      industry: 'B2B SaaS',
      geography: 'United Kingdom',
      company_size: '50-200 employees',
      titles: ['Head of Marketing', 'VP Marketing'],
      keywords: ['hiring SDRs'],
      min_score: 60,
      status: ['NEW'],
      limit: 20,
    },
    offer: 'Managed outbound for SaaS teams',
    channels: ['Email', 'LinkedIn'],
  },
  deliverables: [
    { kind: 'ideal_customer_profile', title: 'Ideal customer profile and lead qualification rules' },
    { kind: 'outreach_sequence', title: 'Outreach sequence' },
  ],
});
