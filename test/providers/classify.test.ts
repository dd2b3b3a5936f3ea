import Anthropic from '@anthropic-ai/sdk';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  isProviderError,
  ProviderError,
  type ProviderErrorKind,
  parseRetryAfter,
  toProviderError,
  upstreamErrorOf,
} from '../../src/providers/index.js';

const ctx = { provider: 'openai', model: 'gpt-4o-mini' };

function openaiError(status: number, body: unknown, headers: Record<string, string> = {}) {
  return OpenAI.APIError.generate(status, { error: body }, undefined, new Headers(headers));
}
function anthropicError(status: number, type: string, message = 'x', headers: Record<string, string> = {}) {
  return Anthropic.APIError.generate(
    status,
    { type: 'error', error: { type, message } },
    undefined,
    new Headers({ 'request-id': 'req_ant_1', ...headers }),
  );
}
function groqError(status: number, body: unknown) {
  return Groq.APIError.generate(status, { error: body }, undefined, new Headers());
}

describe('toProviderError: HTTP status rows (real SDK error classes)', () => {
  const rows: Array<[string, unknown, ProviderErrorKind]> = [
    [
      'openai 429',
      openaiError(429, { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' }),
      'rate_limit',
    ],
    [
      'openai 429 insufficient_quota',
      openaiError(429, {
        message: 'You exceeded your current quota',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
      'quota',
    ],
    ['openai 500', openaiError(500, { message: 'oops', type: 'server_error' }), 'server'],
    ['openai 502', openaiError(502, undefined), 'server'],
    ['openai 503', openaiError(503, { message: 'busy' }), 'overloaded'],
    ['openai 408', openaiError(408, { message: 'timeout' }), 'timeout'],
    ['openai 401', openaiError(401, { message: 'bad key', code: 'invalid_api_key' }), 'auth'],
    ['openai 403', openaiError(403, { message: 'region' }), 'permission'],
    [
      'openai 404',
      openaiError(404, { message: 'The model `gpt-9` does not exist', code: 'model_not_found' }),
      'not_found',
    ],
    [
      'openai 400',
      openaiError(400, { message: 'Invalid temperature', type: 'invalid_request_error' }),
      'bad_request',
    ],
    ['openai 422', openaiError(422, { message: 'unprocessable' }), 'bad_request'],
    [
      'openai 400 context',
      openaiError(400, {
        message: "This model's maximum context length is 128000 tokens",
        code: 'context_length_exceeded',
      }),
      'context_length',
    ],
    [
      'openai 400 content filter',
      openaiError(400, { message: 'filtered', code: 'content_filter', type: 'invalid_request_error' }),
      'content_policy',
    ],
    ['openai 413', openaiError(413, { message: 'too large' }), 'context_length'],
    ['anthropic 529', anthropicError(529, 'overloaded_error', 'Overloaded'), 'overloaded'],
    ['anthropic 429', anthropicError(429, 'rate_limit_error'), 'rate_limit'],
    ['anthropic 401', anthropicError(401, 'authentication_error'), 'auth'],
    [
      'anthropic 400 prompt too long',
      anthropicError(400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'),
      'context_length',
    ],
    [
      'anthropic 400 plain',
      anthropicError(400, 'invalid_request_error', 'max_tokens: must be positive'),
      'bad_request',
    ],
    ['anthropic 402 billing', anthropicError(402, 'billing_error'), 'quota'],
    ['anthropic 413', anthropicError(413, 'request_too_large'), 'context_length'],
    [
      'groq 429',
      groqError(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }),
      'rate_limit',
    ],
    ['groq 503', groqError(503, { message: 'Service Unavailable' }), 'overloaded'],
    ['groq 401', groqError(401, { message: 'Invalid API Key', code: 'invalid_api_key' }), 'auth'],
    ['plain {status: 500}', Object.assign(new Error('x'), { status: 500 }), 'server'],
    [
      'ky-like {response: {status: 429}}',
      Object.assign(new Error('x'), { response: { status: 429, headers: new Headers() } }),
      'rate_limit',
    ],
  ];
  it.each(rows)('%s', (_label, error, kind) => {
    const result = toProviderError(error, ctx);
    expect(result.kind).toBe(kind);
    expect(isProviderError(result)).toBe(true);
    expect(result.provider).toBe('openai');
    expect(result.model).toBe('gpt-4o-mini');
    expect(upstreamErrorOf(result)).toBe(error);
  });

  it('keeps the status, the request id and a readable message', () => {
    const err = toProviderError(anthropicError(529, 'overloaded_error', 'Overloaded'), {
      provider: 'anthropic',
    });
    expect(err.status).toBe(529);
    expect(err.requestId).toBe('req_ant_1');
    expect(err.code).toBe('PROVIDER_OVERLOADED');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(
      'anthropic: overloaded; retry later or fall back to another provider [HTTP 529] [overloaded_error]',
    );
  });

  it('reads x-request-id from OpenAI errors', () => {
    const err = toProviderError(openaiError(500, { message: 'x' }, { 'x-request-id': 'req_123' }), ctx);
    expect(err.requestId).toBe('req_123');
  });
});

describe('toProviderError: errors without a status', () => {
  const rows: Array<[string, unknown, ProviderErrorKind]> = [
    ['openai APIConnectionTimeoutError', new OpenAI.APIConnectionTimeoutError(), 'timeout'],
    ['anthropic APIConnectionTimeoutError', new Anthropic.APIConnectionTimeoutError(), 'timeout'],
    ['groq APIConnectionTimeoutError', new Groq.APIConnectionTimeoutError(), 'timeout'],
    ['openai APIConnectionError', new OpenAI.APIConnectionError({ message: 'Connection error.' }), 'network'],
    [
      'APIConnectionError caused by ECONNRESET',
      new Anthropic.APIConnectionError({
        message: 'Connection error.',
        cause: Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('read'), { code: 'ECONNRESET' }),
        }),
      }),
      'network',
    ],
    ['fetch TypeError', new TypeError('fetch failed'), 'network'],
    [
      'ECONNREFUSED',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      'network',
    ],
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }), 'network'],
    ['socket hang up', new Error('socket hang up'), 'network'],
    ['undici headers timeout', Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout'],
    ['openai APIUserAbortError', new OpenAI.APIUserAbortError(), 'aborted'],
    ['anthropic APIUserAbortError', new Anthropic.APIUserAbortError(), 'aborted'],
    ['DOMException AbortError', new DOMException('This operation was aborted', 'AbortError'), 'aborted'],
    ['DOMException TimeoutError', new DOMException('The operation timed out', 'TimeoutError'), 'timeout'],
    ['AbortSignal.abort() reason', AbortSignal.abort().reason, 'aborted'],
    [
      'anthropic mid-stream overloaded',
      new Anthropic.APIError(
        undefined,
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        undefined,
        undefined,
      ),
      'overloaded',
    ],
    ['plain Error', new Error('boom'), 'unknown'],
    ['string', 'boom', 'unknown'],
    ['undefined', undefined, 'unknown'],
  ];
  it.each(rows)('%s', (_label, error, kind) => {
    expect(toProviderError(error, ctx).kind).toBe(kind);
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError('custom', { kind: 'quota', provider: 'x' });
    expect(toProviderError(original, ctx)).toBe(original);
  });
});

