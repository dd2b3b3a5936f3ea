/**
 * CONTRACT §2 result mapping, one test per row (and the rows' edge cases),
 * against MSW. The client never throws for anything on the wire.
 */
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { backendPostJson, createBackendClient } from '../../src/client/index.js';
import {
  BASE,
  campaign,
  echoSuccess,
  FakeBackend,
  failedEnvelope,
  GENERATE,
  successEnvelope,
  useFakeBackend,
} from './helpers.js';

const { backend, server } = useFakeBackend();

const client = createBackendClient({ baseUrl: BASE, timeoutMs: 5_000 });

describe('200 with a JSON body: the envelope is passed through', () => {
  it('SUCCESS envelope → ok with the validated envelope, status, trace id and duration', async () => {
    const result = await client.generateCampaign(campaign);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status).toBe(200);
    expect(result.envelope.status).toBe('SUCCESS');
    expect(result.envelope.deliverables.map((d) => d.kind)).toEqual(['campaign_brief', 'linkedin_post']);
    expect(result.envelope.meta.trace_id).toBe(result.traceId);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.rawText).toBeUndefined();
    expect(backend.seen).toHaveLength(1);
    expect(backend.seen[0]).toMatchObject({
      method: 'POST',
      path: GENERATE,
      contentType: 'application/json',
      body: campaign,
    });
  });

  it('a FAILED envelope with 200 is still a pass-through (the envelope speaks for itself)', async () => {
    backend.reset(() => HttpResponse.json(failedEnvelope('provider quota exhausted', 503)));
    const result = await client.generateCampaign(campaign);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.envelope.status === 'FAILED' && result.envelope.error.message).toBe(
        'provider quota exhausted',
      );
  });

  it('Python-style envelope (naive timestamp, nulls) validates', async () => {
    backend.reset(() =>
      HttpResponse.json({
        status: 'SUCCESS',
        module: 'campaigns',
        run_id: 'r-1',
        meta: { timestamp: '2025-12-17T10:30:00.123456', provider: 'openai', warnings: [] },
        deliverables: [
          {
            id: 'd1',
            kind: 'brand_new_kind',
            title: '',
            content_markdown: 'x',
            platform: null,
            assets: null,
            hashtags: [],
            metadata: {},
          },
        ],
        raw: null,
        error: null,
      }),
    );
    const result = await client.generateCampaign(campaign);
    expect(result.ok).toBe(true);
  });

  it('includeRawText puts the response text on the result (client-level and per call)', async () => {
    const withText = createBackendClient({ baseUrl: BASE, includeRawText: true });
    const a = await withText.generateCampaign(campaign);
    expect(a.ok && typeof a.rawText === 'string' && JSON.parse(a.rawText).status).toBe('SUCCESS');
    const b = await client.generateCampaign(campaign, { includeRawText: true });
    expect(b.rawText).toContain('"deliverables"');
    const c = await withText.generateCampaign(campaign, { includeRawText: false });
    expect(c.rawText).toBeUndefined();
  });

  it('postJson sends any payload to any path', async () => {
    const other = new FakeBackend(echoSuccess, '/api/v1/creatives/generate');
    server.use(other.handler);
    const result = await client.postJson('/api/v1/creatives/generate', { brief: 'hi', n: 2 });
    expect(result.ok).toBe(true);
    expect(other.seen[0]?.body).toEqual({ brief: 'hi', n: 2 });
  });
});

describe('200 with a body that is not JSON → RESPONSE_PARSE_ERROR, code 200', () => {
  for (const [name, body, type] of [
    ['HTML', '<html>Bad gateway page</html>', 'text/html'],
    ['truncated JSON', '{"status": "SUCC', 'application/json'],
    ['empty body', '', 'application/json'],
  ] as const) {
    it(name, async () => {
      backend.reset(() => new HttpResponse(body, { status: 200, headers: { 'content-type': type } }));
      const result = await client.generateCampaign(campaign, { includeRawText: true });
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({
        type: 'RESPONSE_PARSE_ERROR',
        code: 200,
        traceId: result.traceId,
      });
      expect(result.status).toBe(200);
      expect(result.rawText).toBe(body);
    });
  }
});

