/**
 * The review page server without a browser: static files from the allowed
 * folders only, the import map's targets exist, and the API is passed through.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReviewUiServer, startReviewUiServer } from '../../examples/review-ui/serve.js';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { ROOT, snapshotDist } from './dist.js';

describe('review page server', () => {
  let server: ReviewUiServer;
  let dist: ReturnType<typeof snapshotDist> | undefined;

  beforeAll(async () => {
    dist = snapshotDist();
    server = await startReviewUiServer({ port: 0, distDir: dist.dir });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    dist?.cleanup();
  });

  it('serves the page with the right content types', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const script = await fetch(`${server.url}/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${server.url}/style.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('every import map target exists', async () => {
    const html = readFileSync(join(ROOT, 'examples', 'review-ui', 'index.html'), 'utf8');
    const map = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}') as {
      imports: Record<string, string>;
    };
    expect(Object.keys(map.imports).sort()).toEqual([
      'aicmo/client',
      'aicmo/workflow',
      'eventsource-parser',
      'ky',
      'zod',
      'zod/locales',
      'zod/mini',
    ]);
    for (const target of Object.values(map.imports)) {
      const response = await fetch(`${server.url}${target}`);
      expect(response.status, target).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    }
  });

  it('the bundles the page loads use no Node built-ins', async () => {
    for (const entry of ['/dist/client/index.js', '/dist/workflow/index.js']) {
      expect(await (await fetch(`${server.url}${entry}`)).text()).not.toMatch(/from ['"]node:/);
    }
  });

  it('never serves files outside its folders, nor unlisted types', async () => {
    for (const path of [
      '/..%2f..%2fpackage.json',
      '/..%2fserve.ts',
      '/serve.ts',
      '/dist/..%2f..%2ftsconfig.json',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('"devDependencies"');
    }
  });

  it('passes the API through to the reference handler', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const generated = await fetch(`${server.url}/api/v1/campaigns/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        campaign_name: 'Spring Launch',
        objectives: ['Awareness'],
        platforms: ['LinkedIn'],
        budget: 100,
        timeline_days: 7,
      }),
    });
    expect(generated.status).toBe(200);
    expect(validateDeliverablesEnvelope(await generated.json()).valid).toBe(true);
  });
});
