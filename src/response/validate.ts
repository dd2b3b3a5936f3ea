import type * as z from 'zod';
import type { ValidationResult } from '../envelope/index.js';
import { formatPath } from '../internal/index.js';
import type { Issue } from '../issue.js';
import { ChartDataSchema, isSeriesChartData } from './artifacts.js';
import { ResponseValidationError } from './errors.js';
import { type ResponseLimits, resolveLimits, USE_FILE_REFERENCE } from './limits.js';
import { checkPureData, MAX_ISSUES, type PathIssue } from './purity.js';
import { type ResponseEnvelope, ResponseEnvelopeSchema } from './schemas.js';

/** Options of {@link validateResponseEnvelope} and {@link parseResponseEnvelope}. */
export interface ResponseValidationOptions {
  /**
   * Size limits; unset ones keep their defaults.
   * @default DEFAULT_RESPONSE_LIMITS
   * @example { maxTableRows: 50, maxArtifactBytes: 64 * 1024 }
   */
  limits?: Partial<ResponseLimits>;
}

/**
 * The answer of {@link validateResponseEnvelope}: the same `{ valid, errors }`
 * shape as the deliverables validator.
 */
export type ResponseValidationResult = ValidationResult;

/** Result of the internal check: every problem, and the parsed envelope when valid. @internal */
export interface ResponseCheck {
  errors: string[];
  issues: Issue[];
  envelope?: ResponseEnvelope;
}

type Found = { path: readonly PropertyKey[]; code: string; message: string };

const keysOf = (path: readonly PropertyKey[]) =>
  path.filter((key): key is string | number => typeof key !== 'symbol');

/** The problems as lines and as {@link Issue}s, capped at MAX_ISSUES with a final `… and N more`. */
function report(found: readonly Found[], short = false): Pick<ResponseCheck, 'errors' | 'issues'> {
  const kept = found.slice(0, MAX_ISSUES);
  const errors = kept.map((f) => `${short ? shortPath(f.path) : formatPath(f.path)}: ${f.message}`);
  const issues: Issue[] = kept.map((f) => ({ path: keysOf(f.path), code: f.code, message: f.message }));
  if (found.length > MAX_ISSUES) {
    const message = `… and ${found.length - MAX_ISSUES} more`;
    errors.push(message);
    issues.push({ path: [], code: 'too_many_issues', message });
  }
  return { errors, issues };
}

const READ_ERROR: Found = {
  path: [],
  code: 'unreadable',
  message: 'the envelope could not be read (it is not plain JSON data)',
};

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** zod issues as found problems; any failed rule on an absent key reads `is required`. */
function zodFound(issues: readonly z.core.$ZodIssue[], data: unknown): Found[] {
  return issues.map((issue) => {
    const missing =
      issue.code !== 'custom' && issue.path.length > 0 && valueAt(data, issue.path) === undefined;
    return missing
      ? { path: issue.path, code: 'required', message: 'is required' }
      : { path: issue.path, code: issue.code, message: issue.message };
  });
}

/** `path: message`; any failed rule on an absent key reads `is required`. */
function formatZodIssues(issues: readonly z.core.$ZodIssue[], data: unknown): string[] {
  return zodFound(issues, data).map((f) => `${formatPath(f.path)}: ${f.message}`);
}

const under = (path: readonly PropertyKey[], prefix: readonly PropertyKey[]) =>
  prefix.length <= path.length && prefix.every((key, i) => key === path[i]);

/**
 * The data points of a chart: the values of all series in the recommended
 * form, otherwise every number anywhere in the free-form data (walked without
 * recursion; purity has already bounded the depth).
 */
function chartPoints(data: unknown): number {
  if (isSeriesChartData(data)) return data.series.reduce((sum, s) => sum + s.values.length, 0);
  let points = 0;
  const stack: unknown[] = [data];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'number') points++;
    else if (value !== null && typeof value === 'object') {
      for (const item of Array.isArray(value) ? value : Object.values(value)) stack.push(item);
    }
  }
  return points;
}

function limitIssues(envelope: ResponseEnvelope, limits: ResponseLimits): PathIssue[] {
  const issues: PathIssue[] = [];
  envelope.artifacts.forEach((artifact, i) => {
    if (artifact.artifact_type === 'table') {
      const rows = artifact.content.rows.length;
      if (rows > limits.maxTableRows) {
        issues.push({
          path: ['artifacts', i, 'content', 'rows'],
          message: `table has ${rows} rows, more than the limit of ${limits.maxTableRows} (maxTableRows); ${USE_FILE_REFERENCE}`,
        });
      }
    } else if (artifact.artifact_type === 'chart') {
      const points = chartPoints(artifact.content.data);
      if (points > limits.maxChartPoints) {
        issues.push({
          path: ['artifacts', i, 'content', 'data'],
          message: `chart has ${points} data points, more than the limit of ${limits.maxChartPoints} (maxChartPoints); aggregate the data or ${USE_FILE_REFERENCE}`,
        });
      }
    }
  });
  return issues;
}

