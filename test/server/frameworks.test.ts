/**
 * The framework examples (examples/frameworks/) as real servers on
 * 127.0.0.1: Express behind express.json(), Fastify, Hono on
 * @hono/node-server behind a body-reading middleware, and the Next.js route
 * handlers called with a `Request`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressApp } from '../../examples/frameworks/express.js';
import { createFastifyApp } from '../../examples/frameworks/fastify.js';
import { createHonoApp } from '../../examples/frameworks/hono.js';
import { GET, POST } from '../../examples/frameworks/next-route.js';
import { createReferenceHandler, toNodeListener } from '../../src/server/index.js';
import { CAMPAIGN, envelopeOf, stubChain } from './helpers.js';

const GENERATE = '/api/v1/campaigns/generate';
const body = JSON.stringify(CAMPAIGN);
const json = { 'content-type': 'application/json' };

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The answers every framework must give, at `base` (the aicmo mount point). */
async function checkMount(base: string) {
  const ok = await fetch(`${base}${GENERATE}`, {
    method: 'POST',
    headers: { ...json, 'x-trace-id': 'fw-1' },
    body,
  });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('x-trace-id')).toBe('fw-1');
  expect((await envelopeOf(ok)).status).toBe('SUCCESS');
  const invalid = await fetch(`${base}${GENERATE}`, {
    method: 'POST',
    headers: json,
    body: '{"campaign_name":"x"}',
  });
  expect(invalid.status).toBe(422);
  expect((await envelopeOf(invalid)).error?.type).toBe('VALIDATION_ERROR');
  const text = await fetch(`${base}${GENERATE}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  });
  expect(text.status).toBe(415);
  await envelopeOf(text);
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { status: string }).status).toBe('ok');
}

describe('Express', () => {
  it('behind express.json(), the adapter uses req.body (no 30 s wait, no 408)', async () => {
    const base = await listen(createServer(createExpressApp(stubChain())));
    await checkMount(`${base}/aicmo`);
    const other = await fetch(`${base}/`);
    expect(await other.json()).toEqual({ hello: 'from Express' });
  });

  it('a middleware that reads the body and keeps nothing gets a 500 naming the cause, at once', async () => {
    const app = express();
    app.use((req, _res, next) => {
      req.on('end', () => next());
      req.resume();
    });
    const onError: unknown[] = [];
    app.use(
      toNodeListener(createReferenceHandler({ chain: stubChain() }), { onError: (e) => onError.push(e) }),
    );
    const base = await listen(createServer(app));
    const response = await fetch(`${base}${GENERATE}`, { method: 'POST', headers: json, body });
    expect(response.status).toBe(500);
    const error = (await envelopeOf(response)).error;
    expect(error?.type).toBe('BODY_ALREADY_READ');
    expect(String(error?.message)).toContain('middleware');
    expect(onError).toHaveLength(1);
  });
});

describe('Fastify', () => {
  it('serves aicmo under /aicmo with its own body handling', async () => {
    const app = createFastifyApp(stubChain());
    cleanups.push(() => app.close());
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    await checkMount(`${base}/aicmo`);
    const big = await fetch(`${base}/aicmo${GENERATE}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...CAMPAIGN, notes: 'n'.repeat(2_000_000) }),
    });
    expect(big.status).toBe(413);
    await envelopeOf(big);
    expect(await (await fetch(`${base}/`)).json()).toEqual({ hello: 'from Fastify' });
  });
});

describe('Hono', () => {
  async function serveHono(app: Hono): Promise<string> {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('behind a middleware that read the body, the route hands aicmo the body Hono cached', async () => {
    const base = await serveHono(createHonoApp(stubChain()));
    await checkMount(`${base}/aicmo`);
  });

  it('handed the already-read raw request, the handler says so (500 BODY_ALREADY_READ), not "invalid JSON"', async () => {
    const app = new Hono();
    const handler = createReferenceHandler({ chain: stubChain() });
    app.use('*', async (c, next) => {
      await c.req.json();
      await next();
    });
    app.post(GENERATE, (c) => handler(c.req.raw));
    const base = await serveHono(app);
    const response = await fetch(`${base}${GENERATE}`, { method: 'POST', headers: json, body });
    expect(response.status).toBe(500);
    expect((await envelopeOf(response)).error?.type).toBe('BODY_ALREADY_READ');
  });
});

describe('Next.js route handlers', () => {
  const base = 'http://localhost:3000/api/campaign';

  it('the exported POST and GET answer under the route path (basePath)', async () => {
    const ok = await POST(new Request(`${base}${GENERATE}`, { method: 'POST', headers: json, body }));
    expect(ok.status).toBe(200);
    expect((await envelopeOf(ok)).status).toBe('SUCCESS');
    const invalid = await POST(
      new Request(`${base}${GENERATE}`, { method: 'POST', headers: json, body: '{}' }),
    );
    expect(invalid.status).toBe(422);
    expect((await GET(new Request(`${base}/health`))).status).toBe(200);
    const outside = await GET(new Request('http://localhost:3000/health'));
    expect(outside.status).toBe(404);
    await envelopeOf(outside);
  });
});
