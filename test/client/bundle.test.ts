/**
 * The built client entry (dist/client/index.js, from `npm run build`) bundled
 * for the browser with esbuild, no externals: it must contain no Node
 * built-in, and run in a bare vm context that has web globals only (no
 * process, require, Buffer), with fetch mocked.
 */
import { runInContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_CASES, measureBundle } from '../../scripts/bundle-size.js';
import type * as ClientModule from '../../src/client/index.js';
import { bundleDistEntry, webContext } from '../helpers/bundle.js';
import { campaign, successEnvelope, UUID_V4 } from './helpers.js';

let code = '';
let esmCode = '';

beforeAll(async () => {
  [code, esmCode] = await Promise.all([
    bundleDistEntry('client', { format: 'iife', globalName: 'aicmoClient' }),
    bundleDistEntry('client', { format: 'esm', minify: true }),
  ]);
});

function load(fetch: typeof globalThis.fetch) {
  const context = webContext({ fetch });
  runInContext(`${code}\n;globalThis.aicmoClient = aicmoClient;`, context, {
    filename: 'aicmo-client.browser.js',
  });
  return { client: context.aicmoClient as typeof ClientModule, context };
}

describe('the built client entry in a browser-like runtime', () => {
  it('bundles for the browser with no Node built-in', () => {
    for (const bundle of [code, esmCode]) {
      expect(bundle).not.toMatch(/["'`]node:/);
      expect(bundle).not.toMatch(/\brequire\(/);
      expect(bundle).not.toMatch(/\bprocess\.env\b(?!\s*\?)/);
    }
    // ky + zod + the envelope schema; the gzip budgets are checked below
    expect(esmCode.length).toBeLessThan(200_000);
  });

  it.each(BUNDLE_CASES)('stays within its gzip budget: $name', async (c) => {
    const size = await measureBundle(c);
    expect(size.gzip).toBeGreaterThan(5_000); // zod is in it: a broken build is not "small"
    // a first call that loads a chunk counts it (the campaigns schema of `generate('campaigns', …)`)
    if (c.firstCall !== undefined) expect(size.firstCallGzip).toBeGreaterThan(300);
    expect(size.totalGzip).toBe(size.gzip + size.firstCallGzip);
    expect(size.totalGzip).toBeLessThanOrEqual(c.budgetGzip);
  });

  it('runs with web globals only: success, HTTP error, connection error, timeout and no URL', async () => {
    const sent: Request[] = [];
    const fetch = (async (input: Request) => {
      sent.push(input);
      const url = new URL(input.url);
      if (url.pathname === '/fail') return Response.json({ detail: 'nope' }, { status: 500 });
      if (url.pathname === '/down') throw new TypeError('Failed to fetch');
      if (url.pathname === '/slow') return new Promise<Response>(() => {});
      return Response.json(successEnvelope(input.headers.get('x-trace-id') ?? undefined));
    }) as unknown as typeof globalThis.fetch;
    const { client: mod, context } = load(fetch);
    expect(runInContext('typeof process + typeof require + typeof Buffer + typeof global', context)).toBe(
      'undefinedundefinedundefinedundefined',
    );

    const client = mod.createBackendClient({ baseUrl: 'https://api.example.com', fetch, timeoutMs: 2_000 });
    const ok = await client.generateCampaign(campaign);
    expect(ok.ok).toBe(true);
    expect(ok.traceId).toMatch(UUID_V4);
    expect(sent[0]?.headers.get('x-trace-id')).toBe(ok.traceId);
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');

    expect((await client.postJson('/fail', {})).error).toMatchObject({ type: 'HTTP_500', message: 'nope' });
    expect((await client.postJson('/down', {})).error?.type).toBe('CONNECTION_ERROR');
    expect((await client.postJson('/slow', {}, { timeoutMs: 50 })).error?.type).toBe('TIMEOUT');
    const aborted = await client.postJson('/slow', {}, { signal: AbortSignal.timeout(30) });
    expect(aborted.error?.type).toBe('ABORTED');

    // No process.env in a browser: getBackendUrl() is undefined, calls say CONFIGURATION_ERROR.
    expect(mod.getBackendUrl()).toBeUndefined();
    const unconfigured = await mod.backendPostJson('/api/v1/campaigns/generate', campaign, { fetch });
    expect(unconfigured.error?.type).toBe('CONFIGURATION_ERROR');
  });
});
