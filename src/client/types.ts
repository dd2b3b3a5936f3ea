import type { DeliverablesEnvelope } from '../envelope/index.js';
import type { RunEvent } from '../stream/events.js';
import type { EnvLike } from './env.js';

/**
 * Where the client reports what it does. Any subset of the four methods; a
 * `console` fits, so does a pino or winston logger.
 *
 * What is logged is {@link BackendLogFields} only: the path (without query
 * string), the HTTP status, the trace id, the duration and the error type.
 * Never the payload, the response body, headers or keys.
 *
 * @example
 * ```ts
 * createBackendClient({ logger: console })
 * ```
 */
export interface BackendLogger {
  /** Request sent (`backend request`) and each retry (`backend request retry`). */
  debug?(message: string, fields: BackendLogFields): void;
  /** Call succeeded (`backend request done`). */
  info?(message: string, fields: BackendLogFields): void;
  /** Call failed (`backend request failed`, with `errorType`). */
  warn?(message: string, fields: BackendLogFields): void;
  /** Not used today; accepted so that any console-like logger fits. */
  error?(message: string, fields: BackendLogFields): void;
}

/** The only facts a {@link BackendLogger} ever receives. */
export interface BackendLogFields {
  /** Request path, query string and fragment removed, e.g. `/api/v1/campaigns/generate`. */
  readonly path: string;
  /** The `X-Trace-ID` sent. */
  readonly traceId: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** Milliseconds since the call started. */
  readonly durationMs?: number;
  /** The result's `error.type` on failure, e.g. `TIMEOUT`. */
  readonly errorType?: string;
  /** Retry number (1 for the first retry), on `retry` lines. */
  readonly retry?: number;
}

/** A `fetch` implementation: the runtime's, a framework's (SSR), or a test double. */
export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/**
 * Opt-in retries (POST is never retried unless you ask). Only answers that
 * say the request was not processed, and connection failures, are retried;
 * `Retry-After` (seconds or HTTP date) is honoured for 429 and 503, capped by
 * `maxRetryAfterMs`. Every attempt carries the same `X-Trace-ID`, so the
 * backend can recognise a repeat.
 */
export interface BackendRetryOptions {
  /** How many retries after the first attempt. @default 0 */
  limit?: number;
  /**
   * Statuses to retry. Keep them to answers where the backend did not run the
   * job. @default [408, 429, 503]
   */
  statusCodes?: readonly number[];
  /** Also retry an attempt that timed out (the backend may have run it). @default false */
  retryOnTimeout?: boolean;
  /** Per-attempt timeout in ms; the whole call stays bounded by `timeoutMs`. @default timeoutMs */
  attemptTimeoutMs?: number;
  /** Upper bound for a server's `Retry-After`, in ms. @default 30_000 */
  maxRetryAfterMs?: number;
  /** Upper bound for the exponential backoff (300 ms, 600 ms, ...), in ms. @default 10_000 */
  backoffLimitMs?: number;
  /** Full jitter on the backoff (not on `Retry-After`). @default true */
  jitter?: boolean;
}

/** Options of {@link createBackendClient}. Every field is optional. */
export interface BackendClientOptions {
  /**
   * Backend base URL, e.g. `https://api.example.com`; trailing slashes are
   * stripped. @default getBackendUrl(env), read at each call
   */
  baseUrl?: string;
  /** Where `BACKEND_URL` / `AICMO_BACKEND_URL` are read when `baseUrl` is not given. @default process.env when present */
  env?: EnvLike;
  /**
   * Deadline for the whole call in ms: connecting, the answer, reading the
   * body, and any retries with their delays. At most 2147483647. @default 120_000 (the Python client's 120 s)
   */
  timeoutMs?: number;
  /** Extra headers on every request, e.g. `Authorization`. Never logged. `X-Trace-ID` is always set by the client. */
  headers?: Readonly<Record<string, string>>;
  /** A `fetch` to use instead of the global one. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Where to log. @default no logging */
  logger?: BackendLogger;
  /** Opt-in retries; a number is `limit`. @default 0 (no retry) */
  retry?: number | BackendRetryOptions;
  /** Put the response text in results as `rawText`. @default false */
  includeRawText?: boolean;
}

