/**
 * The wire under the client's one transport (ky): the `fetch` ky calls
 * (redirect policy, network failures marked), ky's retry settings, and the
 * capped, deadline-bound read of a 2xx body. The failures it throws never
 * leave `src/client`: `post.ts` maps them to results.
 * @internal
 */
import type { Options as KyOptions } from 'ky';
import type { Transport } from './options.js';
import type { FetchLike } from './types.js';

/** The clock of the client (`performance.now()` where there is one). @internal */
export const now: () => number =
  typeof globalThis.performance?.now === 'function' ? () => globalThis.performance.now() : () => Date.now();

/** Marks the raw text of an error body that ky read for us (its `parseJson` hook). */
export class RawBody {
  constructor(readonly text: string) {}
}
/** ky's `parseJson` option: keeps an error body's text as it came. */
export const keepRawText = (text: string): RawBody => new RawBody(text);

/**
 * A `fetch` rejection with a `TypeError`, which the Fetch standard reserves
 * for network errors (refused, DNS, reset, blocked port...). Runtimes word it
 * differently, so the client marks it where it happens rather than matching messages.
 */
export class FetchNetworkFailure extends Error {
  override name = 'FetchNetworkFailure';
}

/** A redirect the client did not follow; never leaves `src/client`. */
export class RedirectBlocked extends Error {
  override name = 'RedirectBlocked';
  constructor(
    readonly status: number,
    readonly location: string | undefined,
    readonly reason: 'cross-origin' | 'too-many' | 'hidden',
  ) {
    super('redirect blocked');
  }
}

/** The 2xx body passed `maxResponseBytes`; never leaves `src/client`. */
export class TooLarge extends Error {
  override name = 'TooLarge';
}

/** The body read outlived the attempt's or the call's deadline; never leaves `src/client`. */
export class BodyDeadline extends Error {
  override name = 'BodyDeadline';
}

/** `TypeError` from any realm (iframes, vm contexts): no `instanceof`. */
export function isTypeErrorLike(error: unknown): boolean {
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

/** A raw network failure of `fetch` or of a body read, by its runtime's message. */
export function isRawNetworkError(error: unknown): boolean {
  if (!isTypeErrorLike(error)) return false;
  const { message } = error as { message?: unknown };
  if (typeof message !== 'string') return false;
  return (
    NETWORK_MESSAGES.has(message) ||
    message.startsWith('Failed to fetch (') ||
    message.startsWith('error sending request for url')
  );
}

/** ky's `retry` option for a call's transport: POST and GET, the statuses and waits it names. */
export function kyRetry(t: Transport): KyOptions['retry'] {
  if (t.maxRetries === 0) return 0;
  return {
    limit: t.maxRetries,
    methods: ['post', 'get'],
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

/** Most redirects followed (same origin) before `REDIRECT_BLOCKED`. */
export const MAX_REDIRECTS = 5;
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
export function transportFetch(
  custom: FetchLike | undefined,
  body: string | undefined,
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

/** One decoder for every body: each body is decoded in one call, so no state is shared. */
const utf8 = new TextDecoder();

/**
 * Reads a 2xx body as text, counting bytes as they stream (after
 * decompression): past `maxBytes` it cancels the read (which ends the
 * request) and throws {@link TooLarge}; past `deadlineAt` it throws
 * {@link BodyDeadline}. The caller's signal is raced too (a custom fetch may
 * ignore it). The bytes are decoded once, at the end.
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  deadlineAt: number,
  signal: AbortSignal | undefined,
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
    // cancelling the body ends the request, also with a fetch that ignores its signal
    void reader.cancel().catch(() => undefined);
  };
  const timer = setTimeout(() => stop(new BodyDeadline()), Math.max(0, deadlineAt - now()));
  const onAbort = () => stop(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
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
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    throw stopped ?? error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (chunks.length === 1) return utf8.decode(chunks[0]);
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return utf8.decode(all);
}
