import { describe, expect, it } from 'vitest';
import {
  catalogEntry,
  DEFAULT_PRICES,
  ENV_PROVIDERS,
  findPrice,
  OPENAI_COMPATIBLE_PRESETS,
  openaiCompatibleProvider,
  PROVIDER_CATALOG,
  type ProviderCatalogEntry,
  planProvidersFromEnv,
  ROUTING_PROFILES,
} from '../../src/providers/index.js';

const entries = Object.entries(PROVIDER_CATALOG as Readonly<Record<string, ProviderCatalogEntry>>);

describe('one provider catalog', () => {
  it('from-env, the OpenAI-compatible presets and the price table are views of it (they cannot disagree)', () => {
    for (const [name, entry] of entries) {
      expect(ENV_PROVIDERS[name], name).toEqual({
        keyVariables: entry.keyVariables,
        defaultModel: entry.defaultModel,
        baseUrlVariable: entry.baseUrlVariable,
      });
      const preset = (OPENAI_COMPATIBLE_PRESETS as Record<string, unknown>)[name];
      if (entry.wire === 'openai-compatible') {
        expect(preset, name).toMatchObject({
          baseURL: entry.baseURL,
          defaultModel: entry.defaultModel,
          keyRequired: entry.keyRequired,
          ...entry.quirks,
        });
      } else {
        expect(preset, name).toBeUndefined();
      }
      for (const [model, price] of Object.entries(entry.prices)) expect(DEFAULT_PRICES[model]).toEqual(price);
    }
    expect(Object.keys(ENV_PROVIDERS)).toEqual(entries.map(([name]) => name));
  });

  it("Google's key variables are the same everywhere: GEMINI_API_KEY, then GOOGLE_API_KEY", () => {
    expect(PROVIDER_CATALOG.google.keyVariables).toEqual(['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    expect(OPENAI_COMPATIBLE_PRESETS.google.keyVariables).toEqual(['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    // 0.1: the env planner accepted GOOGLE_API_KEY but the adapter then read GEMINI_API_KEY only.
    const env = { GOOGLE_API_KEY: 'google-key-for-test-000' };
    expect(planProvidersFromEnv(env).providers[0]).toMatchObject({
      provider: 'google',
      keyVariable: 'GOOGLE_API_KEY',
    });
    expect(() => openaiCompatibleProvider({ name: 'google', model: 'gemini-2.5-flash', env })).not.toThrow();
    expect(() => openaiCompatibleProvider({ name: 'google', model: 'gemini-2.5-flash', env: {} })).toThrow(
      /set GEMINI_API_KEY or GOOGLE_API_KEY/,
    );
  });

  it('every provider a routing profile names is in the catalog, and aliases resolve', () => {
    for (const profile of Object.values(ROUTING_PROFILES)) {
      for (const step of profile) expect(catalogEntry(step.provider), step.provider).toBeDefined();
    }
    expect(catalogEntry('gemini')).toBe(PROVIDER_CATALOG.google);
    expect(catalogEntry('claude')).toBe(PROVIDER_CATALOG.anthropic);
    expect(catalogEntry('nope')).toBeUndefined();
  });

  it('a provider that lists prices prices its own default model', () => {
    for (const [name, entry] of entries) {
      if (Object.keys(entry.prices).length === 0) continue;
      expect(findPrice(DEFAULT_PRICES, name, entry.defaultModel), name).toBeDefined();
    }
  });
});
