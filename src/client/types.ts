import type { DeliverablesEnvelope } from '../envelope/index.js';
import type { Issue } from '../issue.js';
import type { RunEvent } from '../stream/index.js';
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

/** Waits between retries: exponential from `initialDelayMs`, capped at `maxDelayMs`, with full jitter. */
export interface BackendBackoff {
  /** Wait before the first retry, in ms (doubling after each). @default 300 */
  initialDelayMs?: number;
  /** Longest wait between two attempts, in ms. @default 10_000 */
  maxDelayMs?: number;
  /** Full jitter on the wait (not on `Retry-After`). @default true */
  jitter?: boolean;
}

/**
 * What a call may do on the wire; shared by the client's options and each
 * call's. Option names follow the chain's: `timeoutMs` is one attempt,
 * `deadlineMs` the whole call.
 */
export interface BackendTransportOptions {
  /**
   * Deadline for one attempt in ms: connecting, the answer and reading its
   * body. At most 2147483647. @default deadlineMs
   */
  timeoutMs?: number;
  /**
   * Deadline for the whole call in ms: every attempt and the waits between
   * them. At most 2147483647. @default 120_000 (the Python client's 120 s)
   */
  deadlineMs?: number;
  /**
   * Retries after the first attempt (POST is never retried unless you ask).
   * Only answers that say the job did not run (`retryStatusCodes`) and
   * connection failures are retried; every attempt carries the same
   * `X-Trace-ID`. @default 0
   */
  maxRetries?: number;
  /** Waits between retries. @default { initialDelayMs: 300, maxDelayMs: 10_000, jitter: true } */
  backoff?: BackendBackoff;
  /** Statuses retried when `maxRetries` > 0. @default [408, 429, 503] */
  retryStatusCodes?: readonly number[];
  /** Also retry an attempt that timed out (the backend may have run it). @default false */
  retryOnTimeout?: boolean;
  /** Upper bound for a server's `Retry-After` (429, 503), in ms. @default 30_000 */
  maxRetryAfterMs?: number;
  /**
   * Largest 2xx body read, in bytes, counted while streaming and after
   * decompression; past it the call is a `RESPONSE_TOO_LARGE` failure.
   * @default 10_485_760 (10 MB)
   */
  maxResponseBytes?: number;
  /**
   * Follow a redirect to another origin (the request body and headers go
   * there too). Same-origin redirects are always followed. @default false
   */
  allowCrossOriginRedirects?: boolean;
  /** Put the response text in results as `rawText`. @default false */
  includeRawText?: boolean;
  /** Extra headers, e.g. `Authorization`. Never logged. `X-Trace-ID` is always set by the client. */
  headers?: Readonly<Record<string, string>>;
}

/** Options of {@link createBackendClient}. Every field is optional. */
export interface BackendClientOptions extends BackendTransportOptions {
  /**
   * Backend base URL, e.g. `https://api.example.com`; trailing slashes are
   * stripped. No credentials in it: send them in an `Authorization` header.
   * @default getBackendUrl(env), read at each call
   */
  baseUrl?: string;
  /** Where `BACKEND_URL` / `AICMO_BACKEND_URL` are read when `baseUrl` is not given. @default process.env when present */
  env?: EnvLike;
  /** A `fetch` to use instead of the global one. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Where to log. @default no logging */
  logger?: BackendLogger;
}

/** Options of a single call; they override the client's for that call (headers are merged over them). */
export interface BackendCallOptions extends BackendTransportOptions {
  /** The `X-Trace-ID` to send (visible ASCII, at most 200 characters). @default a fresh UUID v4 */
  traceId?: string;
  /** Cancels the call; the result is then an `ABORTED` error. */
  signal?: AbortSignal;
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
 * | `TIMEOUT` | 504 | `timeoutMs` (one attempt) or `deadlineMs` (the call) elapsed |
 * | `CONNECTION_ERROR` | 503 | connection refused, DNS failure, connection broken mid-body |
 * | `RESPONSE_TOO_LARGE` | status (200) | the 2xx body passed `maxResponseBytes` (decompressed) |
 * | `REDIRECT_BLOCKED` | status (3xx) | a redirect to another origin (`location` says where), or too many |
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
  | 'RESPONSE_TOO_LARGE'
  | 'REDIRECT_BLOCKED'
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
  /**
   * Each problem as `{ path, code, message }`: `CONTRACT_ERROR`,
   * `VALIDATION_ERROR`, and a 422 whose body names its fields (aicmo's own
   * server, FastAPI). At most 100, then a `… and N more` entry.
   */
  readonly issues?: readonly Issue[];
  /** The same problems as `path: message` lines. */
  readonly errors?: readonly string[];
  /** Where a blocked redirect pointed (`REDIRECT_BLOCKED`), when the runtime shows it. */
  readonly location?: string;
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
