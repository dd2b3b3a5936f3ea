import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Waits for a concurrent `npm run build` (another test file may be running
 * one), builds when dist/ is still incomplete, then copies dist/ to a private
 * folder so that a later rebuild (tsup cleans dist/) cannot tear the bundles
 * the browser is loading.
 */
export function snapshotDist(): { dir: string; cleanup(): void } {
  const entries = ['client', 'workflow'].map((name) => join(ROOT, 'dist', name, 'index.js'));
  const complete = () => entries.every((file) => existsSync(file));
  const until = Date.now() + 20_000;
  while (!complete() && Date.now() < until) execFileSync(process.execPath, ['-e', 'setTimeout(()=>{},500)']);
  if (!complete()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'review-ui-dist-'));
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
