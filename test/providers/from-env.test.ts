import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChainResult,
  type Env,
  isProviderConfigurationError,
  isStreamInterruptedError,
  ProviderChain,
  planProvidersFromEnv,
  providerChainFromEnv,
  providerFromEnv,
  type StreamInterruptedError,
} from '../../src/providers/index.js';
import {
  anthropicError,
  anthropicMessageResponse,
  anthropicStream,
  chatCompletionResponse,
  chatCompletionStream,
  FakeEndpoint,
  OPENAI_BASE,
  openaiError,
} from '../helpers/msw-providers.js';

const OPENAI_KEY = 'sk-test-env-openai-FAKE-0123456789';
const ANTHROPIC_KEY = 'sk-ant-test-env-FAKE-0123456789';
const MISTRAL_KEY = 'mistral-env-FAKE-0123456789';

const openai = new FakeEndpoint(
  `${OPENAI_BASE}/chat/completions`,
  () => chatCompletionResponse(),
  OPENAI_KEY,
);
const anthropic = new FakeEndpoint(
  'https://api.anthropic.com/v1/messages',
  () => anthropicMessageResponse(),
  ANTHROPIC_KEY,
);
const mistral = new FakeEndpoint(
  'https://api.mistral.ai/v1/chat/completions',
  () => chatCompletionResponse({ model: 'mistral-small-latest', content: 'Bonjour' }),
  MISTRAL_KEY,
);
const server = setupServer(openai.handler, anthropic.handler, mistral.handler);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  openai.reset(() => chatCompletionResponse());
  anthropic.reset(() => anthropicMessageResponse());
  mistral.reset(() => chatCompletionResponse({ model: 'mistral-small-latest', content: 'Bonjour' }));
});
afterAll(() => server.close());

