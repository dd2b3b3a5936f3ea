/**
 * End to end in real headless Chromium (Debian's `chromium` at /usr/bin/chromium,
 * driven by playwright-core; skipped when absent, but failing in CI): the
 * review page generates a campaign through the reference server, a
 * reviewer amends one deliverable, approves two, exports Markdown and JSON,
 * and the downloaded files are checked. A screenshot is saved to
 * test-artifacts/review-ui.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReviewUiServer, startReviewUiServer } from '../../examples/review-ui/serve.js';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../helpers/chromium.js';
import { ROOT, snapshotDist } from './dist.js';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const AMENDED = '**Spring is here.** Our planner is live: plan faster, ship sooner. #SpringLaunch';
const REVIEWER = 'e2e-reviewer@example.com';

const SUITE = 'review page in headless Chromium';

describe.skipIf(!chromiumAvailable(SUITE))(SUITE, () => {
  let server: ReviewUiServer;
  let dist: ReturnType<typeof snapshotDist> | undefined;
  let context: BrowserContext;
  let browser: LaunchedChromium;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dist = snapshotDist();
    server = await startReviewUiServer({ port: 0, distDir: dist.dir });
    browser = await launchChromium('e2e', { acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    context = browser.context;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dist?.cleanup();
  });

  async function downloadOf(page: Page, button: string): Promise<{ name: string; text: string }> {
    const pending = page.waitForEvent('download');
    await page.click(button);
    const download: Download = await pending;
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  it('generates, amends, approves two, exports .md and .json', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) pageErrors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('html[data-ready="true"]');

    // Generate through the client and the reference server.
    await page.fill('input[name="reviewer"]', REVIEWER);
    await page.click('#generate');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/drafts from stub/);
    const items = page.locator('.item');
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(3);
    await expect.poll(() => items.nth(0).locator('.status-badge').textContent()).toBe('draft');
    const titles = await items.locator('.title').allTextContents();

    // Amend the first deliverable.
    const first = items.nth(0);
    await first.locator('textarea').fill(AMENDED);
    await first.locator('[data-action="amend"]').click();
    await expect.poll(() => items.nth(0).locator('.status-badge').textContent()).toBe('amended');
    await expect.poll(() => items.nth(0).locator('.history summary').textContent()).toMatch(/1 edit/);

    // Approve the first two.
    await items.nth(0).locator('[data-action="approve"]').click();
    await items.nth(1).locator('[data-action="approve"]').click();
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/^2 approved · 0 amended/);
    expect(await items.nth(0).getAttribute('data-status')).toBe('approved');
    expect(await items.nth(1).getAttribute('data-status')).toBe('approved');
    expect(await items.nth(2).getAttribute('data-status')).toBe('draft');
    expect(await page.locator('#locked').isVisible()).toBe(false);
    expect(await items.nth(2).locator('[data-action="approve"]').isVisible()).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'review-ui-before-export.png'), fullPage: true });

    // Export Markdown.
    const markdown = await downloadOf(page, '#export-md');
    expect(markdown.name).toMatch(/^aicmo-campaigns-[\w-]+\.md$/);
    expect(markdown.text.startsWith('# Spring Launch\n')).toBe(true);
    expect(markdown.text).toContain('Approved deliverables (2 of');
    expect(markdown.text).toContain(`## 1. ${titles[0]}`);
    expect(markdown.text).toContain(`## 2. ${titles[1]}`);
    expect(markdown.text).not.toContain(`## 3.`);
    expect(markdown.text).toContain(AMENDED);
    expect(markdown.text).toContain(`- Status: approved by ${REVIEWER}`);
    await expect.poll(() => page.locator('#locked').isVisible()).toBe(true);

    // Export JSON (allowed on an exported review).
    const json = await downloadOf(page, '#export-json');
    expect(json.name).toMatch(/^aicmo-campaigns-[\w-]+\.json$/);
    const envelope = JSON.parse(json.text);
    expect(validateDeliverablesEnvelope(envelope)).toEqual({ valid: true, errors: [], issues: [] });
    expect(envelope.status).toBe('SUCCESS');
    expect(envelope.deliverables.map((d: { title: string }) => d.title)).toEqual(titles.slice(0, 2));
    expect(envelope.deliverables[0].content_markdown).toBe(AMENDED);
    expect(envelope.deliverables[0].metadata.review).toMatchObject({
      status: 'approved',
      approved_by: REVIEWER,
      amended: true,
      amendments: [{ new_text: AMENDED, author: REVIEWER }],
    });
    expect(envelope.deliverables[1].metadata.review).toMatchObject({ status: 'approved', amended: false });
    await expect
      .poll(() => page.locator('#export-status').textContent())
      .toMatch(/Downloaded .*\.json \(2 deliverables\)/);

    // Locked after export: no editing buttons.
    expect(await items.nth(2).locator('[data-action="approve"]').isVisible()).toBe(false);

    await page.screenshot({ path: join(ARTIFACTS, 'review-ui.png'), fullPage: true });

    // The review survives a reload (saved with toJSON, restored with Review.fromJSON).
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Resumed review/);
    expect(await page.locator('.item').nth(0).getAttribute('data-status')).toBe('approved');
    await expect.poll(() => page.locator('#locked').isVisible()).toBe(true);

    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('rejects with a reason, refuses blank approval, unlocks, exports drafts', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await page.fill('input[name="platforms"]', 'LinkedIn');
    await page.click('#generate');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/drafts from stub/);
    const items = page.locator('.item');
    const titles = await items.locator('.title').allTextContents();
    const last = items.nth((await items.count()) - 1);

    // Reject needs a reason: without one the page shows the workflow error.
    await last.locator('[data-action="reject"]').click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^WORKFLOW_INVALID_ARGUMENT/);
    await last.locator('.reason').fill('off-brand tone');
    await last.locator('[data-action="reject"]').click();
    await expect.poll(() => last.getAttribute('data-status')).toBe('rejected');
    await expect
      .poll(() => last.locator('.history li').last().textContent())
      .toMatch(/rejected by .*: off-brand tone$/);

    // Blank text can be saved but not approved.
    const first = items.nth(0);
    await first.locator('textarea').fill('   ');
    await first.locator('[data-action="amend"]').click();
    await expect.poll(() => first.locator('.issues').textContent()).toMatch(/blank/);
    expect(await first.locator('[data-action="approve"]').isDisabled()).toBe(true);
    await first.locator('[data-action="revert"]').click();
    await expect.poll(() => first.getAttribute('data-status')).toBe('draft');
    expect(await first.locator('[data-action="approve"]').isDisabled()).toBe(false);

    // Nothing approved: export explains; with drafts it exports every non-rejected item.
    await page.click('#export-md');
    await expect
      .poll(() => page.locator('#export-status').textContent())
      .toMatch(/^WORKFLOW_NOTHING_TO_EXPORT/);
    await page.check('#include-drafts');
    const pending = page.waitForEvent('download');
    await page.click('#export-md');
    const markdown = readFileSync(await (await pending).path(), 'utf8');
    expect(markdown).toContain('Approved and draft deliverables');
    for (const title of titles.slice(0, -1)) expect(markdown).toContain(title);
    expect(markdown).not.toContain(`. ${titles.at(-1)}`);

    // Exported → read-only; unlock makes it editable again.
    await expect.poll(() => page.locator('#locked').isVisible()).toBe(true);
    await page.click('#unlock');
    await expect.poll(() => page.locator('#locked').isVisible()).toBe(false);
    await items.nth(0).locator('[data-action="approve"]').click();
    await expect.poll(() => items.nth(0).getAttribute('data-status')).toBe('approved');

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
