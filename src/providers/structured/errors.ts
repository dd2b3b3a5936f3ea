/**
 * Errors of structured output: a schema a provider cannot express (raised
 * before any request) and answers that never matched the schema.
 */
import type * as z from 'zod';
import { AicmoError, isAicmoError } from '../../errors.js';
import type { Issue } from '../../issue.js';
import type { StructuredAttempt } from './types.js';

/**
 * The zod schema uses something a provider's structured mode cannot express
 * (an open map or `z.any()` for OpenAI strict mode, a `z.date()` for every
 * provider, ...). Raised by `generateObject` / `streamObject` before any
 * request is sent.
 *
 * @example
 * ```ts
 * try { await chain.generateObject({ schema, prompt }) } catch (err) {
 *   if (isSchemaUnsupportedError(err)) console.error(err.provider, err.path, err.reason)
 * }
 * ```
 */
export class SchemaUnsupportedError extends AicmoError {
  override name = 'SchemaUnsupportedError' as const;
  /** The provider whose structured mode cannot express the schema. */
  readonly provider: string;
  /**
   * Where in the output the problem is: object keys, `*` for any array item
   * or map value, `$defs/<name>` inside a recursive definition.
   */
  readonly path: readonly (string | number)[];
  /** What the provider cannot express, in plain words. */
  readonly reason: string;

  constructor(options: { provider: string; path: readonly (string | number)[]; reason: string }) {
    const where = options.path.length > 0 ? options.path.join('.') : '(root)';
    super(
      'SCHEMA_UNSUPPORTED',
      `The ${options.provider} provider cannot express the output schema at ${where}: ${options.reason}. ` +
        'Change that part of the zod schema (or remove the provider from this chain) and call again.',
    );
    this.provider = options.provider;
    this.path = options.path;
    this.reason = options.reason;
  }
}

/**
 * No provider produced an answer that matched the schema, even after the
 * repair round. `issues` are the problems of the last answer in the
 * project's {@link Issue} shape, `zodIssues` the raw zod issues, `attempts`
 * every answer and what was wrong with it. `cause` is the chain error that
 * ended the search, when providers failed too.
 *
 * @example
 * ```ts
 * try { await chain.generateObject({ schema, prompt }) } catch (err) {
 *   if (isSchemaMismatchError(err)) for (const i of err.issues) console.error(i.path.join('.'), i.message)
 * }
 * ```
 */
export class SchemaMismatchError extends AicmoError {
  override name = 'SchemaMismatchError' as const;
  /** Problems of the last answer (at least one). */
  readonly issues: readonly Issue[];
  /** The raw zod issues of the last answer (empty when it was not JSON at all). */
  readonly zodIssues: readonly z.core.$ZodIssue[];
  /** Every structured attempt, in order. */
  readonly attempts: readonly StructuredAttempt[];

  constructor(options: {
    issues: readonly Issue[];
    zodIssues: readonly z.core.$ZodIssue[];
    attempts: readonly StructuredAttempt[];
    cause?: unknown;
  }) {
    const tried = [
      ...new Set(
        options.attempts
          .filter((a) => a.status === 'invalid')
          .map((a) => `${a.provider} (${a.model}) ${a.kind}: ${a.issues.length} issue(s)`),
      ),
    ];
    const first = options.issues
      .slice(0, 3)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    super(
      'SCHEMA_MISMATCH',
      `No provider returned output matching the schema (${tried.join(', ') || 'no answer'}). Last problems: ${first}. ` +
        'Describe the fields in the prompt or with .describe(), loosen the schema, or add a provider.',
      { cause: options.cause },
    );
    this.issues = options.issues;
    this.zodIssues = options.zodIssues;
    this.attempts = options.attempts;
  }
}

/**
 * True when `value` is a {@link SchemaUnsupportedError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isSchemaUnsupportedError(err)) console.error(err.provider, err.path)
 * ```
 */
export function isSchemaUnsupportedError(value: unknown): value is SchemaUnsupportedError {
  return isAicmoError(value) && value.name === 'SchemaUnsupportedError';
}

/**
 * True when `value` is a {@link SchemaMismatchError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isSchemaMismatchError(err)) console.error(err.issues)
 * ```
 */
export function isSchemaMismatchError(value: unknown): value is SchemaMismatchError {
  return isAicmoError(value) && value.name === 'SchemaMismatchError';
}
