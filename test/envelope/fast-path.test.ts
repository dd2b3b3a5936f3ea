/**
 * The fast path (src/envelope/compile.ts) must give exactly zod's answer: the
 * same issues (code, path, message and every other field) or none. Proven on
 * the envelope corpus and, since the compiler is generic, on other schemas that
 * exercise the features it models or hands back to zod.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { MODULES } from '../../src/modules/index.js';

const CampaignGenerateRequestSchema = MODULES.campaigns.input;

import { compileGuard, compileIssues, compileParse } from '../../src/envelope/compile.js';
import {
  DeliverablesEnvelopeSchema,
  PartialEnvelopeSchema,
  RESPONSE_STATUSES,
  validateDeliverablesEnvelope,
} from '../../src/index.js';
import { formatIssues } from '../../src/internal/issues.js';
import { mutatedEnvelope, typePreservingMutant, validEnvelope } from './arbitraries.js';

function zodAnswer(schema: z.ZodType, data: unknown): unknown {
  const r = schema.safeParse(data);
  return r.success ? null : r.error.issues;
}

/** validateDeliverablesEnvelope as it was before the fast path: zod only. */
function zodOnlyErrors(data: unknown): string[] {
  try {
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      return ['(root): the envelope must be a JSON object'];
    const result = DeliverablesEnvelopeSchema.safeParse(data);
    if (result.success) return [];
    const status = (data as { status?: unknown }).status;
    if ((RESPONSE_STATUSES as readonly unknown[]).includes(status))
      return formatIssues(result.error.issues, data);
    const rest = PartialEnvelopeSchema.safeParse({ ...data, status: 'PARTIAL' });
    const head =
      status === undefined
        ? 'status: is required'
        : 'status: must be one of SUCCESS, FAILED, PARTIAL (upper case)';
    return [head, ...(rest.success ? [] : formatIssues(rest.error.issues, data))];
  } catch {
    return ['(root): the envelope could not be read (it is not plain JSON data)'];
  }
}

const envelopeCheck = compileIssues(DeliverablesEnvelopeSchema);
const partialCheck = compileIssues(PartialEnvelopeSchema);
const envelopeGuard = compileGuard(DeliverablesEnvelopeSchema);
const corpus = fc.oneof(
  validEnvelope,
  mutatedEnvelope,
  typePreservingMutant,
  fc.anything({ withNullPrototype: true, withBoxedValues: true, withDate: true, withMap: true }),
);

