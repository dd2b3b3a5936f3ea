/**
 * Field builders shared by the module request schemas: text trimmed with
 * Python's `str.strip()` semantics (CONTRACT §1), bounded lengths and lists,
 * and choices with a message that lists the options.
 */
import * as z from 'zod/mini';
import { NOT_BLANK_PATTERN, PYTHON_WHITESPACE } from '../internal/index.js';

const EDGES = new RegExp(`^[${PYTHON_WHITESPACE}]+|[${PYTHON_WHITESPACE}]+$`, 'gu');

/** Python's `value.strip()`: removes what `str.isspace()` matches at both ends (keeps U+FEFF). */
export function pythonStrip(value: string): string {
  return value.replace(EDGES, '');
}

/**
 * Required text: trimmed as Python strips, then not blank and at most `max` characters.
 *
 * @example
 * ```ts
 * z.object({ topic: text(200) })
 * ```
 */
export function text(max: number): z.ZodMiniString<string> {
  return z
    .string({ error: 'must be a string' })
    .check(
      z.overwrite(pythonStrip),
      z.regex(NOT_BLANK_PATTERN, { error: 'must not be blank' }),
      z.maxLength(max, { error: `must be at most ${max} characters` }),
    );
}

/**
 * A list of 1 to `maxItems` non-blank texts of at most `maxLength` characters each.
 *
 * @example
 * ```ts
 * z.object({ platforms: z.optional(textList(10, 50, 'platform')) })
 * ```
 */
export function textList(maxItems: number, maxLength: number, what: string) {
  return z
    .array(text(maxLength), { error: 'must be an array of strings' })
    .check(
      z.minLength(1, { error: `must list at least one ${what}` }),
      z.maxLength(maxItems, { error: `must list at most ${maxItems} ${what}s` }),
    );
}

/**
 * One of `values`, matched exactly; the message lists the options.
 *
 * @example
 * ```ts
 * choice(['summary', 'detailed'] as const)
 * ```
 */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of: ${values.join(', ')}` });
}

/**
 * A whole number between `min` and `max`.
 *
 * @example
 * ```ts
 * z.object({ duration_weeks: z.optional(wholeNumber(1, 52)) })
 * ```
 */
export function wholeNumber(min: number, max: number): z.ZodMiniNumber<number> {
  return z
    .number({ error: 'must be a number' })
    .check(
      z.int({ error: 'must be a whole number' }),
      z.gte(min, { error: `must be at least ${min}` }),
      z.lte(max, { error: `must be at most ${max}` }),
    );
}

/**
 * A number between `min` and `max` (e.g. a budget).
 *
 * @example
 * ```ts
 * z.object({ budget: z.optional(amount(0, 1e12)) })
 * ```
 */
export function amount(min: number, max: number): z.ZodMiniNumber<number> {
  return z
    .number({ error: 'must be a number' })
    .check(
      z.gte(min, { error: min === 0 ? 'must not be negative' : `must be at least ${min}` }),
      z.lte(max, { error: `must be at most ${max}` }),
    );
}

/**
 * A list of at most `maxItems` non-blank texts of at most `maxLength`
 * characters; it may be empty (the Python operator sends `[]` for an empty
 * multiselect).
 *
 * @example
 * ```ts
 * z.object({ selected_jobs: z.nullish(texts(30, 80)) })
 * ```
 */
export function texts(maxItems: number, maxLength: number) {
  return z
    .array(text(maxLength), { error: 'must be an array of strings' })
    .check(z.maxLength(maxItems, { error: `must list at most ${maxItems} items` }));
}

/**
 * One text, or a list of texts (the operator writes some fields either way).
 *
 * @example
 * ```ts
 * z.object({ hiring_locations: z.nullish(textOrList(20, 200)) })
 * ```
 */
export function textOrList(maxItems: number, maxLength: number) {
  return z.union([text(maxLength), texts(maxItems, maxLength)], {
    error: 'must be a string or an array of strings',
  });
}

/** What {@link preprocess} returns: a `zod/mini` schema typed as classic `z.preprocess`'s (input `B`, `U`'s optionality). */
export type Preprocessed<U extends z.core.$ZodType, B> = z.ZodMiniType<
  z.output<U>,
  B,
  z.core.$ZodPreprocessInternals<U, B>
>;

/**
 * As classic `z.preprocess(fn, schema)`, on `zod/mini`: `fn` runs on the raw
 * value, then `schema` checks its result (a pipe from a transform; the same
 * parse results and JSON Schema). `B` is the input type editors see.
 */
export function preprocess<A, U extends z.core.$ZodType, B = unknown>(
  fn: (value: B) => A,
  schema: U,
): Preprocessed<U, B> {
  return z.pipe(
    z.transform(fn),
    schema as unknown as z.core.$ZodType<unknown, Awaited<A>>,
  ) as unknown as Preprocessed<U, B>;
}
