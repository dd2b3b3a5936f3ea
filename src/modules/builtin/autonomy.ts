/**
 * The `autonomy` module: how far AICMO may act on its own (an autonomy policy
 * with an approval matrix) and the guardrails around it, for one of four
 * autonomy levels. The Python operator's Autonomy tab sends `{autonomy_level}`.
 */
import * as z from 'zod/mini';
import { defineModule } from '../define.js';
import { choice, preprocess, pythonStrip, text, textList, wholeNumber } from '../fields.js';

/** The autonomy levels, from least to most autonomous (the operator's values). */
export const AUTONOMY_LEVELS = ['manual', 'assisted', 'semi-autonomous', 'full-autonomous'] as const;

/** An autonomy level, e.g. `semi-autonomous`. */
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];

/** Defaults of the optional autonomy settings, as the operator's form and backend set them. */
export const AUTONOMY_DEFAULTS = Object.freeze({
  /** QC score (0 to 100) at or above which a draft may be approved without a person. */
  auto_approve_threshold: 75,
  /** Automatic actions are logged, not executed (the backend automation settings' default). */
  dry_run: true,
});

const levelChoice = z._default(choice(AUTONOMY_LEVELS), 'manual');

/**
 * `autonomy_level` as sent: any case, with spaces or `_` for the hyphen
 * (`Semi-Autonomous`, `full_autonomous`); absent or `null` is `manual`.
 */
const autonomyLevel = preprocess<unknown, typeof levelChoice, AutonomyLevel | null | undefined>((value) => {
  if (value === null) return undefined;
  return typeof value === 'string'
    ? pythonStrip(value)
        .toLowerCase()
        .replace(/[\s_]+/g, '-')
    : value;
}, levelChoice);

/** The `autonomy` module (`POST /api/v1/autonomy/generate`). */
export const autonomyModule = defineModule({
  name: 'autonomy',
  description: 'An autonomy policy (what runs without a person, what needs approval) and its guardrails.',
  input: z.object(
    {
      /** How far AICMO may act alone: `manual`, `assisted`, `semi-autonomous` or `full-autonomous` (any case). @default 'manual' */
      autonomy_level: autonomyLevel,
      /** QC score, 0 to 100, at or above which a draft may be approved without a person. @default 75 */
      auto_approve_threshold: z.nullish(wholeNumber(0, 100)),
      /** Model that writes the drafts, e.g. `gpt-4`, `claude` (the form offers gpt-4, gpt-3.5, claude, custom). */
      model_choice: z.nullish(text(60)),
      /** Log automatic actions without executing them. @default true */
      dry_run: z.nullish(z.boolean({ error: 'must be true or false' })),
      /** 1 to 10 operator modules the policy covers, e.g. `["creatives", "execution"]`. @default the pipeline: strategy, creatives, execution, monitoring, delivery */
      modules: z.nullish(textList(10, 40, 'module')),
      /** 1 to 10 people or roles who approve and take escalations, e.g. `["Head of Marketing"]`. */
      approvers: z.nullish(textList(10, 100, 'approver')),
      /** Spend that automation may never exceed without a person, e.g. `500 USD a day`. */
      spend_limit: z.nullish(text(100)),
      /** Brand or client the policy is for. */
      brand: z.nullish(text(200)),
      /** Free-form brief, as the Python operator sends it. */
      brief: z.nullish(text(4000)),
    },
    { error: 'the autonomy request must be a JSON object' },
  ),
  example: {
    autonomy_level: 'assisted',
    auto_approve_threshold: 75,
    model_choice: 'claude',
    approvers: ['Head of Marketing'],
  },
  deliverables: [
    { kind: 'autonomy_policy', title: 'Autonomy policy with the approval matrix' },
    { kind: 'autonomy_guardrails', title: 'Guardrails, escalation and kill switch' },
  ],
});
