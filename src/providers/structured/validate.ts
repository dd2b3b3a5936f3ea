/**
 * Checks one answer: JSON parse, decode (unwrap, strict-mode nulls), zod
 * `safeParse`. Problems come out as the project's {@link Issue} shape, parse
 * errors included.
 *
 * @internal Used by `generateObject` / `streamObject`.
 */
import type * as z from 'zod';
import type { Issue } from '../../issue.js';
import { unwrapJsonFence } from '../adapters/shared.js';
import type { CompiledSchema } from './compile.js';
import { decodeOutput } from './decode.js';
import type { BaseSchema } from './json-schema.js';

/** The outcome of checking one answer. */
export type Checked<T> =
  | { readonly ok: true; readonly object: T }
  | { readonly ok: false; readonly issues: Issue[]; readonly zodIssues: z.core.$ZodIssue[] };

/** Zod issues in the project's {@link Issue} shape. */
export function toIssues(issues: readonly z.core.$ZodIssue[]): Issue[] {
  return issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
    code: issue.code,
    message: issue.message,
  }));
}

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
  return { ok: false, issues: toIssues(parsed.error.issues), zodIssues: parsed.error.issues };
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
