import Anthropic from '@anthropic-ai/sdk';
import { delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, anthropicProvider } from '../../src/providers/adapters/anthropic.js';
import {
  isProviderConfigurationError,
  isProviderError,
  type ProviderError,
} from '../../src/providers/index.js';
import type { StreamChunk } from '../../src/providers/types.js';
import {
  ANTHROPIC_BASE,
  anthropicError,
  anthropicMessageResponse,
  anthropicStream,
  FakeEndpoint,
} from '../helpers/msw-providers.js';

const KEY = 'sk-ant-test-FAKEKEY-0123456789abcdef';
const endpoint = new FakeEndpoint(`${ANTHROPIC_BASE}/v1/messages`, () => anthropicMessageResponse(), KEY);
const server = setupServer(endpoint.handler);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => endpoint.reset(() => anthropicMessageResponse()));
afterAll(() => server.close());

const signal = () => AbortSignal.timeout(10_000);
const provider = () => anthropicProvider({ apiKey: KEY, model: 'claude-haiku-4-5' });

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

describe('anthropicProvider against the Messages wire (real @anthropic-ai/sdk + MSW)', () => {
  it('sends system at the top level, messages, max_tokens, temperature and the API key', async () => {
    const result = await provider().generate(
      { system: 'You are a CMO.', prompt: 'Write an email', maxTokens: 500, temperature: 0.2 },
      { signal: signal() },
    );
    const request = endpoint.last;
    expect(request.path).toBe('/v1/messages');
    expect(request.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 500,
      temperature: 0.2,
      system: 'You are a CMO.',
      messages: [{ role: 'user', content: 'Write an email' }],
    });
    // This SDK version sends the key as a bearer token; older ones used x-api-key. Either way: present and ours.
    expect(request.hasAuth).toBe(true);
    expect(request.keyMatches).toBe(true);
    expect(request.headers['anthropic-version']).toBeTruthy();
    expect(result).toEqual({
      text: 'Hello from Claude',
      provider: 'anthropic',
      model: 'claude-haiku-4-5-20251001',
      usage: { inputTokens: 20, outputTokens: 8, totalTokens: 28 },
      finishReason: 'stop',
      requestId: 'req_ant_1',
    });
  });

  it('defaults max_tokens (the API requires it) and omits an unset system', async () => {
    await provider().generate({ messages: [{ role: 'user', content: 'Hi' }] }, { signal: signal() });
    expect(endpoint.last.body.max_tokens).toBe(ANTHROPIC_DEFAULT_MAX_TOKENS);
    expect(endpoint.last.body).not.toHaveProperty('system');
    expect(endpoint.last.body).not.toHaveProperty('temperature');
  });

  it('clamps temperature to the 0..1 range of the Messages API', async () => {
    await provider().generate({ prompt: 'x', temperature: 1.6 }, { signal: signal() });
    expect(endpoint.last.body.temperature).toBe(1);
  });

  it('normalizes usage: input includes cache reads and writes (Anthropic excludes them)', async () => {
    endpoint.reset(() =>
      anthropicMessageResponse({
        usage: {
          input_tokens: 20,
          output_tokens: 50,
          cache_read_input_tokens: 1000,
          cache_creation_input_tokens: 200,
        },
      }),
    );
    const result = await provider().generate({ prompt: 'x' }, { signal: signal() });
    expect(result.usage).toMatchObject({
      inputTokens: 1220,
      outputTokens: 50,
      totalTokens: 1270,
      cachedInputTokens: 1000,
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
  ] as const)('maps stop_reason %s to %s', async (stopReason, finishReason) => {
    endpoint.reset(() => anthropicMessageResponse({ stopReason }));
    expect((await provider().generate({ prompt: 'x' }, { signal: signal() })).finishReason).toBe(
      finishReason,
    );
  });

  it('a refusal without text is a content_policy error', async () => {
    endpoint.reset(() => anthropicMessageResponse({ text: '', stopReason: 'refusal' }));
    expect((await failure(provider().generate({ prompt: 'x' }, { signal: signal() }))).kind).toBe(
      'content_policy',
    );
  });

  it('JSON mode instructs through the system text and removes a code fence around the answer', async () => {
    endpoint.reset(() => anthropicMessageResponse({ text: '```json\n{"headline":"Run further"}\n```' }));
    const result = await provider().generate(
      { system: 'You are a CMO.', prompt: 'Give a headline', json: true },
      { signal: signal() },
    );
    expect(String(endpoint.last.body.system)).toMatch(/^You are a CMO\.\n\n.*JSON object/s);
    expect(JSON.parse(result.text)).toEqual({ headline: 'Run further' });
  });

  it('streams text deltas and a done chunk with merged, normalized usage', async () => {
    endpoint.reset(() =>
      anthropicStream(['Hello', ' there'], {
        startUsage: { input_tokens: 30, output_tokens: 1, cache_read_input_tokens: 70 },
        deltaUsage: { output_tokens: 12 },
        stopReason: 'max_tokens',
      }),
    );
    const chunks = await collect(provider().stream!({ prompt: 'x' }, { signal: signal() }));
    expect(endpoint.last.body.stream).toBe(true);
    expect(chunks).toEqual([
      { type: 'delta', text: 'Hello' },
      { type: 'delta', text: ' there' },
      {
        type: 'done',
        finishReason: 'length',
        model: 'claude-haiku-4-5-20251001',
        usage: { inputTokens: 100, outputTokens: 12, totalTokens: 112, cachedInputTokens: 70 },
        requestId: 'req_ant_stream',
      },
    ]);
  });

  it('an overloaded error event mid-stream surfaces after the deltas already yielded', async () => {
    endpoint.reset(() =>
      anthropicStream(['Part one'], { errorAfter: { type: 'overloaded_error', message: 'Overloaded' } }),
    );
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of provider().stream!({ prompt: 'x' }, { signal: signal() })) {
          if (chunk.type === 'delta') seen.push(chunk.text);
        }
      })(),
    );
    expect(seen).toEqual(['Part one']);
    expect(error.kind).toBe('overloaded');
  });

  it('a stream without message_stop is truncated (network error)', async () => {
    endpoint.reset(() => anthropicStream(['a'], { stop: false }));
    expect((await failure(collect(provider().stream!({ prompt: 'x' }, { signal: signal() })))).kind).toBe(
      'network',
    );
  });

  it.each([
    [429, 'rate_limit_error', { 'retry-after': '3' }, 'rate_limit', 3000],
    [529, 'overloaded_error', {}, 'overloaded', undefined],
    [500, 'api_error', {}, 'server', undefined],
    [401, 'authentication_error', {}, 'auth', undefined],
    [403, 'permission_error', {}, 'permission', undefined],
    [404, 'not_found_error', {}, 'not_found', undefined],
    [413, 'request_too_large', {}, 'context_length', undefined],
    [400, 'invalid_request_error', {}, 'bad_request', undefined],
  ] as const)(
    'HTTP %i %s is classified after one request',
    async (status, type, headers, kind, retryAfterMs) => {
      endpoint.reset(() => anthropicError(status, type, 'upstream says no', headers));
      const error = await failure(provider().generate({ prompt: 'x' }, { signal: signal() }));
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
      expect(error.retryAfterMs).toBe(retryAfterMs);
      expect(error.requestId).toBe('req_ant_err');
      expect(endpoint.requests).toHaveLength(1);
    },
  );

  it('a 400 "prompt is too long" is a context_length error', async () => {
    endpoint.reset(() =>
      anthropicError(400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'),
    );
    expect((await failure(provider().generate({ prompt: 'x' }, { signal: signal() }))).kind).toBe(
      'context_length',
    );
  });

  it('a 529 before the stream starts is classified', async () => {
    endpoint.reset(() => anthropicError(529, 'overloaded_error', 'Overloaded'));
    expect((await failure(collect(provider().stream!({ prompt: 'x' }, { signal: signal() })))).kind).toBe(
      'overloaded',
    );
  });

  it('honours the abort signal of a hung request', async () => {
    endpoint.reset(async () => {
      await delay('infinite');
      return anthropicMessageResponse();
    });
    const controller = new AbortController();
    const pending = provider().generate({ prompt: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failure(pending)).kind).toBe('aborted');
  });

  it('accepts an existing SDK client, and a missing key names ANTHROPIC_API_KEY', async () => {
    const client = new Anthropic({ apiKey: KEY, maxRetries: 0 });
    await anthropicProvider({ client, model: 'claude-sonnet-4-6' }).generate(
      { prompt: 'x' },
      { signal: signal() },
    );
    expect(endpoint.last.body.model).toBe('claude-sonnet-4-6');
    expect(endpoint.last.keyMatches).toBe(true);
    let thrown: unknown;
    try {
      anthropicProvider({ model: 'claude-haiku-4-5', env: {} });
    } catch (error) {
      thrown = error;
    }
    expect(isProviderConfigurationError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/ANTHROPIC_API_KEY/);
  });
});
