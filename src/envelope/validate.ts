import * as z from 'zod/mini';
import { capIssues, DEFAULT_MAX_ERRORS, ENGLISH, issueLine, issuesFromZod } from '../internal/index.js';
import type { Issue } from '../issue.js';
import { EnvelopeValidationError } from './errors.js';
import {
  DeliverableSchema,
  type DeliverablesEnvelope,
  DeliverablesEnvelopeSchema,
  FailedEnvelopeSchema,
  PartialEnvelopeSchema,
  RESPONSE_STATUSES,
  SuccessEnvelopeSchema,
} from './schemas.js';

/**
 * The answer of a never-throw validator: the same question Python's
 * `validate_deliverables_envelope` answers, as an object.
 */
export interface ValidationResult {
  /** True when there is no error. */
  valid: boolean;
  /**
   * One line per problem, each starting with its path (`deliverables[2].content_markdown: ...`).
   * Empty when valid. At most `maxErrors` lines, the last then `… and N more`.
   */
  errors: string[];
  /** The same problems as {@link Issue}s (`{ path, code, message }`), in the same order. */
  issues: Issue[];
}

/** Options of {@link validateDeliverablesEnvelope}. */
export interface ValidateOptions {
  /**
   * Most entries listed; past it, the last entry is `… and N more` (code
   * `too_many_issues`), counting the rest. A whole number, 1 or more. @default 100
   */
  maxErrors?: number;
}

const READ_ERROR: Issue = {
  path: [],
  code: 'unreadable',
  message: 'the envelope could not be read (it is not plain JSON data)',
};
const NOT_OBJECT: Issue = { path: [], code: 'invalid_type', message: 'the envelope must be a JSON object' };
const STATUS_MESSAGE = 'must be one of SUCCESS, FAILED, PARTIAL (upper case)';

/** Past this many deliverables, they are checked one by one, stopping at the cap. */
const SPLIT_AT = 256;
/** Deliverables counted (not listed) after the cap is reached; past it the count is a lower bound. */
const COUNT_AT_MOST = 10_000;

/**
 * The schemas are used as they are: plain `safeParse` and `validate` (zod's
 * public API). An app that wants zod's generated fast path imports
 * `zod/compile` once at its entry (zod's global mode); browser bundles do
 * not pay for the compiler otherwise.
 */
