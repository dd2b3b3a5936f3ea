import type { BackendTransportOptions } from './types.js';

/** ky's (and `setTimeout`'s) upper bound for a timeout. */
export const MAX_TIMEOUT_MS = 2_147_483_647;
/** The Python reference client's `timeout_s=120`: the default `deadlineMs`. */
export const DEFAULT_DEADLINE_MS = 120_000;
/** Largest 2xx body read by default: 10 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Statuses retried when retries are on and `retryStatusCodes` is not given: the backend did not run the job. */
export const DEFAULT_RETRY_STATUS_CODES: readonly number[] = Object.freeze([408, 429, 503]);

/** Every transport setting of one call, defaults applied. @internal */
export interface Transport {
  timeoutMs: number;
  deadlineMs: number;
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  jitter: boolean;
  retryStatusCodes: number[];
  retryOnTimeout: boolean;
  maxRetryAfterMs: number;
  maxResponseBytes: number;
  allowCrossOriginRedirects: boolean;
}

/** Options renamed in 0.2, with what to use instead. */
const RENAMED: Readonly<Record<string, string>> = {
  retry:
    'was removed: use maxRetries (was retry.limit), backoff: { initialDelayMs, maxDelayMs } (was retry.backoffLimitMs), ' +
    'timeoutMs for one attempt (was retry.attemptTimeoutMs), deadlineMs for the whole call (was timeoutMs), ' +
    'retryStatusCodes, retryOnTimeout and maxRetryAfterMs',
  attemptTimeoutMs: 'was renamed timeoutMs (one attempt); deadlineMs bounds the whole call',
  totalTimeoutMs: 'is called deadlineMs',
};

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

function wholeMs(name: string, value: unknown, issues: string[]): void {
  if (value !== undefined && !isNonNegativeInt(value))
    issues.push(`${name}: must be a whole number of ms, 0 or more`);
}

/** The problems of transport options (old names included), as `option: message` lines. @internal */
export function transportIssues(options: BackendTransportOptions): string[] {
  const issues: string[] = [];
  for (const [name, advice] of Object.entries(RENAMED)) {
    if (Object.hasOwn(options, name) && (options as Record<string, unknown>)[name] !== undefined)
      issues.push(`${name}: ${advice}`);
  }
  for (const name of ['timeoutMs', 'deadlineMs'] as const) {
    const issue = timeoutIssue(name, options[name]);
    if (issue) issues.push(issue);
  }
  if (options.maxRetries !== undefined && !isNonNegativeInt(options.maxRetries))
    issues.push('maxRetries: must be a whole number, 0 or more');
  const { backoff } = options;
  if (backoff !== undefined) {
    if (typeof backoff !== 'object' || backoff === null) issues.push('backoff: must be an object');
    else {
      wholeMs('backoff.initialDelayMs', backoff.initialDelayMs, issues);
      wholeMs('backoff.maxDelayMs', backoff.maxDelayMs, issues);
      if (backoff.jitter !== undefined && typeof backoff.jitter !== 'boolean')
        issues.push('backoff.jitter: must be true or false');
    }
  }
  const codes = options.retryStatusCodes;
  if (
    codes !== undefined &&
    (!Array.isArray(codes) || !codes.every((c) => Number.isInteger(c) && c >= 400))
  ) {
    issues.push('retryStatusCodes: must be an array of HTTP error statuses (400 and above)');
  }
  wholeMs('maxRetryAfterMs', options.maxRetryAfterMs, issues);
  const max = options.maxResponseBytes;
  if (max !== undefined && (!Number.isSafeInteger(max) || max < 1))
    issues.push('maxResponseBytes: must be a whole number of bytes, 1 or more');
  return issues;
}

/** The call's transport: the call's options over the client's, then the defaults. @internal */
export function resolveTransport(
  client: BackendTransportOptions,
  call: BackendTransportOptions | undefined,
): Transport {
  const pick = <K extends keyof BackendTransportOptions>(key: K): BackendTransportOptions[K] =>
    call?.[key] ?? client[key];
  const deadlineMs = pick('deadlineMs') ?? DEFAULT_DEADLINE_MS;
  const backoff = { ...client.backoff, ...call?.backoff };
  return {
    timeoutMs: Math.min(pick('timeoutMs') ?? deadlineMs, deadlineMs),
    deadlineMs,
    maxRetries: pick('maxRetries') ?? 0,
    initialDelayMs: backoff.initialDelayMs ?? 300,
    maxDelayMs: backoff.maxDelayMs ?? 10_000,
    jitter: backoff.jitter ?? true,
    retryStatusCodes: [...(pick('retryStatusCodes') ?? DEFAULT_RETRY_STATUS_CODES)],
    retryOnTimeout: pick('retryOnTimeout') === true,
    maxRetryAfterMs: pick('maxRetryAfterMs') ?? 30_000,
    maxResponseBytes: pick('maxResponseBytes') ?? DEFAULT_MAX_RESPONSE_BYTES,
    allowCrossOriginRedirects: pick('allowCrossOriginRedirects') === true,
  };
}
