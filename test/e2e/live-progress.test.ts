/**
 * Live progress in real headless Chromium (skipped when absent, failing in
 * CI): the review page, on a slow stub upstream, shows each deliverable's
 * text while the run is still going, then the drafts once it completes.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReviewUiServer, startReviewUiServer } from '../../examples/review-ui/serve.js';
import { ProviderChain, stubProvider } from '../../src/providers/index.js';
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../helpers/chromium.js';
import { snapshotDist } from './dist.js';

const SUITE = 'live progress on the review page in headless Chromium';

describe.skipIf(!chromiumAvailable(SUITE))(SUITE, () => {
  let server: ReviewUiServer;
  let dist: ReturnType<typeof snapshotDist> | undefined;
  let browser: LaunchedChromium;
  let context: BrowserContext;

  beforeAll(async () => {
    dist = snapshotDist();
    const chain = new ProviderChain({
      providers: [stubProvider({ name: 'stub', model: 'stub-1', chunkDelayMs: 40 })],
    });
    server = await startReviewUiServer({ port: 0, distDir: dist.dir, chain });
    browser = await launchChromium('live-progress', { viewport: { width: 1100, height: 900 } });
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dist?.cleanup();
  });

  it('shows partial text of the deliverables before the run completes', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.click('#generate');

    // The first text on screen, and what the page says at that moment.
    const firstText = page.locator('#live .live-text').filter({ hasText: /\S/ }).first();
    await firstText.waitFor();
    const partial = (await firstText.textContent()) ?? '';
    const statusThen = await page.locator('#status').textContent();
    const reviewHiddenThen = await page.locator('#review-panel').isHidden();
    expect(partial.trim().length).toBeGreaterThan(0);
    expect(statusThen).toBe('Generating…');
    expect(reviewHiddenThen).toBe(true);

    // Then the run completes: the drafts hold the whole texts, longer than what was shown first.
    await expect
      .poll(() => page.locator('#status').textContent(), { timeout: 60_000 })
      .toMatch(/drafts from stub/);
    const contents = await page
      .locator('.item .content')
      .evaluateAll((nodes) => nodes.map((n) => (n as HTMLTextAreaElement).value));
    expect(contents.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...contents.map((c) => c.length))).toBeGreaterThan(partial.length);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
