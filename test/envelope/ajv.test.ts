/**
 * ajv, compiled from the JSON Schema file shipped in the package
 * (dist/schemas/deliverables-envelope.schema.json, generated from the zod
 * schemas at build time), and validateDeliverablesEnvelope give the same verdict
 * on a property-based corpus of valid and mutated envelopes and on every fixture.
 *
 * No filter is needed: every rule, the Python-strip blank check included, is
 * expressible in JSON Schema (a `pattern` with a character class; ajv compiles
 * patterns with the `u` flag, like the zod regex).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/index.js';
import { JSON_SCHEMAS } from '../../src/json-schemas.js';
import { mutatedEnvelope, typePreservingMutant, validEnvelope } from './arbitraries.js';

const FILE = 'deliverables-envelope.schema.json';
const root = join(import.meta.dirname, '..', '..');
const shipped = join(root, 'dist', 'schemas', FILE);
let check: ValidateFunction;

beforeAll(() => {
  const generated = JSON_SCHEMAS[FILE]!();
  // The shipped file, when built, must be exactly what the zod schemas generate now.
  if (existsSync(shipped)) {
    const onDisk = JSON.parse(readFileSync(shipped, 'utf8')) as unknown;
    expect(onDisk, `dist/schemas/${FILE} is stale: run \`npm run build\``).toEqual(generated);
  }
  const schema = existsSync(shipped) ? (JSON.parse(readFileSync(shipped, 'utf8')) as object) : generated;
  check = new Ajv2020({ strict: true, strictTypes: false, allErrors: true }).compile(schema);
});

const wire = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

function agree(data: unknown): void {
  const ts = validateDeliverablesEnvelope(data);
  const ajvValid = check(data);
  expect(
    { ajv: ajvValid, ts: ts.valid },
    `ajv ${JSON.stringify(check.errors?.slice(0, 3))} / ts ${JSON.stringify(ts.errors)}`,
  ).toEqual({ ajv: ts.valid, ts: ts.valid });
}

describe('ajv with the shipped JSON Schema agrees with validateDeliverablesEnvelope', () => {
  it('is a draft 2020-12 schema with an $id, one if/then branch per status (no bare oneOf)', () => {
    const schema = JSON_SCHEMAS[FILE]!() as {
      $schema: string;
      $id: string;
      oneOf?: unknown;
      allOf: Array<{ if: { properties: { status: { const: string } } } }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toMatch(/deliverables-envelope\.schema\.json$/);
    expect(schema.oneOf).toBeUndefined();
    expect(schema.allOf.map((branch) => branch.if.properties.status.const)).toEqual([
      'SUCCESS',
      'PARTIAL',
      'FAILED',
    ]);
  });

  it('the draft-07 copy gives the same verdicts with ajv’s default (draft-07) class', () => {
    const draft07 = JSON_SCHEMAS['deliverables-envelope.draft-07.schema.json']!() as { $schema: string };
    expect(draft07.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const check07 = new Ajv({ strict: true, strictTypes: false, allErrors: true }).compile(draft07);
    fc.assert(
      fc.property(fc.oneof(validEnvelope, mutatedEnvelope, typePreservingMutant), (data) => {
        const wired = wire(data);
        expect(check07(wired)).toBe(validateDeliverablesEnvelope(wired).valid);
      }),
      { numRuns: 300 },
    );
  });

  it('on every fixture', () => {
    const dir = join(root, 'test', 'fixtures', 'envelope');
    for (const f of readdirSync(join(dir, 'valid'))) {
      const data = JSON.parse(readFileSync(join(dir, 'valid', f), 'utf8')) as unknown;
      expect(check(data), f).toBe(true);
      agree(data);
    }
    for (const f of readdirSync(join(dir, 'invalid'))) {
      const { envelope } = JSON.parse(readFileSync(join(dir, 'invalid', f), 'utf8')) as { envelope: unknown };
      expect(check(envelope), f).toBe(false);
      agree(envelope);
    }
  });

  it('on random valid envelopes', () => {
    fc.assert(
      fc.property(validEnvelope, (env) => {
        expect(check(wire(env))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('on random mutations and well-typed mutants', () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.oneof(mutatedEnvelope, typePreservingMutant), (data) => {
        const json = wire(data);
        agree(json);
        if (!check(json)) rejected += 1;
      }),
      { numRuns: 1500 },
    );
    expect(rejected).toBeGreaterThan(300); // the corpus really exercises the rejections
  });

  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (data) => agree(data)),
      { numRuns: 300 },
    );
  });
});
