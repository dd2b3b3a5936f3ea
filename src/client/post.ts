import ky, { isHTTPError, isNetworkError, isTimeoutError, type Options as KyOptions, TimeoutError } from 'ky';
import { type DeliverablesEnvelope, validateDeliverablesEnvelope } from '../envelope/index.js';
import { safeParseEnvelope } from '../envelope/validate.js';
import { raceAbort } from '../internal/abort.js';
import { ambientEnv, getBackendUrl, normalizeBaseUrl } from './env.js';
import { httpErrorMessage, logPath, tryParseJson } from './messages.js';
import { DEFAULT_TIMEOUT_MS, type NormalizedRetry, normalizeRetry, timeoutIssue } from './options.js';
import { isValidTraceId, newTraceId } from './trace.js';
import type {
  BackendCallOptions,
  BackendErrorInfo,
  BackendErrorType,
  BackendLogFields,
  BackendLogger,
  BackendPostOptions,
  BackendResult,
  FetchLike,
} from './types.js';

/** Marks the raw text of an error body that ky read for us (its `parseJson` hook). */
class RawBody {
  constructor(readonly text: string) {}
}
const keepRawText = (text: string): RawBody => new RawBody(text);

const now: () => number =
  typeof globalThis.performance?.now === 'function' ? () => globalThis.performance.now() : () => Date.now();

/**
 * A `fetch` rejection with a `TypeError`, which the Fetch standard reserves
 * for network errors (refused, DNS, reset, blocked port...). Runtimes word it
 * differently (Node `fetch failed`, Chrome `Failed to fetch`, Bun
 * `ECONNREFUSED: Unable to connect...`, Deno `error sending request...`), so
 * the client marks it where it happens rather than matching messages.
 */
class FetchNetworkFailure extends Error {
  override name = 'FetchNetworkFailure';
}

/** `TypeError` from any realm (iframes, vm contexts): no `instanceof`. */
function isTypeErrorLike(error: unknown): boolean {
  return (
    Object.prototype.toString.call(error) === '[object Error]' &&
    (error as { name?: unknown }).name === 'TypeError'
  );
}

function signalOf(
  input: Request | URL | string,
  init: RequestInit | undefined,
): AbortSignal | null | undefined {
  return init?.signal ?? (typeof input === 'object' && 'signal' in input ? input.signal : undefined);
}

/** A `fetch` rejection as the client rethrows it: a network failure marked, an abort as it is. */
function markNetworkFailure(error: unknown, signal: AbortSignal | null | undefined): unknown {
  return isTypeErrorLike(error) && !signal?.aborted
    ? new FetchNetworkFailure('network error', { cause: error })
    : error;
}

/** Wraps a fetch so that its network failures become {@link FetchNetworkFailure}; aborts pass through. @internal */
export function guardedFetch(inner: FetchLike): FetchLike {
  return async (input, init) => {
    try {
      return await inner(input, init);
    } catch (error) {
      throw markNetworkFailure(error, signalOf(input, init));
    }
  };
}

/** Messages of raw network failures, per runtime (what ky's NetworkError wraps, plus body-read failures). */
const NETWORK_MESSAGES = new Set([
  'fetch failed',
  'terminated',
  'Failed to fetch',
  'network error',
  'NetworkError when attempting to fetch resource.',
  'The Internet connection appears to be offline.',
  'Network request failed',
  ' A network error occurred.',
  'Network connection lost',
  'Load failed',
]);

function isRawNetworkError(error: unknown): boolean {
  // Cross-realm safe (iframes, vm contexts): no `instanceof`.
  if (Object.prototype.toString.call(error) !== '[object Error]') return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name !== 'TypeError' || typeof message !== 'string') return false;
  return (
    NETWORK_MESSAGES.has(message) ||
    message.startsWith('Failed to fetch (') ||
    message.startsWith('error sending request for url')
  );
}

/** Everything a single call needs, client options and call options merged. @internal */
export interface CallSettings {
  baseUrl: string | undefined;
  fetch: FetchLike | undefined;
  logger: BackendLogger | undefined;
  headers: Readonly<Record<string, string>> | undefined;
  timeoutMs: number | undefined;
  retry: number | BackendPostOptions['retry'];
  includeRawText: boolean | undefined;
  env: BackendPostOptions['env'];
}

