/**
 * The shipped JSON Schema works outside TypeScript: Python's `jsonschema`
 * (Debian's `python3-jsonschema` in CI) accepts the valid fixtures, rejects
 * the invalid ones, and its best-matching error points at the offending field
 * (the schema branches with `if`/`then` on `status`, not a bare `oneOf`).
 * Runs when python3 with jsonschema is present; in CI (`CI=true`) a missing
 * one fails the test instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMAS } from '../../src/json-schemas.js';
import { inCi } from '../helpers/ci.js';

const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'test', 'fixtures', 'python', 'envelope_jsonschema.py');
const hasJsonschema = spawnSync('python3', ['-c', 'import jsonschema'], { stdio: 'ignore' }).status === 0;
const runs = hasJsonschema || inCi();

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'envelope', name), 'utf8')) as Record<
    string,
    unknown
  >;

type Verdict = { valid: true } | { valid: false; path: (string | number)[]; message: string };

function pythonVerdicts(schemaFile: string, cases: unknown[]): Verdict[] {
  const schemaPath = join(mkdtempSync(join(tmpdir(), 'aicmo-schema-')), schemaFile);
  writeFileSync(schemaPath, JSON.stringify(JSON_SCHEMAS[schemaFile]!()));
  const stdout = execFileSync('python3', [script, schemaPath], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as Verdict[];
}

describe("Python's jsonschema with the shipped envelope schema", () => {
  it.runIf(runs)('python3 with jsonschema is installed (CI installs python3-jsonschema)', () => {
    expect(hasJsonschema).toBe(true);
  });

  it.runIf(runs).each(['deliverables-envelope.schema.json', 'deliverables-envelope.draft-07.schema.json'])(
    '%s: valid fixtures pass; errors point at the offending field',
    (schemaFile) => {
      const good = fixture('valid/success-openai.json');
      const deliverables = good.deliverables as Array<Record<string, unknown>>;
      const blank = {
        ...good,
        deliverables: [deliverables[0], { ...deliverables[1], content_markdown: ' \n ' }],
      };
      const noProvider = { ...good, meta: { ...(good.meta as object), provider: undefined } };
      const failedNoError = { ...fixture('valid/failed-timeout.json'), error: undefined };
      const badStatus = { ...good, status: 'success' };
      const verdicts = pythonVerdicts(
        schemaFile,
        JSON.parse(
          JSON.stringify([
            good,
            fixture('valid/partial-with-error.json'),
            blank,
            noProvider,
            failedNoError,
            badStatus,
          ]),
        ),
      );
      expect(verdicts.slice(0, 2)).toEqual([{ valid: true }, { valid: true }]);
      expect(verdicts[2]).toMatchObject({ valid: false, path: ['deliverables', 1, 'content_markdown'] });
      expect(verdicts[3]).toMatchObject({
        valid: false,
        path: ['meta'],
        message: expect.stringContaining("'provider'"),
      });
      expect(verdicts[4]).toMatchObject({
        valid: false,
        path: [],
        message: expect.stringContaining("'error'"),
      });
      expect(verdicts[5]).toMatchObject({ valid: false, path: ['status'] });
    },
  );
});
