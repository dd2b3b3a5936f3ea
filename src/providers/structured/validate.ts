/**
 * Checks one answer: JSON parse, decode (unwrap, strict-mode nulls), zod
 * `safeParse`. Problems come out as the project's {@link Issue} shape, parse
 * errors included.
 *
 * @internal Used by `generateObject` / `streamObject`.
 */
import type * as z from 'zod';
import { toIssues } from '../../internal/index.js';
import type { Issue } from '../../issue.js';
import { unwrapJsonFence } from '../adapters/shared.js';
import type { CompiledSchema } from './compile.js';
import { decodeOutput } from './decode.js';
import type { BaseSchema } from './json-schema.js';

/** The outcome of checking one answer. */
export type Checked<T> =
  | { readonly ok: true; readonly object: T }
  | { readonly ok: false; readonly issues: Issue[]; readonly zodIssues: z.core.$ZodIssue[] };

/** What the issues call the answer (`is not a field of the answer`). */
const SUBJECT = 'the answer';

/** The JSON text of an answer: a Markdown fence and prose around one object are removed. */
export function extractJson(text: string): string {
  const unfenced = unwrapJsonFence(text.trim());
  if (unfenced.startsWith('{') || unfenced.startsWith('[')) return unfenced;
  const start = unfenced.search(/[{[]/);
  const end = Math.max(unfenced.lastIndexOf('}'), unfenced.lastIndexOf(']'));
  return start >= 0 && end > start ? unfenced.slice(start, end + 1) : unfenced;
}

/** Validates a decoded value with zod. */
export function checkValue<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, object: parsed.data };
  // The project's issue conventions: `required` for a missing field, hints for unknown keys, at most 100.
  return {
    ok: false,
    issues: toIssues(schema, parsed.error.issues, value, SUBJECT),
    zodIssues: parsed.error.issues,
  };
}

/** Parses, decodes and validates the text of one answer. */
export function checkAnswer<S extends z.ZodType>(
  schema: S,
  text: string,
  base: BaseSchema,
  compiled: CompiledSchema,
): Checked<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(extractJson(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    return {
      ok: false,
      issues: [
        {
          path: [],
          code: 'invalid_json',
          message:
            text.trim() === ''
              ? 'The answer was empty; expected one JSON object.'
              : `The answer is not valid JSON (${reason}); expected one JSON object.`,
        },
      ],
      zodIssues: [],
    };
  }
  return checkValue(schema, decodeOutput(json, base, compiled.nullForOptional));
}