/** One call's trace id, path, clock and logging. @internal */
export interface CallContext {
  readonly traceId: string;
  readonly path: string;
  readonly started: number;
  readonly logger: BackendLogger | undefined;
  readonly includeRawText: boolean;
}

/** Reports to the logger; a broken logger never breaks the call. @internal */
export function log(
  logger: BackendLogger | undefined,
  level: keyof BackendLogger,
  message: string,
  fields: BackendLogFields,
): void {
  if (logger === undefined) return;
  try {
    logger[level]?.(message, fields);
  } catch {
    // A broken logger must not break the call.
  }
}

/** Milliseconds since the call started. @internal */
export function elapsed(ctx: CallContext): number {
  return Math.max(0, Math.round((now() - ctx.started) * 1000) / 1000);
}

/** A failed result, logged. @internal */
export function fail(
  ctx: CallContext,
  type: BackendErrorType,
  code: number,
  message: string,
  extra: {
    status?: number;
    rawText?: string;
    issues?: readonly string[];
    field?: string;
    envelope?: DeliverablesEnvelope;
  } = {},
): BackendResult {
  const error: BackendErrorInfo = {
    type,
    code,
    message,
    traceId: ctx.traceId,
    ...(extra.issues !== undefined ? { issues: extra.issues } : {}),
    ...(extra.field !== undefined ? { field: extra.field } : {}),
    ...(extra.envelope !== undefined ? { envelope: extra.envelope } : {}),
  };
  const durationMs = elapsed(ctx);
  log(ctx.logger, 'warn', 'backend request failed', {
    path: ctx.path,
    traceId: ctx.traceId,
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    durationMs,
    errorType: type,
  });
  return {
    ok: false,
    error,
    traceId: ctx.traceId,
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    durationMs,
    ...(ctx.includeRawText && extra.rawText !== undefined ? { rawText: extra.rawText } : {}),
  };
}

/** A `VALIDATION_ERROR` result: nothing was sent. @internal */
export function rejectInput(
  ctx: CallContext,
  issues: readonly string[],
  field: string | undefined,
  what: string,
): BackendResult {
  return fail(
    ctx,
    'VALIDATION_ERROR',
    422,
    `${what} was not sent: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}. Fix the named fields.`,
    { issues, ...(field !== undefined ? { field } : {}) },
  );
}

/** Starts the clock and settles the trace id of a call. @internal */
export function startCall(
  path: string,
  call: BackendCallOptions | undefined,
  settings: Pick<CallSettings, 'logger' | 'includeRawText'>,
): { ctx: CallContext; traceIdIssue: string | undefined } {
  const wanted = call?.traceId;
  const traceIdIssue =
    wanted !== undefined && !isValidTraceId(wanted)
      ? 'traceId: must be 1 to 200 visible ASCII characters (a UUID fits)'
      : undefined;
  const ctx: CallContext = {
    traceId: wanted !== undefined && traceIdIssue === undefined ? wanted : newTraceId(),
    path: logPath(typeof path === 'string' ? path : String(path)),
    started: now(),
    logger: settings.logger,
    includeRawText: (call?.includeRawText ?? settings.includeRawText) === true,
  };
  return { ctx, traceIdIssue };
}

function kyRetry(retry: NormalizedRetry | undefined): KyOptions['retry'] {
  if (retry === undefined) return 0;
  return {
    limit: retry.limit,
    methods: ['post'],
    statusCodes: retry.statusCodes,
    afterStatusCodes: retry.statusCodes.filter((code) => code === 413 || code === 429 || code === 503),
    maxRetryAfter: retry.maxRetryAfterMs,
    backoffLimit: retry.backoffLimitMs,
    jitter: retry.jitter,
    retryOnTimeout: retry.retryOnTimeout,
    // Network failures reach ky as FetchNetworkFailure (see guardedFetch): retry them like ky's own NetworkError.
    shouldRetry: ({ error }) => (error instanceof FetchNetworkFailure ? true : undefined),
  };
}

function buildHeaders(
  settings: CallSettings,
  call: BackendCallOptions | undefined,
  traceId: string,
): Headers | Record<string, string> | string {
  if (settings.headers === undefined && call?.headers === undefined) {
    // Nothing to merge or validate (the trace id is visible ASCII): fetch builds the one Headers.
    return { 'content-type': 'application/json', accept: 'application/json', 'x-trace-id': traceId };
  }
  try {
    const headers = new Headers(settings.headers);
    if (call?.headers) for (const [key, value] of Object.entries(call.headers)) headers.set(key, value);
    headers.set('content-type', 'application/json');
    headers.set('accept', 'application/json');
    headers.set('x-trace-id', traceId);
    return headers;
  } catch {
    return 'headers: must be valid HTTP header names and values';
  }
}

