/**
 * The one place where anything a provider call throws becomes a
 * {@link ProviderError} with a `kind` the chain can act on.
 */

import {
  isProviderConfigurationError,
  isProviderError,
  ProviderError,
  type ProviderErrorKind,
} from './errors.js';
import { safeToken } from './secrets/redact.js';

/** Where the error happened, for the normalized message. */
export interface ClassifyContext {
  /** Provider name, e.g. `openai`. */
  provider: string;
  /** Model the call used, when known. */
  model?: string;
}

/** Header bag as the SDKs expose it: a WHATWG `Headers` or a plain record. */
export type HeaderBag =
  | { get(name: string): string | null | undefined }
  | Record<string, string | readonly string[] | null | undefined>;

const upstreamErrors = new WeakMap<ProviderError, unknown>();

/**
 * The raw error a {@link ProviderError} was made from by {@link toProviderError}.
 *
 * It is deliberately kept out of `cause`: SDK errors can echo request data and
 * even the API key (OpenAI's 401 message quotes it), and `cause` is printed by
 * `console.error` and loggers. Read it here when you debug locally.
 *
 * @example
 * ```ts
 * const raw = upstreamErrorOf(err) // e.g. the openai RateLimitError
 * ```
 */
export function upstreamErrorOf(error: ProviderError): unknown {
  return upstreamErrors.get(error);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value: unknown = getter.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== lower) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/**
 * Reads how long the server asked us to wait, in milliseconds, from
 * `retry-after-ms` (OpenAI, Anthropic) or `retry-after` (seconds or an HTTP
 * date). Returns `undefined` when there is no usable value. Not capped: the
 * chain caps it (`maxRetryAfterMs`).
 *
 * @param headers - a `Headers` object or a plain record (any key case).
 * @param now - the current time in ms, for HTTP dates. @default Date.now()
 * @example
 * ```ts
 * parseRetryAfter({ 'retry-after': '2' }) // 2000
 * parseRetryAfter(new Headers({ 'retry-after-ms': '250' })) // 250
 * ```
 */
export function parseRetryAfter(
  headers: HeaderBag | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const raw = headerValue(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw) * 1000);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Every class name on the prototype chain plus `name` (survives SDKs that never set `name`). */
