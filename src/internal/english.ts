/**
 * zod's English wording for issues a schema gives no message of its own.
 * aicmo's schemas are built on `zod/mini`, which loads no locale (its default
 * message is "Invalid input"); the parses aicmo runs pass {@link ENGLISH} so
 * users read what classic zod's English locale says, without touching the
 * user's global zod config. A schema's own `error` still wins (zod's order).
 */
import type * as z from 'zod/mini';

const SIZING: Readonly<Record<string, string>> = {
  string: 'characters',
  file: 'bytes',
  array: 'items',
  set: 'items',
  map: 'entries',
};

function literal(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return `"${value}"`;
  return `${String(value)}`;
}

/** The type name zod's English locale writes for a received value. */
function received(input: unknown): string {
  switch (typeof input) {
    case 'number':
      return Number.isFinite(input) ? 'number' : String(input);
    case 'object':
      if (input === null) return 'null';
      if (Array.isArray(input)) return 'array';
      if (input instanceof Date) return 'date';
      if (input instanceof Promise) return 'promise';
      if (typeof Map !== 'undefined' && input instanceof Map) return 'map';
      if (typeof Set !== 'undefined' && input instanceof Set) return 'set';
      if (typeof File !== 'undefined' && input instanceof File) return 'file';
      return 'object';
    default:
      return typeof input;
  }
}

/** The message zod's English locale (classic `zod`'s default) gives `issue`. */
export function englishMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'nan' ? 'NaN' : issue.expected;
      return `Invalid input: expected ${expected}, received ${received(issue.input)}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${literal(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(literal).join('|')}`;
    case 'too_big': {
      const adj = issue.exact ? 'exactly ' : issue.inclusive ? '<=' : '<';
      const unit = SIZING[issue.origin];
      return unit !== undefined
        ? `Too big: expected ${issue.origin ?? 'value'} to have ${adj}${issue.maximum.toString()} ${unit}`
        : `Too big: expected ${issue.origin ?? 'value'} to be ${adj}${issue.maximum.toString()}`;
    }
    case 'too_small': {
      const adj = issue.exact ? 'exactly ' : issue.inclusive ? '>=' : '>';
      const unit = SIZING[issue.origin];
      return unit !== undefined
        ? `Too small: expected ${issue.origin} to have ${adj}${issue.minimum.toString()} ${unit}`
        : `Too small: expected ${issue.origin} to be ${adj}${issue.minimum.toString()}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return `Invalid string: must match pattern ${issue.pattern}`;
      return `Invalid ${issue.format}`;
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(literal).join(', ')}`;
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown }).options;
      if (Array.isArray(options) && options.length > 0)
        return `Invalid discriminator value. Expected ${options.map((o) => `'${String(o)}'`).join(' | ')}`;
      return (issue as { inclusive?: unknown }).inclusive === false
        ? 'Invalid input: more than one option matched'
        : 'Invalid input';
    }
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`;
    default:
      return 'Invalid input';
  }
}

/** Parse params giving {@link englishMessage} to every issue without a message of its own. */
export const ENGLISH: { readonly error: (issue: z.core.$ZodRawIssue) => string } = Object.freeze({
  error: englishMessage,
});
