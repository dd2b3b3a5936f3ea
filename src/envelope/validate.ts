import { formatIssues } from '../internal/issues.js';
import {
  compileGuard,
  compileIssues,
  compileParse,
  type FastParseResult,
  type IssueCheck,
} from './compile.js';
import { EnvelopeValidationError } from './errors.js';
import {
  type DeliverablesEnvelope,
  DeliverablesEnvelopeSchema,
  PartialEnvelopeSchema,
  RESPONSE_STATUSES,
} from './schemas.js';

/**
 * The answer of a never-throw validator: the same question Python's
 * `validate_deliverables_envelope` answers, as an object.
 */
export interface ValidationResult {
  /** True when there is no error. */
  valid: boolean;
  /** One line per problem, each starting with its path. Empty when valid. */
  errors: string[];
}

const READ_ERROR = '(root): the envelope could not be read (it is not plain JSON data)';
const STATUS_ERROR = 'status: must be one of SUCCESS, FAILED, PARTIAL (upper case)';

// Compiled from the zod schemas on first use: same answers as `safeParse`, faster
// (see compile.ts; the property tests prove the equality).
let envelopeGuard: ((data: unknown) => boolean) | undefined;
let envelopeCheck: IssueCheck | undefined;
let partialCheck: IssueCheck | undefined;

let envelopeParse: ReturnType<typeof compileParse<DeliverablesEnvelope>> | undefined;

/**
 * `DeliverablesEnvelopeSchema.safeParse` without the issues, compiled: the
 * same verdict and the same typed copy, several times faster (the client parses
 * every answer with it). `json`: the data comes straight from `JSON.parse` (no
 * getters), which saves a check of the copy. Never throws.
 * @internal
 */
export function safeParseEnvelope(data: unknown, json = false): FastParseResult<DeliverablesEnvelope> {
  envelopeParse ??= compileParse(DeliverablesEnvelopeSchema);
  try {
    return envelopeParse(data, { json });
  } catch {
    return { success: false };
  }
}

/** Valid or not, stopping at the first problem (may throw on hostile objects). */
function isValid(data: unknown): boolean {
  envelopeGuard ??= compileGuard(DeliverablesEnvelopeSchema);
  return envelopeGuard(data);
}

function collectErrors(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return ['(root): the envelope must be a JSON object'];
  }
  if (isValid(data)) return [];
  envelopeCheck ??= compileIssues(DeliverablesEnvelopeSchema);
  const issues = envelopeCheck(data);
  if (issues === null) return [];
  const status = (data as { status?: unknown }).status;
  if ((RESPONSE_STATUSES as readonly unknown[]).includes(status)) {
    return formatIssues(issues, data);
  }
  // Bad or missing status: still report every other problem, checking the rest
  // against the most permissive branch.
  partialCheck ??= compileIssues(PartialEnvelopeSchema);
  const rest = partialCheck({ ...data, status: 'PARTIAL' });
  const head = status === undefined ? 'status: is required' : STATUS_ERROR;
  return [head, ...(rest === null ? [] : formatIssues(rest, data))];
}

/**
 * Checks a payload against the deliverables envelope contract. Never throws,
 * whatever the input.
 *
 * @example
 * ```ts
 * const { valid, errors } = validateDeliverablesEnvelope(await res.json())
 * if (!valid) console.error(errors) // ['deliverables[0].content_markdown: ...']
 * ```
 */
export function validateDeliverablesEnvelope(data: unknown): ValidationResult {
  let errors: string[];
  try {
    errors = collectErrors(data);
  } catch {
    errors = [READ_ERROR];
  }
  return { valid: errors.length === 0, errors };
}

/**
 * Returns the typed envelope, or throws {@link EnvelopeValidationError}
 * listing every problem.
 *
 * @example
 * ```ts
 * const envelope = parseDeliverablesEnvelope(json)
 * for (const d of envelope.deliverables) console.log(d.title)
 * ```
 */
export function parseDeliverablesEnvelope(data: unknown): DeliverablesEnvelope {
  // The typed copy, as zod builds it (it drops `__proto__` keys, keeps every other field).
  const result = safeParseEnvelope(data);
  if (result.success) return result.data;
  const { errors } = validateDeliverablesEnvelope(data);
  // no error listed: a hostile object (getters answering differently on each read)
  throw new EnvelopeValidationError(errors.length > 0 ? errors : [READ_ERROR]);
}

/**
 * Type guard: true when `data` is a valid deliverables envelope.
 *
 * @example
 * ```ts
 * if (isDeliverablesEnvelope(body)) console.log(body.status)
 * ```
 */
export function isDeliverablesEnvelope(data: unknown): data is DeliverablesEnvelope {
  try {
    return isValid(data);
  } catch {
    return false;
  }
}
