import * as z from 'zod';
import { IsoTimestampSchema } from '../envelope/index.js';
import { NOT_BLANK_PATTERN } from '../internal/index.js';

/** A string schema with a short message. @internal */
export const str = (what = 'a string') => z.string({ error: `must be ${what}` });

/** A string that must not be blank after Python's `str.strip()`. @internal */
export const notBlank = (what: string) =>
  str().regex(NOT_BLANK_PATTERN, { error: `${what} must not be blank` });

/**
 * One of `values`, exact lower case on the wire; the message lists them
 * (`must be one of ok, failed (lower case)`). @internal
 */
export const lowerCaseEnum = <const T extends readonly string[]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')} (lower case)` });

/** A count: a non-negative integer. @internal */
export const count = () =>
  z
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .nonnegative({ error: 'must not be negative' });

/**
 * An ISO 8601 timestamp: `2026-02-07T14:50:41.828368Z`, or the naive UTC form
 * Python writes (`2026-02-07T20:07:02.031542`). @internal
 */
export const timestamp = () => IsoTimestampSchema;

/**
 * A string with known values listed for editors and the JSON Schema, any other
 * string accepted (forward compatibility, as for deliverable kinds). @internal
 */
export const openString = <const T extends readonly string[]>(known: T) =>
  str().meta({ examples: [...known] }) as unknown as z.ZodType<T[number] | (string & {})>;
