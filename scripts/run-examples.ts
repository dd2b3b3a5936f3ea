/**
 * Runs every `examples/*.ts` and `examples/frameworks/*.ts` (except the
 * shared helpers) with tsx, as a user would (`npx tsx examples/x.ts`), and
 * fails if any exits non-zero. Examples must run offline on stubs.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'examples');
const scripts = (sub: string) =>
  readdirSync(join(dir, sub))
    .filter((f) => f.endsWith('.ts') && f !== 'shared.ts')
    .sort()
    .map((f) => (sub === '' ? f : `${sub}/${f}`));
const files = [...scripts(''), ...scripts('frameworks')];
let failed = 0;
for (const file of files) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], {
    encoding: 'utf8',
    env: { ...process.env, AICMO_EXAMPLE_SMOKE: '1' },
    timeout: 60_000,
  });
  const ms = Math.round(performance.now() - started);
  if (run.status === 0) {
    console.log(`ok   examples/${file} (${ms} ms)`);
  } else {
    failed += 1;
    console.log(`FAIL examples/${file} (exit ${run.status ?? run.signal}, ${ms} ms)`);
    console.log(run.stdout);
    console.error(run.stderr);
  }
}
console.log(`\n${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
