import { describe, expect, it } from 'vitest';
import { ProviderChain, stubProvider } from '../../src/providers/index.js';
import { createReferenceHandler } from '../../src/server/index.js';
import { CAMPAIGN, envelopeOf, post, stubChain } from './helpers.js';

const BASE = 'http://api.test';
const GENERATE = `${BASE}/api/v1/campaigns/generate`;

describe('createReferenceHandler', () => {
  const handler = createReferenceHandler({ chain: stubChain() });

  it('generates a campaign on POST /api/v1/campaigns/generate', async () => {
    const response = await handler(post(CAMPAIGN, { 'X-Trace-ID': 'ref-1' }, GENERATE));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace-id')).toBe('ref-1');
    const body = await envelopeOf(response);
    expect(body.status).toBe('SUCCESS');
    expect(body.meta.trace_id).toBe('ref-1');
    expect(body.deliverables.map((d) => d.kind)).toEqual(['campaign_brief', 'linkedin_post', 'email_copy']);
  });

  it('accepts a trailing slash', async () => {
    expect((await handler(post(CAMPAIGN, {}, `${GENERATE}/`))).status).toBe(200);
  });

  it('answers 422 and 405 on the generate route', async () => {
    const invalid = await handler(post({ campaign_name: 'x' }, {}, GENERATE));
    expect(invalid.status).toBe(422);
    const details = ((await envelopeOf(invalid)).error?.details ?? {}) as {
      issues: Array<{ path: string[] }>;
    };
    const paths = details.issues.map((i) => i.path);
    expect(paths).toEqual([['objectives'], ['platforms']]);
    expect((await handler(new Request(GENERATE))).status).toBe(405);
  });

  it('reports provider names and states on GET /health, nothing more by default', async () => {
    const response = await handler(new Request(`${BASE}/health`));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; providers: Array<Record<string, unknown>> };
    expect(body.status).toBe('ok');
    expect(body.providers).toEqual([
      { name: 'stub', health: expect.any(String), circuit: 'closed', available: true },
    ]);
    const head = await handler(new Request(`${BASE}/health`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const wrong = await handler(new Request(`${BASE}/health`, { method: 'POST' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers /health 503 "unavailable" when every provider is down, 200 "degraded" while one can serve', async () => {
    const failing = createReferenceHandler({
      chain: new ProviderChain({
        providers: [
          stubProvider({ name: 'a', failures: () => 'server' }),
          stubProvider({ name: 'b', failures: () => 'server' }),
        ],
        maxRetries: 0,
      }),
    });
    for (let i = 0; i < 3; i++) await failing(post(CAMPAIGN, {}, GENERATE));
    const response = await failing(new Request(`${BASE}/health`));
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; providers: Array<Record<string, unknown>> };
    expect(body.status).toBe('unavailable');
    expect(body.providers.map((p) => p.available)).toEqual([false, false]);
    expect(body.providers.every((p) => !('error' in p) && !('last_failure' in p))).toBe(true);
    const head = await failing(new Request(`${BASE}/health`, { method: 'HEAD' }));
    expect(head.status).toBe(503);

    const mixed = createReferenceHandler({
      chain: new ProviderChain({
        providers: [stubProvider({ name: 'down', failures: () => 'server' }), stubProvider({ name: 'up' })],
        maxRetries: 0,
      }),
    });
    for (let i = 0; i < 3; i++) await mixed(post(CAMPAIGN, {}, GENERATE));
    const degraded = await mixed(new Request(`${BASE}/health`));
    expect(degraded.status).toBe(200);
    expect(((await degraded.json()) as { status: string }).status).toBe('degraded');
  });

  it('adds the whole status report (last error and all) to /health only with healthDetails', async () => {
    const chain = stubChain({ failures: () => 'server' });
    const detailed = createReferenceHandler({ chain, healthDetails: true });
    await detailed(post(CAMPAIGN, {}, GENERATE));
    const body = (await (await detailed(new Request(`${BASE}/health`))).json()) as {
      providers: Array<{ name: string; error: string | null; error_kind: string | null; available: boolean }>;
    };
    expect(body.providers[0]).toMatchObject({ name: 'stub', model: 'stub-1', available: false });
    expect(body.providers[0]?.error_kind).toEqual(expect.any(String));
    expect(body.providers[0]?.error).toEqual(expect.any(String));
  });

  it('answers 404 with a FAILED-style body listing the routes', async () => {
    const response = await handler(new Request(`${BASE}/api/v1/nope`, { headers: { 'X-Trace-ID': 'nf-1' } }));
    expect(response.status).toBe(404);
    const body = await envelopeOf(response);
    expect(body.error).toMatchObject({ type: 'NOT_FOUND', code: 404, trace_id: 'nf-1' });
    expect(String(body.error?.message)).toContain('/api/v1/<module>/generate');
  });

  it('sends no CORS headers and does not answer preflights when CORS is off', async () => {
    const response = await handler(post(CAMPAIGN, { origin: 'https://app.example.com' }, GENERATE));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await handler(
      new Request(GENERATE, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
      }),
    );
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('createReferenceHandler with CORS', () => {
  const preflight = (origin: string) =>
    new Request(GENERATE, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-trace-id',
      },
    });

  it('answers preflights and tags responses for allowed origins', async () => {
    const handler = createReferenceHandler({ chain: stubChain(), cors: ['https://app.example.com'] });
    const ok = await handler(preflight('https://app.example.com'));
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/X-Trace-ID/i);
    expect(ok.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers');

    const response = await handler(post(CAMPAIGN, { origin: 'https://app.example.com' }, GENERATE));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/X-Trace-ID/i);
  });

  it('reflects the headers a browser asks for (a client with its own Authorization header)', async () => {
    const handler = createReferenceHandler({ chain: stubChain(), cors: ['https://app.example.com'] });
    const ask = (headers: string | undefined) =>
      handler(
        new Request(GENERATE, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://app.example.com',
            'access-control-request-method': 'POST',
            ...(headers !== undefined && { 'access-control-request-headers': headers }),
          },
        }),
      );
    const withAuth = await ask('authorization, content-type, x-trace-id');
    expect(withAuth.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-trace-id',
    );
    // nothing asked, or a malformed list: the two headers the client sends
    for (const headers of [undefined, 'bad header;, x']) {
      const answer = await ask(headers);
      expect(answer.headers.get('access-control-allow-headers')).toBe('Content-Type, X-Trace-ID');
    }
  });

  it('does not allow other origins', async () => {
    const handler = createReferenceHandler({ chain: stubChain(), cors: ['https://app.example.com'] });
    const denied = await handler(preflight('https://evil.example'));
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const response = await handler(post(CAMPAIGN, { origin: 'https://evil.example' }, GENERATE));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows any origin with cors: true', async () => {
    const handler = createReferenceHandler({ chain: stubChain(), cors: true });
    const ok = await handler(preflight('https://anything.example'));
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    const health = await handler(new Request(`${BASE}/health`, { headers: { origin: 'https://x.example' } }));
    expect(health.headers.get('access-control-allow-origin')).toBe('*');
  });
});
