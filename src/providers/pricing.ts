/**
 * Model prices and the cost of one call. Prices change: the shipped table is
 * dated ({@link PRICES_AS_OF}) and every chain accepts overrides.
 */
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
 * discount), checked on {@link PRICES_AS_OF}. Override or extend it with the
 * chain's `prices` option rather than trusting it for billing.
 */
export const DEFAULT_PRICES: PriceTable = Object.freeze({
  // OpenAI
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5.1': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, output: 60, cachedInput: 7.5 },
  o3: { input: 2, output: 8, cachedInput: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  // Anthropic (cache write = 5-minute TTL price)
  'claude-opus-4-5': { input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-4-6': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  'claude-3-7-sonnet': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  'claude-3-5-sonnet': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08, cacheWrite: 1 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cachedInput: 0.03, cacheWrite: 0.3 },
  'claude-3-opus': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
  // The deterministic stub (default name and model) is free, so stub runs report cost 0, not unknown.
  'stub:stub-1': { input: 0, output: 0 },
  // Groq
  'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
  'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
  'meta-llama/llama-4-scout-17b-16e-instruct': { input: 0.11, output: 0.34 },
  'meta-llama/llama-4-maverick-17b-128e-instruct': { input: 0.2, output: 0.6 },
  'openai/gpt-oss-120b': { input: 0.15, output: 0.75 },
  'qwen/qwen3-32b': { input: 0.29, output: 0.59 },
  'moonshotai/kimi-k2-instruct': { input: 1, output: 3 },
  // Mistral
  'mistral-large-latest': { input: 2, output: 6 },
  'mistral-medium-latest': { input: 0.4, output: 2 },
  'mistral-small-latest': { input: 0.1, output: 0.3 },
  'codestral-latest': { input: 0.3, output: 0.9 },
  'open-mistral-nemo': { input: 0.15, output: 0.15 },
  'ministral-8b-latest': { input: 0.1, output: 0.1 },
  'ministral-3b-latest': { input: 0.04, output: 0.04 },
  // DeepSeek (V3.2 pricing: cache hit 0.028)
  'deepseek-chat': { input: 0.28, output: 0.42, cachedInput: 0.028 },
  'deepseek-reasoner': { input: 0.28, output: 0.42, cachedInput: 0.028 },
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
