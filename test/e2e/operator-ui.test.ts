/**
 * The operator page in real headless Chromium (skipped without Chromium, but
 * failing in CI): approve intake, strategy and creatives; amend and re-approve
 * intake, after which strategy and creatives are flagged; the page survives a
 * reload and a server restart (engagements in a node:sqlite file); export,
 * asserting the file's contents.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReviewUiServer, startReviewUiServer } from '../../examples/review-ui/serve.js';
import { ProviderChain, stubProvider } from '../../src/providers/index.js';
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../helpers/chromium.js';
import { ROOT, snapshotDist } from './dist.js';

const SUITE = 'operator page in headless Chromium';
const AMENDED = 'Amended positioning: the planner for busy marketing teams.';

describe.skipIf(!chromiumAvailable(SUITE))(SUITE, () => {
  const dbDir = mkdtempSync(join(tmpdir(), 'aicmo-operator-'));
  const engagementDb = join(dbDir, 'operator.db');
  let server: ReviewUiServer;
  let dist: ReturnType<typeof snapshotDist> | undefined;
  let context: BrowserContext;
  let browser: LaunchedChromium;
  let port = 0;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dist = snapshotDist();
    server = await startReviewUiServer({ port: 0, distDir: dist.dir, engagementDb });
    port = Number(new URL(server.url).port);
    browser = await launchChromium('operator', {
      acceptDownloads: true,
      viewport: { width: 1100, height: 900 },
    });
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dist?.cleanup();
    rmSync(dbDir, { recursive: true, force: true });
  });

  const tabBadge = (page: Page, module: string) =>
    page.locator(`.tab[data-module="${module}"] .badge`).textContent();
  const panel = (page: Page) => page.locator('#panel .module');

  async function open(page: Page, module: string) {
    await page.click(`.tab[data-module="${module}"]`);
    await expect.poll(() => panel(page).getAttribute('data-module')).toBe(module);
  }

  async function generateAndApprove(page: Page, module: string) {
    await open(page, module);
    await page.click('#panel [data-action="generate"]');
    await expect.poll(() => tabBadge(page, module)).toBe('draft');
    await page.click('#panel [data-action="approve-all"]');
    await expect.poll(() => tabBadge(page, module)).toBe('approved');
  }

  it('gates, approves, flags stale artifacts, survives reload and restart, and exports', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/operator.html`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.fill('input[name="client_name"]', 'Acme Corp');
    await page.click('#create');
    await expect.poll(() => page.locator('.tab').count()).toBe(10);

    // Gated: strategy cannot be generated before intake is approved, and says why.
    await open(page, 'strategy');
    expect(await page.locator('#panel [data-action="generate"]').isDisabled()).toBe(true);
    expect(await page.locator('#panel .gate-reason').textContent()).toBe('Needs approved intake');

    // 1. Approve intake, strategy and creatives.
    await generateAndApprove(page, 'intake');
    await generateAndApprove(page, 'strategy');
    await generateAndApprove(page, 'creatives');

    // 2. Amend and re-approve intake: strategy and creatives are flagged.
    await open(page, 'intake');
    await page.click('#panel [data-action="reopen"]');
    await expect.poll(() => tabBadge(page, 'intake')).toBe('revised');
    const first = page.locator('#panel .deliverable').first();
    await first.locator('textarea').fill(AMENDED);
    await first.locator('[data-action="amend"]').click();
    await expect
      .poll(() => page.locator('#panel .deliverable').first().getAttribute('data-status'))
      .toBe('amended');
    await page.click('#panel [data-action="approve-all"]');
    await expect.poll(() => tabBadge(page, 'intake')).toBe('approved');
    await expect.poll(() => tabBadge(page, 'strategy')).toBe('flagged_for_review · stale');
    await expect.poll(() => tabBadge(page, 'creatives')).toBe('flagged_for_review');
    await open(page, 'strategy');
    expect(await page.locator('#panel .stale-badge').isVisible()).toBe(true);
    // Execution needs approved strategy and creatives again.
    await open(page, 'execution');
    expect(await page.locator('#panel .gate-reason').textContent()).toBe(
      'Needs approved strategy, creatives',
    );

    // It survives a page reload and a server restart (same file, same port).
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await expect.poll(() => tabBadge(page, 'strategy')).toBe('flagged_for_review · stale');
    await server.close();
    server = await startReviewUiServer({ port, distDir: dist?.dir as string, engagementDb });
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await expect.poll(() => tabBadge(page, 'intake')).toBe('approved');
    await expect.poll(() => tabBadge(page, 'creatives')).toBe('flagged_for_review');

    // 3. Export, asserting the file's contents.
    const pending = page.waitForEvent('download');
    await page.click('#export-md');
    const download = await pending;
    const text = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toBe('aicmo-acme-corp-engagement.md');
    expect(text).toContain('# Acme Corp');
    expect(text).toContain('## Intake');
    expect(text).toContain(AMENDED);
    expect(text).toContain('## Strategy');
    expect(text).toContain('## Creatives');
    expect(text).toMatch(/Built from: intake v\d+/);

    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'operator-ui.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the text of each deliverable while a module generates (a slow stub upstream), then the saved draft', async () => {
    const chain = new ProviderChain({
      providers: [stubProvider({ name: 'stub', model: 'stub-1', chunkDelayMs: 40 })],
    });
    const slow = await startReviewUiServer({ port: 0, distDir: dist?.dir as string, chain });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(`${slow.url}/operator.html`);
      await page.waitForSelector('html[data-ready="true"]');
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
      await page.fill('input[name="client_name"]', 'Live Corp');
      await page.click('#create');
      await expect.poll(() => page.locator('.tab').count()).toBe(10);
      await open(page, 'intake');
      await page.click('#panel [data-action="generate"]');

      // Partial text on screen while the artifact is not saved yet.
      const firstText = page.locator('#panel .live .live-text').filter({ hasText: /\S/ }).first();
      await firstText.waitFor();
      const partial = (await firstText.textContent()) ?? '';
      const badgeThen = await tabBadge(page, 'intake');
      expect(partial.trim().length).toBeGreaterThan(0);
      expect(badgeThen).toBe('—');

      // Then the saved draft replaces the live view, with the whole texts.
      await expect.poll(() => tabBadge(page, 'intake'), { timeout: 60_000 }).toBe('draft');
      expect(await page.locator('#panel .live').isHidden()).toBe(true);
      const contents = await page
        .locator('#panel .deliverable textarea')
        .evaluateAll((nodes) => nodes.map((n) => (n as HTMLTextAreaElement).value));
      expect(Math.max(...contents.map((c) => c.length))).toBeGreaterThan(partial.length);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await slow.close();
    }
  }, 90_000);
});