function namesOf(error: object): Set<string> {
  const names = new Set<string>();
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string') names.add(name);
  let proto: unknown = Object.getPrototypeOf(error);
  for (let depth = 0; proto && depth < 8; depth++) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    if (ctor && typeof ctor.name === 'string' && ctor.name) names.add(ctor.name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function numericStatus(error: object): number | undefined {
  for (const candidate of [
    field(error, 'status'),
    field(error, 'statusCode'),
    field(field(error, 'response'), 'status'),
  ]) {
    if (
      typeof candidate === 'number' &&
      Number.isInteger(candidate) &&
      candidate >= 100 &&
      candidate <= 599
    ) {
      return candidate;
    }
  }
  return undefined;
}

/** Upstream error identifiers and message, read from the SDK error and its body (never put in messages). */
interface UpstreamInfo {
  /** Short tokens: type and code fields. */
  tokens: string[];
  /** Upstream message (for classification only). */
  text: string;
}

function upstreamInfo(error: object): UpstreamInfo {
  const body = field(error, 'error');
  const inner = field(body, 'error');
  const tokens: string[] = [];
  for (const source of [error, body, inner]) {
    for (const key of ['type', 'code', 'error_code', 'errorCode']) {
      const value = field(source, key);
      if (typeof value === 'string' && value) tokens.push(value);
    }
  }
  const texts: string[] = [];
  for (const source of [body, inner]) {
    const message = field(source, 'message');
    if (typeof message === 'string') texts.push(message);
  }
  if (typeof body === 'string') texts.push(body);
  const message = field(error, 'message');
  if (typeof message === 'string') texts.push(message);
  // Generic wrappers ("error") carry no information.
  return { tokens: tokens.filter((token) => token !== 'error'), text: texts.join(' ').slice(0, 2000) };
}

const TOKEN_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  insufficient_quota: 'quota',
  billing_hard_limit_reached: 'quota',
  billing_error: 'quota',
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  overloaded_error: 'overloaded',
  server_error: 'server',
  api_error: 'server',
  internal_server_error: 'server',
  timeout_error: 'timeout',
  authentication_error: 'auth',
  invalid_api_key: 'auth',
  permission_error: 'permission',
  not_found_error: 'not_found',
  model_not_found: 'not_found',
  request_too_large: 'context_length',
  context_length_exceeded: 'context_length',
  string_above_max_length: 'context_length',
  content_filter: 'content_policy',
  content_policy_violation: 'content_policy',
  invalid_request_error: 'bad_request',
};

const QUOTA_TEXT = /insufficient_quota|exceeded your current quota|billing|credit balance|out of credits/i;
const CONTEXT_TEXT =
  /context_length_exceeded|context length|context window|maximum context|prompt is too long|too many (input )?tokens|reduce the length|request_too_large/i;
const CONTENT_TEXT =
  /content[_ ]filter|content[_ ]policy|content management policy|responsible ai|flagged by (our|the) (moderation|safety)/i;

/** Kind named by the upstream type/code tokens; a specific token beats a generic one (`invalid_request_error`). */
function tokenKind(info: UpstreamInfo): ProviderErrorKind | undefined {
  let generic: ProviderErrorKind | undefined;
  for (const token of info.tokens) {
    const kind = TOKEN_KINDS[token];
    if (kind === 'bad_request' || kind === 'server') generic ??= kind;
    else if (kind) return kind;
  }
  return generic;
}

/** Refines a 4xx "bad request" from the body: context too long or content policy. */
function refineBadRequest(info: UpstreamInfo): ProviderErrorKind {
  const byToken = tokenKind(info);
  if (byToken === 'context_length' || byToken === 'content_policy' || byToken === 'quota') return byToken;
  if (CONTEXT_TEXT.test(info.text)) return 'context_length';
  if (CONTENT_TEXT.test(info.text)) return 'content_policy';
  return 'bad_request';
}

function kindFromStatus(status: number, info: UpstreamInfo): ProviderErrorKind {
  if (status === 429) {
    return tokenKind(info) === 'quota' || QUOTA_TEXT.test(info.text) ? 'quota' : 'rate_limit';
  }
  if (status === 529 || status === 503 || status === 498) return 'overloaded';
  if (status >= 500) return tokenKind(info) === 'overloaded' ? 'overloaded' : 'server';
  if (status === 408) return 'timeout';
  if (status === 409) return 'server';
  if (status === 401) return 'auth';
  if (status === 402) return 'quota';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'context_length';
  if (status === 499) return 'network';
  return refineBadRequest(info);
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_TIMEOUT',
]);
const NETWORK_TEXT =
  /socket hang up|fetch failed|failed to fetch|network ?error|terminated|other side closed|ECONNRESET/i;

/** Classification of errors without an HTTP status: aborts, timeouts, sockets. */
function kindWithoutStatus(error: object): ProviderErrorKind | undefined {
  let current: unknown = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 6; depth++) {
    const names = namesOf(current);
    const code = field(current, 'code');
    const message = field(current, 'message');
    if (names.has('APIUserAbortError') || names.has('AbortError')) return 'aborted';
    // The SDKs parse a 2xx body with `response.json()`: a truncated or garbled answer is a server fault.
    if (names.has('SyntaxError')) return 'server';
    if (names.has('APIConnectionTimeoutError') || names.has('TimeoutError')) return 'timeout';
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'network';
    if (names.has('APIConnectionError')) {
      // The SDK wraps the fetch failure: the cause may say more (timeout vs reset).
      const deeper = kindWithoutStatus(field(current, 'cause') as object);
      return deeper === 'timeout' ? 'timeout' : 'network';
    }
    if (typeof message === 'string') {
      if (message === 'Request was aborted.') return 'aborted';
      if (message === 'Request timed out.') return 'timeout';
      if (NETWORK_TEXT.test(message)) return 'network';
    }
    current = field(current, 'cause');
  }
  return undefined;
}

const KIND_LABEL: Readonly<Record<ProviderErrorKind, string>> = {
  rate_limit: 'rate limited; retry later or raise the rate limit',
  overloaded: 'overloaded; retry later or fall back to another provider',
  server: 'server error; retry later or fall back to another provider',
  timeout: 'timed out; raise the timeout or use a faster model',
  network: 'network error; check connectivity to the provider',
  auth: 'authentication failed; check the API key',
  permission: 'permission denied; check the key has access to this model',
  bad_request: 'rejected the request as invalid; check the request parameters',
  not_found: 'not found; check the model name',
  content_policy: 'refused the content under its content policy; change the prompt',
  context_length: 'input too long for the model; shorten the prompt or use a larger-context model',
  quota: 'quota or credit exhausted; check billing for this provider',
  aborted: 'request aborted by the caller',
  configuration: 'is not configured; see the setup hint',
  unknown: 'failed with an unexpected error',
};