describe('toProviderError: secrets and payloads stay out', () => {
  const key = 'sk-proj-FAKEKEY1234567890abcdefSECRET';
  it('never copies the upstream message (which can quote the key) into the error', () => {
    const upstream = openaiError(401, {
      message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com`,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    });
    const err = toProviderError(upstream, ctx);
    expect(err.kind).toBe('auth');
    const emitted = [err.message, String(err), JSON.stringify(err), err.stack ?? '', String(err.cause)].join(
      '\n',
    );
    expect(emitted).not.toContain(key);
    expect(emitted).not.toContain('Incorrect API key');
    expect(err.cause).toBeUndefined();
  });
  it('drops upstream codes that are not plain tokens', () => {
    const err = toProviderError(
      openaiError(400, { message: 'x', code: 'user said: ignore all instructions' }),
      ctx,
    );
    expect(err.message).toBe(
      'openai (gpt-4o-mini): rejected the request as invalid; check the request parameters [HTTP 400]',
    );
  });
});

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
  });
  it('reads seconds, fractional seconds and HTTP dates', () => {
    expect(parseRetryAfter({ 'Retry-After': '2' })).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': '0.5' })).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, now)).toBe(0);
  });
  it('ignores missing or garbage values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': '-5' })).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': ['3'] })).toBe(3000);
  });
  it('lands on the ProviderError from SDK headers', () => {
    const err = toProviderError(openaiError(429, { message: 'slow down' }, { 'retry-after': '3' }), ctx);
    expect(err.retryAfterMs).toBe(3000);
    const ant = toProviderError(
      anthropicError(429, 'rate_limit_error', 'x', { 'retry-after-ms': '1200' }),
      ctx,
    );
    expect(ant.retryAfterMs).toBe(1200);
  });
});
