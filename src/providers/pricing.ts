/**
 * Model prices and the cost of one call. Prices change: the shipped table is
 * dated ({@link PRICES_AS_OF}) and every chain accepts overrides.
 */
import { PROVIDER_CATALOG, type ProviderCatalogEntry } from './catalog.js';
import type { TokenUsage } from './types.js';

/**
 * Price of one model, in USD per million tokens.
 *
 * @example
 * ```ts
 * const price: ModelPrice = { input: 0.15, output: 0.6, cachedInput: 0.075 }
 * ```
 */
export interface ModelPrice {
  /** Uncached input tokens, USD per million. */
  input: number;
  /** Output tokens, USD per million. */
  output: number;
  /** Input tokens read from a prompt cache, USD per million. @default the `input` price */
  cachedInput?: number;
  /** Input tokens written to a prompt cache (Anthropic), USD per million. @default the `input` price */
  cacheWrite?: number;
}

/**
 * A price table: model id (e.g. `gpt-4o-mini`) or `provider:model` (e.g.
 * `groq:llama-3.3-70b-versatile`, which wins over the bare model id) to price.
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** The date the shipped {@link DEFAULT_PRICES} were checked against the providers' pricing pages. */
export const PRICES_AS_OF = '2025-12-01';

/**
 * The shipped price table (USD per million tokens, standard tier, no batch
 * discount), checked on {@link PRICES_AS_OF}: every model price of the
 * {@link PROVIDER_CATALOG}, keyed by model id. Override or extend it with the
 * chain's `prices` option rather than trusting it for billing.
 */
export const DEFAULT_PRICES: PriceTable = Object.freeze({
  ...Object.fromEntries(
    Object.values(PROVIDER_CATALOG as Readonly<Record<string, ProviderCatalogEntry>>).flatMap((entry) =>
      Object.entries(entry.prices),
    ),
  ),
  // The deterministic stub (default name and model) is free, so stub runs report cost 0, not unknown.
  'stub:stub-1': { input: 0, output: 0 },
});

const DATED_SUFFIX = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

/**
 * Finds the price of `model` served by `provider`: `provider:model` first,
 * then the model id, then the model id without a date or `-latest` suffix
 * (`gpt-4o-2024-08-06` → `gpt-4o`, `claude-sonnet-4-20250514` →
 * `claude-sonnet-4`). No fuzzy prefix matching: an unknown model has no price.
 *
 * @example
 * ```ts
 * findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-mini-2024-07-18') // { input: 0.15, output: 0.6, ... }
 * ```
 */
export function findPrice(table: PriceTable, provider: string, model: string): ModelPrice | undefined {
  const candidates = [`${provider}:${model}`, model];
  const undated = model.replace(DATED_SUFFIX, '');
  if (undated !== model) candidates.push(`${provider}:${undated}`, undated);
  for (const key of candidates) {
    if (Object.hasOwn(table, key)) return table[key];
  }
  return undefined;
}

/**
 * Cost in USD of `usage` at `price`. Expects normalized usage (input includes
 * cache reads and writes, as {@link normalizeAnthropicUsage} and
 * {@link normalizeOpenAIUsage} produce).
 *
 * @example
 * ```ts
 * costOf({ inputTokens: 1_000_000, outputTokens: 0, totalTokens: 1_000_000 }, { input: 3, output: 15 }) // 3
 * ```
 */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cached);
  const uncached = usage.inputTokens - cached - written;
  // tokens × USD per million = micro-dollars.
  const micro =
    uncached * price.input +
    cached * (price.cachedInput ?? price.input) +
    written * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output;
  // Round to 1e-9 USD so sums print cleanly.
  return Math.round(micro * 1000) / 1e9;
}

/** Outcome of {@link priceUsage}: a cost, or `null` with the reason. */
export type PricedUsage = { costUsd: number; warning?: undefined } | { costUsd: null; warning: string };

/**
 * Prices a call: the cost in USD, or `null` with a warning when the model has
 * no price (never 0: a missing price must not look free).
 *
 * @param table - the table to use. @default DEFAULT_PRICES
 * @example
 * ```ts
 * priceUsage(usage, 'openai', 'gpt-4o-mini').costUsd // 0.00012
 * priceUsage(usage, 'ollama', 'llama3').warning // 'No price for ollama model "llama3"…'
 * ```
 */
export function priceUsage(
  usage: TokenUsage,
  provider: string,
  model: string,
  table: PriceTable = DEFAULT_PRICES,
): PricedUsage {
  const price = findPrice(table, provider, model);
  if (!price) {
    return {
      costUsd: null,
      warning: `No price for ${provider} model "${model}": cost_usd is unknown. Add it with the chain's prices option.`,
    };
  }
  return { costUsd: costOf(usage, price) };
}
