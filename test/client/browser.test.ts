/**
 * The built client entry in real headless Chromium (Debian's `chromium`,
 * driven by playwright-core; skipped when absent): the page imports the
 * browser bundle and calls a node:http backend on 127.0.0.1 with the real
 * browser fetch, crypto.randomUUID and AbortSignal. Success, HTTP error,
 * connection refused, timeout and abort come back as typed results.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ClientModule from '../../src/client/index.js';
import { campaign, successEnvelope, UUID_V4 } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const entry = fileURLToPath(new URL('../../dist/client/index.js', import.meta.url));

describe.skipIf(!existsSync(CHROMIUM))('aicmo/client in headless Chromium', () => {
  let server: Server;
  let origin: string;
  let closedOrigin: string;
  let context: BrowserContext;
  let userDataDir: string;
  const traceIds: string[] = [];

  beforeAll(async () => {
    if (!existsSync(entry)) throw new Error('dist/client/index.js is missing: run `npm run build` first.');
    const bundled = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'aicmoClient',
      write: false,
      logLevel: 'silent',
    });
    const bundle = bundled.outputFiles?.[0]?.text ?? '';
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
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    userDataDir = mkdtempSync(join(tmpdir(), 'aicmo-client-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
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
