/**
 * The one transport of `aicmo/client`: every call (JSON calls, engagement
 * calls, a stream's cancel) goes through {@link sendRequest}, on ky, with what
 * ky leaves to its caller (`wire.ts`): the body cap (counted while streaming,
 * after decompression), the redirect policy (same origin only, unless the
 * caller opts in), the deadline over the body read. This file holds the
 * call's local checks, its logging, and the CONTRACT §2 mapping of whatever
 * happened to one {@link BackendResult}.
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
import { type CallContext, type CallSettings, elapsed, fail, log, rejectInput, startCall } from './call.js';
import { ambientEnv, getBackendUrl, normalizeBaseUrl } from './env.js';
import { httpErrorIssues, httpErrorMessage, tryParseJson } from './messages.js';
import { resolveTransport, type Transport, transportIssues } from './options.js';
import type { BackendCallOptions, BackendFailure, BackendResult } from './types.js';
import {
  BodyDeadline,
  FetchNetworkFailure,
  isRawNetworkError,
  isTypeErrorLike,
  keepRawText,
  kyRetry,
  MAX_REDIRECTS,
  now,
  RawBody,
  RedirectBlocked,
  readCapped,
  TooLarge,
  transportFetch,
} from './wire.js';

export {
  type CallContext,
  type CallSettings,
  elapsed,
  fail,
  log,
  rejectInput,
  startCall,
} from './call.js';

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
  return exchangeJson(settings, ctx, prepared);
}

/** A JSON call's answer as a result: a 2xx must be an envelope, anything else is `HTTP_<status>`. */
async function exchangeJson(
  settings: CallSettings,
  ctx: CallContext,
  prepared: PreparedCall,
): Promise<BackendResult> {
  const answer = await sendRequest(settings, ctx, prepared, 'POST');
  if ('ok' in answer) return answer;
  return answer.status >= 200 && answer.status < 300
    ? classifyAnswer(ctx, answer.status, answer.text ?? '')
    : httpFailure(ctx, answer.status, answer.text);
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
): BackendFailure | PreparedCall {
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

/** What came back on the wire, body read within the caps. @internal */
export interface WireAnswer {
  /** HTTP status: 2xx, or an error status (ky's retries are over). */
  readonly status: number;
  /** The answer's headers. */
  readonly headers: Headers;
  /** The body (a 2xx one read whole within `maxResponseBytes`; an error one as ky read it), if any. */
  readonly text: string | undefined;
}

/**
 * One request through ky, with everything every call gets: the redirect
 * policy, `timeoutMs` per attempt and `deadlineMs` over the call (body read
 * included), retries, the body cap and the mapping of transport failures
 * (`TIMEOUT`, `CONNECTION_ERROR`, `REDIRECT_BLOCKED`, `RESPONSE_TOO_LARGE`,
 * `ABORTED`) to a logged {@link BackendFailure}. Any answer with a status
 * comes back as a {@link WireAnswer}, for the caller to judge. Never throws.
 * @internal
 */
export async function sendRequest(
  settings: CallSettings,
  ctx: CallContext,
  prepared: Pick<PreparedCall, 'url' | 'headers' | 'transport' | 'signal'> & {
    readonly body: string | undefined;
  },
  method: 'GET' | 'POST',
): Promise<WireAnswer | BackendFailure> {
  const { url, headers, transport: t, signal: callerSignal } = prepared;
  const body = method === 'GET' ? undefined : prepared.body;
  const kyOptions: KyOptions = {
    method,
    headers,
    timeout: t.timeoutMs,
    // one attempt: timeoutMs (at most deadlineMs) bounds it; the body read is bounded here
    ...(t.maxRetries > 0 ? { totalTimeout: t.deadlineMs } : {}),
    retry: kyRetry(t),
    parseJson: keepRawText,
    redirect: 'manual',
    // only the caller's: ky then composes one signal (with its timeout's) instead of two
    ...(callerSignal !== undefined ? { signal: callerSignal } : {}),
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
    if (isHTTPError(error) && !callerSignal?.aborted) {
      return { status: error.response.status, headers: error.response.headers, text: rawTextOf(error.data) };
    }
    return classifyFailure(ctx, error, { ...at, status: undefined });
  }
  const { status } = response;
  // The body read is bounded by what is left of this attempt and of the call.
  const deadlineAt = Math.min(ctx.started + t.deadlineMs, now() + t.timeoutMs);
  try {
    const text = await readCapped(response, t.maxResponseBytes, deadlineAt, callerSignal);
    return { status, headers: response.headers, text };
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
}

/** The text ky read from an error body (see `keepRawText`), if any. */
function rawTextOf(data: unknown): string | undefined {
  return data instanceof RawBody ? data.text : typeof data === 'string' ? data : undefined;
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

/** The `HTTP_<status>` failure of a non-2xx answer. @internal */
export function httpFailure(ctx: CallContext, code: number, rawText: string | undefined): BackendFailure {
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
): BackendFailure {
  const overCall = now() - ctx.started >= t.deadlineMs - 1 || t.timeoutMs >= t.deadlineMs;
  const message = overCall
    ? `The backend did not answer within ${t.deadlineMs} ms (deadlineMs). Retry later, or raise deadlineMs.`
    : `The backend did not answer within ${t.timeoutMs} ms (timeoutMs, one attempt). Retry later, or raise timeoutMs.`;
  return fail(ctx, 'TIMEOUT', 504, message, status.status !== undefined ? { status: status.status } : {});
}

function redirectFailure(ctx: CallContext, error: RedirectBlocked): BackendFailure {
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
): BackendFailure {
  const status = at.status !== undefined ? { status: at.status } : {};
  if (error instanceof TimeoutError) return timeoutFailure(ctx, at, status);
  if (at.signal?.aborted) {
    const name = (at.signal.reason as { name?: unknown } | undefined)?.name;
    const reason = typeof name === 'string' && /^\w{1,60}$/.test(name) ? ` (${name})` : '';
    return fail(ctx, 'ABORTED', 499, `The call was aborted by its signal${reason}.`, status);
  }
  if (error instanceof RedirectBlocked) return redirectFailure(ctx, error);
  if (isHTTPError(error)) {
    return httpFailure(ctx, error.response.status, rawTextOf(error.data));
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