/**
 * The global `fetch`, called with the URL and the JSON string rather than
 * ky's `Request` (which then carries no body): re-wrapping a `Request` that
 * has a body makes Node's fetch pipe it through an identity stream (a third
 * of the client's CPU per call), while a string body goes out in one write.
 * Read at call time, so test interceptors (MSW) and polyfills still apply.
 */
function directFetch(body: string): FetchLike {
  return (input, init) => {
    const fetch = globalThis.fetch;
    if (typeof input === 'string' || input instanceof URL) return fetch(input, init);
    return fetch(input.url, {
      method: input.method,
      headers: input.headers,
      body,
      signal: input.signal,
      redirect: input.redirect,
      credentials: input.credentials,
      cache: input.cache,
      keepalive: input.keepalive,
      ...init,
    });
  };
}

/** Rejection of the single exchange's deadline; never leaves {@link singleExchange}. */
const DEADLINE = Symbol('deadline');

/** ky's cap on an error body read for `HTTPError.data`: a larger body yields no text. */
const MAX_ERROR_BODY_BYTES = 10 * 1024 * 1024;

/** A decoder for the charset named in `content-type` (UTF-8 otherwise), as ky reads error bodies. */
function textDecoderFor(contentType: string): TextDecoder {
  const match = /;\s*charset\s*=\s*(?:"([^"]+)"|([^;,\s]+))/i.exec(contentType);
  const charset = match?.[1] ?? match?.[2];
  if (charset) {
    try {
      return new TextDecoder(charset);
    } catch {
      // unknown charset: UTF-8, as ky does
    }
  }
  return new TextDecoder();
}

/**
 * The body of an error answer, read the way ky reads `HTTPError.data`:
 * streamed, charset-aware, at most 10 MiB; `undefined` when empty, too large
 * or unreadable.
 * @internal
 */
export async function readErrorText(response: Response): Promise<string | undefined> {
  const { body } = response;
  if (!body) {
    try {
      return (await response.text()) || undefined;
    } catch {
      return undefined;
    }
  }
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch {
    return undefined;
  }
  const decoder = textDecoderFor(response.headers.get('content-type') ?? '');
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > MAX_ERROR_BODY_BYTES) {
        void reader.cancel().catch(() => undefined);
        return undefined;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return undefined;
  }
  text += decoder.decode();
  return text || undefined;
}

