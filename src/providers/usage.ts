/**
 * Token usage normalization: every provider reports usage differently; the
 * chain prices one shape, {@link TokenUsage}, where `inputTokens` always
 * includes cached tokens.
 */
import type { TokenUsage } from './types.js';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** A usage of zero tokens. */
export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
}

/**
 * Normalizes OpenAI-style usage (OpenAI chat completions and Responses API,
 * Groq, and OpenAI-compatible servers such as Mistral, DeepSeek, OpenRouter
 * or Ollama). OpenAI's input count already includes cached tokens, so it is
 * kept as is; `prompt_tokens_details.cached_tokens` (or DeepSeek's
 * `prompt_cache_hit_tokens`) becomes `cachedInputTokens`. Missing or malformed
 * fields count as 0.
 *
 * @example
 * ```ts
 * normalizeOpenAIUsage({ prompt_tokens: 120, completion_tokens: 30, total_tokens: 150,
 *   prompt_tokens_details: { cached_tokens: 100 } })
 * // { inputTokens: 120, outputTokens: 30, totalTokens: 150, cachedInputTokens: 100 }
 * ```
 */
export function normalizeOpenAIUsage(usage: unknown): TokenUsage {
  const input = count(field(usage, 'prompt_tokens') ?? field(usage, 'input_tokens'));
  const output = count(field(usage, 'completion_tokens') ?? field(usage, 'output_tokens'));
  const cached = count(
    field(field(usage, 'prompt_tokens_details'), 'cached_tokens') ??
      field(field(usage, 'input_tokens_details'), 'cached_tokens') ??
      field(usage, 'prompt_cache_hit_tokens'),
  );
  const result: TokenUsage = { inputTokens: input, outputTokens: output, totalTokens: input + output };
  if (cached > 0) result.cachedInputTokens = Math.min(cached, input);
  return result;
}

/**
 * Normalizes Anthropic usage. Anthropic's `input_tokens` EXCLUDES prompt-cache
 * reads and writes, so they are added back: `inputTokens = input_tokens +
 * cache_read_input_tokens + cache_creation_input_tokens`, with the reads as
 * `cachedInputTokens` and the writes as `cacheWriteInputTokens`. Missing or
 * malformed fields count as 0.
 *
 * @example
 * ```ts
 * normalizeAnthropicUsage({ input_tokens: 20, output_tokens: 50, cache_read_input_tokens: 1000 })
 * // { inputTokens: 1020, outputTokens: 50, totalTokens: 1070, cachedInputTokens: 1000 }
 * ```
 */
export function normalizeAnthropicUsage(usage: unknown): TokenUsage {
  const uncached = count(field(usage, 'input_tokens'));
  const read = count(field(usage, 'cache_read_input_tokens'));
  const write = count(field(usage, 'cache_creation_input_tokens'));
  const output = count(field(usage, 'output_tokens'));
  const input = uncached + read + write;
  const result: TokenUsage = { inputTokens: input, outputTokens: output, totalTokens: input + output };
  if (read > 0) result.cachedInputTokens = read;
  if (write > 0) result.cacheWriteInputTokens = write;
  return result;
}
