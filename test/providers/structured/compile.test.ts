import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isSchemaUnsupportedError, type SchemaUnsupportedError } from '../../../src/providers/index.js';
import { compileSchema, outputName } from '../../../src/providers/structured/compile.js';
import { decodeOutput } from '../../../src/providers/structured/decode.js';
import { toBaseSchema } from '../../../src/providers/structured/json-schema.js';

const strict = (schema: z.ZodType) => compileSchema(toBaseSchema(schema, 'openai'), 'json_schema', 'openai');

function unsupported(run: () => unknown): SchemaUnsupportedError {
  try {
    run();
  } catch (error) {
    if (isSchemaUnsupportedError(error)) return error;
    throw error;
  }
  throw new Error('expected a SchemaUnsupportedError');
}

describe('OpenAI strict compile', () => {
  it('makes optional properties required and nullable, closes every object', () => {
    const compiled = strict(
      z.object({
        title: z.string(),
        subtitle: z.string().optional(),
        meta: z.object({ tags: z.array(z.string()).optional(), score: z.number().nullable() }),
      }),
    );
    expect(compiled.schema).toEqual({
      type: 'object',
      properties: {
        title: { type: 'string' },
        subtitle: { type: ['string', 'null'] },
        meta: {
          type: 'object',
          properties: {
            tags: { type: ['array', 'null'], items: { type: 'string' } },
            score: { type: ['number', 'null'] },
          },
          required: ['tags', 'score'],
          additionalProperties: false,
        },
      },
      required: ['title', 'subtitle', 'meta'],
      additionalProperties: false,
    });
    expect(compiled.nullForOptional).toBe(true);
  });

  it('maps null back to absent for optional fields, keeps null where the schema allows it', () => {
    const schema = z.object({
      a: z.string().optional(),
      b: z.string().nullable(),
      c: z.string().nullable().optional(),
      items: z.array(z.object({ note: z.string().optional() })),
    });
    const base = toBaseSchema(schema, 'openai');
    const decoded = decodeOutput(
      { a: null, b: null, c: null, items: [{ note: null }, { note: 'x' }] },
      base,
      true,
    );
    expect(decoded).toEqual({ b: null, c: null, items: [{}, { note: 'x' }] });
    expect(schema.safeParse(decoded).success).toBe(true);
  });

  it('keeps a model\'s "__proto__" key an own property: it never becomes the prototype that fills fields', () => {
    const schema = z.object({ title: z.string(), note: z.string().optional() });
    const base = toBaseSchema(schema, 'openai');
    const decoded = decodeOutput(
      JSON.parse('{"note":null,"__proto__":{"title":"from the prototype"}}'),
      base,
      true,
    );
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded as object, 'title')).toBe(false);
    expect(schema.safeParse(decoded).success).toBe(false);
  });

  it('follows the union branch when mapping nulls back (discriminated unions)', () => {
    const schema = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('post'), title: z.string(), image: z.string().optional() }),
      z.object({ kind: z.literal('poll'), options: z.array(z.string()), closesAt: z.string().nullable() }),
    ]);
    const base = toBaseSchema(schema, 'openai');
    expect(decodeOutput({ value: { kind: 'post', title: 't', image: null } }, base, true)).toEqual({
      kind: 'post',
      title: 't',
    });
    expect(decodeOutput({ value: { kind: 'poll', options: [], closesAt: null } }, base, true)).toEqual({
      kind: 'poll',
      options: [],
      closesAt: null,
    });
  });

  it('uses anyOf, never oneOf, and wraps a non-object root as { value }', () => {
    const compiled = strict(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('a'), x: z.string() }),
        z.object({ type: z.literal('b'), y: z.number() }),
      ]),
    );
    const text = JSON.stringify(compiled.schema);
    expect(text).not.toContain('oneOf');
    expect(compiled.schema.required).toEqual(['value']);
    expect((compiled.schema.properties as Record<string, { anyOf: unknown[] }>).value?.anyOf).toHaveLength(2);
  });

  it('turns an enum-keyed record into named properties', () => {
    const compiled = strict(z.object({ scores: z.record(z.enum(['linkedin', 'x']), z.number()) }));
    const scores = (compiled.schema.properties as Record<string, Record<string, unknown>>).scores;
    expect(scores).toEqual({
      type: 'object',
      properties: { linkedin: { type: 'number' }, x: { type: 'number' } },
      required: ['linkedin', 'x'],
      additionalProperties: false,
    });
  });

  it('moves keywords strict mode rejects into the description', () => {
    const compiled = strict(
      z.object({ slug: z.string().min(3).max(40).describe('URL slug'), at: z.iso.datetime() }),
    );
    const props = compiled.schema.properties as Record<string, Record<string, unknown>>;
    expect(props.slug).toEqual({ type: 'string', description: 'URL slug (minLength: 3; maxLength: 40)' });
    expect(props.at).toEqual({ type: 'string', format: 'date-time' });
  });

  it('keeps recursion through $defs', () => {
    type Node = { name: string; children: Node[] };
    const Node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(Node) }));
    const compiled = strict(z.object({ tree: Node }));
    expect(JSON.stringify(compiled.schema)).toContain('#/$defs/');
  });

  it.each([
    ['an open map', z.object({ m: z.record(z.string(), z.number()) }), ['m'], /open map/],
    ['z.any()', z.object({ data: z.any() }), ['data'], /any value/],
    ['a tuple', z.object({ pair: z.tuple([z.string(), z.number()]) }), ['pair'], /tuple/],
    ['z.never()', z.object({ n: z.never() }), ['n'], /not/],
  ])('refuses %s with its path, before any request', (_label, schema, path, reason) => {
    const error = unsupported(() => strict(schema));
    expect(error.provider).toBe('openai');
    expect(error.path).toEqual(path);
    expect(error.reason).toMatch(reason);
    expect(error.code).toBe('SCHEMA_UNSUPPORTED');
  });

  it('refuses nesting deeper than 10 levels', () => {
    let schema: z.ZodType = z.string();
    for (let i = 0; i < 12; i++) schema = z.object({ n: schema });
    expect(unsupported(() => strict(schema)).reason).toMatch(/10 levels/);
  });

  it('refuses more than 1000 enum values', () => {
    const values = Array.from({ length: 1001 }, (_, i) => `v${i}`) as [string, ...string[]];
    expect(unsupported(() => strict(z.object({ e: z.enum(values) }))).reason).toMatch(/1000 enum/);
  });
});

