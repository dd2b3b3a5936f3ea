/**
 * The built client entry in real headless Chromium (Debian's `chromium`,
 * driven by playwright-core; skipped when absent, but failing in CI): the
 * page imports the browser bundle and calls a node:http backend on 127.0.0.1 with the real
 * browser fetch, crypto.randomUUID and AbortSignal. Success, HTTP error,
 * connection refused, timeout and abort come back as typed results.
 */
import { createServer, type Server } from 'node:http';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ClientModule from '../../src/client/index.js';
import { bundleDistEntry } from '../helpers/bundle.js';
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../helpers/chromium.js';
import { closeServer, listenOnLoopback, refusedOrigin } from '../helpers/loopback.js';
import { campaign, successEnvelope, UUID_V4 } from './helpers.js';

const SUITE = 'aicmo/client in headless Chromium';

describe.skipIf(!chromiumAvailable(SUITE))(SUITE, () => {
  let server: Server;
  let origin: string;
  let closedOrigin: string;
  let browser: LaunchedChromium;
  let context: BrowserContext;
  const traceIds: string[] = [];

  beforeAll(async () => {
    const bundle = await bundleDistEntry('client', { format: 'iife', globalName: 'aicmoClient' });
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>aicmo client</title><script src="/aicmo-client.js"></script>');
        return;
      }
      if (path === '/aicmo-client.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(bundle);
        return;
      }
      const traceId = String(req.headers['x-trace-id'] ?? '');
      traceIds.push(traceId);
      req.resume();
      req.on('end', () => {
        if (path === '/api/v1/campaigns/generate') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(successEnvelope(traceId)));
        } else if (path === '/fail') {
          res.writeHead(422, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ detail: [{ loc: ['body', 'budget'], msg: 'Field required' }] }));
        } else if (path === '/not-json') {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html>proxy page</html>');
        }
        // '/hang': never answer
      });
    });
    origin = await listenOnLoopback(server);
    closedOrigin = await refusedOrigin();
    browser = await launchChromium('client');
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it('every outcome is a typed result, with a fresh v4 trace id', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${origin}/`);
    const results = await page.evaluate(
      async ({ request, closedOrigin }) => {
        const mod = (globalThis as unknown as { aicmoClient: typeof ClientModule }).aicmoClient;
        const client = mod.createBackendClient({ baseUrl: location.origin, timeoutMs: 5_000 });
        const pick = (r: { ok: boolean; traceId: string; error?: { type: string; message: string } }) => ({
          ok: r.ok,
          traceId: r.traceId,
          type: r.error?.type,
          message: r.error?.message,
        });
        return {
          ok: pick(await client.generateCampaign(request)),
          ok2: pick(await client.generateCampaign(request)),
          http: pick(await client.postJson('/fail', {})),
          parse: pick(await client.postJson('/not-json', {})),
          refused: pick(await mod.backendPostJson('/x', {}, { baseUrl: closedOrigin })),
          timeout: pick(await client.postJson('/hang', {}, { timeoutMs: 100 })),
          aborted: pick(await client.postJson('/hang', {}, { signal: AbortSignal.timeout(50) })),
          unconfigured: pick(await mod.backendPostJson('/x', {})),
          hasProcess: typeof (globalThis as { process?: unknown }).process,
        };
      },
      { request: campaign, closedOrigin },
    );
    expect(pageErrors).toEqual([]);
    expect(results.hasProcess).toBe('undefined');
    expect(results.ok).toMatchObject({ ok: true });
    expect(results.ok.traceId).toMatch(UUID_V4);
    expect(results.ok2.traceId).not.toBe(results.ok.traceId);
    expect(traceIds).toContain(results.ok.traceId);
    expect(results.http).toMatchObject({
      ok: false,
      type: 'HTTP_422',
      message: 'body.budget: Field required',
    });
    expect(results.parse).toMatchObject({ type: 'RESPONSE_PARSE_ERROR' });
    expect(results.refused).toMatchObject({ type: 'CONNECTION_ERROR' });
    expect(results.timeout).toMatchObject({ type: 'TIMEOUT' });
    expect(results.aborted).toMatchObject({ type: 'ABORTED' });
    expect(results.unconfigured).toMatchObject({ type: 'CONFIGURATION_ERROR' });
  }, 60_000);
});
