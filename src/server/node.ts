/**
 * `toNodeListener`: serve a web-standard handler with `node:http`. Only
 * types are imported from Node, so this module loads on any runtime.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServerShutdownError } from './errors.js';
import type { FailureDescription } from './failure.js';
import type { WebHandler } from './generate-handler.js';
import { awaitsContinue, consumedBody, drainAfterAnswer, lazyBodyStream } from './http/node-body.js';
import { SHUTTING_DOWN, sendFailure } from './http/node-respond.js';
import { hasDotSegment, rawPathOf } from './http/route-path.js';

/** Default of {@link NodeListenerOptions.maxDrainBytes}: 16 MiB. */
export const DEFAULT_MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** Default of {@link NodeListenerOptions.drainTimeoutMs}: 30 s. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Called when the handler itself throws (a bug: the handlers of this
   * library answer every failure with an envelope). The client gets a bare 500.
   */
  onError?: (error: unknown, info: { traceId: string }) => void;
  /**
   * Server-side cancellation: when it aborts, every in-flight request's
   * `request.signal` aborts with a {@link ServerShutdownError}, so the
   * generate handlers stop their chain calls and answer 503 `ABORTED` FAILED
   * envelopes (rather than the client seeing its connection cut). Requests
   * that arrive afterwards are answered 503 `SHUTTING_DOWN` at once.
   *
   * @example
   * ```ts
   * const shutdown = new AbortController()
   * const server = createServer(toNodeListener(handler, { signal: shutdown.signal }))
   * process.once('SIGTERM', () => { shutdown.abort(); server.close() })
   * ```
   */
  signal?: AbortSignal;
  /**
   * When the answer goes out before the body was read (413 from a chunked
   * upload, 415, 405...), up to this many body bytes are still read and
   * discarded, so that a client busy uploading reads the answer instead of
   * a reset connection. Past it the connection is closed; `0` never drains.
   * @default 16777216
   */
  maxDrainBytes?: number;
  /** Longest time spent discarding such a body, in ms. @default 30000 */
  drainTimeoutMs?: number;
}

function requestUrl(req: IncomingMessage, path: string, query: string): string {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const host =
    req.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost';
  return `${encrypted ? 'https' : 'http'}://${host}${path}${query}`;
}

/** Methods the Fetch API refuses to build a `Request` with. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function requestHeaders(req: IncomingMessage, bodyReplaced: boolean): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    // A body taken from `req.body` is the decoded, re-serialised one: its framing headers no longer hold.
    if (bodyReplaced && /^(?:content-length|transfer-encoding|content-encoding)$/i.test(name)) continue;
    try {
      headers.append(name, raw[i + 1] as string);
    } catch {
      // A header the Fetch API refuses (invalid characters) is dropped.
    }
  }
  return headers;
}

/** Why a request is refused before it reaches the handler, if it is. */
function refusal(req: IncomingMessage, method: string, path: string): FailureDescription | undefined {
  if (req.httpVersion === '1.1' && req.headers.host === undefined) {
    return {
      status: 400,
      type: 'BAD_REQUEST',
      message: 'HTTP/1.1 requests need a Host header; send one (any HTTP client does).',
    };
  }
  if (FORBIDDEN_METHODS.has(method)) {
    return {
      status: 405,
      type: 'METHOD_NOT_ALLOWED',
      message: `${method} is not allowed; send a POST with a JSON body (or GET /health).`,
    };
  }
  if (hasDotSegment(path)) {
    return {
      status: 400,
      type: 'BAD_REQUEST',
      message: 'The path has "." or ".." segments (raw or percent-encoded); send the route path as it is.',
    };
  }
  return undefined;
}

/** Once the answer is out, the body left unread is drained within bounds (or the connection closed). */
function settleBody(req: IncomingMessage, res: ServerResponse, response: Response, drain: Drain): void {
  if (req.complete || response.status === 408 || awaitsContinue(req, res)) return;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > drain.maxBytes) return;
  // Node closes a `Connection: close` answer as soon as it is written, resetting a client still
  // uploading; drained first, the connection can stay open.
  if (response.headers.get('connection')?.toLowerCase() === 'close') res.removeHeader('connection');
  res.once('finish', () => drainAfterAnswer(req, drain));
}

interface Drain {
  maxBytes: number;
  timeoutMs: number;
}