function configError(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    if (isProviderConfigurationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderConfigurationError');
}

const quiet = { onWarning: () => {} };
const names = (env: Env) =>
  planProvidersFromEnv(env).providers.map((p) => `${p.stub ? 'stub:' : ''}${p.provider}`);

describe('providerChainFromEnv: configuration paths', () => {
  it('no key and no stubs: a configuration error that names the variables to set', () => {
    const error = configError(() => providerChainFromEnv({}));
    for (const variable of [
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'GROQ_API_KEY',
      'MISTRAL_API_KEY',
      'AICMO_LLM_PRIMARY_PROVIDER',
      'AICMO_DEV_STUBS=1',
    ]) {
      expect(error.message).toContain(variable);
    }
    expect(error.name).toBe('ProviderConfigurationError');
    expect((error as { code?: string }).code).toBe('PROVIDER_CONFIGURATION');
  });

  it('stubs are enabled only by AICMO_DEV_STUBS=1 exactly', () => {
    for (const value of ['0', 'true', 'yes', '', 'on']) {
      expect(() => providerChainFromEnv({ AICMO_DEV_STUBS: value })).toThrow(/No LLM provider is configured/);
    }
    expect(names({ AICMO_DEV_STUBS: '1' })).toEqual(['stub:stub']);
    expect(names({ AICMO_DEV_STUBS: ' 1 ' })).toEqual(['stub:stub']);
  });

  it('AICMO_DEV_STUBS=1 with nothing configured gives a working chain of one stub', async () => {
    const chain = providerChainFromEnv({ AICMO_DEV_STUBS: '1' }, quiet);
    expect(chain).toBeInstanceOf(ProviderChain);
    const result = await chain.generate({ prompt: 'Write a LinkedIn post about Aurora lamps' });
    expect(result.provider).toBe('stub');
    expect(result.text).toMatch(/Aurora lamps/i);
  });

  it('keys only: every keyed provider, in the default order, with the variable names (not values)', () => {
    const plan = planProvidersFromEnv({
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      OPENAI_API_KEY: OPENAI_KEY,
      GROQ_API_KEY: '  ',
    });
    expect(plan.providers).toEqual([
      { provider: 'openai', model: 'gpt-4.1-mini', stub: false, keyVariable: 'OPENAI_API_KEY' },
      { provider: 'anthropic', model: 'claude-haiku-4-5', stub: false, keyVariable: 'ANTHROPIC_API_KEY' },
    ]);
    expect(JSON.stringify(plan)).not.toContain(OPENAI_KEY);
  });

  it('primary and fallbacks set the order (trimmed, case-insensitive, de-duplicated)', () => {
    const env = {
      OPENAI_API_KEY: OPENAI_KEY,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      GROQ_API_KEY: 'gsk_FAKE_0123456789',
      AICMO_LLM_PRIMARY_PROVIDER: ' Anthropic ',
      AICMO_LLM_FALLBACK_PROVIDERS: 'groq, OPENAI,,anthropic',
    };
    expect(names(env)).toEqual(['anthropic', 'groq', 'openai']);
  });

  it('an empty fallback list means no fallbacks; an unset one means every other keyed provider', () => {
    const env = {
      OPENAI_API_KEY: OPENAI_KEY,
      ANTHROPIC_API_KEY: ANTHROPIC_KEY,
      AICMO_LLM_PRIMARY_PROVIDER: 'openai',
    };
    expect(names(env)).toEqual(['openai', 'anthropic']);
    expect(names({ ...env, AICMO_LLM_FALLBACK_PROVIDERS: '' })).toEqual(['openai']);
  });

  it('a primary without its key is a clear configuration error', () => {
    const error = configError(() =>
      providerChainFromEnv({ OPENAI_API_KEY: OPENAI_KEY, AICMO_LLM_PRIMARY_PROVIDER: 'anthropic' }),
    );
    expect(error.message).toMatch(
      /AICMO_LLM_PRIMARY_PROVIDER is "anthropic" but ANTHROPIC_API_KEY is not set/,
    );
    expect(error.message).not.toContain(OPENAI_KEY);
  });

  it('a fallback without its key is skipped with a warning (names only)', () => {
    const warnings: string[] = [];
    const chain = providerChainFromEnv(
      { OPENAI_API_KEY: OPENAI_KEY, AICMO_LLM_FALLBACK_PROVIDERS: 'groq,mistral' },
      { onWarning: (message) => warnings.push(message) },
    );
    expect(chain.status().providers.map((p) => p.name)).toEqual(['openai']);
    expect(warnings).toEqual([
      'groq: GROQ_API_KEY is not set; this fallback provider is skipped.',
      'mistral: MISTRAL_API_KEY is not set; this fallback provider is skipped.',
    ]);
  });

  it('with stubs, a stub stands in for each provider without a key, real providers stay real', () => {
    const env = {
      AICMO_DEV_STUBS: '1',
      OPENAI_API_KEY: OPENAI_KEY,
      AICMO_LLM_PRIMARY_PROVIDER: 'anthropic',
      AICMO_LLM_FALLBACK_PROVIDERS: 'openai,groq',
    };
    expect(names(env)).toEqual(['stub:anthropic', 'openai', 'stub:groq']);
    const chain = providerChainFromEnv(env, quiet);
    expect(chain.status().providers.map((p) => `${p.name}/${p.model}`)).toEqual([
      'stub:anthropic/claude-haiku-4-5',
      'openai/gpt-4.1-mini',
      'stub:groq/llama-3.3-70b-versatile',
    ]);
  });

  it('"stub" may be named in the lists, but only with AICMO_DEV_STUBS=1', () => {
    const env = { OPENAI_API_KEY: OPENAI_KEY, AICMO_LLM_FALLBACK_PROVIDERS: 'stub' };
    expect(() => planProvidersFromEnv(env)).toThrow(
      /names "stub", but stub providers are off: set AICMO_DEV_STUBS=1/,
    );
    expect(names({ ...env, AICMO_DEV_STUBS: '1' })).toEqual(['openai', 'stub:stub']);
    expect(() => providerFromEnv('stub', {})).toThrow(/AICMO_DEV_STUBS=1/);
    expect(providerFromEnv('stub', { AICMO_DEV_STUBS: '1' }).name).toBe('stub');
  });

  it('an unknown provider name is a configuration error listing the known ones', () => {
    const error = configError(() => planProvidersFromEnv({ AICMO_LLM_PRIMARY_PROVIDER: 'watson' }));
    expect(error.message).toMatch(/AICMO_LLM_PRIMARY_PROVIDER names an unknown provider "watson"/);
    expect(error.message).toMatch(/openai, anthropic, groq, mistral/);
    expect(() =>
      planProvidersFromEnv({ OPENAI_API_KEY: 'k', AICMO_LLM_FALLBACK_PROVIDERS: 'openai,nope' }),
    ).toThrow(/AICMO_LLM_FALLBACK_PROVIDERS names an unknown provider "nope"/);
  });

  it('aliases and alternative key variables: gemini → google (GOOGLE_API_KEY), grok → xai', () => {
    const plan = planProvidersFromEnv({
      GOOGLE_API_KEY: 'AIzaFAKE0123456789012345678',
      XAI_API_KEY: 'xai-FAKE0123456789',
      AICMO_LLM_PRIMARY_PROVIDER: 'gemini',
      AICMO_LLM_FALLBACK_PROVIDERS: 'grok',
    });
    expect(plan.providers).toEqual([
      { provider: 'google', model: 'gemini-2.5-flash', stub: false, keyVariable: 'GOOGLE_API_KEY' },
      { provider: 'xai', model: 'grok-3-mini', stub: false, keyVariable: 'XAI_API_KEY' },
    ]);
  });

  it('model overrides: options.models, then AICMO_<NAME>_MODEL, then <NAME>_MODEL, then the default', () => {
    const base = { OPENAI_API_KEY: OPENAI_KEY };
    expect(planProvidersFromEnv(base).providers[0]?.model).toBe('gpt-4.1-mini');
    expect(planProvidersFromEnv({ ...base, OPENAI_MODEL: 'gpt-4o' }).providers[0]?.model).toBe('gpt-4o');
    expect(
      planProvidersFromEnv({ ...base, OPENAI_MODEL: 'gpt-4o', AICMO_OPENAI_MODEL: 'gpt-4.1' }).providers[0]
        ?.model,
    ).toBe('gpt-4.1');
    expect(
      planProvidersFromEnv({ ...base, AICMO_OPENAI_MODEL: 'gpt-4.1' }, { models: { openai: 'o3-mini' } })
        .providers[0]?.model,
    ).toBe('o3-mini');
  });

  it('ollama joins automatically only when OLLAMA_BASE_URL is set, and needs no key', () => {
    expect(names({ OPENAI_API_KEY: OPENAI_KEY })).toEqual(['openai']);
    expect(names({ OPENAI_API_KEY: OPENAI_KEY, OLLAMA_BASE_URL: 'http://127.0.0.1:11434/v1' })).toEqual([
      'openai',
      'ollama',
    ]);
    expect(names({ AICMO_LLM_PRIMARY_PROVIDER: 'ollama' })).toEqual(['ollama']);
  });

  it('a provider given as an SDK client needs no key', async () => {
    const calls: unknown[] = [];
    const client = {
      chat: {
        completions: {
          create: async (body: unknown) => {
            calls.push(body);
            return {
              model: 'gpt-4.1-mini',
              choices: [{ message: { content: 'from a custom client' }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
            };
          },
        },
      },
    };
    const chain = providerChainFromEnv({}, { clients: { openai: client }, ...quiet });
    const result = await chain.generate({ prompt: 'x' });
    expect(result.text).toBe('from a custom client');
    expect(calls).toHaveLength(1);
  });

  it('providerFromEnv builds one provider with its key, model and base URL variables', async () => {
    const proxy = new FakeEndpoint(
      'https://gateway.example.test/v1/chat/completions',
      () => chatCompletionResponse(),
      OPENAI_KEY,
    );
    server.use(proxy.handler);
    const provider = providerFromEnv('openai', {
      OPENAI_API_KEY: OPENAI_KEY,
      OPENAI_BASE_URL: 'https://gateway.example.test/v1',
      OPENAI_MODEL: 'gpt-4o-mini',
    });
    await provider.generate({ prompt: 'x' }, { signal: AbortSignal.timeout(5000) });
    expect(proxy.last.keyMatches).toBe(true);
    expect(proxy.last.body.model).toBe('gpt-4o-mini');
    expect(() => providerFromEnv('mistral', {})).toThrow(/MISTRAL_API_KEY/);
  });
});

describe('providerChainFromEnv end to end (real SDKs against MSW)', () => {
  it('falls back from a revoked OpenAI key to Anthropic to Mistral, reporting cost and attempts', async () => {
    openai.reset(() => openaiError(401, { type: 'invalid_request_error', code: 'invalid_api_key' }));
    anthropic.reset(() => anthropicError(529, 'overloaded_error', 'Overloaded'));
    const chain = providerChainFromEnv(
      {
        OPENAI_API_KEY: OPENAI_KEY,
        ANTHROPIC_API_KEY: ANTHROPIC_KEY,
        MISTRAL_API_KEY: MISTRAL_KEY,
        AICMO_LLM_PRIMARY_PROVIDER: 'openai',
        AICMO_LLM_FALLBACK_PROVIDERS: 'anthropic,mistral',
      },
      { maxRetries: 0, ...quiet },
    );
    const result = await chain.generate({ system: 'Be brief.', prompt: 'Say hi' });
    expect(result.provider).toBe('mistral');
    expect(result.text).toBe('Bonjour');
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
      ['openai', 'failure', 'auth'],
      ['anthropic', 'failure', 'overloaded'],
      ['mistral', 'success', undefined],
    ]);
    expect(openai.last.keyMatches && anthropic.last.keyMatches && mistral.last.keyMatches).toBe(true);
    expect(mistral.last.body).toMatchObject({ model: 'mistral-small-latest' });
  });

  const streamEnv = {
    OPENAI_API_KEY: OPENAI_KEY,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    AICMO_LLM_PRIMARY_PROVIDER: 'openai',
    AICMO_LLM_FALLBACK_PROVIDERS: 'anthropic',
  };

  it('streams: a 429 before the first delta falls back to the next provider stream', async () => {
    openai.reset(() =>
      openaiError(429, { type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after': '60' }),
    );
    anthropic.reset(() => anthropicStream(['Hello', ' from', ' Claude']));
    const chain = providerChainFromEnv(streamEnv, { maxRetries: 0, ...quiet });
    let text = '';
    let done: ChainResult | undefined;
    for await (const chunk of chain.stream({ prompt: 'Say hi' })) {
      if (chunk.type === 'delta') text += chunk.text;
      else done = chunk.result;
    }
    expect(text).toBe('Hello from Claude');
    expect(done).toMatchObject({ provider: 'anthropic', finishReason: 'stop', partial: false });
    expect(done?.usage.outputTokens).toBe(6);
    expect(done?.costUsd).toBeGreaterThan(0);
    expect(anthropic.last.body.stream).toBe(true);
  });

  it('streams: a break after the first delta surfaces as StreamInterruptedError with the partial text', async () => {
    openai.reset(() => chatCompletionStream(['Part one', ' and two'], { breakAfter: 3 }));
    const chain = providerChainFromEnv(streamEnv, { maxRetries: 0, ...quiet });
    let text = '';
    let caught: unknown;
    try {
      for await (const chunk of chain.stream({ prompt: 'x' })) if (chunk.type === 'delta') text += chunk.text;
    } catch (error) {
      caught = error;
    }
    expect(isStreamInterruptedError(caught)).toBe(true);
    const interrupted = caught as StreamInterruptedError;
    expect(interrupted.partialText).toBe(text);
    expect(text.startsWith('Part one')).toBe(true);
    expect(interrupted.error.kind).toBe('network');
    expect(anthropic.requests).toHaveLength(0); // never restarted silently on another provider
  });
});