/** A path that stays readable: very deep paths keep their start and end. */
function shortPath(path: readonly PropertyKey[]): string {
  const full = formatPath(path);
  return full.length <= 300 ? full : `${full.slice(0, 140)}…${full.slice(-140)}`;
}

function check(data: unknown, limits: ResponseLimits): ResponseCheck {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return report([{ path: [], code: 'invalid_type', message: 'the envelope must be a JSON object' }]);
  }
  const purity = checkPureData(data, limits);
  const pure: Found[] = purity.issues.map((i) => ({
    path: i.path,
    code: 'invalid_value',
    message: i.message,
  }));
  if (purity.stopped) return report(pure, true);
  let result: ReturnType<typeof ResponseEnvelopeSchema.safeParse>;
  try {
    result = ResponseEnvelopeSchema.safeParse(data);
  } catch {
    return report(pure.length ? pure : [READ_ERROR], true);
  }
  if (!result.success) {
    const zodIssues = result.error.issues.filter(
      (issue: z.core.$ZodIssue) => !purity.issues.some((p) => under(issue.path, p.path)),
    );
    return report([...pure, ...zodFound(zodIssues, data)], true);
  }
  const limited: Found[] = limitIssues(result.data, limits)
    .filter((issue) => !purity.issues.some((p) => under(issue.path, p.path)))
    .map((i) => ({ path: i.path, code: 'too_big', message: i.message }));
  const found = [...pure, ...limited];
  return found.length ? report(found, true) : { errors: [], issues: [], envelope: result.data };
}

/** The resolved limits of `options`; never throws (a throwing getter keeps the defaults). */
function limitsOf(options: ResponseValidationOptions | undefined): ResponseLimits {
  try {
    return resolveLimits(options?.limits);
  } catch {
    return resolveLimits();
  }
}

/**
 * The problems of chart data that is not in the recommended `{ labels, series }`
 * form, each prefixed with `path`: what the builder's `addChart` requires on
 * top of the validator. Never throws. @internal
 */
export function checkSeriesChartData(data: unknown, path: readonly PropertyKey[]): string[] {
  try {
    const result = ChartDataSchema.safeParse(data);
    if (result.success) return [];
    return formatZodIssues(
      result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })),
      valueAtRoot(path, data),
    );
  } catch {
    return [`${formatPath(path)}: must be an object with labels and series`];
  }
}

/** An object holding `data` at `path`, so issue paths resolve against it. */
function valueAtRoot(path: readonly PropertyKey[], data: unknown): unknown {
  let root: unknown = data;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i]!;
    root = { [key]: root };
  }
  return root;
}

/** Validates and parses with resolved limits; never throws. @internal */
export function checkResponseEnvelope(data: unknown, limits: ResponseLimits): ResponseCheck {
  try {
    return check(data, limits);
  } catch {
    return report([READ_ERROR]);
  }
}

/**
 * Checks a payload against the ResponseEnvelope v2 contract and the size
 * limits. Never throws, whatever the input (cycles, throwing getters,
 * proxies, huge data); each error starts with its path.
 *
 * @example
 * ```ts
 * const { valid, errors } = validateResponseEnvelope(await res.json())
 * if (!valid) console.error(errors) // ['artifacts[0].content.rows[2]: row has 2 cells but there are 3 columns; ...']
 * ```
 */
export function validateResponseEnvelope(
  data: unknown,
  options?: ResponseValidationOptions,
): ResponseValidationResult {
  const { errors, issues } = checkResponseEnvelope(data, limitsOf(options));
  return { valid: errors.length === 0, errors, issues };
}

/**
 * Returns the typed envelope (arrays and metadata filled with their defaults),
 * or throws {@link ResponseValidationError} listing every problem.
 *
 * @example
 * ```ts
 * const envelope = parseResponseEnvelope(json)
 * console.log(envelope.summary, envelope.artifacts.length)
 * ```
 */
export function parseResponseEnvelope(data: unknown, options?: ResponseValidationOptions): ResponseEnvelope {
  const { errors, envelope } = checkResponseEnvelope(data, limitsOf(options));
  if (!envelope) throw new ResponseValidationError(errors);
  return envelope;
}

/**
 * Type guard: true when `data` is a valid response envelope within the limits.
 * Note the guard does not apply defaults: `artifacts` and friends may be absent.
 *
 * @example
 * ```ts
 * if (isResponseEnvelope(body)) console.log(body.summary)
 * ```
 */
export function isResponseEnvelope(
  data: unknown,
  options?: ResponseValidationOptions,
): data is z.input<typeof ResponseEnvelopeSchema> {
  return checkResponseEnvelope(data, limitsOf(options)).errors.length === 0;
}
