import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  OPENAI_COMPATIBLE_PRESETS,
  openaiCompatibleProvider,
} from '../../src/providers/adapters/openai-compatible.js';
import {
  isProviderConfigurationError,
  isProviderError,
  type ProviderError,
} from '../../src/providers/index.js';
import type { StreamChunk } from '../../src/providers/types.js';
import {
  chatCompletionResponse,
  chatCompletionStream,
  FakeEndpoint,
  openaiError,
} from '../helpers/msw-providers.js';

const MISTRAL_KEY = 'mistral-test-FAKEKEY-0123456789';
const DEEPSEEK_KEY = 'sk-deepseek-FAKEKEY-0123456789';
const OPENAI_KEY_IN_ENV = 'sk-openai-FAKE-must-never-leave-000';

const mistral = new FakeEndpoint(
  'https://api.mistral.ai/v1/chat/completions',
  () => chatCompletionResponse(),
  MISTRAL_KEY,
);
const deepseek = new FakeEndpoint(
  'https://api.deepseek.com/chat/completions',
  () => chatCompletionResponse(),
  DEEPSEEK_KEY,
);
const perplexity = new FakeEndpoint('https://api.perplexity.ai/chat/completions', () =>
  chatCompletionResponse(),
);
const ollama = new FakeEndpoint(
  'http://localhost:11434/v1/chat/completions',
  () => chatCompletionResponse(),
  'no-key',
);
const local = new FakeEndpoint(
  'http://127.0.0.1:8000/v1/chat/completions',
  () => chatCompletionResponse(),
  'local-key',
);
const endpoints = [mistral, deepseek, perplexity, ollama, local];
const server = setupServer(...endpoints.map((e) => e.handler));

const saved = { key: process.env.OPENAI_API_KEY, org: process.env.OPENAI_ORG_ID };
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  process.env.OPENAI_API_KEY = OPENAI_KEY_IN_ENV;
  process.env.OPENAI_ORG_ID = 'org-FAKE';
});
afterEach(() => {
  for (const e of endpoints) e.reset(() => chatCompletionResponse());
});
afterAll(() => {
  server.close();
  if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
  else process.env.OPENAI_API_KEY = saved.key;
  if (saved.org === undefined) delete process.env.OPENAI_ORG_ID;
  else process.env.OPENAI_ORG_ID = saved.org;
});

const signal = () => AbortSignal.timeout(10_000);

async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

