import * as z from 'zod';

/**
 * A JSON value: what survives `JSON.stringify` / `JSON.parse` unchanged.
 * Response envelopes hold nothing else (no functions, class instances,
 * `undefined` in arrays, `NaN` or `Infinity`).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: string keys, {@link JsonValue} values. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Any JSON value. The schema itself accepts anything: purity (no functions,
 * cycles, `NaN`, ...) is checked once for the whole envelope by the validator,
 * which walks the data without recursion limits of its own. @internal
 */
export const JsonValueSchema = z.unknown() as unknown as z.ZodType<JsonValue>;

/** A JSON object (string keys). @internal */
export const JsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), JsonValueSchema, {
  error: 'must be an object',
});
