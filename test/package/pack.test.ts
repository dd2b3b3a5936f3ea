/**
 * Packaging proof: `npm pack` the built package, install the tarball in a
 * temporary folder (offline), then import every entry point from ESM and
 * `require()` it from CommonJS on Node 24 and Node 22, and prove the root entry
 * loads zod and nothing else.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
};
const NODES = [
  { name: 'Node 24', bin: join(repo, 'node_modules', 'node', 'bin', 'node'), major: 24 },
  { name: 'Node 22', bin: join(repo, 'node_modules', 'node22', 'bin', 'node'), major: 22 },
];
const ENTRIES = Object.keys(pkg.exports)
  .filter((k) => !k.includes('*') && k !== './package.json')
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
const SCHEMA = `${pkg.name}/schemas/deliverables-envelope.schema.json`;
const HEAVY = ['ky', 'cockatiel', 'openai', '@anthropic-ai/sdk', 'groq-sdk'];

let work: string;
let consumer: string;
let tarball: string;

/** Every file the exports map points at (wildcards resolved for the shipped schema). */
function exportTargets(): string[] {
  const targets = Object.entries(pkg.exports).flatMap(([key, v]) => {
    if (key === './package.json') return [];
    if (key.includes('*')) return ['./dist/schemas/deliverables-envelope.schema.json'];
    return typeof v === 'string' ? [v] : [v.types, v.default];
  });
  return [...new Set(targets)];
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const complete = (root: string) => exportTargets().every((t) => existsSync(join(root, t)));

/**
 * Copies package.json, README and dist/ into `stage`. A concurrent
 * `npm run build` (which empties dist/ first) is waited for; dist/ is built if
 * it is still incomplete after that.
 */
function stageSnapshot(stage: string): void {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (complete(repo)) {
      rmSync(stage, { recursive: true, force: true });
      mkdirSync(stage, { recursive: true });
      for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'])
        if (existsSync(join(repo, f))) cpSync(join(repo, f), join(stage, f));
      cpSync(join(repo, 'dist'), join(stage, 'dist'), { recursive: true });
      if (complete(stage)) return;
    }
    if (attempt === 20) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' });
    sleep(500);
  }
  throw new Error('dist/ is incomplete: run `npm run build`');
}