function configError(build: () => unknown): Error {
  try {
    build();
  } catch (error) {
    if (isProviderConfigurationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderConfigurationError');
}

describe('openaiCompatibleProvider (real openai SDK against compatible base URLs)', () => {
  it('mistral preset: its base URL, its key from MISTRAL_API_KEY, max_tokens, never the OpenAI key or org', async () => {
    const provider = openaiCompatibleProvider({
      name: 'mistral',
      model: 'mistral-small-latest',
      env: { MISTRAL_API_KEY: MISTRAL_KEY },
    });
    const result = await provider.generate({ prompt: 'Hi', maxTokens: 99 }, { signal: signal() });
    expect(result.provider).toBe('mistral');
    expect(mistral.last.body).toMatchObject({ model: 'mistral-small-latest', max_tokens: 99 });
    expect(mistral.last.body).not.toHaveProperty('max_completion_tokens');
    expect(mistral.last.keyMatches).toBe(true);
    expect(mistral.last.headers['openai-organization']).toBeUndefined();
  });

  it('mistral streams without stream_options (usage arrives on the last chunk anyway)', async () => {
    mistral.reset(() => chatCompletionStream(['Bon', 'jour'], { model: 'mistral-small-latest' }));
    const provider = openaiCompatibleProvider({
      name: 'mistral',
      model: 'mistral-small-latest',
      apiKey: MISTRAL_KEY,
    });
    const chunks = await collect(provider.stream!({ prompt: 'Hi' }, { signal: signal() }));
    expect(mistral.last.body).not.toHaveProperty('stream_options');
    expect(chunks.at(-1)).toMatchObject({ type: 'done', usage: { inputTokens: 20, outputTokens: 2 } });
  });

  it('deepseek preset streams with include_usage and reports cache hits', async () => {
    deepseek.reset(() =>
      chatCompletionStream(['Hi'], {
        model: 'deepseek-chat',
        usage: { prompt_tokens: 100, completion_tokens: 1, total_tokens: 101, prompt_cache_hit_tokens: 64 },
      }),
    );
    const provider = openaiCompatibleProvider({
      name: 'deepseek',
      model: 'deepseek-chat',
      apiKey: DEEPSEEK_KEY,
    });
    const chunks = await collect(provider.stream!({ prompt: 'x' }, { signal: signal() }));
    expect(deepseek.last.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(chunks.at(-1)).toMatchObject({ usage: { inputTokens: 100, cachedInputTokens: 64 } });
  });

  it('perplexity asks for JSON by instruction only (no response_format) and unwraps a fence', async () => {
    perplexity.reset(() => chatCompletionResponse({ content: '```json\n{"a":1}\n```' }));
    const provider = openaiCompatibleProvider({
      name: 'perplexity',
      model: 'sonar',
      apiKey: 'pplx-FAKE-0123456789',
    });
    const result = await provider.generate({ prompt: 'x', json: true }, { signal: signal() });
    expect(perplexity.last.body).not.toHaveProperty('response_format');
    expect(JSON.stringify(perplexity.last.body.messages)).toMatch(/JSON object/);
    expect(result.text).toBe('{"a":1}');
  });

  it('ollama needs no key: a placeholder bearer is sent, never OPENAI_API_KEY', async () => {
    const provider = openaiCompatibleProvider({ name: 'ollama', model: 'llama3.2', env: {} });
    await provider.generate({ prompt: 'x' }, { signal: signal() });
    expect(ollama.last.keyMatches).toBe(true);
  });

  it('any base URL (a local vLLM on 127.0.0.1) with a custom name and key', async () => {
    local.reset(() => chatCompletionResponse({ model: 'qwen2.5-7b', content: 'local answer' }));
    const provider = openaiCompatibleProvider({
      name: 'vllm',
      baseURL: 'http://127.0.0.1:8000/v1',
      apiKey: 'local-key',
      model: 'qwen2.5-7b',
    });
    const result = await provider.generate({ prompt: 'x', maxTokens: 10, json: true }, { signal: signal() });
    expect(result).toMatchObject({ provider: 'vllm', model: 'qwen2.5-7b', text: 'local answer' });
    expect(local.last.keyMatches).toBe(true);
    expect(local.last.body).toMatchObject({ max_tokens: 10 });
    expect(local.last.body).not.toHaveProperty('response_format'); // unknown servers: instruction only
  });

  it('classifies compatible servers errors the same way (422 → bad_request, 429 → rate_limit)', async () => {
    mistral.reset(() =>
      openaiError(422, { type: 'invalid_request_error', message: 'Extra inputs are not permitted' }),
    );
    const provider = openaiCompatibleProvider({
      name: 'mistral',
      model: 'mistral-small-latest',
      apiKey: MISTRAL_KEY,
    });
    expect((await failure(provider.generate({ prompt: 'x' }, { signal: signal() }))).kind).toBe(
      'bad_request',
    );
    mistral.reset(() => openaiError(429, { type: 'rate_limited' }, { 'retry-after': '5' }));
    const limited = await failure(provider.generate({ prompt: 'x' }, { signal: signal() }));
    expect(limited.kind).toBe('rate_limit');
    expect(limited.retryAfterMs).toBe(5000);
    expect(limited.provider).toBe('mistral');
  });

  it('configuration errors name what to set', () => {
    expect(
      configError(() => openaiCompatibleProvider({ name: 'mistral', model: 'm', env: {} })).message,
    ).toMatch(/MISTRAL_API_KEY/);
    const noUrl = configError(() => openaiCompatibleProvider({ name: 'my-server', model: 'm' }));
    expect(noUrl.message).toMatch(/baseURL/);
    expect(noUrl.message).toMatch(/mistral/);
    expect(
      configError(() =>
        openaiCompatibleProvider({
          name: 'corp',
          baseURL: 'http://x.test/v1',
          apiKeyEnv: 'CORP_KEY',
          model: 'm',
          env: {},
        }),
      ).message,
    ).toMatch(/CORP_KEY/);
  });

  it('every preset has an https base URL (except local ollama) and a key variable', () => {
    for (const [name, preset] of Object.entries(OPENAI_COMPATIBLE_PRESETS)) {
      expect(preset.baseURL.startsWith(name === 'ollama' ? 'http://localhost' : 'https://')).toBe(true);
      expect(preset.apiKeyEnv).toMatch(/^[A-Z]+_API_KEY$/);
    }
  });
});