describe('every provider', () => {
  it('refuses what zod cannot represent, naming the first provider and the path', () => {
    const error = unsupported(() =>
      toBaseSchema(z.object({ when: z.array(z.object({ at: z.date() })) }), 'anthropic'),
    );
    expect(error.provider).toBe('anthropic');
    expect(error.path).toEqual(['when', '*', 'at']);
    expect(error.reason).toMatch(/Date/);
  });

  it('Anthropic and JSON mode keep open maps and tuples, with anyOf instead of oneOf', () => {
    const schema = z.object({
      m: z.record(z.string(), z.number()),
      pair: z.tuple([z.string(), z.number()]),
      u: z.discriminatedUnion('t', [z.object({ t: z.literal('a') }), z.object({ t: z.literal('b') })]),
    });
    for (const mode of ['tool', 'json_object', undefined] as const) {
      const compiled = compileSchema(toBaseSchema(schema, 'x'), mode, 'x');
      const text = JSON.stringify(compiled.schema);
      expect(text).not.toContain('oneOf');
      expect(text).not.toContain('$schema');
      expect(text).toContain('prefixItems');
      expect(compiled.nullForOptional).toBe(false);
    }
  });

  it('names outputs with the characters the APIs accept', () => {
    expect(outputName('LinkedIn post!')).toBe('LinkedIn_post_');
    expect(outputName(undefined)).toBe('output');
    expect(outputName('x'.repeat(80))).toHaveLength(64);
  });
});
