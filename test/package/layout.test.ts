/**
 * Architecture layout guard: src/ has exactly one `internal/` folder
 * (`src/internal`), so "internal" means one place with one index.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function foldersNamed(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      const here = entry.name === name ? [relative(root, path)] : [];
      return [...here, ...foldersNamed(path, name)];
    });
}

describe('source layout', () => {
  it('has one internal/ folder, src/internal', () => {
    expect(foldersNamed(join(root, 'src'), 'internal')).toEqual(['src/internal']);
  });
});
