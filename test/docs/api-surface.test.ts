/**
 * docs/api.md lists the public API of each package entry, exactly: a name
 * added to or removed from an entry without updating the docs fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiMarkdown, apiSurface } from '../../scripts/api-surface.js';

describe('docs/api.md', () => {
  it('lists exactly what each entry exports (refresh: npx tsx scripts/api-surface.ts > docs/api.md)', () => {
    const onDisk = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    expect(onDisk).toBe(apiMarkdown());
  });

  it('no internal helper is on an entry', () => {
    const all = apiSurface().flatMap(({ entry, names }) => names.map((n) => `${entry}:${n.name}`));
    for (const internal of [
      'safeParseEnvelope',
      'compileParse',
      'formatIssues',
      'capIssues',
      'redactSecrets',
      'postJson',
    ])
      expect(all.filter((name) => name.endsWith(`:${internal}`))).toEqual([]);
    expect(all).toContain('aicmo:validateDeliverablesEnvelope');
    expect(all).toContain('aicmo/client:createBackendClient');
  });
});
