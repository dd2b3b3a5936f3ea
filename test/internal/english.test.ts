/**
 * ENGLISH words an issue as classic zod's English locale does: aicmo's schemas
 * are on `zod/mini` (no locale loaded), and users must read the same messages.
 */
import { describe, expect, it } from 'vitest';
import * as classic from 'zod';
import * as z from 'zod/mini';
import { ENGLISH, englishMessage } from '../../src/internal/index.js';

const en = classic.locales.en().localeError;

const CASES: ReadonlyArray<[string, z.core.$ZodType, unknown]> = [
  ['string given a number', z.string(), 1],
  ['string given null', z.string(), null],
  ['string given an array', z.string(), []],
  ['number given NaN', z.number(), Number.NaN],
  ['number given Infinity', z.number(), Number.POSITIVE_INFINITY],
  ['object given a string', z.object({ a: z.string() }), 'x'],
  ['literal', z.literal('run.started'), 'other'],
  ['enum', z.enum(['a', 'b']), 'c'],
  ['int', z.number().check(z.int()), 1.5],
  ['gte', z.number().check(z.gte(1)), 0],
  ['gt', z.number().check(z.gt(1)), 1],
  ['lte', z.number().check(z.lte(5)), 6],
  ['minLength on a string', z.string().check(z.minLength(1)), ''],
  ['maxLength on an array', z.array(z.string()).check(z.maxLength(1)), ['a', 'b']],
  ['length on a string', z.string().check(z.length(2)), 'abc'],
  ['regex', z.string().check(z.regex(/^a$/)), 'b'],
  ['strict object, one key', z.strictObject({}), { x: 1 }],
  ['strict object, two keys', z.strictObject({}), { x: 1, y: 2 }],
  ['union', z.union([z.string(), z.number()]), true],
  ['discriminated union', z.discriminatedUnion('t', [z.object({ t: z.literal('a') })]), { t: 'b' }],
  ['record key', z.record(z.string().check(z.minLength(2)), z.number()), { a: 1 }],
  ['multipleOf', z.number().check(z.multipleOf(3)), 4],
  ['refine', z.string().check(z.refine((v) => v === 'ok')), 'no'],
];

describe('ENGLISH', () => {
  it.each(CASES)('%s: the message classic zod gives', (_name, schema, input) => {
    const ours = z.safeParse(schema, input, ENGLISH);
    const theirs = z.safeParse(schema, input, { error: (issue) => en(issue) as string });
    expect(ours.success).toBe(false);
    const messages = ours.error?.issues.map((i) => i.message);
    expect(messages).toEqual(theirs.error?.issues.map((i) => i.message));
    expect(messages?.every((m) => m.length > 0)).toBe(true);
  });

  it("a schema's own message still wins", () => {
    const result = z.safeParse(z.string({ error: 'must be a string' }), 1, ENGLISH);
    expect(result.error?.issues[0]?.message).toBe('must be a string');
  });

  it('words what zod/mini alone leaves as "Invalid input"', () => {
    const result = z.safeParse(z.string(), 1, { error: (issue) => englishMessage(issue) });
    expect(result.error?.issues[0]?.message).toBe('Invalid input: expected string, received number');
  });
});
