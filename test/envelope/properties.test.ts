/**
 * Property tests: random valid envelopes validate and survive JSON; mutations
 * and junk never throw and never pollute prototypes; the TypeScript validator
 * rejects whatever the Python validator rejects and agrees with it exactly on
 * well-typed input.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EnvelopeValidationError,
  isDeliverablesEnvelope,
  parseDeliverablesEnvelope,
  validateDeliverablesEnvelope,
} from '../../src/index.js';
import { mutatedEnvelope, typePreservingMutant, validEnvelope } from './arbitraries.js';
import { pythonValidate } from './python-reference.js';

const RUNS = 400;

function assertNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain('polluted');
}

/** Every entry point, for one input: none may throw anything but EnvelopeValidationError. */
function exercise(data: unknown): { valid: boolean; errors: string[] } {
  const result = validateDeliverablesEnvelope(data);
  expect(typeof result.valid).toBe('boolean');
  expect(Array.isArray(result.errors)).toBe(true);
  for (const line of result.errors) expect(typeof line).toBe('string');
  expect(result.valid).toBe(result.errors.length === 0);
  expect(isDeliverablesEnvelope(data)).toBe(result.valid);
  try {
    parseDeliverablesEnvelope(data);
    expect(result.valid).toBe(true);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvelopeValidationError);
    expect((e as EnvelopeValidationError).issues).toEqual(result.errors);
  }
  return result;
}

afterEach(assertNoPollution);

describe('valid envelopes', () => {
  it('always validate, as JS values and after a JSON round trip', () => {
    fc.assert(
      fc.property(validEnvelope, (env) => {
        expect(validateDeliverablesEnvelope(env)).toEqual({ valid: true, errors: [], issues: [] });
        const wire = JSON.parse(JSON.stringify(env)) as unknown;
        expect(validateDeliverablesEnvelope(wire)).toEqual({ valid: true, errors: [], issues: [] });
        expect(pythonValidate(wire).valid).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('parse returns the same data, which re-validates after JSON', () => {
    fc.assert(
      fc.property(validEnvelope, (env) => {
        const wire = JSON.parse(JSON.stringify(env)) as unknown;
        const parsed = parseDeliverablesEnvelope(wire);
        expect(parsed).toEqual(wire);
        const again = JSON.parse(JSON.stringify(parsed)) as unknown;
        expect(again).toEqual(wire);
        expect(isDeliverablesEnvelope(again)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('agreement with the Python validator', () => {
  it('rejects everything Python rejects (random mutations)', () => {
    fc.assert(
      fc.property(mutatedEnvelope, (data) => {
        const wire = JSON.parse(JSON.stringify(data)) as unknown;
        if (!pythonValidate(wire).valid) expect(validateDeliverablesEnvelope(wire).valid).toBe(false);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('gives exactly Python’s verdict on well-typed envelopes', () => {
    fc.assert(
      fc.property(fc.oneof(validEnvelope, typePreservingMutant), (data) => {
        const wire = JSON.parse(JSON.stringify(data)) as unknown;
        expect(validateDeliverablesEnvelope(wire).valid).toBe(pythonValidate(wire).valid);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('names the path of each problem a type-preserving mutation introduces', () => {
    fc.assert(
      fc.property(typePreservingMutant, (data) => {
        const { errors } = validateDeliverablesEnvelope(data);
        for (const line of errors)
          expect(line).toMatch(
            /^(status|module|run_id|meta(\.\w+)?|deliverables(\[\d+\](\.\w+)?)?|error(\.\w+)?): /,
          );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('junk and hostile input', () => {
  it('mutated envelopes never throw', () => {
    fc.assert(
      fc.property(mutatedEnvelope, (data) => void exercise(data)),
      { numRuns: RUNS * 2 },
    );
  });

  it('arbitrary values never throw (objects with null prototypes, __proto__ keys, boxed values, Maps)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
          withUnicodeString: true,
          key: fc.oneof(
            fc.string(),
            fc.constantFrom('__proto__', 'constructor', 'prototype', 'status', 'meta'),
          ),
        }),
        (data) => void exercise(data),
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('__proto__ keys are data, not prototypes: no pollution and no prototype swap on the parsed value', () => {
    const wire = JSON.parse(
      '{"__proto__":{"polluted":1,"status":"SUCCESS"},"status":"SUCCESS","module":"m","run_id":"r",' +
        '"meta":{"__proto__":{"provider":"evil"},"timestamp":"2025-12-17T10:30:00.123456","provider":"p"},' +
        '"deliverables":[{"__proto__":{"content_markdown":"x"},"id":"1","kind":"k","title":"t","content_markdown":"c"}],' +
        '"constructor":{"prototype":{"polluted":1}}}',
    ) as Record<string, unknown>;
    expect(Object.hasOwn(wire, '__proto__')).toBe(true);
    const parsed = parseDeliverablesEnvelope(wire) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(parsed.meta)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((parsed.deliverables as unknown[])[0])).toBe(Object.prototype);
    expect(parsed.polluted).toBeUndefined();
    // a required field that only exists on an own "__proto__" object is still missing
    const noProvider = JSON.parse(
      '{"status":"FAILED","module":"m","run_id":"r","deliverables":[],"error":{"type":"T","message":"m"},' +
        '"meta":{"__proto__":{"provider":"evil"},"timestamp":"2025-12-17"}}',
    );
    expect(validateDeliverablesEnvelope(noProvider).errors).toEqual(['meta.provider: is required']);
  });

  it('deep nesting does not overflow the stack', () => {
    let obj: Record<string, unknown> = {};
    const deepObject = obj;
    let arr: unknown[] = [];
    const deepArray = arr;
    for (let i = 0; i < 100_000; i++) {
      obj.a = {};
      obj = obj.a as Record<string, unknown>;
      arr[0] = [];
      arr = arr[0] as unknown[];
    }
    const base = {
      status: 'SUCCESS',
      module: 'm',
      run_id: 'r',
      meta: { timestamp: '2025-12-17', provider: 'p' },
      raw: deepObject,
      deliverables: [{ id: '1', kind: 'k', title: 't', content_markdown: 'c', metadata: deepObject }],
    };
    expect(exercise(base).valid).toBe(true);
    expect(exercise({ ...base, deliverables: deepArray }).errors).toEqual([
      'deliverables[0]: must be an object',
    ]);
    expect(exercise({ ...base, meta: deepObject }).valid).toBe(false);
    expect(exercise(deepArray).valid).toBe(false);
  });

  it('5 MB strings are handled in every position', () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const blank = ' \n\u001c\u0085'.repeat((5 * 1024 * 1024) / 4);
    const base = {
      status: 'SUCCESS',
      module: big,
      run_id: big,
      meta: { timestamp: '2025-12-17', provider: big },
      deliverables: [{ id: big, kind: big, title: big, content_markdown: big }],
    };
    expect(exercise(base).valid).toBe(true);
    expect(exercise({ ...base, status: big }).errors[0]).toBe(
      'status: must be one of SUCCESS, FAILED, PARTIAL (upper case)',
    );
    const blankContent = exercise({
      ...base,
      deliverables: [{ id: '', kind: '', title: '', content_markdown: blank }],
    });
    expect(blankContent.errors).toEqual([
      expect.stringMatching(/^deliverables\[0\]\.content_markdown: must not be blank/),
    ]);
    expect(exercise({ ...base, meta: { timestamp: big, provider: 'p' } }).errors).toHaveLength(1);
    for (const line of exercise({ ...base, run_id: blank }).errors) expect(line.length).toBeLessThan(200);
    expect(exercise(big).valid).toBe(false);
  });
});
