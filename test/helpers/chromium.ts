/**
 * Headless Chromium for the browser tests (Debian's `chromium`, driven by
 * playwright-core): one executable path, one set of flags, a fresh
 * user-data-dir per launch.
 *
 * A missing Chromium skips the browser suites on a developer machine, but
 * fails them in CI (`CI` set, as .ci/run does), where Chromium is installed
 * and a silent skip would hide a broken setup.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { inCi } from './ci.js';

/** The Chromium executable: `CHROMIUM_PATH`, else `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, sandbox-free (containers), and quiet: no first run, sync, updates or background traffic. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the `suite` can run. When Chromium is missing: throws in CI (the
 * test file fails with this message), warns and returns `false` elsewhere.
 *
 * @example
 * describe.skipIf(!chromiumAvailable('review page'))('review page', () => { ... });
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const missing = `${suite}: no Chromium at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`;
  if (inCi()) throw new Error(`${missing} CI must run the browser tests, so this fails instead of skipping.`);
  console.warn(`${missing} Skipped (not in CI).`);
  return false;
}

/** Launch options other than the executable, headless mode and flags (which are fixed). */
export type ChromiumOptions = Omit<
  NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>,
  'executablePath' | 'headless' | 'args'
>;

/** A launched browser context and how to dispose of it (closes it, removes its user-data-dir). */
export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh user-data-dir (under the OS temp
 * dir, prefixed `aicmo-<name>-chromium-`).
 *
 * @example
 * const browser = await launchChromium('client');
 * const page = await browser.context.newPage();
 * await browser.close();
 */
export async function launchChromium(name: string, options: ChromiumOptions = {}): Promise<LaunchedChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), `aicmo-${name}-chromium-`));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      ...options,
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS],
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