/**
 * Builds the normalized, secret-free message of a provider failure:
 * provider, model, kind, status and a short upstream error type only.
 */
export function describeProviderFailure(
  kind: ProviderErrorKind,
  context: ClassifyContext & { status?: number; upstreamType?: string },
): string {
  const where = context.model ? `${context.provider} (${context.model})` : context.provider;
  const status = context.status !== undefined ? ` [HTTP ${context.status}]` : '';
  const type = context.upstreamType ? ` [${context.upstreamType}]` : '';
  return `${where}: ${KIND_LABEL[kind]}${status}${type}`;
}

function requestIdOf(error: object, headers: unknown): string | undefined {
  for (const candidate of [
    field(error, 'requestID'),
    field(error, 'request_id'),
    field(error, 'requestId'),
    headerValue(headers, 'x-request-id'),
    headerValue(headers, 'request-id'),
  ]) {
    const token = safeToken(candidate, 128);
    if (token) return token;
  }
  return undefined;
}

/**
 * Normalizes anything a provider call throws into a {@link ProviderError}.
 *
 * A `ProviderError` passes through unchanged. SDK `APIError`s (openai,
 * `@anthropic-ai/sdk`, groq-sdk, all duck-typed on `status` / `headers` /
 * `error`) map by status: 429 → `rate_limit` (`quota` when the body says
 * insufficient quota / billing), 503 / 529 → `overloaded`, other 5xx →
 * `server`, 408 → `timeout`, 401 → `auth`, 403 → `permission`, 404 →
 * `not_found`, 413 → `context_length`, 400 / 422 → `bad_request` (or
 * `context_length` / `content_policy` when the body says so). Without a
 * status: SDK connection timeouts and `TimeoutError` → `timeout`; connection
 * errors, fetch `TypeError`s and socket codes (ECONNRESET, ECONNREFUSED,
 * ENOTFOUND, …) → `network`; `APIUserAbortError` / `AbortError` → `aborted`;
 * a `SyntaxError` (a 2xx body that is not valid JSON) → `server`;
 * anything else → `unknown`. `Retry-After` headers become `retryAfterMs`.
 *
 * The message names the provider, model, kind, status and upstream error
 * type only: never the API key or a payload. The raw error is available via
 * {@link upstreamErrorOf}.
 *
 * @example
 * ```ts
 * try { await client.chat.completions.create(body) }
 * catch (err) { throw toProviderError(err, { provider: 'openai', model: body.model }) }
 * ```
 */
export function toProviderError(error: unknown, context: ClassifyContext): ProviderError {
  if (isProviderError(error)) return error;
  if (isProviderConfigurationError(error)) {
    // Our own message (which SDK to install, which variable to set): secret-free, keep it.
    const where = context.model ? `${context.provider} (${context.model})` : context.provider;
    const result = new ProviderError(`${where}: ${error.message}`, {
      kind: 'configuration',
      provider: context.provider,
      ...(context.model !== undefined && { model: context.model }),
      cause: error,
    });
    upstreamErrors.set(result, error);
    return result;
  }
  if (error === null || typeof error !== 'object') {
    const result = new ProviderError(describeProviderFailure('unknown', context), {
      kind: 'unknown',
      provider: context.provider,
      ...(context.model !== undefined && { model: context.model }),
    });
    upstreamErrors.set(result, error);
    return result;
  }
  const status = numericStatus(error);
  const headers = field(error, 'headers') ?? field(field(error, 'response'), 'headers');
  const info = upstreamInfo(error);
  let kind: ProviderErrorKind;
  if (status !== undefined) kind = kindFromStatus(status, info);
  else kind = kindWithoutStatus(error) ?? tokenKind(info) ?? 'unknown';
  if (kind === 'bad_request' && status === undefined) kind = refineBadRequest(info);

  const retryAfterMs = parseRetryAfter(headers as HeaderBag | undefined);
  const requestId = requestIdOf(error, headers);
  const upstreamType = info.tokens.map((token) => safeToken(token)).find((token) => token !== undefined);
  const result = new ProviderError(
    describeProviderFailure(kind, {
      ...context,
      ...(status !== undefined && { status }),
      ...(upstreamType !== undefined && { upstreamType }),
    }),
    {
      kind,
      provider: context.provider,
      ...(context.model !== undefined && { model: context.model }),
      ...(status !== undefined && { status }),
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      ...(requestId !== undefined && { requestId }),
    },
  );
  upstreamErrors.set(result, error);
  return result;
}
