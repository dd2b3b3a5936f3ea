/**
 * Field builders shared by the module request schemas: text trimmed with
 * Python's `str.strip()` semantics (CONTRACT §1), bounded lengths and lists,
 * and choices with a message that lists the options.
 */
import * as z from 'zod';
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
export function text(max: number): z.ZodString {
  return z
    .string({ error: 'must be a string' })
    .overwrite(pythonStrip)
    .regex(NOT_BLANK_PATTERN, { error: 'must not be blank' })
    .max(max, { error: `must be at most ${max} characters` });
}

/**
 * A list of 1 to `maxItems` non-blank texts of at most `maxLength` characters each.
 *
 * @example
 * ```ts
 * z.object({ platforms: textList(10, 50, 'platform').optional() })
 * ```
 */
export function textList(maxItems: number, maxLength: number, what: string) {
  return z
    .array(text(maxLength), { error: 'must be an array of strings' })
    .min(1, { error: `must list at least one ${what}` })
    .max(maxItems, { error: `must list at most ${maxItems} ${what}s` });
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
 * z.object({ duration_weeks: wholeNumber(1, 52).optional() })
 * ```
 */
export function wholeNumber(min: number, max: number): z.ZodNumber {
  return z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

/**
 * A number between `min` and `max` (e.g. a budget).
 *
 * @example
 * ```ts
 * z.object({ budget: amount(0, 1e12).optional() })
 * ```
 */
export function amount(min: number, max: number): z.ZodNumber {
  return z
    .number({ error: 'must be a number' })
    .min(min, { error: min === 0 ? 'must not be negative' : `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

/**
 * A list of at most `maxItems` non-blank texts of at most `maxLength`
 * characters; it may be empty (the Python operator sends `[]` for an empty
 * multiselect).
 *
 * @example
 * ```ts
 * z.object({ selected_jobs: texts(30, 80).nullish() })
 * ```
 */
export function texts(maxItems: number, maxLength: number) {
  return z
    .array(text(maxLength), { error: 'must be an array of strings' })
    .max(maxItems, { error: `must list at most ${maxItems} items` });
}

/**
 * One text, or a list of texts (the operator writes some fields either way).
 *
 * @example
 * ```ts
 * z.object({ hiring_locations: textOrList(20, 200).nullish() })
 * ```
 */
export function textOrList(maxItems: number, maxLength: number) {
  return z.union([text(maxLength), texts(maxItems, maxLength)], {
    error: 'must be a string or an array of strings',
  });
}
