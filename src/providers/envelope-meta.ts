/**
 * Bridge from a chain result to a deliverables envelope's `meta`.
 */
import type { ChainResult } from './chain-types.js';
import { redactSecrets } from './secrets/redact.js';
import type { GenerateObjectResult } from './structured/types.js';

/** The `meta` fields a chain result fills (snake_case wire names). */
export interface ChainEnvelopeMeta {
  /** Provider that answered. */
  provider: string;
  /** Model that answered. */
  model: string;
  /** Cost in USD; omitted (never null, never a made-up 0) when the model has no price. */
  cost_usd?: number;
  /** Total tokens (input + output), as an integer. */
  tokens_used: number;
  /** One per fallback taken, plus cost and partial-result warnings. */
  warnings: string[];
}

/**
 * Turns a {@link ChainResult} into envelope `meta` fields: `provider`,
 * `model`, `cost_usd` (omitted when unknown, as the Python backends omit unset
 * optional meta fields), `tokens_used` and `warnings`. Spread it into the
 * meta next to `timestamp` and `run_id`.
 *
 * @example
 * ```ts
 * const result = await chain.generate(request)
 * const meta = { timestamp: new Date().toISOString(), ...toEnvelopeMeta(result) }
 * ```
 */
export function toEnvelopeMeta(result: ChainResult): ChainEnvelopeMeta {
  const meta: ChainEnvelopeMeta = {
    // The chain already redacted the configured key values; key-shaped strings go too (a hand-made result).
    provider: redactSecrets(result.provider),
    model: redactSecrets(result.model),
    tokens_used: Math.max(0, Math.round(result.usage?.totalTokens ?? 0)),
    warnings: result.warnings.map((warning) => redactSecrets(warning)),
  };
  if (typeof result.costUsd === 'number' && Number.isFinite(result.costUsd)) meta.cost_usd = result.costUsd;
  return meta;
}

/**
 * {@link toEnvelopeMeta} for a `generateObject` result: the provider and
 * model that produced the object, the tokens and cost of every attempt
 * (repairs and mismatched answers included), and its warnings.
 *
 * @example
 * ```ts
 * const result = await chain.generateObject({ schema: Post, prompt })
 * const meta = { timestamp: new Date().toISOString(), ...toObjectEnvelopeMeta(result) }
 * ```
 */
export function toObjectEnvelopeMeta(result: GenerateObjectResult<unknown>): ChainEnvelopeMeta {
  const meta: ChainEnvelopeMeta = {
    provider: redactSecrets(result.provider),
    model: redactSecrets(result.model),
    tokens_used: Math.max(0, Math.round(result.usage?.totalTokens ?? 0)),
    warnings: result.warnings.map((warning) => redactSecrets(warning)),
  };
  if (typeof result.costUsd === 'number' && Number.isFinite(result.costUsd)) meta.cost_usd = result.costUsd;
  return meta;
}
