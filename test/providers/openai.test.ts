import { delay, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openaiProvider } from '../../src/providers/adapters/openai.js';
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
  OPENAI_BASE,
  openaiError,
} from '../helpers/msw-providers.js';

const KEY = 'sk-test-openai-FAKEKEY-0123456789abcdef';
const endpoint = new FakeEndpoint(`${OPENAI_BASE}/chat/completions`, () => chatCompletionResponse(), KEY);
const server = setupServer(endpoint.handler);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => endpoint.reset(() => chatCompletionResponse()));
afterAll(() => server.close());

const signal = () => AbortSignal.timeout(10_000);
const provider = () => openaiProvider({ apiKey: KEY, model: 'gpt-4.1-mini' });

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

describe('openaiProvider against the OpenAI wire (real openai SDK + MSW)', () => {
  it('sends model, system + messages, max_completion_tokens, temperature and a bearer key', async () => {
    endpoint.reset(() =>
      chatCompletionResponse({
        content: '## Launch post',
        usage: {
          prompt_tokens: 120,
          completion_tokens: 30,
          total_tokens: 150,
          prompt_tokens_details: { cached_tokens: 100 },
        },
        requestId: 'req_abc',
      }),
    );
    const result = await provider().generate(
      {
        system: 'You are a CMO.',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
        ],
        prompt: 'Write a LinkedIn post',
        maxTokens: 300,
        temperature: 0.4,
      },
      { signal: signal() },
    );
    const request = endpoint.last;
    expect(request.body).toMatchObject({
      model: 'gpt-4.1-mini',
      max_completion_tokens: 300,
      temperature: 0.4,
      messages: [
        { role: 'system', content: 'You are a CMO.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Write a LinkedIn post' },
      ],
    });
    expect(request.body).not.toHaveProperty('stream');
    expect(request.authHeader).toBe('authorization');
    expect(request.keyMatches).toBe(true);
    expect(result).toEqual({
      text: '## Launch post',
      provider: 'openai',
      model: 'gpt-4.1-mini-2025-04-14',
      usage: { inputTokens: 120, outputTokens: 30, totalTokens: 150, cachedInputTokens: 100 },
      finishReason: 'stop',
      requestId: 'req_abc',
    });
  });

  it('uses the request model over the configured one and maps finish reasons', async () => {
    endpoint.reset(() => chatCompletionResponse({ finishReason: 'length' }));
    const result = await provider().generate({ prompt: 'x', model: 'gpt-4.1' }, { signal: signal() });
    expect(endpoint.last.body.model).toBe('gpt-4.1');
    expect(result.finishReason).toBe('length');
  });

  it('leaves temperature out for reasoning models, which reject it', async () => {
    await provider().generate({ prompt: 'x', model: 'o3-mini', temperature: 0.3 }, { signal: signal() });
    expect(endpoint.last.body).not.toHaveProperty('temperature');
    await provider().generate({ prompt: 'x', model: 'gpt-5.1', temperature: 0.3 }, { signal: signal() });
    expect(endpoint.last.body).not.toHaveProperty('temperature');
    await provider().generate(
      { prompt: 'x', model: 'gpt-5-chat-latest', temperature: 0.3 },
      { signal: signal() },
    );
    expect(endpoint.last.body.temperature).toBe(0.3);
    await provider().generate({ prompt: 'x', model: 'gpt-4o', temperature: 0 }, { signal: signal() });
    expect(endpoint.last.body.temperature).toBe(0);
  });

  it('JSON mode sends response_format json_object and makes sure the word JSON is in the messages', async () => {
    endpoint.reset(() => chatCompletionResponse({ content: '{"ok":true}' }));
    await provider().generate({ prompt: 'List three taglines', json: true }, { signal: signal() });
    const body = endpoint.last.body as {
      response_format: unknown;
      messages: Array<{ role: string; content: string }>;
    };
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0]?.role).toBe('system');
    expect(body.messages[0]?.content).toMatch(/JSON/);

    await provider().generate(
      { prompt: 'Return JSON with three taglines', json: true },
      { signal: signal() },
    );
    const second = endpoint.last.body as { messages: Array<{ role: string }> };
    expect(second.messages.map((m) => m.role)).toEqual(['user']);
  });

  it('streams deltas and a done chunk with usage (stream_options.include_usage)', async () => {
    endpoint.reset(() =>
      chatCompletionStream(['Hello', ', ', 'world'], {
        usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
        requestId: 'req_stream_9',
      }),
    );
    const chunks = await collect(provider().stream!({ prompt: 'Say hello' }, { signal: signal() }));
    expect(endpoint.last.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(chunks.filter((c) => c.type === 'delta').map((c) => (c as { text: string }).text)).toEqual([
      'Hello',
      ', ',
      'world',
    ]);
    expect(chunks.at(-1)).toEqual({
      type: 'done',
      finishReason: 'stop',
      model: 'gpt-4.1-mini-2025-04-14',
      usage: { inputTokens: 9, outputTokens: 3, totalTokens: 12 },
      requestId: 'req_stream_9',
    });
  });

  it('a stream cut before the finish chunk fails as a network error after the deltas it got', async () => {
    endpoint.reset(() => chatCompletionStream(['Hel', 'lo'], { breakAfter: 3 }));
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of provider().stream!({ prompt: 'x' }, { signal: signal() })) {
          if (chunk.type === 'delta') seen.push(chunk.text);
        }
      })(),
    );
    // The deltas before the reset reached the consumer (the last one may be lost in flight, as on a real socket).
    expect(seen[0]).toBe('Hel');
    expect(['Hel', 'lo']).toEqual(expect.arrayContaining(seen));
    expect(error.kind).toBe('network');
  });

  it('a stream that ends cleanly without a finish reason is reported as truncated', async () => {
    endpoint.reset(() => chatCompletionStream(['a'], { finishReason: null, usage: null, done: false }));
    const error = await failure(collect(provider().stream!({ prompt: 'x' }, { signal: signal() })));
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/stream ended/);
  });

  it.each([
    [429, { type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after': '2' }, 'rate_limit', 2000],
    [
      429,
      { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota' },
      {},
      'quota',
      undefined,
    ],
    [500, { type: 'server_error' }, {}, 'server', undefined],
    [
      503,
      { type: 'server_error', message: 'The engine is currently overloaded' },
      {},
      'overloaded',
      undefined,
    ],
    [
      401,
      {
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        message: 'Incorrect API key provided: sk-test-***cdef.',
      },
      {},
      'auth',
      undefined,
    ],
    [
      403,
      { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
      {},
      'permission',
      undefined,
    ],
    [
      404,
      { type: 'invalid_request_error', code: 'model_not_found', message: 'The model `gpt-9` does not exist' },
      {},
      'not_found',
      undefined,
    ],
    [
      400,
      {
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        message: "This model's maximum context length is 128000 tokens",
      },
      {},
      'context_length',
      undefined,
    ],
    [
      400,
      {
        type: 'invalid_request_error',
        code: 'content_policy_violation',
        message: 'Your request was rejected by our safety system',
      },
      {},
      'content_policy',
      undefined,
    ],
    [
      400,
      { type: 'invalid_request_error', code: null, message: "Invalid value for 'temperature'" },
      {},
      'bad_request',
      undefined,
    ],
  ] as const)(
    'HTTP %i %j is classified (%s) after exactly one request',
    async (status, body, headers, kind, retryAfterMs) => {
      endpoint.reset(() => openaiError(status, body, headers));
      const error = await failure(provider().generate({ prompt: 'x' }, { signal: signal() }));
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
      expect(error.provider).toBe('openai');
      expect(error.model).toBe('gpt-4.1-mini');
      expect(error.requestId).toBe('req_err_1');
      expect(error.retryAfterMs).toBe(retryAfterMs);
      expect(endpoint.requests).toHaveLength(1); // maxRetries: 0, the chain owns retries
      expect(error.message).not.toContain('sk-test');
    },
  );

  it('errors while streaming are classified too (429 before the first chunk)', async () => {
    endpoint.reset(() =>
      openaiError(429, { type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after-ms': '750' }),
    );
    const error = await failure(collect(provider().stream!({ prompt: 'x' }, { signal: signal() })));
    expect(error.kind).toBe('rate_limit');
    expect(error.retryAfterMs).toBe(750);
  });

  it('an error event inside the stream is classified', async () => {
    endpoint.reset(
      () =>
        new HttpResponse(
          'data: {"error":{"message":"The server had an error while processing your request","type":"server_error"}}\n\n',
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const error = await failure(collect(provider().stream!({ prompt: 'x' }, { signal: signal() })));
    expect(error.kind).toBe('server');
  });

  it('a refusal without content is a content_policy error; filtered content too', async () => {
    endpoint.reset(() => chatCompletionResponse({ content: '', refusal: "I can't help with that." }));
    expect((await failure(provider().generate({ prompt: 'x' }, { signal: signal() }))).kind).toBe(
      'content_policy',
    );
    endpoint.reset(() => chatCompletionResponse({ content: '', finishReason: 'content_filter' }));
    expect((await failure(provider().generate({ prompt: 'x' }, { signal: signal() }))).kind).toBe(
      'content_policy',
    );
  });

  it('honours the abort signal of a hung request: aborted for the caller, timeout for a TimeoutError', async () => {
    endpoint.reset(async () => {
      await delay('infinite');
      return chatCompletionResponse();
    });
    const controller = new AbortController();
    const pending = provider().generate({ prompt: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).kind).toBe('aborted');
    const timedOut = await failure(provider().generate({ prompt: 'x' }, { signal: AbortSignal.timeout(20) }));
    expect(timedOut.kind).toBe('timeout');
  });

  it('accepts an existing SDK client', async () => {
    const client = new OpenAI({ apiKey: KEY, maxRetries: 0 });
    const result = await openaiProvider({ client, model: 'gpt-4.1-mini' }).generate(
      { prompt: 'x' },
      { signal: signal() },
    );
    expect(result.text).toBe('Hello from the wire');
    expect(endpoint.last.keyMatches).toBe(true);
  });

  it('reads OPENAI_API_KEY from env, and a missing key is a configuration error naming the variable', async () => {
    await openaiProvider({ model: 'gpt-4.1-mini', env: { OPENAI_API_KEY: KEY } }).generate(
      { prompt: 'x' },
      { signal: signal() },
    );
    expect(endpoint.last.keyMatches).toBe(true);
    let thrown: unknown;
    try {
      openaiProvider({ model: 'gpt-4.1-mini', env: {} });
    } catch (error) {
      thrown = error;
    }
    expect(isProviderConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/OPENAI_API_KEY/);
  });

  it('never sends an OPENAI_ADMIN_KEY from the environment instead of the API key', async () => {
    process.env.OPENAI_ADMIN_KEY = 'sk-admin-FAKE-should-not-be-sent-000';
    try {
      await provider().generate({ prompt: 'x' }, { signal: signal() });
      expect(endpoint.last.keyMatches).toBe(true);
    } finally {
      delete process.env.OPENAI_ADMIN_KEY;
    }
  });

  it('a request without prompt or messages is a bad_request error, sent nowhere', async () => {
    const error = await failure(provider().generate({}, { signal: signal() }));
    expect(error.kind).toBe('bad_request');
    expect(endpoint.requests).toHaveLength(0);
  });

  it('supports a custom base URL and the legacy max_tokens field', async () => {
    const proxy = new FakeEndpoint(
      'https://proxy.example.test/v1/chat/completions',
      () => chatCompletionResponse(),
      KEY,
    );
    server.use(proxy.handler);
    await openaiProvider({
      apiKey: KEY,
      model: 'gpt-4o-mini',
      baseURL: 'https://proxy.example.test/v1',
      maxTokensParam: 'max_tokens',
      maxTokens: 64,
    }).generate({ prompt: 'x' }, { signal: signal() });
    expect(proxy.last.body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 64 });
    expect(proxy.last.body).not.toHaveProperty('max_completion_tokens');
  });
});
