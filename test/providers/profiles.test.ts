import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICES,
  findPrice,
  isProviderConfigurationError,
  planUseCaseFromEnv,
  providerChainForUseCase,
  ROUTING_PROFILES,
  resolveProfile,
  USE_CASE_PROFILES,
} from '../../src/providers/index.js';

/** The reference router's USECASE_PROFILE_MAP (aicmo/llm/router.py), verbatim. */
const REFERENCE_USE_CASES = {
  SOCIAL_CONTENT: 'cheap',
  EMAIL_COPY: 'cheap',
  STRATEGY_DOC: 'standard',
  WEBSITE_COPY: 'standard',
  CONVERSION_AUDIT: 'standard',
  RESEARCH_WEB: 'research',
  CREATIVE_IDEATION: 'cheap',
  CREATIVE_SPEC: 'cheap',
  LEAD_REASONING: 'cheap',
  KAIZEN_QA: 'cheap',
  ORCHESTRATOR: 'standard',
  MULTIMODAL_ANALYSIS: 'standard',
};

/** The reference's PROFILE_PROVIDER_MAP provider order. */
const REFERENCE_PROVIDER_ORDER = {
  cheap: ['openai', 'anthropic', 'google', 'mistral', 'groq', 'deepseek'],
  standard: ['openai', 'anthropic', 'google', 'mistral', 'cohere'],
  premium: ['openai', 'anthropic', 'cohere'],
  research: ['openai', 'google', 'perplexity', 'perplexity'],
};

describe('routing profiles and use cases', () => {
  it('use cases map to the same profiles as the Python reference', () => {
    expect(USE_CASE_PROFILES).toEqual(REFERENCE_USE_CASES);
    for (const [useCase, profile] of Object.entries(REFERENCE_USE_CASES)) {
      expect(resolveProfile(useCase, {})).toBe(profile);
    }
  });

  it('profiles list the reference providers in the reference order', () => {
    for (const [profile, order] of Object.entries(REFERENCE_PROVIDER_ORDER)) {
      expect(ROUTING_PROFILES[profile as keyof typeof ROUTING_PROFILES].map((e) => e.provider)).toEqual(
        order,
      );
    }
  });

  it('the OpenAI, Anthropic, Groq, Mistral and DeepSeek profile models are in the shipped price table', () => {
    for (const entries of Object.values(ROUTING_PROFILES)) {
      for (const { provider, model } of entries) {
        if (['openai', 'anthropic', 'groq', 'mistral', 'deepseek'].includes(provider)) {
          expect(findPrice(DEFAULT_PRICES, provider, model), `${provider}/${model}`).toBeDefined();
        }
      }
    }
  });

  it('precedence: override, then LLM_PROFILE_<USE_CASE>, then the table, then standard', () => {
    const env = { LLM_PROFILE_SOCIAL_CONTENT: 'premium' };
    expect(resolveProfile('SOCIAL_CONTENT', env)).toBe('premium');
    expect(resolveProfile('social_content', env)).toBe('premium');
    expect(resolveProfile('SOCIAL_CONTENT', env, 'research')).toBe('research');
    expect(resolveProfile('SOCIAL_CONTENT', { LLM_PROFILE_SOCIAL_CONTENT: ' Standard ' })).toBe('standard');
    expect(resolveProfile('SOCIAL_CONTENT', { LLM_PROFILE_SOCIAL_CONTENT: '' })).toBe('cheap');
    expect(resolveProfile('SOMETHING_NEW', {})).toBe('standard');
    expect(resolveProfile('SOMETHING_NEW', { LLM_PROFILE_SOMETHING_NEW: 'cheap' })).toBe('cheap');
  });

  it('a profile name that does not exist is a configuration error naming the variable', () => {
    let thrown: unknown;
    try {
      resolveProfile('EMAIL_COPY', { LLM_PROFILE_EMAIL_COPY: 'ultra' });
    } catch (error) {
      thrown = error;
    }
    expect(isProviderConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(
      /LLM_PROFILE_EMAIL_COPY is "ultra".*cheap, standard, premium, research/,
    );
  });
});

describe('use-case chains from the environment', () => {
  it('keeps the profile providers that have a key, in profile order', () => {
    const plan = planUseCaseFromEnv('SOCIAL_CONTENT', {
      GROQ_API_KEY: 'gsk_FAKE_0123456789',
      ANTHROPIC_API_KEY: 'sk-ant-FAKE-0123456789',
    });
    expect(plan.profile).toBe('cheap');
    expect(plan.providers).toEqual([
      { provider: 'anthropic', model: 'claude-haiku-4-5', stub: false, keyVariable: 'ANTHROPIC_API_KEY' },
      { provider: 'groq', model: 'llama-3.3-70b-versatile', stub: false, keyVariable: 'GROQ_API_KEY' },
    ]);
  });

  it('research keeps both Perplexity models as separate steps', () => {
    const plan = planUseCaseFromEnv('RESEARCH_WEB', { PERPLEXITY_API_KEY: 'pplx-FAKE-0123456789' });
    expect(plan.providers.map((p) => `${p.provider}/${p.model}`)).toEqual([
      'perplexity/sonar',
      'perplexity/sonar-reasoning-pro',
    ]);
  });

  it('no key for any provider of the profile: an error naming the profile variables and the override', () => {
    let thrown: unknown;
    try {
      planUseCaseFromEnv('STRATEGY_DOC', { GROQ_API_KEY: 'gsk_FAKE_0123456789' });
    } catch (error) {
      thrown = error;
    }
    expect(isProviderConfigurationError(thrown)).toBe(true);
    const message = (thrown as Error).message;
    expect(message).toMatch(/"standard" profile \(use case STRATEGY_DOC\)/);
    expect(message).toMatch(/OPENAI_API_KEY.*ANTHROPIC_API_KEY.*MISTRAL_API_KEY/);
    expect(message).toMatch(/LLM_PROFILE_STRATEGY_DOC/);
    expect(message).toMatch(/AICMO_DEV_STUBS=1/);
    expect(message).not.toContain('gsk_FAKE');
  });

  it('with stubs, stubs stand in for every keyless step and the chain answers with profile models', async () => {
    const chain = providerChainForUseCase('EMAIL_COPY', { AICMO_DEV_STUBS: '1' }, { onWarning: () => {} });
    const status = chain.status();
    expect(status.providers.map((p) => `${p.name}/${p.model}`)).toEqual([
      'stub:openai/gpt-4.1-mini',
      'stub:anthropic/claude-haiku-4-5',
      'stub:google/gemini-2.5-flash',
      'stub:mistral/mistral-small-latest',
      'stub:groq/llama-3.3-70b-versatile',
      'stub:deepseek/deepseek-chat',
    ]);
    const result = await chain.generate({ prompt: 'Welcome email for new Aurora lamp customers' });
    expect(result.provider).toBe('stub:openai');
    expect(result.model).toBe('gpt-4.1-mini');
    expect(result.text).toMatch(/\*\*Subject:\*\*/);
    expect(result.costUsd).toBeGreaterThan(0); // priced like the model it stands in for
  });

  it('the profile option overrides the use case and LLM_PROFILE_*', () => {
    const plan = planUseCaseFromEnv(
      'SOCIAL_CONTENT',
      { AICMO_DEV_STUBS: '1', LLM_PROFILE_SOCIAL_CONTENT: 'standard' },
      { profile: 'premium' },
    );
    expect(plan.profile).toBe('premium');
    expect(plan.providers.map((p) => p.model)).toEqual([
      'o3-mini',
      'claude-opus-4-5',
      'command-r-plus-08-2024',
    ]);
  });
});
