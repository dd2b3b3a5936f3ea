/**
 * The one transport of `aicmo/client`: every call goes through ky. This file
 * adds what ky leaves to its caller: the body cap (counted while streaming,
 * after decompression), the redirect policy (same origin only, unless the
 * caller opts in), the deadline over the body read, and the CONTRACT §2
 * mapping of whatever happened to one {@link BackendResult}.
 * @internal
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type Options as KyOptions, TimeoutError } from 'ky';
import {
  type DeliverablesEnvelope,
  DeliverablesEnvelopeSchema,
  validateDeliverablesEnvelope,
} from '../envelope/index.js';
import { raceAbort } from '../internal/index.js';
import type { Issue } from '../issue.js';
import { ambientEnv, getBackendUrl, normalizeBaseUrl } from './env.js';
import { httpErrorIssues, httpErrorMessage, logPath, tryParseJson } from './messages.js';
import { resolveTransport, type Transport, transportIssues } from './options.js';
import { isValidTraceId, newTraceId } from './trace.js';
import type {
  BackendCallOptions,
  BackendClientOptions,
  BackendErrorInfo,
  BackendErrorType,
  BackendLogFields,
  BackendLogger,
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
 * differently, so the client marks it where it happens rather than matching messages.
 */
class FetchNetworkFailure extends Error {
  override name = 'FetchNetworkFailure';
}

/** A redirect the client did not follow; never leaves this file. */
class RedirectBlocked extends Error {
  override name = 'RedirectBlocked';
  constructor(
    readonly status: number,
    readonly location: string | undefined,
    readonly reason: 'cross-origin' | 'too-many' | 'hidden',
  ) {
    super('redirect blocked');
  }
}

/** The 2xx body passed `maxResponseBytes`; never leaves this file. */
class TooLarge extends Error {
  override name = 'TooLarge';
}

/** The body read outlived the attempt's or the call's deadline; never leaves this file. */
class BodyDeadline extends Error {
  override name = 'BodyDeadline';
}

/** `TypeError` from any realm (iframes, vm contexts): no `instanceof`. */
function isTypeErrorLike(error: unknown): boolean {
  return (
    Object.prototype.toString.call(error) === '[object Error]' &&
    (error as { name?: unknown }).name === 'TypeError'
  );
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
  if (!isTypeErrorLike(error)) return false;
  const { message } = error as { message?: unknown };
  if (typeof message !== 'string') return false;
  return (
    NETWORK_MESSAGES.has(message) ||
    message.startsWith('Failed to fetch (') ||
    message.startsWith('error sending request for url')
  );
}

/** Everything a call needs from its client. @internal */
export interface CallSettings extends BackendClientOptions {}

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

interface FailExtra {
  status?: number;
  rawText?: string;
  issues?: readonly Issue[];
  errors?: readonly string[];
  field?: string;
  location?: string;
  envelope?: DeliverablesEnvelope;
}