/** Options of a single call; they override the client's for that call. */
export interface BackendCallOptions {
  /** The `X-Trace-ID` to send (visible ASCII, at most 200 characters). @default a fresh UUID v4 */
  traceId?: string;
  /** Cancels the call; the result is then an `ABORTED` error. */
  signal?: AbortSignal;
  /** Deadline for this call in ms. @default the client's `timeoutMs` */
  timeoutMs?: number;
  /** Extra headers for this call, merged over the client's. */
  headers?: Readonly<Record<string, string>>;
  /** Retries for this call. @default the client's `retry` */
  retry?: number | BackendRetryOptions;
  /** Put the response text in the result as `rawText`. @default the client's `includeRawText` */
  includeRawText?: boolean;
  /**
   * Live progress: the call asks for a stream (`Accept: text/event-stream`)
   * and calls this with each event (`run.started`, `deliverable.delta`, ...)
   * as it arrives; the result is the same as without it. A backend that does
   * not stream answers JSON, and this is never called. Must not throw.
   *
   * @example
   * ```ts
   * await client.generateCampaign(request, { onProgress: (e) => e.type === 'deliverable.completed' && console.log(e.deliverable.title) })
   * ```
   */
  onProgress?: (event: RunEvent) => void;
}

/** Options of {@link backendPostJson}: a client's options and a call's, together. */
export interface BackendPostOptions extends BackendClientOptions, BackendCallOptions {}

/**
 * `error.type` values. `HTTP_<status>` for a non-2xx answer; the others:
 *
 * | type | code | when |
 * |---|---|---|
 * | `CONFIGURATION_ERROR` | 503 | no backend URL, or an unusable one |
 * | `VALIDATION_ERROR` | 422 | the request or call options were rejected before sending |
 * | `RESPONSE_PARSE_ERROR` | status (200) | 2xx with a body that is not JSON |
 * | `CONTRACT_ERROR` | status (200) | 2xx JSON that is not a valid envelope; `issues` lists why |
 * | `TIMEOUT` | 504 | `timeoutMs` elapsed |
 * | `CONNECTION_ERROR` | 503 | connection refused, DNS failure, connection lost |
 * | `ABORTED` | 499 | the caller's `signal` aborted |
 * | `INTERNAL_ERROR` | 500 | anything else |
 */
export type BackendErrorType =
  | 'CONFIGURATION_ERROR'
  | 'VALIDATION_ERROR'
  | 'RESPONSE_PARSE_ERROR'
  | 'CONTRACT_ERROR'
  | 'TIMEOUT'
  | 'CONNECTION_ERROR'
  | 'ABORTED'
  | 'INTERNAL_ERROR'
  | `HTTP_${number}`;

/** What went wrong, as data (the same shape as the envelope's `error`, plus context). */
export interface BackendErrorInfo {
  /** Stable kind, e.g. `TIMEOUT`, `HTTP_502`. */
  readonly type: BackendErrorType;
  /** HTTP status, real (`HTTP_*`, parse and contract errors) or conventional (table above). */
  readonly code: number;
  /** What happened and what to do. For `HTTP_*`: the body's `message` / `detail`, else its first 500 characters. */
  readonly message: string;
  /** The `X-Trace-ID` of the call. */
  readonly traceId: string;
  /** Each problem as `path: message` (`CONTRACT_ERROR`, `VALIDATION_ERROR`). */
  readonly issues?: readonly string[];
  /** The first offending field (`VALIDATION_ERROR`), e.g. `budget`. */
  readonly field?: string;
  /** A non-2xx answer's body when it is itself a valid envelope (a FAILED envelope, typically). */
  readonly envelope?: DeliverablesEnvelope;
}

/** A call that got a valid envelope (whatever its own `status`: SUCCESS, PARTIAL or FAILED). */
export interface BackendSuccess {
  /** Discriminant: the call got a valid envelope. */
  readonly ok: true;
  /** The validated envelope. */
  readonly envelope: DeliverablesEnvelope;
  /** The `X-Trace-ID` sent. */
  readonly traceId: string;
  /** HTTP status (2xx). */
  readonly status: number;
  /** Milliseconds from call to result. */
  readonly durationMs: number;
  /** Response text, when `includeRawText` is set. */
  readonly rawText?: string;
  /** Always absent on success (lets `result.error?.type` work on the union). */
  readonly error?: undefined;
}

/** A call that failed; `error` says how. */
export interface BackendFailure {
  /** Discriminant: the call failed. */
  readonly ok: false;
  /** What went wrong. */
  readonly error: BackendErrorInfo;
  /** The `X-Trace-ID` sent (or that would have been sent). */
  readonly traceId: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** Milliseconds from call to result. */
  readonly durationMs: number;
  /** Response text, when `includeRawText` is set and a body was read. */
  readonly rawText?: string;
  /** Always absent on failure (lets `result.envelope?.deliverables` work on the union). */
  readonly envelope?: undefined;
}

/**
 * The never-throw result of every backend call.
 *
 * @example
 * ```ts
 * const result = await client.generateCampaign(request)
 * if (result.ok) for (const d of result.envelope.deliverables) console.log(d.title)
 * else console.error(result.error.type, result.error.message, result.traceId)
 * ```
 */
export type BackendResult = BackendSuccess | BackendFailure;