interface Exchange {
  readonly url: string;
  readonly body: string;
  readonly headers: Headers | Record<string, string>;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * The single-attempt fast path: a call with no retry, on the global `fetch`.
 * It does what ky does for such a call — one `fetch`, one deadline of
 * `timeoutMs` over the request and the body read that aborts the request when
 * it fires, the caller's signal raced, an error body read as ky's
 * `HTTPError.data` — and maps the outcome through the same CONTRACT §2 table,
 * so results are identical. It skips ky's per-call pipeline (a `Ky` instance,
 * deep-merged options, four `Headers` copies, an undici `Request` with its own
 * follower `AbortSignal`, retry options normalised three times, timer races
 * per step), which on a real socket costs as much CPU as the `fetch` itself
 * (bench/client.ts). Calls with retries, or with a custom `fetch` (which
 * receives ky's `Request`), go through ky.
 */
async function singleExchange(ctx: CallContext, x: Exchange): Promise<BackendResult> {
  const controller = new AbortController();
  const fetchSignal =
    x.signal === undefined ? controller.signal : AbortSignal.any([x.signal, controller.signal]);
  const progress: Progress = { status: undefined, answered: false };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One promise for the request, its body and the deadline: a late request is aborted as the
  // deadline fires (as ky does); a late body once the race is lost (below).
  const settled = new Promise<ExchangeOutcome>((resolve, reject) => {
    timer = setTimeout(() => {
      if (!progress.answered) controller.abort();
      reject(DEADLINE);
    }, x.timeoutMs);
    exchange(x, fetchSignal, progress).then(resolve, reject);
  });
  let answer: { status: number; text: string };
  try {
    const outcome = await raceAbort(settled, x.signal);
    if ('code' in outcome) return httpFailure(ctx, outcome.code, outcome.rawText);
    answer = outcome;
  } catch (error) {
    const { status } = progress;
    if (error === DEADLINE) {
      controller.abort();
      return timeoutFailure(ctx, x.timeoutMs, status !== undefined ? { status } : {});
    }
    return classifyFailure(ctx, error, {
      signal: x.signal,
      timeoutMs: x.timeoutMs,
      url: x.url,
      status,
      readingBody: status !== undefined,
    });
  } finally {
    clearTimeout(timer);
  }
  return classifyAnswer(ctx, answer.status, answer.text);
}

/** How far a single exchange got: shared with its deadline. */
interface Progress {
  status: number | undefined;
  answered: boolean;
}

type ExchangeOutcome = { status: number; text: string } | { code: number; rawText: string | undefined };

/**
 * The request and its body, as one step raced once against the deadline: no
 * side effect but `progress`, as it may lose the race. The global `fetch` is
 * read at call time (MSW, polyfills); its network failures are marked
 * ({@link markNetworkFailure}).
 */
async function exchange(x: Exchange, signal: AbortSignal, progress: Progress): Promise<ExchangeOutcome> {
  let response: Response;
  try {
    response = await globalThis.fetch(x.url, { method: 'POST', headers: x.headers, body: x.body, signal });
  } catch (error) {
    throw markNetworkFailure(error, signal);
  }
  progress.answered = true;
  if (!response.ok && response.type !== 'opaque') {
    return { code: response.status, rawText: await readErrorText(response) };
  }
  progress.status = response.status;
  return { status: response.status, text: await response.text() };
}

/** The parsed URL when it is an absolute http(s) URL, else `undefined`. */
function httpUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

function connectionMessage(url: string): string {
  let origin = 'the configured URL';
  try {
    origin = new URL(url).origin;
  } catch {
    // keep the generic wording
  }
  return `Cannot connect to the backend at ${origin}. Is it running? Check BACKEND_URL (or AICMO_BACKEND_URL) and the network.`;
}

/**
 * The one place where anything that happened on the wire becomes a result
 * (CONTRACT §2 table). Never throws.
 * @internal
 */
export async function postJson(
  settings: CallSettings,
  path: string,
  payload: unknown,
  call: BackendCallOptions | undefined,
  started?: { ctx: CallContext; traceIdIssue: string | undefined },
): Promise<BackendResult> {
  const { ctx, traceIdIssue } = started ?? startCall(path, call, settings);
  try {
    // `send` answers at once when nothing is sent; awaiting its promise costs one tick
    return await send(settings, path, payload, call, ctx, traceIdIssue);
  } catch (error) {
    // Defensive: `send` classifies everything it awaits; this only catches the unforeseen.
    return fail(ctx, 'INTERNAL_ERROR', 500, unexpectedMessage(error));
  }
}

function unexpectedMessage(error: unknown): string {
  const raw = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const name = typeof raw === 'string' && /^[\w$.]{1,60}$/.test(raw) ? raw : typeof error;
  return `Unexpected error while calling the backend (${name}). Retry, and report it with the trace id if it persists.`;
}

/** A call that passed the local checks: what to send, and where. @internal */
export interface PreparedCall {
  /** The backend base URL, trailing slashes stripped. */
  readonly baseUrl: string;
  readonly url: string;
  readonly parsedUrl: URL;
  readonly body: string;
  readonly headers: Headers | Record<string, string>;
  readonly timeoutMs: number;
  readonly retry: NormalizedRetry | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Checks the call, then runs the exchange; a result at once when nothing is sent. */
function send(
  settings: CallSettings,
  path: string,
  payload: unknown,
  call: BackendCallOptions | undefined,
  ctx: CallContext,
  traceIdIssue: string | undefined,
): BackendResult | Promise<BackendResult> {
  const prepared = prepareCall(settings, path, payload, call, ctx, traceIdIssue);
  if ('ok' in prepared) return prepared;
  const { url, body, headers, timeoutMs, signal, retry, parsedUrl } = prepared;
  if (
    retry === undefined &&
    settings.fetch === undefined &&
    parsedUrl.username === '' &&
    parsedUrl.password === ''
  ) {
    log(ctx.logger, 'debug', 'backend request', { path: ctx.path, traceId: ctx.traceId });
    return singleExchange(ctx, { url, body, headers, timeoutMs, signal });
  }
  return viaKy(settings, ctx, { url, body, headers, timeoutMs, signal }, retry);
}

/**
 * The local checks of a call (options, URL, payload, headers): a
 * `VALIDATION_ERROR` / `CONFIGURATION_ERROR` result when one fails (nothing
 * is sent), else what to send. Shared by JSON calls and streams. @internal
 */
export function prepareCall(
  settings: CallSettings,
  path: string,
  payload: unknown,
  call: BackendCallOptions | undefined,
  ctx: CallContext,
  traceIdIssue: string | undefined,
): BackendResult | PreparedCall {
  // ---- local checks: nothing is sent when one fails
  const issues: string[] = [];
  if (traceIdIssue) issues.push(traceIdIssue);
  if (typeof path !== 'string' || path === '')
    issues.push('path: must be a non-empty string, e.g. /api/v1/campaigns/generate');
  const timeoutMs = call?.timeoutMs ?? settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeoutProblem = timeoutIssue('timeoutMs', timeoutMs);
  if (timeoutProblem) issues.push(timeoutProblem);
  const { retry, issues: retryIssues } = normalizeRetry(call?.retry ?? settings.retry);
  issues.push(...retryIssues);
  if (call?.signal !== undefined && !isAbortSignal(call.signal))
    issues.push('signal: must be an AbortSignal');
  if (issues.length > 0) return rejectInput(ctx, issues, issues[0]?.split(':')[0], 'The request');

  const baseUrl =
    settings.baseUrl !== undefined
      ? normalizeBaseUrl(settings.baseUrl)
      : getBackendUrl(settings.env ?? ambientEnv());
  if (baseUrl === undefined) {
    return fail(
      ctx,
      'CONFIGURATION_ERROR',
      503,
      'No backend URL is configured: set BACKEND_URL (or AICMO_BACKEND_URL), or pass baseUrl to the client.',
    );
  }
  const url = `${baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
  const parsedUrl = httpUrl(url);
  if (parsedUrl === undefined) {
    return fail(
      ctx,
      'CONFIGURATION_ERROR',
      503,
      'The backend URL is not an absolute http(s) URL: set BACKEND_URL to something like http://localhost:8000.',
    );
  }

  let body: string | undefined;
  try {
    body = JSON.stringify(payload);
  } catch {
    body = undefined;
  }
  if (body === undefined) {
    return rejectInput(
      ctx,
      ['(payload): must be JSON-serializable (no cycles, BigInt or functions)'],
      undefined,
      'The payload',
    );
  }
  const headers = buildHeaders(settings, call, ctx.traceId);
  if (typeof headers === 'string') return rejectInput(ctx, [headers], 'headers', 'The request');

  return { baseUrl, url, parsedUrl, body, headers, timeoutMs, retry, signal: call?.signal };
}

/** The exchange through ky: retries, or a caller's `fetch` (which receives ky's `Request`). */
async function viaKy(
  settings: CallSettings,
  ctx: CallContext,
  { url, body, headers, timeoutMs, signal }: Exchange,
  retry: NormalizedRetry | undefined,
): Promise<BackendResult> {
  const kyOptions: KyOptions = {
    method: 'post',
    // With the global fetch, the body goes straight to fetch (directFetch) and ky's
    // Request carries none: no body stream to build, tee or cancel per call.
    ...(settings.fetch !== undefined ? { body } : {}),
    headers,
    timeout: retry?.attemptTimeoutMs !== undefined ? Math.min(retry.attemptTimeoutMs, timeoutMs) : timeoutMs,
    totalTimeout: timeoutMs,
    retry: kyRetry(retry),
    throwHttpErrors: true,
    parseJson: keepRawText,
    ...(signal !== undefined ? { signal } : {}),
    fetch: guardedFetch(settings.fetch ?? directFetch(body)),
    ...(retry !== undefined && ctx.logger?.debug !== undefined
      ? {
          hooks: {
            beforeRetry: [
              ({ retryCount, error }) => {
                log(ctx.logger, 'debug', 'backend request retry', {
                  path: ctx.path,
                  traceId: ctx.traceId,
                  retry: retryCount,
                  ...(isHTTPError(error) ? { status: error.response.status } : {}),
                  durationMs: elapsed(ctx),
                });
              },
            ],
          },
        }
      : {}),
  };

  log(ctx.logger, 'debug', 'backend request', { path: ctx.path, traceId: ctx.traceId });
  let status: number | undefined;
  let text: string;
  try {
    const pending = ky(url, kyOptions);
    const response = await raceAbort(pending, signal);
    status = response.status;
    text = await raceAbort(pending.text(), signal);
  } catch (error) {
    return classifyFailure(ctx, error, { signal, timeoutMs, url, status, readingBody: status !== undefined });
  }
  return classifyAnswer(ctx, status, text);
}

/** A 2xx answer body as a result: an envelope, or a parse/contract failure. @internal */
export function classifyAnswer(ctx: CallContext, status: number, text: string): BackendResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail(
      ctx,
      'RESPONSE_PARSE_ERROR',
      status,
      `The backend answered ${status} with a body that is not JSON. Check that the URL points at the API (not a proxy or HTML page).`,
      { status, rawText: text },
    );
  }
  const parsed = safeParseEnvelope(data, true);
  if (!parsed.success) {
    const issues = validateDeliverablesEnvelope(data).errors;
    const list = issues.length > 0 ? issues : ['(root): not a valid deliverables envelope'];
    return fail(
      ctx,
      'CONTRACT_ERROR',
      status,
      `The backend answered ${status} with JSON that is not a valid deliverables envelope: ${list.slice(0, 3).join('; ')}${list.length > 3 ? `; and ${list.length - 3} more` : ''}. Fix the backend (CONTRACT §1).`,
      { status, rawText: text, issues: list },
    );
  }
  const durationMs = elapsed(ctx);
  log(ctx.logger, 'info', 'backend request done', {
    path: ctx.path,
    traceId: ctx.traceId,
    status,
    durationMs,
  });
  return {
    ok: true,
    envelope: parsed.data,
    traceId: ctx.traceId,
    status,
    durationMs,
    ...(ctx.includeRawText ? { rawText: text } : {}),
  };
}

/** The `HTTP_<status>` failure: the backend answered with an error status (and maybe a body). @internal */
export function httpFailure(ctx: CallContext, code: number, rawText: string | undefined): BackendResult {
  const json = tryParseJson(rawText);
  const envelope = json === undefined ? undefined : safeParseEnvelope(json, true);
  return fail(ctx, `HTTP_${code}`, code, httpErrorMessage(code, rawText, json), {
    status: code,
    ...(rawText !== undefined ? { rawText } : {}),
    ...(envelope?.success ? { envelope: envelope.data } : {}),
  });
}

/** The `TIMEOUT` failure (504), whether a deadline timer fired or a wrapped `TimeoutError` surfaced. */
function timeoutFailure(ctx: CallContext, timeoutMs: number, status: { status?: number }): BackendResult {
  return fail(
    ctx,
    'TIMEOUT',
    504,
    `The backend did not answer within ${timeoutMs} ms. Retry later, or raise timeoutMs.`,
    status,
  );
}

/** A thrown error as a result: timeout, abort, HTTP, connection or internal. @internal */
export function classifyFailure(
  ctx: CallContext,
  error: unknown,
  at: {
    signal: AbortSignal | undefined;
    timeoutMs: number;
    url: string;
    status: number | undefined;
    readingBody: boolean;
  },
): BackendResult {
  const status = at.status !== undefined ? { status: at.status } : {};
  if (error instanceof TimeoutError) {
    return timeoutFailure(ctx, at.timeoutMs, status);
  }
  if (at.signal?.aborted) {
    const name = (at.signal.reason as { name?: unknown } | undefined)?.name;
    const reason = typeof name === 'string' && /^\w{1,60}$/.test(name) ? ` (${name})` : '';
    return fail(ctx, 'ABORTED', 499, `The call was aborted by its signal${reason}.`, status);
  }
  if (isHTTPError(error)) {
    const rawText =
      error.data instanceof RawBody
        ? error.data.text
        : typeof error.data === 'string'
          ? error.data
          : undefined;
    return httpFailure(ctx, error.response.status, rawText);
  }
  if (
    error instanceof FetchNetworkFailure ||
    isNetworkError(error) ||
    isRawNetworkError(error) ||
    (at.readingBody && isTypeErrorLike(error))
  ) {
    return fail(ctx, 'CONNECTION_ERROR', 503, connectionMessage(at.url), status);
  }
  if (isTimeoutError(error)) {
    return timeoutFailure(ctx, at.timeoutMs, status);
  }
  return fail(ctx, 'INTERNAL_ERROR', 500, unexpectedMessage(error), status);
}