/** A failed result, logged. @internal */
export function fail(
  ctx: CallContext,
  type: BackendErrorType,
  code: number,
  message: string,
  extra: FailExtra = {},
): BackendResult {
  const error: BackendErrorInfo = {
    type,
    code,
    message,
    traceId: ctx.traceId,
    ...(extra.issues !== undefined ? { issues: extra.issues } : {}),
    ...(extra.errors !== undefined ? { errors: extra.errors } : {}),
    ...(extra.field !== undefined ? { field: extra.field } : {}),
    ...(extra.location !== undefined ? { location: extra.location } : {}),
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

/** An `option.path: message` line as an {@link Issue}. */
function lineIssue(line: string): Issue {
  const at = line.indexOf(': ');
  const where = at < 0 ? '' : line.slice(0, at);
  const path = where === '' || where.startsWith('(') ? [] : where.split('.');
  return { path, code: 'invalid_option', message: at < 0 ? line : line.slice(at + 2) };
}

/** A `VALIDATION_ERROR` result: nothing was sent. @internal */
export function rejectInput(
  ctx: CallContext,
  errors: readonly string[],
  field: string | undefined,
  what: string,
  issues: readonly Issue[] = errors.map(lineIssue),
): BackendResult {
  return fail(
    ctx,
    'VALIDATION_ERROR',
    422,
    `${what} was not sent: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''}. Fix the named fields.`,
    { errors, issues, ...(field !== undefined ? { field } : {}) },
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

function kyRetry(t: Transport): KyOptions['retry'] {
  if (t.maxRetries === 0) return 0;
  return {
    limit: t.maxRetries,
    methods: ['post'],
    statusCodes: t.retryStatusCodes,
    afterStatusCodes: t.retryStatusCodes.filter((code) => code === 413 || code === 429 || code === 503),
    maxRetryAfter: t.maxRetryAfterMs,
    delay: (attempt) => t.initialDelayMs * 2 ** (attempt - 1),
    backoffLimit: t.maxDelayMs,
    jitter: t.jitter,
    retryOnTimeout: t.retryOnTimeout,
    // Network failures reach ky as FetchNetworkFailure: retry them like ky's own
    // NetworkError; a blocked redirect is final.
    shouldRetry: ({ error }) =>
      error instanceof RedirectBlocked ? false : error instanceof FetchNetworkFailure ? true : undefined,
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

const MAX_REDIRECTS = 5;
const isRedirect = (status: number) =>
  status === 301 || status === 302 || status === 303 || status === 307 || status === 308;

/**
 * The `fetch` ky calls. It sends the JSON string itself (a `Request` with a
 * body makes Node's fetch pipe it through a stream, a third of the client's
 * CPU per call), with `redirect: 'manual'`: a same-origin redirect is
 * followed here (307/308 repeat the POST, 301/302/303 become a GET as
 * browsers do), another origin's is {@link RedirectBlocked} unless allowed.
 * Network failures become {@link FetchNetworkFailure}; aborts pass through.
 * The global `fetch` is read at call time (MSW, polyfills apply).
 */
function transportFetch(
  custom: FetchLike | undefined,
  body: string,
  headers: Headers | Record<string, string>,
  allowCrossOrigin: boolean,
): FetchLike {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const signal = init?.signal ?? request?.signal;
    const send = (url: string, method: string, payload: string | undefined): Promise<Response> => {
      const options: RequestInit = {
        method,
        headers,
        redirect: 'manual',
        ...(payload !== undefined ? { body: payload } : {}),
        ...(signal ? { signal } : {}),
      };
      // A caller's fetch receives a Request, as ky hands it (SSR frameworks read its fields).
      return custom ? custom(new Request(url, options)) : globalThis.fetch(url, options);
    };
    let url = request?.url ?? String(input);
    let method = request?.method ?? init?.method ?? 'POST';
    let payload: string | undefined = body;
    try {
      for (let hop = 0; ; hop++) {
        const response = await send(url, method, payload);
        if (response.type === 'opaqueredirect') throw new RedirectBlocked(0, undefined, 'hidden');
        const location = isRedirect(response.status) ? response.headers.get('location') : null;
        if (location === null) return response;
        void response.body?.cancel().catch(() => undefined);
        const target = new URL(location, url);
        if (!allowCrossOrigin && target.origin !== new URL(url).origin)
          throw new RedirectBlocked(response.status, target.href, 'cross-origin');
        if (hop >= MAX_REDIRECTS) throw new RedirectBlocked(response.status, target.href, 'too-many');
        if (response.status !== 307 && response.status !== 308 && method === 'POST') {
          method = 'GET';
          payload = undefined;
        }
        url = target.href;
      }
    } catch (error) {
      throw isTypeErrorLike(error) && !signal?.aborted
        ? new FetchNetworkFailure('network error', { cause: error })
        : error;
    }
  };
}

/**
 * Reads a 2xx body as text, counting bytes as they stream (after
 * decompression): past `maxBytes` it cancels the read and throws
 * {@link TooLarge}; past `deadline` it throws {@link BodyDeadline}. The
 * caller's signal is raced too (a custom fetch may ignore it).
 */
async function readCapped(
  response: Response,
  maxBytes: number,
  deadlineAt: number,
  signal: AbortSignal | undefined,
  abort: () => void,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw new TooLarge();
  }
  const { body } = response;
  if (body === null) return '';
  const reader = body.getReader();
  let stopped: Error | undefined;
  const stop = (reason: Error) => {
    stopped ??= reason;
    // abort the request (undici then ends the read cleanly); cancel for a fetch that ignores its signal
    abort();
    void reader.cancel().catch(() => undefined);
  };
  const timer = setTimeout(() => stop(new BodyDeadline()), Math.max(0, deadlineAt - now()));
  const onAbort = () => stop(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (stopped) throw stopped;
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        stop(new TooLarge());
        throw stopped;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw stopped ?? error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return text + decoder.decode();
}

/** Past this many characters, a body's verdict comes first (zod lists every issue of an invalid one). */
const LARGE_BODY_CHARS = 64 * 1024;

/**
 * The envelope as zod builds it (a typed copy), or `undefined`; never throws.
 * A large body is first checked with `validate()`, which stops at the first
 * problem: an invalid one never makes zod list its every issue.
 */
function parseEnvelope(data: unknown, large = false): DeliverablesEnvelope | undefined {
  try {
    if (large && !DeliverablesEnvelopeSchema.validate(data)) return undefined;
    const result = DeliverablesEnvelopeSchema.safeParse(data);
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
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

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured URL';
  }
}

function connectionMessage(url: string): string {
  return `Cannot connect to the backend at ${originOf(url)}. Is it running? Check BACKEND_URL (or AICMO_BACKEND_URL) and the network.`;
}

function brokenMessage(url: string): string {
  return `The connection to the backend at ${originOf(url)} broke while its answer was being read (reset or closed early). Retry; if it keeps happening, check the backend's logs and any proxy in between.`;
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
  readonly body: string;
  readonly headers: Headers | Record<string, string>;
  readonly transport: Transport;
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
  return exchange(
    settings,
    ctx,
    prepared.url,
    prepared.body,
    prepared.headers,
    prepared.transport,
    prepared.signal,
  );
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
  if (call !== undefined) issues.push(...transportIssues(call));
  if (call?.signal !== undefined && !isAbortSignal(call.signal))
    issues.push('signal: must be an AbortSignal');
  if (issues.length > 0) return rejectInput(ctx, issues, issues[0]?.split(':')[0], 'The request');
  const transport = resolveTransport(settings, call);

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
  if (parsedUrl.username !== '' || parsedUrl.password !== '') {
    return fail(
      ctx,
      'CONFIGURATION_ERROR',
      503,
      'The backend URL contains credentials (user:password@), which fetch refuses to send: remove them from the URL and send them in an Authorization header instead, e.g. headers: { Authorization: "Basic " + btoa("user:password") }.',
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
  return { baseUrl, url, body, headers, transport, signal: call?.signal };
}

/** The exchange through ky, then the capped body read. */
async function exchange(
  settings: CallSettings,
  ctx: CallContext,
  url: string,
  body: string,
  headers: Headers | Record<string, string>,
  t: Transport,
  callerSignal: AbortSignal | undefined,
): Promise<BackendResult> {
  // Ends the request when the body read must stop (too large, deadline).
  const controller = new AbortController();
  const signal =
    callerSignal === undefined ? controller.signal : AbortSignal.any([callerSignal, controller.signal]);
  const kyOptions: KyOptions = {
    method: 'post',
    headers,
    timeout: t.timeoutMs,
    // one attempt: timeoutMs (at most deadlineMs) bounds it; the body read is bounded here
    ...(t.maxRetries > 0 ? { totalTimeout: t.deadlineMs } : {}),
    retry: kyRetry(t),
    parseJson: keepRawText,
    redirect: 'manual',
    signal,
    fetch: transportFetch(settings.fetch, body, headers, t.allowCrossOriginRedirects),
    ...(t.maxRetries > 0 && ctx.logger?.debug !== undefined
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
  const at = { url, timeoutMs: t.timeoutMs, deadlineMs: t.deadlineMs, signal: callerSignal };
  let response: Response;
  try {
    response = await raceAbort(ky(url, kyOptions), callerSignal);
  } catch (error) {
    return classifyFailure(ctx, error, { ...at, status: undefined });
  }
  const { status } = response;
  // The body read is bounded by what is left of this attempt and of the call.
  const deadlineAt = Math.min(ctx.started + t.deadlineMs, now() + t.timeoutMs);
  let text: string;
  try {
    text = await readCapped(response, t.maxResponseBytes, deadlineAt, callerSignal, () => controller.abort());
  } catch (error) {
    if (error instanceof TooLarge) {
      return fail(
        ctx,
        'RESPONSE_TOO_LARGE',
        status,
        `The backend answered ${status} with a body larger than ${t.maxResponseBytes} bytes (maxResponseBytes); the read was stopped. Ask for less, or raise maxResponseBytes.`,
        { status },
      );
    }
    if (error instanceof BodyDeadline) return timeoutFailure(ctx, t, { status });
    return classifyFailure(ctx, error, { ...at, status, readingBody: true });
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
  const parsed = parseEnvelope(data, text.length > LARGE_BODY_CHARS);
  if (parsed === undefined) {
    const checked = validateDeliverablesEnvelope(data);
    const known = checked.issues.length > 0;
    const issues: readonly Issue[] = known
      ? checked.issues
      : [{ path: [], code: 'invalid_type', message: 'not a valid deliverables envelope' }];
    const errors = known ? checked.errors : ['(root): not a valid deliverables envelope'];
    return fail(
      ctx,
      'CONTRACT_ERROR',
      status,
      `The backend answered ${status} with JSON that is not a valid deliverables envelope: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}. Fix the backend (CONTRACT §1).`,
      { status, rawText: text, issues, errors },
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
    envelope: parsed,
    traceId: ctx.traceId,
    status,
    durationMs,
    ...(ctx.includeRawText ? { rawText: text } : {}),
  };
}

/** The `HTTP_<status>` failure: the backend answered with an error status (and maybe a body). */
/** The `HTTP_<status>` failure of a non-2xx answer. @internal */
export function httpFailure(ctx: CallContext, code: number, rawText: string | undefined): BackendResult {
  const json = tryParseJson(rawText);
  const envelope = json === undefined ? undefined : parseEnvelope(json);
  const listed = httpErrorIssues(json);
  return fail(ctx, `HTTP_${code}`, code, httpErrorMessage(code, rawText, json), {
    status: code,
    ...(rawText !== undefined ? { rawText } : {}),
    ...(envelope !== undefined ? { envelope } : {}),
    ...(listed !== undefined ? listed : {}),
  });
}

/** The `TIMEOUT` failure (504): one attempt's `timeoutMs` or the call's `deadlineMs`. */
function timeoutFailure(
  ctx: CallContext,
  t: { timeoutMs: number; deadlineMs: number },
  status: { status?: number | undefined },
): BackendResult {
  const overCall = now() - ctx.started >= t.deadlineMs - 1 || t.timeoutMs >= t.deadlineMs;
  const message = overCall
    ? `The backend did not answer within ${t.deadlineMs} ms (deadlineMs). Retry later, or raise deadlineMs.`
    : `The backend did not answer within ${t.timeoutMs} ms (timeoutMs, one attempt). Retry later, or raise timeoutMs.`;
  return fail(ctx, 'TIMEOUT', 504, message, status.status !== undefined ? { status: status.status } : {});
}

function redirectFailure(ctx: CallContext, error: RedirectBlocked): BackendResult {
  const where = error.location !== undefined ? ` to ${error.location}` : '';
  const message =
    error.reason === 'cross-origin'
      ? `The backend answered ${error.status} with a redirect to another origin${where}; it was not followed, so the request body and headers stayed here. Point baseUrl at the final address, or pass allowCrossOriginRedirects: true.`
      : error.reason === 'too-many'
        ? `The backend redirected more than ${MAX_REDIRECTS} times (last${where}). Point baseUrl at the final address.`
        : 'The backend answered with a redirect that this runtime hides (a browser); it was not followed. Point baseUrl at the final address.';
  return fail(ctx, 'REDIRECT_BLOCKED', error.status || 300, message, {
    ...(error.status ? { status: error.status } : {}),
    ...(error.location !== undefined ? { location: error.location } : {}),
  });
}

/** A thrown error as a result: timeout, abort, redirect, HTTP, connection or internal. @internal */
export function classifyFailure(
  ctx: CallContext,
  error: unknown,
  at: {
    url: string;
    timeoutMs: number;
    deadlineMs: number;
    signal: AbortSignal | undefined;
    status: number | undefined;
    readingBody?: boolean;
  },
): BackendResult {
  const status = at.status !== undefined ? { status: at.status } : {};
  if (error instanceof TimeoutError) return timeoutFailure(ctx, at, status);
  if (at.signal?.aborted) {
    const name = (at.signal.reason as { name?: unknown } | undefined)?.name;
    const reason = typeof name === 'string' && /^\w{1,60}$/.test(name) ? ` (${name})` : '';
    return fail(ctx, 'ABORTED', 499, `The call was aborted by its signal${reason}.`, status);
  }
  if (error instanceof RedirectBlocked) return redirectFailure(ctx, error);
  if (isHTTPError(error)) {
    const rawText =
      error.data instanceof RawBody
        ? error.data.text
        : typeof error.data === 'string'
          ? error.data
          : undefined;
    return httpFailure(ctx, error.response.status, rawText);
  }
  if (at.readingBody && (isTypeErrorLike(error) || error instanceof FetchNetworkFailure)) {
    return fail(ctx, 'CONNECTION_ERROR', 503, brokenMessage(at.url), status);
  }
  if (error instanceof FetchNetworkFailure || isNetworkError(error) || isRawNetworkError(error)) {
    return fail(ctx, 'CONNECTION_ERROR', 503, connectionMessage(at.url), status);
  }
  if (isTimeoutError(error)) return timeoutFailure(ctx, at, status);
  return fail(ctx, 'INTERNAL_ERROR', 500, unexpectedMessage(error), status);
}
