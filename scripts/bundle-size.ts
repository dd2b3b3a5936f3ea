/**
 * Browser bundle budgets: what an app pays to import aicmo, measured as an
 * esbuild browser build (ESM, minified, zod and ky included) of the built
 * package (dist/, run `npm run build` first). Prints both figures; exits 1
 * when one is over its budget.
 *
 *   npx tsx scripts/bundle-size.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * One measured app: what it imports, the gzip target, and the gzip
 * budget CI enforces (a regression guard; equal to the target once it is met).
 */
export interface BundleCase {
  readonly name: string;
  readonly code: string;
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
    name: "'aicmo/client'",
    code: "import { createBackendClient } from 'aicmo/client';\nglobalThis.out = createBackendClient({ baseUrl: 'https://api.example.com' });",
    targetGzip: 45 * 1024,
    // Not met yet: ten module schemas, engagements and streams joined the client
    // (the registry and the engagement calls already load lazily). See the CHANGELOG.
    budgetGzip: 52 * 1024,
  },
];

/**
 * Sizes of one case's bundle, in bytes. The app is built with code splitting,
 * as browser bundlers do: `minified`/`gzip` count what loads with the page
 * (the entry and its static imports); `lazyGzip` counts the chunks that load
 * only when a feature is first used (e.g. the module registry on the first
 * `client.generate(name, ...)`, the stub copy).
 */
export interface BundleSize {
  readonly name: string;
  readonly minified: number;
  readonly gzip: number;
  readonly lazyGzip: number;
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
    (file) => outputs[file]?.entryPoint !== undefined && file.endsWith('.js'),
  );
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of outputs[file]?.imports ?? [])
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  if (entry) visit(entry);
  let minified = 0;
  let gzip = 0;
  let lazyGzip = 0;
  for (const file of result.outputFiles) {
    if (!file.path.endsWith('.js')) continue;
    const relative = Object.keys(outputs).find((key) => file.path.endsWith(key));
    const size = gzipSync(file.contents, { level: 9 }).length;
    if (relative !== undefined && initial.has(relative)) {
      minified += file.contents.length;
      gzip += size;
    } else lazyGzip += size;
  }
  return { name: c.name, minified, gzip, lazyGzip, targetGzip: c.targetGzip, budgetGzip: c.budgetGzip };
}

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  let over = false;
  for (const c of BUNDLE_CASES) {
    const size = await measureBundle(c);
    const ok = size.gzip <= size.budgetGzip;
    over ||= !ok;
    console.log(
      `${size.name.padEnd(28)} ${kB(size.minified).padStart(9)} minified  ${kB(size.gzip).padStart(8)} gzip at load (+${kB(size.lazyGzip)} lazy)  target ${kB(size.targetGzip)} ${size.gzip <= size.targetGzip ? 'met' : 'MISSED'}, CI budget ${kB(size.budgetGzip)} ${ok ? 'OK' : 'OVER'}`,
    );
  }
  process.exitCode = over ? 1 : 0;
}
