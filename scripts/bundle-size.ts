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

/** One measured app: what it imports, and its gzip budget in bytes. */
export interface BundleCase {
  readonly name: string;
  readonly code: string;
  readonly budgetGzip: number;
}

/** The two budgets of issue 11: one validator from `aicmo`, and `aicmo/client`. */
export const BUNDLE_CASES: readonly BundleCase[] = [
  {
    name: "one validator from 'aicmo'",
    code: "import { validateDeliverablesEnvelope } from 'aicmo';\nglobalThis.out = validateDeliverablesEnvelope(globalThis.input);",
    budgetGzip: 30 * 1024,
  },
  {
    name: "'aicmo/client'",
    code: "import { createBackendClient } from 'aicmo/client';\nglobalThis.out = createBackendClient({ baseUrl: 'https://api.example.com' });",
    budgetGzip: 45 * 1024,
  },
];

/** Sizes of one case's bundle, in bytes. */
export interface BundleSize {
  readonly name: string;
  readonly minified: number;
  readonly gzip: number;
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
    const inputs = Object.entries(result.metafile.outputs)[0]![1].inputs;
    const top = Object.entries(inputs)
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, 25);
    for (const [file, { bytesInOutput }] of top)
      console.log(`  ${String(bytesInOutput).padStart(7)}  ${file}`);
  }
  const text = result.outputFiles[0]!.contents;
  return {
    name: c.name,
    minified: text.length,
    gzip: gzipSync(text, { level: 9 }).length,
    budgetGzip: c.budgetGzip,
  };
}

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  let over = false;
  for (const c of BUNDLE_CASES) {
    const size = await measureBundle(c);
    const ok = size.gzip <= size.budgetGzip;
    over ||= !ok;
    console.log(
      `${size.name.padEnd(28)} ${kB(size.minified).padStart(9)} minified  ${kB(size.gzip).padStart(8)} gzip  budget ${kB(size.budgetGzip)}  ${ok ? 'OK' : 'OVER'}`,
    );
  }
  process.exitCode = over ? 1 : 0;
}
