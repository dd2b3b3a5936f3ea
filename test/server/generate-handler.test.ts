import { describe, expect, it, vi } from 'vitest';
import {
  createFailedEnvelope,
  createSuccessEnvelope,
  type DeliverablesEnvelope,
} from '../../src/envelope/index.js';
import {
  AllProvidersFailedError,
  ChainAbortedError,
  ChainTimeoutError,
  ProviderConfigurationError,
  ProviderError,
} from '../../src/providers/index.js';
import { createGenerateHandler, type HandlerResponseInfo } from '../../src/server/index.js';
import { EchoInput, envelopeOf, post } from './helpers.js';

const ok = (name: string): DeliverablesEnvelope =>
  createSuccessEnvelope({
    module: 'echo',
    provider: 'stub',
    deliverables: [{ kind: 'linkedin_post', title: name, contentMarkdown: `Hello ${name}` }],
  });

function handlerThatThrows(error: unknown, extra: { onError?: (e: unknown) => void } = {}) {
  return createGenerateHandler({
    module: 'echo',
    input: EchoInput,
    generate: async () => {
      throw error;
    },
    ...extra,
  });
}

describe('createGenerateHandler: request checks', () => {
  const handler = createGenerateHandler({
    module: 'echo',
    input: EchoInput,
    generate: async (i) => ok(i.name),
  });

  it('answers 200 with the envelope and echoes the caller trace id in the header and meta', async () => {
    const response = await handler(post({ name: 'Ada' }, { 'X-Trace-ID': 'trace-123' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace-id')).toBe('trace-123');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await envelopeOf(response);
    expect(body.status).toBe('SUCCESS');
    expect(body.meta.trace_id).toBe('trace-123');
  });

  it('creates a UUID trace id when none (or an unusable one) is sent', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { 'X-Trace-ID': 'bad id with spaces' },
      { 'X-Trace-ID': 'x'.repeat(200) },
    ];
    for (const headers of variants) {
      const response = await handler(post({ name: 'Ada' }, headers));
      const traceId = response.headers.get('x-trace-id');
      expect(traceId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await envelopeOf(response)).meta.trace_id).toBe(traceId);
    }
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'answers 405 with Allow: POST to %s',
    async (method) => {
      const response = await handler(new Request('http://test.local/generate', { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      const body = await envelopeOf(response);
      expect(body.status).toBe('FAILED');
      expect(body.error).toMatchObject({ type: 'METHOD_NOT_ALLOWED', code: 405 });
    },
  );

  it('answers 415 to a missing or non-JSON content type, and accepts +json and charset', async () => {
    const noType = new Request('http://test.local/generate', {
      method: 'POST',
      body: new Blob(['{"name":"a"}']),
    });
    expect(noType.headers.get('content-type')).toBeNull();
    const form = post('name=a', { 'content-type': 'application/x-www-form-urlencoded' });
    for (const request of [noType, form]) {
      const response = await handler(request);
      expect(response.status).toBe(415);
      expect((await envelopeOf(response)).error).toMatchObject({ type: 'UNSUPPORTED_MEDIA_TYPE', code: 415 });
    }
    expect(
      (await handler(post({ name: 'a' }, { 'content-type': 'application/json; charset=utf-8' }))).status,
    ).toBe(200);
    expect(
      (await handler(post({ name: 'a' }, { 'content-type': 'application/vnd.aicmo+json' }))).status,
    ).toBe(200);
  });

  it('answers 400 to malformed JSON, an empty body and invalid UTF-8', async () => {
    const bad = [
      post('{"name": '),
      post(''),
      new Request('http://test.local/generate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      }),
    ];
    for (const request of bad) {
      const response = await handler(request);
      expect(response.status).toBe(400);
      const body = await envelopeOf(response);
      expect(body.error).toMatchObject({ type: 'INVALID_JSON', code: 400 });
      expect(body.meta.trace_id).toBe(response.headers.get('x-trace-id'));
    }
  });

  it('answers 422 naming each bad field', async () => {
    const response = await handler(post({ name: '', count: 1.5, extra: true }));
    expect(response.status).toBe(422);
    const body = await envelopeOf(response);
    expect(body.error?.type).toBe('VALIDATION_ERROR');
    const issues = ((body.error?.details ?? {}) as { issues: Array<{ path: string[] }> }).issues;
    expect(issues.map((issue) => issue.path.join('.')).sort()).toEqual(['count', 'name']);
    expect(body.error?.message).toContain('name:');
    expect(body.error?.message).toContain('count:');
  });

  it('answers 422 with "is required" for missing fields and a root issue for a non-object body', async () => {
    const missing = await envelopeOf(await handler(post({})));
    expect(missing.error?.details).toEqual({
      issues: [{ path: ['name'], code: 'required', message: 'is required' }],
    });
    const array = await handler(post([1, 2]));
    expect(array.status).toBe(422);
    expect(
      (((await envelopeOf(array)).error?.details ?? {}) as { issues: Array<{ path: string[] }> }).issues[0]
        ?.path,
    ).toEqual([]);
  });
});

describe('createGenerateHandler: body size limit', () => {
  const generate = vi.fn(async (input: { name: string }) => ok(input.name));
  const handler = createGenerateHandler({ module: 'echo', input: EchoInput, generate, maxBodyBytes: 64 });

  it('answers 413 when Content-Length declares too much', async () => {
    const response = await handler(post({ name: 'x'.repeat(100) }));
    expect(response.status).toBe(413);
    expect((await envelopeOf(response)).error).toMatchObject({ type: 'PAYLOAD_TOO_LARGE', code: 413 });
  });

  it('counts streamed bytes instead of trusting Content-Length', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 1000) return controller.close();
        controller.enqueue(new TextEncoder().encode('{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}'));
      },
    });
    const request = new Request('http://test.local/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '10' },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await handler(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10); // stopped reading early
    expect(generate).not.toHaveBeenCalled();
  });

  it('accepts a body right at the limit', async () => {
    const text = JSON.stringify({ name: 'a'.repeat(64 - 11) });
    expect(new TextEncoder().encode(text).byteLength).toBe(64);
    expect((await handler(post(text))).status).toBe(200);
  });

  it('rejects a non-positive limit at construction', () => {
    expect(() => createGenerateHandler({ module: 'm', input: EchoInput, generate, maxBodyBytes: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('createGenerateHandler: failures from generate', () => {
  const attempts = [
    {
      provider: 'openai',
      model: 'gpt-4.1-mini',
      attempt: 1,
      outcome: 'failure' as const,
      errorKind: 'timeout' as const,
      latencyMs: 5,
      gate: 'closed' as const,
    },
  ];

  it.each([
    ['ChainTimeoutError', new ChainTimeoutError({ attempts, errors: [], deadlineMs: 1000 }), 504, 'TIMEOUT'],
    [
      'AllProvidersFailedError',
      new AllProvidersFailedError({ attempts, errors: [] }),
      503,
      'ALL_PROVIDERS_FAILED',
    ],
    [
      'ProviderConfigurationError',
      new ProviderConfigurationError('Set OPENAI_API_KEY.'),
      503,
      'CONFIGURATION_ERROR',
    ],
    [
      'ProviderError',
      new ProviderError('openai (gpt): rate limited', {
        kind: 'rate_limit',
        provider: 'openai',
        status: 429,
      }),
      502,
      'PROVIDER_ERROR',
    ],
    ['ChainAbortedError (server side)', new ChainAbortedError({ attempts: [] }), 503, 'ABORTED'],
    ['a plain Error', new Error('boom'), 500, 'INTERNAL_ERROR'],
    ['a thrown string', 'nope', 500, 'INTERNAL_ERROR'],
  ])('maps %s to %i %s', async (_name, error, status, type) => {
    const response = await handlerThatThrows(error)(post({ name: 'a' }, { 'X-Trace-ID': 't-1' }));
    expect(response.status).toBe(status);
    const body = await envelopeOf(response);
    expect(body.status).toBe('FAILED');
    expect(body.deliverables).toEqual([]);
    expect(body.meta.provider).toBe('none');
    expect(body.error).toMatchObject({ type, code: status, trace_id: 't-1' });
    expect(body.meta.trace_id).toBe('t-1');
  });

  it('answers 499 when the client aborted the request', async () => {
    const controller = new AbortController();
    const handler = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      generate: async (_input, { signal }) => {
        controller.abort();
        expect(signal.aborted).toBe(true);
        throw new ChainAbortedError({ attempts: [], reason: signal.reason });
      },
    });
    const request = new Request('http://test.local/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"a"}',
      signal: controller.signal,
    });
    const response = await handler(request);
    expect(response.status).toBe(499);
    expect((await envelopeOf(response)).error?.type).toBe('CLIENT_CLOSED_REQUEST');
  });

  it('never sends a stack trace or a key, and hands the error to onError', async () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz123456';
    const error = new Error(`upstream said: invalid key ${key}`);
    const onError = vi.fn();
    const response = await handlerThatThrows(error, { onError })(post({ name: 'a' }));
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain(key);
    expect(text).not.toContain('upstream said');
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(text).not.toContain('stack');
    expect(onError).toHaveBeenCalledWith(error, { traceId: response.headers.get('x-trace-id') });
  });

  it('scrubs key-shaped strings even from library error messages', async () => {
    const key = 'sk-ant-abcdefghijklmnop1234567890';
    const response = await handlerThatThrows(new ProviderConfigurationError(`The key ${key} was rejected.`))(
      post({ name: 'a' }),
    );
    const text = await response.text();
    expect(text).not.toContain(key);
    expect(text).toContain('[redacted]');
  });

  it('answers a returned FAILED envelope with its error code as status', async () => {
    const handler = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      generate: async () =>
        createFailedEnvelope({ module: 'echo', errorType: 'RATE_LIMIT', message: 'slow down', code: 429 }),
    });
    const response = await handler(post({ name: 'a' }, { 'X-Trace-ID': 'abc' }));
    expect(response.status).toBe(429);
    expect((await envelopeOf(response)).error).toMatchObject({ type: 'RATE_LIMIT', trace_id: 'abc' });
    const noCode = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      generate: async () => createFailedEnvelope({ module: 'echo', errorType: 'X', message: 'y' }),
    });
    expect((await noCode(post({ name: 'a' }))).status).toBe(500);
  });

  it('answers 500 (and reports it) when generate returns an invalid envelope', async () => {
    const onError = vi.fn();
    const handler = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      onError,
      generate: async () => ({ status: 'SUCCESS', deliverables: [] }) as unknown as DeliverablesEnvelope,
    });
    const response = await handler(post({ name: 'a' }));
    expect(response.status).toBe(500);
    expect((await envelopeOf(response)).error?.type).toBe('INTERNAL_ERROR');
    expect(onError).toHaveBeenCalledOnce();
  });

  it('answers a 500 FAILED envelope (and calls onError) when the result cannot be serialised', async () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const throwing = {
      toJSON: () => {
        throw new Error('no JSON for you');
      },
    };
    for (const metadata of [{ big: 10n }, cyclic, { throwing }]) {
      const onError = vi.fn();
      const handler = createGenerateHandler({
        module: 'echo',
        input: EchoInput,
        onError,
        generate: async () =>
          createSuccessEnvelope({
            module: 'echo',
            provider: 'stub',
            deliverables: [
              {
                kind: 'linkedin_post',
                title: 't',
                contentMarkdown: 'Hello',
                metadata: metadata as Record<string, unknown>,
              },
            ],
          }),
      });
      const response = await handler(post({ name: 'a' }, { 'X-Trace-ID': 'ser-1' }));
      expect(response.status).toBe(500);
      expect((await envelopeOf(response)).error).toMatchObject({ type: 'INTERNAL_ERROR', trace_id: 'ser-1' });
      expect(onError).toHaveBeenCalledOnce();
      expect(onError.mock.calls[0]?.[1]).toEqual({ traceId: 'ser-1' });
    }
  });

  it('answers a clear 500 when a middleware already read the body (Hono c.req.json()), not "invalid JSON"', async () => {
    const onError = vi.fn();
    const handler = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      onError,
      generate: async (i) => ok(i.name),
    });
    const request = post({ name: 'a' });
    await request.json();
    const response = await handler(request);
    expect(response.status).toBe(500);
    const error = (await envelopeOf(response)).error;
    expect(error?.type).toBe('BODY_ALREADY_READ');
    expect(String(error?.message)).toContain('middleware');
    expect(onError).toHaveBeenCalledOnce();
  });

  it('reports each response to onResponse without payload or headers', async () => {
    const seen: HandlerResponseInfo[] = [];
    const handler = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      generate: async (i) => ok(i.name),
      onResponse: (info) => seen.push(info),
    });
    await handler(post({ name: 'secret-payload' }, { 'X-Trace-ID': 't-9' }));
    await handler(post('{', { 'X-Trace-ID': 't-10' }));
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/generate', status: 200, traceId: 't-9' });
    expect(seen[1]).toMatchObject({ status: 400, traceId: 't-10', errorType: 'INVALID_JSON' });
    expect(JSON.stringify(seen)).not.toContain('secret-payload');
  });

  it('does not let a throwing hook break the answer', async () => {
    const handler = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      generate: async (i) => ok(i.name),
      onResponse: () => {
        throw new Error('logger down');
      },
    });
    expect((await handler(post({ name: 'a' }))).status).toBe(200);
  });
});
