/**
 * Browser bundle budgets: what an app pays to import aicmo, measured as an
 * esbuild browser build (ESM, minified, zod and ky included) of the built
 * package (dist/, run `npm run build` first). Each figure is what the app
 * has loaded by the end of its first call (the page's code, and the lazy
 * chunks that call imports); the at-load part and the other lazy chunks are
 * printed beside it. Exits 1 when one is over its budget.
 *
 *   npx tsx scripts/bundle-size.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * One measured app: what it imports and does, the gzip target, and
 * the gzip budget CI enforces (a regression guard; equal to the target once
 * it is met). Both apply to what the app loads by the end of its first call:
 * the page's code plus the lazy chunks that call imports (`firstCall`).
 */
export interface BundleCase {
  readonly name: string;
  readonly code: string;
  /**
   * The lazy chunks the app's first call loads, by the source file they
   * start from (e.g. `generate('campaigns', …)` loads the campaigns module's
   * schema); none when everything loads with the page.
   */
  readonly firstCall?: RegExp;
  readonly targetGzip: number;
  readonly budgetGzip: number;
}

/** The two budgets of issue 11: one validator from `aicmo`, and `aicmo/client`. */
export const BUNDLE_CASES: readonly BundleCase[] = [
  {
    name: "one validator from 'aicmo'",
    code: "import { validateDeliverablesEnvelope } from 'aicmo';\nglobalThis.out = validateDeliverablesEnvelope(globalThis.input);",
    targetGzip: 30 * 1024,
    budgetGzip: 30 * 1024,
  },
  {
    // A plain app: a client and one generate call. Its total is the page's code plus the campaigns
    // module's schema, which the first generate('campaigns', …) loads.
    name: "'aicmo/client' + generate",
    code: "import { createBackendClient } from 'aicmo/client';\nconst client = createBackendClient({ baseUrl: 'https://api.example.com' });\nglobalThis.out = client.generate('campaigns', globalThis.input);",
    firstCall: /\/campaigns-[\w-]+\.js$/,
    targetGzip: 45 * 1024,
    // Met since the contract's schemas moved to zod/mini (49.9 kB before, 32.9 kB after).
    budgetGzip: 45 * 1024,
  },
];

/**
 * Sizes of one case's bundle, in bytes (gzip level 9, file by file). The app
 * is built with code splitting, as browser bundlers do: `minified`/`gzip`
 * count what loads with the page (the entry and its static imports);
 * `firstCallGzip` adds the chunks its first call loads (`totalGzip` is the
 * sum: what the budget applies to); `otherLazyGzip` counts the chunks that
 * load only when another feature is first used (other modules, streams,
 * engagements).
 */
export interface BundleSize {
  readonly name: string;
  readonly minified: number;
  readonly gzip: number;
  readonly firstCallGzip: number;
  readonly totalGzip: number;
  readonly otherLazyGzip: number;
  readonly targetGzip: number;
  readonly budgetGzip: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds `c` for the browser (aicmo resolved to this package's dist/) and measures it. */
export async function measureBundle(c: BundleCase): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: c.code, resolveDir: root, sourcefile: 'app.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    splitting: true,
    outdir: join(root, '.tmp', 'bundle-size'),
    logLevel: 'silent',
    metafile: true,
    plugins: [
      {
        // `aicmo` and `aicmo/<entry>` resolve to the built dist/<entry>/index.js, as package.json's exports say.
        name: 'aicmo-dist',
        setup(b) {
          b.onResolve({ filter: /^aicmo(\/[\w-]+)?$/ }, (args) => ({
            path: join(root, 'dist', args.path.slice('aicmo'.length), 'index.js'),
          }));
        },
      },
    ],
  });
  if (process.env.AICMO_BUNDLE_REPORT === '1') {
    const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs));
    const top = inputs.sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 25);
    for (const [file, { bytesInOutput }] of top)
      console.log(`  ${String(bytesInOutput).padStart(7)}  ${file}`);
  }
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find(
    (file) => outputs[file]?.entryPoint !== undefined && file.endsWith('.js') && /app\.js$|stdin/.test(file),
  );
  /** `file` and every chunk it imports statically. */
  const closure = (file: string, into: Set<string>) => {
    if (into.has(file)) return;
    into.add(file);
    for (const imported of outputs[file]?.imports ?? [])
      if (imported.kind === 'import-statement') closure(imported.path, into);
  };
  const initial = new Set<string>();
  if (entry) closure(entry, initial);
  const onFirstCall = new Set<string>();
  if (c.firstCall !== undefined) {
    for (const [file, output] of Object.entries(outputs))
      if (output.entryPoint !== undefined && c.firstCall.test(output.entryPoint)) closure(file, onFirstCall);
    if (onFirstCall.size === 0) throw new Error(`${c.name}: no chunk matches ${c.firstCall}`);
  }
  let minified = 0;
  let gzip = 0;
  let firstCallGzip = 0;
  let otherLazyGzip = 0;
  for (const file of result.outputFiles) {
    if (!file.path.endsWith('.js')) continue;
    const relative = Object.keys(outputs).find((key) => file.path.endsWith(key));
    const size = gzipSync(file.contents, { level: 9 }).length;
    if (relative !== undefined && initial.has(relative)) {
      minified += file.contents.length;
      gzip += size;
    } else if (relative !== undefined && onFirstCall.has(relative)) firstCallGzip += size;
    else otherLazyGzip += size;
  }
  return {
    name: c.name,
    minified,
    gzip,
    firstCallGzip,
    totalGzip: gzip + firstCallGzip,
    otherLazyGzip,
    targetGzip: c.targetGzip,
    budgetGzip: c.budgetGzip,
  };
}

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  let over = false;
  for (const c of BUNDLE_CASES) {
    const size = await measureBundle(c);
    const ok = size.totalGzip <= size.budgetGzip;
    over ||= !ok;
    console.log(
      `${size.name.padEnd(28)} ${kB(size.totalGzip).padStart(8)} gzip (${kB(size.gzip)} at load, ${kB(size.minified)} minified, ` +
        `+${kB(size.firstCallGzip)} on the first call; +${kB(size.otherLazyGzip)} more lazy for other features)  ` +
        `target ${kB(size.targetGzip)} ${size.totalGzip <= size.targetGzip ? 'met' : 'MISSED'}, CI budget ${kB(size.budgetGzip)} ${ok ? 'OK' : 'OVER'}`,
    );
  }
  process.exitCode = over ? 1 : 0;
}