async function writeResponse(
  response: Response,
  req: IncomingMessage,
  res: ServerResponse,
  drain: Drain,
): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  settleBody(req, res, response, drain);
  if (req.method === 'HEAD' || response.body === null) {
    await response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = response.body.getReader();
  // A long-lived body (an event stream) may be waiting for its next chunk when the client leaves: cancel it then.
  const onClose = () => {
    if (!res.writableFinished) reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  try {
    for (;;) {
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.on('drain', go);
          res.on('close', go);
        });
      }
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/**
 * Adapts a web handler (`(Request) => Promise<Response>`) to a `node:http`
 * request listener (and an Express or Connect middleware):
 *
 * - the body is streamed with back-pressure and read only when the handler
 *   reads it, so size limits hold while reading; registered for
 *   `checkContinue` too, it sends `100 Continue` only then (never before a
 *   413 or 415 the headers already decide);
 * - when a middleware in front has read the body (Express's
 *   `express.json()`), the parsed `req.body` is used; when the body was read
 *   and nothing usable is left, the answer is a 500 that names the cause;
 * - HTTP/1.1 without `Host` and paths with `.`/`..` segments (raw or
 *   `%2e`) are answered 400 FAILED envelopes; routing sees the raw path;
 * - `request.signal` aborts when the client disconnects before the answer
 *   is written; the response streams back with back-pressure;
 * - a body left unread by the answer is drained within `maxDrainBytes`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * createServer({ requireHostHeader: false }, toNodeListener(createReferenceHandler({ chain }))).listen(8000)
 * ```
 */
export function toNodeListener(
  handler: WebHandler,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const drain: Drain = {
    maxBytes: nonNegative('maxDrainBytes', options.maxDrainBytes ?? DEFAULT_MAX_DRAIN_BYTES),
    timeoutMs: nonNegative('drainTimeoutMs', options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS),
  };
  return (req, res) => {
    const shutdown = options.signal;
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '';
    const path = rawPathOf(target);
    const query = /[?]/.test(target) ? target.slice(target.indexOf('?')).split('#', 1)[0] : '';
    const refused = shutdown?.aborted ? SHUTTING_DOWN : refusal(req, method, path);
    if (refused) {
      sendFailure(res, refused, {
        connection: 'close',
        ...(refused.status === 405 && { allow: 'GET, HEAD, POST' }),
        ...(refused === SHUTTING_DOWN && { 'retry-after': '1' }),
      });
      return;
    }

    const controller = new AbortController();
    const onShutdown = () => controller.abort(new ServerShutdownError());
    shutdown?.addEventListener('abort', onShutdown, { once: true });
    res.on('close', () => {
      shutdown?.removeEventListener('abort', onShutdown);
      if (!res.writableFinished)
        controller.abort(new DOMException('The client closed the connection', 'AbortError'));
    });

    const consumed = method === 'GET' || method === 'HEAD' ? undefined : consumedBody(req);
    if (consumed?.kind === 'lost') {
      const traceId = sendFailure(res, {
        status: 500,
        type: 'BODY_ALREADY_READ',
        message:
          'A middleware in front of this handler read the request body and left no usable req.body. ' +
          'Mount the aicmo handler before body-parsing middleware, or use express.json() (its req.body is used).',
      });
      report(
        options.onError,
        new Error('The request body was read by a middleware before toNodeListener'),
        traceId,
      );
      return;
    }
    let body: BodyInit | undefined;
    if (consumed?.kind === 'parsed') body = consumed.bytes;
    else if (method !== 'GET' && method !== 'HEAD') body = lazyBodyStream(req, res);

    let request: Request;
    try {
      request = new Request(requestUrl(req, path, query ?? ''), {
        method,
        headers: requestHeaders(req, consumed !== undefined),
        signal: controller.signal,
        ...(body !== undefined && { body, duplex: 'half' }),
      } as RequestInit);
    } catch {
      // The Fetch API refuses malformed targets and some header combinations.
      sendFailure(
        res,
        { status: 400, type: 'BAD_REQUEST', message: 'The request target or headers are not valid.' },
        { connection: 'close' },
      );
      return;
    }
    handler(request)
      .then((response) => writeResponse(response, req, res, drain))
      .catch((error: unknown) => {
        if (res.headersSent) {
          report(options.onError, error, globalThis.crypto.randomUUID());
          res.destroy();
          return;
        }
        const traceId = sendFailure(res, {
          status: 500,
          type: 'INTERNAL_ERROR',
          message: 'The server failed unexpectedly.',
        });
        report(options.onError, error, traceId);
      });
  };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${String(value)}`);
  }
  return value;
}

function report(onError: NodeListenerOptions['onError'], error: unknown, traceId: string): void {
  try {
    onError?.(error, { traceId });
  } catch {
    // A logging hook must not break the answer.
  }
}
