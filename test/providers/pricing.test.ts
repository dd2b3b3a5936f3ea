import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  costOf,
  DEFAULT_PRICES,
  findPrice,
  normalizeAnthropicUsage,
  normalizeOpenAIUsage,
  PRICES_AS_OF,
  priceUsage,
} from '../../src/providers/index.js';

describe('usage normalization', () => {
  it('keeps OpenAI input (it already includes cached tokens)', () => {
    expect(
      normalizeOpenAIUsage({
        prompt_tokens: 1200,
        completion_tokens: 300,
        total_tokens: 1500,
        prompt_tokens_details: { cached_tokens: 1000 },
      }),
    ).toEqual({ inputTokens: 1200, outputTokens: 300, totalTokens: 1500, cachedInputTokens: 1000 });
  });
  it('reads the Responses API and DeepSeek shapes', () => {
    expect(
      normalizeOpenAIUsage({
        input_tokens: 10,
        output_tokens: 5,
        input_tokens_details: { cached_tokens: 4 },
      }),
    ).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 4 });
    expect(
      normalizeOpenAIUsage({ prompt_tokens: 10, completion_tokens: 1, prompt_cache_hit_tokens: 6 })
        .cachedInputTokens,
    ).toBe(6);
  });
  it('adds Anthropic cache reads and writes back into input', () => {
    expect(
      normalizeAnthropicUsage({
        input_tokens: 20,
        output_tokens: 50,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 200,
      }),
    ).toEqual({
      inputTokens: 1220,
      outputTokens: 50,
      totalTokens: 1270,
      cachedInputTokens: 1000,
      cacheWriteInputTokens: 200,
    });
  });
  it('treats missing or malformed usage as zero', () => {
    for (const bad of [undefined, null, 'x', { prompt_tokens: -3, completion_tokens: Number.NaN }]) {
      expect(normalizeOpenAIUsage(bad)).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
      expect(normalizeAnthropicUsage(bad)).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    }
  });
  it('prices the same cached call the same way whichever provider reported it', () => {
    const price = { input: 3, output: 15, cachedInput: 0.3 };
    const fromAnthropic = normalizeAnthropicUsage({
      input_tokens: 200,
      cache_read_input_tokens: 800,
      output_tokens: 100,
    });
    const fromOpenAI = normalizeOpenAIUsage({
      prompt_tokens: 1000,
      completion_tokens: 100,
      prompt_tokens_details: { cached_tokens: 800 },
    });
    expect(costOf(fromAnthropic, price)).toBe(costOf(fromOpenAI, price));
    expect(costOf(fromOpenAI, price)).toBeCloseTo((200 * 3 + 800 * 0.3 + 100 * 15) / 1e6, 12);
  });
});

describe('price table', () => {
  it('is dated and has the main providers', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const model of [
      'gpt-4o-mini',
      'claude-sonnet-4-5',
      'llama-3.3-70b-versatile',
      'mistral-large-latest',
      'deepseek-chat',
    ]) {
      expect(DEFAULT_PRICES[model], model).toBeDefined();
    }
  });
  it('matches dated model ids and provider-specific overrides, never by fuzzy prefix', () => {
    expect(findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-mini-2024-07-18')).toBe(DEFAULT_PRICES['gpt-4o-mini']);
    expect(findPrice(DEFAULT_PRICES, 'anthropic', 'claude-sonnet-4-20250514')).toBe(
      DEFAULT_PRICES['claude-sonnet-4'],
    );
    expect(findPrice(DEFAULT_PRICES, 'openai', 'gpt-4o-mini-tts')).toBeUndefined();
    const table = { ...DEFAULT_PRICES, 'openrouter:gpt-4o': { input: 9, output: 9 } };
    expect(findPrice(table, 'openrouter', 'gpt-4o')?.input).toBe(9);
    expect(findPrice(table, 'openai', 'gpt-4o')?.input).toBe(2.5);
  });
  it('prices a known model and returns null with a warning for an unknown one (never 0)', () => {
    const usage = { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 };
    expect(priceUsage(usage, 'openai', 'gpt-4o-mini')).toEqual({ costUsd: (1000 * 0.15 + 500 * 0.6) / 1e6 });
    const unknown = priceUsage(usage, 'ollama', 'llama3');
    expect(unknown.costUsd).toBeNull();
    expect(unknown.warning).toContain('llama3');
  });
  it('cost is non-negative and grows with tokens', () => {
    fc.assert(
      fc.property(fc.nat(1e7), fc.nat(1e7), fc.nat(1e7), (input, cached, output) => {
        const usage = {
          inputTokens: input,
          outputTokens: output,
          totalTokens: input + output,
          cachedInputTokens: cached,
        };
        const price = DEFAULT_PRICES['claude-sonnet-4-5']!;
        const cost = costOf(usage, price);
        expect(cost).toBeGreaterThanOrEqual(0);
        expect(costOf({ ...usage, outputTokens: output + 1000 }, price)).toBeGreaterThan(cost);
      }),
    );
  });
});

describe('the deterministic stub', () => {
  it('is priced at zero under its default name and model, so stub runs carry no price warning', () => {
    const usage = { inputTokens: 1_000, outputTokens: 500, totalTokens: 1_500 };
    expect(priceUsage(usage, 'stub', 'stub-1')).toEqual({ costUsd: 0 });
    expect(priceUsage(usage, 'other', 'stub-1').costUsd).toBeNull();
  });
});