describe('the compiled envelope checker', () => {
  it('returns exactly zod’s issues on the property corpus', () => {
    fc.assert(
      fc.property(corpus, (data) => {
        expect(envelopeCheck(data)).toEqual(zodAnswer(DeliverablesEnvelopeSchema, data));
        expect(partialCheck(data)).toEqual(zodAnswer(PartialEnvelopeSchema, data));
        expect(envelopeGuard(data)).toBe(DeliverablesEnvelopeSchema.safeParse(data).success);
      }),
      { numRuns: 1500 },
    );
  });

  it('makes validateDeliverablesEnvelope answer exactly what the zod-only validator answered', () => {
    fc.assert(
      fc.property(corpus, (data) => {
        expect(validateDeliverablesEnvelope(data).errors).toEqual(zodOnlyErrors(data));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('compileIssues on other schemas (generic features)', () => {
  const schemas: Record<string, z.ZodType> = {
    'strings, numbers, enums, literals, booleans': z.object({
      s: z.string().min(2).max(5),
      r: z.string().regex(/^a+$/, { error: 'only a' }),
      e: z.email().optional(),
      n: z.number().int().gt(-3).lte(10),
      f: z.number().nonnegative().nullable(),
      k: z.enum(['x', 'y']),
      l: z.literal(3),
      b: z.boolean().optional(),
    }),
    'arrays with checks and aborting / non-aborting element issues': z.object({
      a: z.array(z.string().regex(/x/)).min(2),
      b: z.array(z.number().int()).max(2).nullish(),
      c: z.array(z.looseObject({ id: z.string() })).nonempty(),
    }),
    'strict objects, records, refinements, defaults, transforms, unions': z.object({
      strict: z.strictObject({ a: z.string() }).optional(),
      rec: z.record(z.string(), z.number()).optional(),
      rec2: z.record(z.string(), z.unknown()).optional(),
      ref: z
        .string()
        .refine((v) => v !== 'no', { error: 'not no' })
        .optional(),
      def: z.string().default('d'),
      tr: z
        .string()
        .transform((v) => v.length)
        .optional(),
      u: z.union([z.string(), z.number()]).optional(),
      req: z.unknown(),
    }),
    'discriminated unions': z.discriminatedUnion('t', [
      z.object({ t: z.literal('a'), a: z.string() }),
      z.object({ t: z.literal(['b', 'c']), b: z.number().int() }),
      z.looseObject({ t: z.literal(1), c: z.array(z.string()).min(1) }),
    ]),
  };
  const keys = fc.constantFrom(
    's',
    'r',
    'e',
    'n',
    'f',
    'k',
    'l',
    'b',
    'a',
    'c',
    'strict',
    'rec',
    'rec2',
    'ref',
  );
  const value = fc.oneof(
    fc.constantFrom<unknown>(
      'a',
      'aa',
      'aaaaaaa',
      'x',
      'y',
      'xx',
      'a@b.co',
      'no',
      3,
      1.5,
      -3,
      11,
      -1,
      0,
      true,
      null,
    ),
    fc.constantFrom<unknown>(undefined, [], ['x', 'xx'], ['y'], [1, 2, 3], [1.5], [{ id: 'i' }], [{}], {
      a: 'a',
    }),
    fc.constantFrom<unknown>(
      { a: 'a', z: 1 },
      { k: 1 },
      { k: 'v' },
      'b',
      'c',
      1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const input = fc.oneof(
    fc.dictionary(fc.oneof(keys, fc.constantFrom('t', 'def', 'tr', 'u', 'req')), value, { maxKeys: 10 }),
    value,
  );

  it.each(Object.entries(schemas))('%s', (_name, schema) => {
    const check = compileIssues(schema);
    const guard = compileGuard(schema);
    fc.assert(
      fc.property(input, (data) => {
        expect(check(data)).toEqual(zodAnswer(schema, data));
        expect(guard(data)).toBe(schema.safeParse(data).success);
      }),
      { numRuns: 1500 },
    );
  });

  it('treats symbol keys in records as zod does (enumerable: invalid; hidden: ignored)', () => {
    const schema = z.object({ rec: z.record(z.string(), z.unknown()) });
    const hidden = Object.defineProperty({ a: 1 }, Symbol('s'), { value: 1, enumerable: false });
    const shown = { a: 1, [Symbol('s')]: 1 };
    for (const rec of [hidden, shown, {}]) {
      expect(compileIssues(schema)({ rec })).toEqual(zodAnswer(schema, { rec }));
      expect(compileGuard(schema)({ rec })).toBe(schema.safeParse({ rec }).success);
    }
    expect(compileGuard(schema)({ rec: hidden })).toBe(true);
  });

  it('allocates nothing and returns null for valid input', () => {
    const check = compileIssues(DeliverablesEnvelopeSchema);
    fc.assert(
      fc.property(validEnvelope, (env) => {
        expect(check(env)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

/** A value's layout with key order and prototypes made visible, for exact comparison. */
function layout(value: unknown): unknown {
  if (Array.isArray(value)) return { array: value.map(layout) };
  if (typeof value === 'object' && value !== null) {
    return {
      proto:
        Object.getPrototypeOf(value) === Object.prototype ? 'Object' : String(Object.getPrototypeOf(value)),
      entries: Object.keys(value).map((k) => [k, layout((value as Record<string, unknown>)[k])]),
    };
  }
  return value;
}

/** compileParse must give zod's success and zod's exact output (keys, key order, prototypes). */
function expectSameParse(schema: z.ZodType, parse: (value: unknown) => unknown, data: unknown): void {
  const zod = schema.safeParse(data);
  const fast = parse(data) as { success: boolean; data?: unknown };
  expect(fast.success).toBe(zod.success);
  if (zod.success) {
    expect(fast.data).toStrictEqual(zod.data);
    expect(layout(fast.data)).toEqual(layout(zod.data));
  }
}

describe('compileParse (the compiled safeParse the client uses)', () => {
  const parse = compileParse(DeliverablesEnvelopeSchema);

  it('gives zod’s output for valid envelopes, key order included, and zod’s verdict on the corpus', () => {
    fc.assert(
      fc.property(corpus, (data) => expectSameParse(DeliverablesEnvelopeSchema, parse, data)),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(validEnvelope, fc.boolean(), (env, shuffle) => {
        // keys in another order than the schema's, and extra keys, as a Python backend may send them
        const data = JSON.parse(
          JSON.stringify(shuffle ? Object.fromEntries(Object.entries(env).reverse()) : { extra: 1, ...env }),
        );
        expect(parse(data).success).toBe(true);
        expectSameParse(DeliverablesEnvelopeSchema, parse, data);
      }),
      { numRuns: 500 },
    );
  });

  it('drops own __proto__ keys as zod does, without touching prototypes', () => {
    fc.assert(
      fc.property(validEnvelope, (env) => {
        const text = JSON.stringify(env).replace('{', '{"__proto__":{"polluted":true},');
        const data = JSON.parse(
          text
            .replaceAll('"metadata":{}', '"metadata":{"__proto__":{"polluted":true}}')
            .replaceAll('"metadata":{"', '"metadata":{"__proto__":{"polluted":true},"'),
        );
        expectSameParse(DeliverablesEnvelopeSchema, parse, data);
        const out = parse(data) as { success: true; data: Record<string, unknown> };
        expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
        expect(Object.hasOwn(out.data, '__proto__')).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('returns zod’s output on schemas with transforms, defaults, trims, records and unions', () => {
    const schema = z.looseObject({
      s: z.string().trim().optional(),
      low: z.string().toLowerCase().min(1).optional(),
      def: z.string().default('d'),
      opt: z.number().optional(),
      tr: z
        .string()
        .transform((v) => v.length)
        .optional(),
      rec: z.record(z.string(), z.unknown()).optional(),
      arr: z.array(z.looseObject({ id: z.string().nullable() })).optional(),
      u: z
        .discriminatedUnion('t', [
          z.object({ t: z.literal('a'), a: z.string().trim() }),
          z.looseObject({ t: z.literal('b'), b: z.array(z.number()) }),
        ])
        .optional(),
      n: z.union([z.string(), z.number()]).optional(),
    });
    const parse = compileParse(schema);
    const input = fc.record(
      {
        s: fc.constantFrom(' a ', 'b', undefined),
        low: fc.constantFrom('AbC', '', undefined),
        def: fc.constantFrom('x', undefined),
        opt: fc.constantFrom(1, undefined),
        tr: fc.constantFrom('abc', undefined),
        rec: fc.oneof(
          fc.dictionary(fc.constantFrom('k', 'z', '1', '__proto__'), fc.jsonValue({ maxDepth: 1 })),
          fc.constant({ [Symbol('s')]: 1, a: 1 }),
        ),
        arr: fc.array(fc.record({ id: fc.constantFrom('i', null), x: fc.constantFrom(1, undefined) })),
        u: fc.oneof(
          fc.record({ t: fc.constant('a'), a: fc.constantFrom(' a ', 'a') }),
          fc.record({ t: fc.constant('b'), b: fc.array(fc.integer()), extra: fc.constant(true) }),
          fc.record({ t: fc.constant('c') }),
        ),
        n: fc.constantFrom('n', 1),
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(input, (data) => expectSameParse(schema, parse, data)),
      { numRuns: 2000 },
    );
    // refinements and array bounds, as the client's campaign request schema uses them
    const campaign = compileParse(CampaignGenerateRequestSchema);
    // mostly valid, so that the copy is exercised; sometimes one field is wrong or missing
    const good = fc.constantFrom('LinkedIn', 'Spring', ' x ', 'é');
    const text = fc.oneof(
      { weight: 6, arbitrary: good },
      fc.constantFrom('', '  ', 'x'.repeat(201)),
      fc.string(),
    );
    const sometimes = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 8, arbitrary: valid }, invalid);
    const request = fc.record(
      {
        campaign_name: sometimes(text, fc.constant(3)),
        objectives: sometimes(
          fc.array(text, { minLength: 1, maxLength: 3 }),
          fc.array(good, { maxLength: 22 }),
        ),
        platforms: sometimes(fc.array(text, { minLength: 1, maxLength: 3 }), fc.constant('LinkedIn')),
        budget: sometimes(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('5', -1, Number.NaN)),
        timeline_days: sometimes(fc.integer({ min: 1, max: 90 }), fc.constantFrom(0, 1.5, 400)),
        tone: fc.option(text, { nil: undefined }),
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['campaign_name', 'objectives', 'platforms', 'budget', 'timeline_days'] },
    );

    fc.assert(
      fc.property(request, (data) => expectSameParse(CampaignGenerateRequestSchema, campaign, data)),
      { numRuns: 1500 },
    );
    // inherited enumerable keys are copied by zod's catchall (for...in); the fast path does too
    const inherited = Object.assign(Object.create({ fromProto: 1 }), { s: 'x' });
    expectSameParse(schema, parse, inherited);
  });
});

describe('compiled checks on schema features zod treats specially', () => {
  const same = (schema: z.ZodType, inputs: unknown[]) => {
    const guard = compileGuard(schema);
    const check = compileIssues(schema);
    const parse = compileParse(schema);
    for (const data of inputs) {
      expect(guard(data)).toBe(schema.safeParse(data).success);
      expect(check(data)).toEqual(zodAnswer(schema, data));
      expectSameParse(schema, parse, data);
    }
  };

  it('array refinements see zod’s output (trimmed, stripped), not the input', () => {
    same(
      z.array(z.string().trim()).refine((a) => new Set(a).size === a.length),
      [
        ['x', ' x'],
        ['x', 'y'],
      ],
    );
    same(
      z.array(z.object({ a: z.string() })).refine((arr) => arr.every((o) => Object.keys(o).length === 1)),
      [[{ a: 'x', b: 1 }]],
    );
  });

  it('length checks with a caller’s own `when` (untyped, but zod honours it), and the size cap before the elements', async () => {
    same(z.array(z.string()).max(1, { when: () => false } as { abort?: boolean }), [['a', 'b'], ['a']]);
    same(z.array(z.string()).min(3, { when: () => false } as { abort?: boolean }), [['a']]);
    // zod rejects an oversized array before looking at its elements (an async refinement is never run)
    const capped = z.array(z.string().refine(async () => true)).max(1);
    expect(capped.safeParse(['a', 'b']).success).toBe(false);
    expect(compileGuard(capped)(['a', 'b'])).toBe(false);
  });

  it('refinements that rewrite the value (`.check`, `superRefine`) and exactOptional go to zod', () => {
    same(z.object({ tags: z.array(z.string()).superRefine((a) => void a.sort()) }), [{ tags: ['b', 'a'] }]);
    same(
      z.array(z.string()).check((ctx) => {
        ctx.value = ctx.value.map((v) => v.toUpperCase());
      }),
      [['a']],
    );
    same(z.object({ a: z.string().exactOptional() }), [{ a: undefined }, {}, { a: 'x' }]);
  });

  it('returns only data that is valid, even when a getter answers differently on a second read', () => {
    const parse = compileParse(DeliverablesEnvelopeSchema);
    const campaign = compileParse(CampaignGenerateRequestSchema);
    for (const flipAfter of [1, 2, 3, 4, 5, 8]) {
      const env = fc.sample(validEnvelope, { numRuns: 1, seed: flipAfter })[0] as Record<string, unknown>;
      const deliverable = { ...(env.deliverables as Record<string, unknown>[])[0] };
      let reads = 0;
      Object.defineProperty(deliverable, 'content_markdown', {
        enumerable: true,
        get: () => (++reads <= flipAfter ? 'x' : '   '),
      });
      const result = parse({ ...env, status: 'SUCCESS', deliverables: [deliverable] });
      if (result.success) expect(DeliverablesEnvelopeSchema.safeParse(result.data).success).toBe(true);

      let brandReads = 0;
      const request = {
        campaign_name: 'Spring',
        objectives: ['Awareness'],
        platforms: ['LinkedIn'],
        budget: 1,
        timeline_days: 1,
        get brand() {
          return ++brandReads <= flipAfter ? 'Acme' : '';
        },
      };
      const sent = campaign(request);
      if (sent.success) expect(CampaignGenerateRequestSchema.safeParse(sent.data).success).toBe(true);
    }
  });
});

describe('without code generation (strict CSP, some edge runtimes)', () => {
  it('falls back to zod and answers the same', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '..', '..');
    const dir = join(root, 'test', 'fixtures', 'envelope', 'invalid');
    const inputs = readdirSync(dir).map(
      (f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { envelope: unknown }).envelope,
    );
    const validDir = join(root, 'test', 'fixtures', 'envelope', 'valid');
    const valid = readdirSync(validDir).map(
      (f) => JSON.parse(readFileSync(join(validDir, f), 'utf8')) as unknown,
    );
    const script = `
      import { isDeliverablesEnvelope, parseDeliverablesEnvelope, validateDeliverablesEnvelope } from './src/index.ts';
      import { safeParseEnvelope } from './src/envelope/validate.ts';
      let evalAllowed = true;
      try { new Function(''); } catch { evalAllowed = false; }
      const inputs = JSON.parse(process.env.INPUTS);
      const valid = JSON.parse(process.env.VALID);
      console.log(JSON.stringify({ evalAllowed, answers: inputs.map((x) => validateDeliverablesEnvelope(x).errors), guards: inputs.map(isDeliverablesEnvelope),
        parsed: valid.map((x) => parseDeliverablesEnvelope(x)), fast: [...valid, ...inputs].map((x) => safeParseEnvelope(x).success) }));`;
    const out = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, INPUTS: JSON.stringify(inputs), VALID: JSON.stringify(valid) },
      },
    );
    const { evalAllowed, answers, guards, parsed, fast } = JSON.parse(out) as {
      evalAllowed: boolean;
      answers: string[][];
      guards: boolean[];
      parsed: unknown[];
      fast: boolean[];
    };
    expect(evalAllowed).toBe(false);
    expect(guards).toEqual(inputs.map(() => false));
    expect(answers).toEqual(inputs.map((x) => validateDeliverablesEnvelope(x).errors));
    // the client's parser falls back to zod: same typed copies, same verdicts
    expect(parsed).toEqual(valid.map((x) => DeliverablesEnvelopeSchema.parse(x)));
    expect(fast).toEqual([...valid.map(() => true), ...inputs.map(() => false)]);
  });
});