describe('200 with JSON that is not a valid envelope → CONTRACT_ERROR listing the validation errors', () => {
  it('names every offending path', async () => {
    const bad = successEnvelope() as Record<string, unknown>;
    bad.status = 'success';
    bad.deliverables = [{ id: 'a', kind: 'email_copy', title: 'T', content_markdown: '   ' }];
    backend.reset(() => HttpResponse.json(bad));
    const result = await client.generateCampaign(campaign);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.type).toBe('CONTRACT_ERROR');
    expect(result.error.code).toBe(200);
    expect(result.error.issues).toContainEqual({
      path: ['deliverables', 0, 'content_markdown'],
      code: 'invalid_format',
      message: expect.stringMatching(/^must not be blank/),
    });
    expect(result.error.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^status: /),
        expect.stringMatching(/^deliverables\[0\]\.content_markdown: /),
      ]),
    );
    expect(result.error.message).toContain('deliverables[0].content_markdown');
  });

  it('a SUCCESS envelope without deliverables, a JSON array, a JSON string', async () => {
    for (const body of [{ ...successEnvelope(), deliverables: [] }, [1, 2], 'hello']) {
      backend.reset(() => HttpResponse.json(body));
      const result = await client.generateCampaign(campaign);
      expect(result.ok).toBe(false);
      expect(result.error?.type).toBe('CONTRACT_ERROR');
      expect(result.error?.issues?.length).toBeGreaterThan(0);
    }
  });
});

describe('non-2xx → HTTP_<status> with the message from the body', () => {
  const cases: [string, number, () => Response, string | RegExp][] = [
    [
      'body.message',
      500,
      () => HttpResponse.json({ message: 'database is down' }, { status: 500 }),
      'database is down',
    ],
    [
      'FastAPI detail string',
      404,
      () => HttpResponse.json({ detail: 'Not Found' }, { status: 404 }),
      'Not Found',
    ],
    [
      'FastAPI detail list of {loc,msg}',
      422,
      () =>
        HttpResponse.json(
          {
            detail: [
              { loc: ['body', 'budget'], msg: 'Input should be a valid number', type: 'float_parsing' },
              { loc: ['body', 'platforms', 0], msg: 'Field required', type: 'missing' },
            ],
          },
          { status: 422 },
        ),
      'body.budget: Input should be a valid number; body.platforms[0]: Field required',
    ],
    [
      'detail object with message',
      400,
      () => HttpResponse.json({ detail: { message: 'bad brief' } }, { status: 400 }),
      'bad brief',
    ],
    [
      'message wins over detail',
      409,
      () => HttpResponse.json({ message: 'm', detail: 'd' }, { status: 409 }),
      'm',
    ],
    [
      'FAILED envelope error.message',
      422,
      () => HttpResponse.json(failedEnvelope('budget: must not be negative'), { status: 422 }),
      'budget: must not be negative',
    ],
    [
      'plain text',
      502,
      () => new HttpResponse('upstream connect error', { status: 502 }),
      'upstream connect error',
    ],
    [
      'JSON without message → its text',
      418,
      () => HttpResponse.json({ code: 7 }, { status: 418 }),
      '{"code":7}',
    ],
    ['empty body', 503, () => new HttpResponse(null, { status: 503 }), /HTTP 503 without a readable message/],
    [
      'JSON content type with broken JSON → the text',
      500,
      () => new HttpResponse('{oops', { status: 500, headers: { 'content-type': 'application/json' } }),
      '{oops',
    ],
  ];
  for (const [name, status, reply, message] of cases) {
    it(`${status}: ${name}`, async () => {
      backend.reset(reply);
      const result = await client.generateCampaign(campaign);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.type).toBe(`HTTP_${status}`);
      expect(result.error.code).toBe(status);
      expect(result.status).toBe(status);
      if (typeof message === 'string') expect(result.error.message).toBe(message);
      else expect(result.error.message).toMatch(message);
      expect(backend.seen).toHaveLength(1);
    });
  }

  it('a long text body is cut to its first 500 characters; rawText keeps all of it', async () => {
    const long = `${'x'.repeat(499)}YZ${'z'.repeat(1000)}`;
    backend.reset(() => new HttpResponse(long, { status: 500, headers: { 'content-type': 'text/plain' } }));
    const result = await client.generateCampaign(campaign, { includeRawText: true });
    expect(result.error?.message).toBe(`${'x'.repeat(499)}Y`);
    expect(result.rawText).toBe(long);
  });

  it('a non-2xx FAILED envelope is kept on error.envelope', async () => {
    backend.reset(() => HttpResponse.json(failedEnvelope(), { status: 422 }));
    const result = await client.generateCampaign(campaign);
    expect(result.error?.envelope?.status).toBe('FAILED');
    expect(result.envelope).toBeUndefined();
  });
});

