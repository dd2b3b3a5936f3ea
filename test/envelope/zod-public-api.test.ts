/**
 * aicmo reaches zod through its public API only: no `_zod` property, no
 * `z.core.util` / `globalConfig` and no deep import anywhere in src/ (such code
 * ties users to one zod patch and pulls every zod locale into browser
 * bundles). The zod peer range starts at the minor that has what src/ uses
 * (`schema.validate`, and the `zod/compile` global mode the docs suggest: 4.6).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const src = join(root, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\b_zod\b/, '`_zod` (zod internals)'],
  [/\bz\.core\.(?!\$Zod|\$RefinementCtx)\w/, '`z.core.*` values (only `z.core.$Zod*` types are allowed)'],
  [/\bglobalConfig\b/, "zod's globalConfig"],
  [
    /from ['"]zod\/(?!(?:mini|locales)['"])[^'"]*['"]/,
    'a deep zod import (use `zod`, `zod/mini` or `zod/locales`)',
  ],
];

describe("zod's public API only", () => {
  it('no source file under src/ touches zod internals', () => {
    const offences: string[] = [];
    for (const file of sources(src)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const [pattern, what] of FORBIDDEN)
          if (pattern.test(line)) offences.push(`${relative(root, file)}:${i + 1}: ${what}`);
      });
    }
    expect(offences).toEqual([]);
  });

  it('the rule catches what it is meant to catch', () => {
    const hit = (line: string) => FORBIDDEN.some(([pattern]) => pattern.test(line));
    expect(hit('const def = schema._zod.def')).toBe(true);
    expect(hit('z.core.util.finalizeIssue(iss, ctx, config)')).toBe(true);
    expect(hit("import { util } from 'zod/v4/core'")).toBe(true);
    expect(hit('issues: readonly z.core.$ZodIssue[]')).toBe(false);
    expect(hit('const compiled = z.compile(schema)')).toBe(false);
  });

  it('the zod peer range starts at 4.6, the first minor with schema.validate', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      peerDependencies: Record<string, string>;
    };
    expect(pkg.peerDependencies.zod).toBe('^4.6.0');
  });
});
