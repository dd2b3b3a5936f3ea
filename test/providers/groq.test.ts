import Groq from 'groq-sdk';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { groqProvider } from '../../src/providers/adapters/groq.js';
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
  GROQ_BASE,
  openaiError,
  sseResponse,
} from '../helpers/msw-providers.js';

const KEY = 'gsk_test_FAKEKEY_0123456789abcdef';
const endpoint = new FakeEndpoint(
  `${GROQ_BASE}/openai/v1/chat/completions`,
  () => chatCompletionResponse({ model: 'llama-3.3-70b-versatile' }),
  KEY,
);
const server = setupServer(endpoint.handler);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => endpoint.reset(() => chatCompletionResponse({ model: 'llama-3.3-70b-versatile' })));
afterAll(() => server.close());

const signal = () => AbortSignal.timeout(10_000);
const provider = () => groqProvider({ apiKey: KEY, model: 'llama-3.3-70b-versatile' });

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

describe('groqProvider against the Groq wire (real groq-sdk + MSW)', () => {
  it('sends model, messages, max_completion_tokens and the bearer key; parses usage', async () => {
    endpoint.reset(() =>
      chatCompletionResponse({
        model: 'llama-3.3-70b-versatile',
        content: 'Fast answer',
        usage: { prompt_tokens: 40, completion_tokens: 10, total_tokens: 50, queue_time: 0.01 },
        requestId: 'req_groq_1',
      }),
    );
    const result = await provider().generate(
      { system: 'Be brief.', prompt: 'Tagline please', maxTokens: 50 },
      { signal: signal() },
    );
    expect(endpoint.last.path).toBe('/openai/v1/chat/completions');
    expect(endpoint.last.body).toMatchObject({
      model: 'llama-3.3-70b-versatile',
      max_completion_tokens: 50,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Tagline please' },
      ],
    });
    expect(endpoint.last.hasAuth).toBe(true);
    expect(endpoint.last.keyMatches).toBe(true);
    expect(result).toEqual({
      text: 'Fast answer',
      provider: 'groq',
      model: 'llama-3.3-70b-versatile',
      usage: { inputTokens: 40, outputTokens: 10, totalTokens: 50 },
      finishReason: 'stop',
      requestId: 'req_groq_1',
    });
  });

  it('streams with usage from x_groq on the final chunk (no stream_options sent)', async () => {
    endpoint.reset(() =>
      chatCompletionStream(['Go', ' fast'], {
        model: 'llama-3.3-70b-versatile',
        usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
        usageIn: 'x_groq',
      }),
    );
    const chunks = await collect(provider().stream!({ prompt: 'x' }, { signal: signal() }));
    expect(endpoint.last.body.stream).toBe(true);
    expect(endpoint.last.body).not.toHaveProperty('stream_options');
    expect(chunks.at(-1)).toMatchObject({
      type: 'done',
      finishReason: 'stop',
      usage: { inputTokens: 7, outputTokens: 2, totalTokens: 9 },
    });
    expect(
      chunks
        .filter((c) => c.type === 'delta')
        .map((c) => (c as { text: string }).text)
        .join(''),
    ).toBe('Go fast');
  });

  it('x_groq.error in a stream (stopped early) is a server error', async () => {
    const base = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'llama-3.3-70b-versatile' };
    endpoint.reset(() =>
      sseResponse([
        { data: { ...base, choices: [{ index: 0, delta: { content: 'Hal' }, finish_reason: null }] } },
        { data: { ...base, choices: [], x_groq: { id: 'req_x', error: 'model crashed' } } },
        '[DONE]',
      ]),
    );
    const error = await failure(collect(provider().stream!({ prompt: 'x' }, { signal: signal() })));
    expect(error.kind).toBe('server');
  });

  it.each([
    [429, { type: 'tokens', code: 'rate_limit_exceeded' }, { 'retry-after': '1' }, 'rate_limit'],
    [498, { type: 'internal_server_error', code: 'flex_tier_capacity_exceeded' }, {}, 'overloaded'],
    [503, { type: 'internal_server_error', message: 'Service Unavailable' }, {}, 'overloaded'],
    [500, { type: 'internal_server_error' }, {}, 'server'],
    [401, { type: 'invalid_request_error', code: 'invalid_api_key' }, {}, 'auth'],
    [404, { type: 'invalid_request_error', code: 'model_not_found' }, {}, 'not_found'],
    [
      400,
      {
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        message: 'Please reduce the length of the messages',
      },
      {},
      'context_length',
    ],
  ] as const)('HTTP %i is classified (%j)', async (status, body, headers, kind) => {
    endpoint.reset(() => openaiError(status, body, headers));
    const error = await failure(provider().generate({ prompt: 'x' }, { signal: signal() }));
    expect(error.kind).toBe(kind);
    expect(error.provider).toBe('groq');
    expect(endpoint.requests).toHaveLength(1);
  });

  it('accepts an existing client; a missing key names GROQ_API_KEY', async () => {
    const client = new Groq({ apiKey: KEY, maxRetries: 0 });
    await groqProvider({ client, model: 'llama-3.1-8b-instant' }).generate(
      { prompt: 'x' },
      { signal: signal() },
    );
    expect(endpoint.last.body.model).toBe('llama-3.1-8b-instant');
    let thrown: unknown;
    try {
      groqProvider({ model: 'llama-3.1-8b-instant', env: {} });
    } catch (error) {
      thrown = error;
    }
    expect(isProviderConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/GROQ_API_KEY/);
  });
});