describe('timeout → TIMEOUT, code 504', () => {
  it('a backend slower than timeoutMs', async () => {
    backend.reset(async () => {
      await delay(2_000);
      return HttpResponse.json(successEnvelope());
    });
    const result = await client.generateCampaign(campaign, { timeoutMs: 50 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ type: 'TIMEOUT', code: 504 });
    expect(result.error?.message).toContain('50 ms');
    expect(result.status).toBeUndefined();
  });

  it('the client-level timeoutMs applies when the call has none', async () => {
    backend.reset(async () => {
      await delay(2_000);
      return HttpResponse.json(successEnvelope());
    });
    const quick = createBackendClient({ baseUrl: BASE, timeoutMs: 40 });
    expect((await quick.generateCampaign(campaign)).error?.type).toBe('TIMEOUT');
  });
});

describe('connection refused / DNS → CONNECTION_ERROR, code 503', () => {
  it('network error', async () => {
    backend.reset(() => HttpResponse.error());
    const result = await client.generateCampaign(campaign);
    expect(result.error).toMatchObject({ type: 'CONNECTION_ERROR', code: 503 });
    expect(result.error?.message).toContain('http://backend.test');
    expect(result.status).toBeUndefined();
  });

  it('never leaks credentials of the base URL into the message', async () => {
    const withUser = createBackendClient({ baseUrl: 'http://user:hunter2@backend.test' });
    backend.reset(() => HttpResponse.error());
    const fetchFails = createBackendClient({
      baseUrl: 'http://user:hunter2@backend.test',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    for (const result of [
      await withUser.generateCampaign(campaign),
      await fetchFails.generateCampaign(campaign),
    ]) {
      expect(JSON.stringify(result)).not.toContain('hunter2');
    }
  });
});

describe('network errors as each runtime words them (a fetch rejecting with TypeError)', () => {
  const messages = [
    'fetch failed', // Node (undici)
    'Failed to fetch', // Chrome
    'NetworkError when attempting to fetch resource.', // Firefox
    'Load failed', // Safari
    'ECONNREFUSED: Unable to connect. Is the computer able to access the url?', // Bun
    'error sending request for url (http://backend.test/): client error (Connect)', // Deno
    'Network connection lost', // Cloudflare Workers
    'some future wording', // any TypeError from fetch is a network error (Fetch standard)
  ];
  it.each(messages)('%s → CONNECTION_ERROR', async (message) => {
    const failing = createBackendClient({
      baseUrl: BASE,
      fetch: async () => {
        throw new TypeError(message);
      },
    });
    expect((await failing.generateCampaign(campaign)).error).toMatchObject({
      type: 'CONNECTION_ERROR',
      code: 503,
    });
  });

  it('such failures are retried when retries are on', async () => {
    let calls = 0;
    const flaky = createBackendClient({
      baseUrl: BASE,
      maxRetries: 2,
      backoff: { maxDelayMs: 1 },
      fetch: async (input) => {
        calls += 1;
        if (calls === 1) throw new TypeError('ECONNREFUSED: Unable to connect.');
        const traceId = input instanceof Request ? (input.headers.get('x-trace-id') ?? undefined) : undefined;
        return Response.json(successEnvelope(traceId));
      },
    });
    const result = await flaky.generateCampaign(campaign);
    expect(result.ok).toBe(true);
    expect(calls).toBe(2);
  });

  it('a body stream that fails with TypeError mid-read → CONNECTION_ERROR (status kept)', async () => {
    const cut = createBackendClient({
      baseUrl: BASE,
      fetch: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"status":'));
              controller.error(new TypeError('terminated'));
            },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
    });
    const result = await cut.generateCampaign(campaign);
    expect(result.error).toMatchObject({ type: 'CONNECTION_ERROR' });
    expect(result.status).toBe(200);
  });
});

describe('anything else → INTERNAL_ERROR, code 500', () => {
  it('a fetch that throws something unexpected', async () => {
    const weird = createBackendClient({
      baseUrl: BASE,
      fetch: async () => {
        throw new RangeError('kaboom with secret sk-live-123');
      },
    });
    const result = await weird.generateCampaign(campaign);
    expect(result.error).toMatchObject({ type: 'INTERNAL_ERROR', code: 500 });
    expect(result.error?.message).toContain('RangeError');
    expect(result.error?.message).not.toContain('sk-live-123');
  });

  it('a fetch that returns something that is not a Response', async () => {
    const weird = createBackendClient({ baseUrl: BASE, fetch: async () => 42 as unknown as Response });
    const result = await weird.generateCampaign(campaign);
    expect(result.ok).toBe(false);
    expect(result.error?.type).toBe('INTERNAL_ERROR');
  });
});

describe('no URL configured → CONFIGURATION_ERROR, code 503', () => {
  it('nothing in env, no baseUrl', async () => {
    const result = await backendPostJson(GENERATE, campaign, { env: {} });
    expect(result.error).toMatchObject({ type: 'CONFIGURATION_ERROR', code: 503 });
    expect(result.error?.message).toMatch(/BACKEND_URL/);
    expect(backend.seen).toHaveLength(0);
  });

  it('blank values count as unset; a client reads env at each call', async () => {
    const env: Record<string, string | undefined> = { BACKEND_URL: '  ', AICMO_BACKEND_URL: '' };
    const lazy = createBackendClient({ env });
    expect((await lazy.generateCampaign(campaign)).error?.type).toBe('CONFIGURATION_ERROR');
    env.AICMO_BACKEND_URL = `${BASE}/`;
    const result = await lazy.generateCampaign(campaign);
    expect(result.ok).toBe(true);
  });

  it('an unusable URL is a configuration error too (and is not echoed)', async () => {
    const result = await backendPostJson(GENERATE, campaign, { baseUrl: 'backend-without-scheme:secret@' });
    expect(result.error?.type).toBe('CONFIGURATION_ERROR');
    expect(result.error?.message).not.toContain('secret');
  });
});

describe('the caller aborts → ABORTED (code 499), distinct from TIMEOUT', () => {
  it('mid-flight', async () => {
    backend.reset(async () => {
      await delay(2_000);
      return HttpResponse.json(successEnvelope());
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const result = await client.generateCampaign(campaign, { signal: controller.signal, timeoutMs: 5_000 });
    expect(result.error).toMatchObject({ type: 'ABORTED', code: 499 });
  });

  it('already aborted: nothing is answered', async () => {
    const result = await client.generateCampaign(campaign, { signal: AbortSignal.abort() });
    expect(result.error?.type).toBe('ABORTED');
  });

  it("the caller's own AbortSignal.timeout is an abort, not the client's TIMEOUT", async () => {
    backend.reset(async () => {
      await delay(2_000);
      return HttpResponse.json(successEnvelope());
    });
    const result = await client.generateCampaign(campaign, { signal: AbortSignal.timeout(30) });
    expect(result.error?.type).toBe('ABORTED');
    expect(result.error?.message).toContain('TimeoutError');
  });
});