function isRecord(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/** The branch schema for a status; PARTIAL (the most permissive) for a bad one. */
function branchOf(status: unknown): z.ZodMiniType {
  if (status === 'SUCCESS') return SuccessEnvelopeSchema;
  if (status === 'FAILED') return FailedEnvelopeSchema;
  return PartialEnvelopeSchema;
}

/** Past this many items, a nested array (hashtags, slides, warnings) is reported on its first items only. */
const REPORT_ITEMS = 1_000;

/**
 * A shallow copy of `data` for the error report, its nested arrays judged by
 * their length: `meta.warnings`, each deliverable's `hashtags` and
 * `assets.slides` longer than {@link REPORT_ITEMS} are cut to that (`cut` then
 * says the count is a lower bound). Keys keep their presence, so "is required"
 * reads the same.
 */
function forReport(
  data: Record<string, unknown>,
  deliverables = true,
): { copy: Record<string, unknown>; cut: boolean } {
  let cut = false;
  const trimmed = (record: Record<string, unknown>, key: string): Record<string, unknown> => {
    const value = record[key];
    if (!Array.isArray(value) || value.length <= REPORT_ITEMS) return record;
    cut = true;
    return { ...record, [key]: value.slice(0, REPORT_ITEMS) };
  };
  const item = (d: unknown): unknown => {
    if (!isRecord(d)) return d;
    const out = trimmed(d, 'hashtags');
    return isRecord(out.assets) ? { ...out, assets: trimmed(out.assets, 'slides') } : out;
  };
  const copy = { ...data };
  if (isRecord(copy.meta)) copy.meta = trimmed(copy.meta, 'warnings');
  if (deliverables && Array.isArray(copy.deliverables)) copy.deliverables = copy.deliverables.map(item);
  return { copy, cut };
}

/**
 * Every problem of a long `deliverables` array, element by element, listing at
 * most `max`: the envelope without its deliverables, then each element. An
 * array's length is judged before iterating: past the cap, at most
 * {@link COUNT_AT_MOST} more elements are counted.
 */
function splitIssues(
  head: readonly Issue[],
  data: Record<string, unknown>,
  branch: z.ZodMiniType,
  deliverables: readonly unknown[],
  max: number,
): Issue[] {
  // SUCCESS's "at least one" holds (the array is long): check the rest as PARTIAL
  const asPartial = branch === SuccessEnvelopeSchema;
  const outerReport = forReport(data, false);
  let cut = outerReport.cut;
  const skeleton = {
    ...outerReport.copy,
    deliverables: [] as unknown[],
    ...(asPartial ? { status: 'PARTIAL' } : {}),
  };
  const outer = asPartial ? PartialEnvelopeSchema : branch;
  const checkedOuter = outer.safeParse(skeleton, ENGLISH);
  const outerIssues = checkedOuter.success ? [] : issuesFromZod(checkedOuter.error.issues, skeleton);
  // zod's order: the fields before `deliverables`, its elements, then `error` and the rest
  const after = outerIssues.filter((issue) => issue.path[0] === 'error');
  const issues = [...head, ...outerIssues.filter((issue) => issue.path[0] !== 'error')];
  let extra = 0;
  let atLeast = false;
  let capReachedAt = -1;
  const { length } = deliverables;
  for (let i = 0; i < length; i++) {
    if (issues.length > max) {
      if (capReachedAt < 0) capReachedAt = i;
      else if (i - capReachedAt >= COUNT_AT_MOST) {
        atLeast = true;
        break;
      }
    }
    if (z.validate(DeliverableSchema, deliverables[i])) continue;
    const report = forReport({ deliverables: [deliverables[i]] });
    cut ||= report.cut;
    const item = (report.copy.deliverables as unknown[])[0];
    const checked = DeliverableSchema.safeParse(item, ENGLISH);
    if (checked.success) continue;
    const found = issuesFromZod(checked.error.issues, item, ['deliverables', i]);
    if (issues.length > max) extra += found.length;
    else issues.push(...found);
  }
  return capIssues([...issues, ...after], max, extra, atLeast || cut);
}

function collectIssues(data: unknown, max: number): Issue[] {
  if (!isRecord(data)) return [NOT_OBJECT];
  const { status, deliverables } = data;
  const known = (RESPONSE_STATUSES as readonly unknown[]).includes(status);
  const long = Array.isArray(deliverables) && deliverables.length > SPLIT_AT;
  // the verdict stops at the first problem; only an invalid envelope is walked for its report
  if (z.validate(DeliverablesEnvelopeSchema, data)) return [];
  // Bad or missing status: still report every other problem, checking the rest
  // against the most permissive branch.
  const head: Issue[] = known
    ? []
    : [
        status === undefined
          ? { path: ['status'], code: 'required', message: 'is required' }
          : { path: ['status'], code: 'invalid_value', message: STATUS_MESSAGE },
      ];
  const checked = known ? data : { ...data, status: 'PARTIAL' };
  const branch = known ? DeliverablesEnvelopeSchema : branchOf(status);
  if (long) return splitIssues(head, checked, branchOf(status), deliverables as unknown[], max);
  const { copy, cut } = forReport(checked);
  const result = branch.safeParse(copy, ENGLISH);
  const found = result.success ? [] : issuesFromZod(result.error.issues, copy);
  return capIssues([...head, ...found], max, 0, cut);
}

function maxErrorsOf(options: ValidateOptions | undefined): number {
  const max = options?.maxErrors;
  return typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : DEFAULT_MAX_ERRORS;
}

/**
 * Checks a payload against the deliverables envelope contract. Never throws,
 * whatever the input. Lists at most `maxErrors` problems (default 100), then a
 * final `… and N more` entry.
 *
 * @example
 * ```ts
 * const { valid, errors, issues } = validateDeliverablesEnvelope(await res.json())
 * if (!valid) console.error(errors) // ['deliverables[0].content_markdown: ...']
 * ```
 */
export function validateDeliverablesEnvelope(data: unknown, options?: ValidateOptions): ValidationResult {
  let issues: Issue[];
  try {
    issues = collectIssues(data, maxErrorsOf(options));
  } catch {
    issues = [READ_ERROR];
  }
  return { valid: issues.length === 0, errors: issues.map((issue) => issueLine(issue)), issues };
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
  let parsed: ReturnType<typeof DeliverablesEnvelopeSchema.safeParse> | undefined;
  try {
    parsed = DeliverablesEnvelopeSchema.safeParse(data, ENGLISH);
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return parsed.data;
  const { errors } = validateDeliverablesEnvelope(data);
  // no error listed: a hostile object (getters answering differently on each read)
  throw new EnvelopeValidationError(errors.length > 0 ? errors : [issueLine(READ_ERROR)]);
}

/**
 * Type guard: true when `data` is a valid deliverables envelope (stops at the
 * first problem).
 *
 * @example
 * ```ts
 * if (isDeliverablesEnvelope(body)) console.log(body.status)
 * ```
 */
export function isDeliverablesEnvelope(data: unknown): data is DeliverablesEnvelope {
  try {
    return z.validate(DeliverablesEnvelopeSchema, data);
  } catch {
    return false;
  }
}
