import type { BackendRetryOptions } from './types.js';

/** ky's (and `setTimeout`'s) upper bound for a timeout. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/** The Python reference client's `timeout_s=120`. */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Statuses retried when retries are on and `statusCodes` is not given: the backend did not run the job. */
export const DEFAULT_RETRY_STATUS_CODES: readonly number[] = Object.freeze([408, 429, 503]);

/** Retry settings after defaults. @internal */
export interface NormalizedRetry {
  limit: number;
  statusCodes: number[];
  retryOnTimeout: boolean;
  attemptTimeoutMs: number | undefined;
  maxRetryAfterMs: number;
  backoffLimitMs: number;
  jitter: boolean;
}

/** Why a timeout value is unusable, or `undefined`. @internal */
export function timeoutIssue(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    return `${name}: must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS}`;
  }
  return undefined;
}

const isNonNegativeInt = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** No retry, no issue: shared, as every call without retries gets it (never mutated). */
const NO_RETRY: { retry: undefined; issues: string[] } = Object.freeze({
  retry: undefined,
  issues: Object.freeze([]) as unknown as string[],
});

/**
 * Validates and fills in retry options; `issues` is non-empty when they are unusable.
 * @internal
 */
export function normalizeRetry(
  retry: number | BackendRetryOptions | undefined,
  name = 'retry',
): { retry: NormalizedRetry | undefined; issues: string[] } {
  if (retry === undefined || retry === 0) return NO_RETRY;
  const options: BackendRetryOptions = typeof retry === 'number' ? { limit: retry } : retry;
  const issues: string[] = [];
  if (typeof options !== 'object' || options === null) {
    return { retry: undefined, issues: [`${name}: must be a number of retries or an options object`] };
  }
  const limit = options.limit ?? 0;
  if (!isNonNegativeInt(limit)) issues.push(`${name}.limit: must be a whole number, 0 or more`);
  const statusCodes = options.statusCodes ?? DEFAULT_RETRY_STATUS_CODES;
  if (!Array.isArray(statusCodes) || !statusCodes.every((code) => Number.isInteger(code) && code >= 400)) {
    issues.push(`${name}.statusCodes: must be an array of HTTP error statuses (400 and above)`);
  }
  const attemptIssue = timeoutIssue(`${name}.attemptTimeoutMs`, options.attemptTimeoutMs);
  if (attemptIssue) issues.push(attemptIssue);
  for (const key of ['maxRetryAfterMs', 'backoffLimitMs'] as const) {
    const value = options[key];
    if (value !== undefined && !isNonNegativeInt(value))
      issues.push(`${name}.${key}: must be a whole number of ms`);
  }
  if (issues.length > 0) return { retry: undefined, issues };
  if (limit === 0) return { retry: undefined, issues };
  return {
    retry: {
      limit,
      statusCodes: [...statusCodes],
      retryOnTimeout: options.retryOnTimeout === true,
      attemptTimeoutMs: options.attemptTimeoutMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      backoffLimitMs: options.backoffLimitMs ?? 10_000,
      jitter: options.jitter ?? true,
    },
    issues,
  };
}