function run(node: string, file: string, args: string[] = []): string {
  return execFileSync(node, [...args, file], {
    cwd: consumer,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'aicmo-pack-'));
  // Pack a snapshot so a concurrent rebuild of dist/ cannot tear the tarball.
  const stage = join(work, 'stage');
  stageSnapshot(stage);
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: stage,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string }[];
  tarball = join(work, packed[0]!.filename);

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  try {
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: consumer,
      stdio: 'ignore',
    });
  } catch {
    // No npm cache: unpack the tarball and link the dependencies from the repository.
    const target = join(consumer, 'node_modules', pkg.name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
    for (const dep of ['zod', 'ky', 'cockatiel', 'eventsource-parser']) {
      const link = join(consumer, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      if (!existsSync(link)) symlinkSync(join(repo, 'node_modules', dep), link, 'dir');
    }
  }

  writeFileSync(
    join(consumer, 'esm.mjs'),
    `const out = {};
for (const s of ${JSON.stringify(ENTRIES)}) out[s] = Object.keys(await import(s)).sort();
const schema = await import(${JSON.stringify(SCHEMA)}, { with: { type: 'json' } });
out.schema = schema.default.title;
const { validateDeliverablesEnvelope, createSuccessEnvelope } = await import('aicmo');
const e = createSuccessEnvelope({ module: 'm', provider: 'p', deliverables: [{ kind: 'blog_post', title: 't', contentMarkdown: 'x' }] });
out.roundTrip = validateDeliverablesEnvelope(JSON.parse(JSON.stringify(e))).valid;
out.bad = validateDeliverablesEnvelope({ ...e, deliverables: [] }).errors;
console.log(JSON.stringify(out));
`,
  );
  writeFileSync(
    join(consumer, 'cjs.cjs'),
    `const out = {};
for (const s of ${JSON.stringify(ENTRIES)}) out[s] = Object.keys(require(s)).sort();
out.schema = require(${JSON.stringify(SCHEMA)}).title;
const { isDeliverablesEnvelope, createFailedEnvelope, EnvelopeValidationError, parseDeliverablesEnvelope } = require('aicmo');
out.guard = isDeliverablesEnvelope(createFailedEnvelope({ module: 'm', errorType: 'TIMEOUT', message: 'late' }));
try { parseDeliverablesEnvelope({}); } catch (e) { out.typed = e instanceof EnvelopeValidationError && e.code; }
console.log(JSON.stringify(out));
`,
  );
  // Records every module URL the loader resolves (sync hooks: Node >= 22.15).
  writeFileSync(
    join(consumer, 'trace.mjs'),
    `import { registerHooks } from 'node:module';
globalThis.__resolved = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); globalThis.__resolved.add(r.url); return r; } });
`,
  );
  writeFileSync(
    join(consumer, 'root-only.mjs'),
    `await import('aicmo');
const pkgs = new Set();
for (const url of globalThis.__resolved) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
  if (m) pkgs.add(m[1]);
  else if (!url.startsWith('node:') && !url.includes('/root-only.mjs')) pkgs.add(url);
}
console.log(JSON.stringify([...pkgs].sort()));
`,
  );
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('contains every exports target, the schema, and no sources or tests', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const t of exportTargets()) expect(files).toContain(`package/${t.slice(2)}`);
    expect(files).toContain('package/package.json');
    expect(files.filter((f) => /^package\/(src|test|bench|examples|scripts)\//.test(f))).toEqual([]);
  });

  it('ships a JSON Schema identical to the one in dist', () => {
    const installed = join(
      consumer,
      'node_modules',
      pkg.name,
      'dist',
      'schemas',
      'deliverables-envelope.schema.json',
    );
    expect(JSON.parse(readFileSync(installed, 'utf8'))).toMatchObject({
      title: 'DeliverablesEnvelope',
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });
});

describe.each(NODES)('installed package on $name', ({ bin, major }) => {
  it('runs the expected Node major', () => {
    expect(execFileSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()).toMatch(
      new RegExp(`^${major}\\.`),
    );
  });

  it('imports every entry point from ESM', () => {
    const out = JSON.parse(run(bin, 'esm.mjs')) as Record<string, unknown>;
    for (const entry of ENTRIES) expect((out[entry] as string[]).length, entry).toBeGreaterThan(0);
    expect(out[pkg.name]).toEqual(
      expect.arrayContaining([
        'validateDeliverablesEnvelope',
        'createSuccessEnvelope',
        'EnvelopeValidationError',
      ]),
    );
    expect(out.schema).toBe('DeliverablesEnvelope');
    expect(out.roundTrip).toBe(true);
    expect(out.bad).toEqual(['deliverables: SUCCESS requires at least one deliverable']);
  });

  it('requires every entry point from CommonJS (require of ESM)', () => {
    const out = JSON.parse(run(bin, 'cjs.cjs')) as Record<string, unknown>;
    for (const entry of ENTRIES) expect((out[entry] as string[]).length, entry).toBeGreaterThan(0);
    expect(out.schema).toBe('DeliverablesEnvelope');
    expect(out.guard).toBe(true);
    expect(out.typed).toBe('ENVELOPE_INVALID');
  });

  it('installs the `aicmo` bin, which validates a payload from a file', () => {
    const cli = join(consumer, 'node_modules', pkg.name, 'dist', 'cli', 'main.js');
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(execFileSync(bin, [cli, '--version'], { encoding: 'utf8' }).trim()).toContain(pkg.version);
    const good = join(consumer, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        status: 'FAILED',
        module: 'm',
        run_id: 'r',
        deliverables: [],
        meta: { timestamp: '2025-12-17T10:30:00.123456', provider: 'none' },
        error: { type: 'TIMEOUT', message: 'late' },
      }),
    );
    expect(() => execFileSync(bin, [cli, 'validate', good], { stdio: 'pipe' })).not.toThrow();
    const bad = join(consumer, 'bad.json');
    writeFileSync(bad, JSON.stringify({ status: 'SUCCESS', deliverables: [] }));
    let status = 0;
    try {
      execFileSync(bin, [cli, 'validate', bad], { stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1);
  });

  it('the root entry loads zod and nothing else', () => {
    const pkgs = JSON.parse(run(bin, 'root-only.mjs', ['--import', './trace.mjs'])) as string[];
    expect(pkgs).toEqual([pkg.name, 'zod']);
    for (const heavy of HEAVY) expect(pkgs).not.toContain(heavy);
  });
});

describe('the root entry import graph (static)', () => {
  it('reaches only zod among bare specifiers', () => {
    const root = join(consumer, 'node_modules', pkg.name, 'dist');
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(
        /(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) visit(join(dirname(file), spec));
        else bare.add(spec);
      }
    };
    visit(join(root, 'index.js'));
    // zod's public entries: `zod/mini` (the contract's schemas), `zod/locales` (its English
    // messages) and `zod` (classic, where still used)
    expect([...bare].sort()).toEqual(['zod', 'zod/locales', 'zod/mini'].filter((spec) => bare.has(spec)));
    expect(bare.has('zod/mini')).toBe(true);
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('the providers entry (static import graph)', () => {
  it('does not load the stub sample copy until a stub writes without demo text', () => {
    const root = join(consumer, 'node_modules', pkg.name, 'dist');
    const seen = new Set<string>();
    const lazy = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?['"](\.[^'"]+)['"]/g)) {
        visit(join(dirname(file), m[1]!));
      }
      for (const m of code.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g))
        lazy.add(join(dirname(file), m[1]!));
    };
    visit(join(root, 'providers', 'index.js'));
    const eager = [...seen].map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(eager).not.toContain('SeededRandom');
    expect([...lazy].some((file) => readFileSync(file, 'utf8').includes('SeededRandom'))).toBe(true);
  });
});
