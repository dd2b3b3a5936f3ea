/**
 * `toNodeListener`: serve a web-standard handler with `node:http`. Only
 * types are imported from Node, so this module loads on any runtime.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServerShutdownError } from './errors.js';
import type { WebHandler } from './generate-handler.js';
import { failedEnvelope } from './internal/respond.js';
import { TRACE_HEADER } from './trace.js';

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
   * that arrive afterwards are cancelled at once.
   *
   * @example
   * ```ts
   * const shutdown = new AbortController()
   * const server = createServer(toNodeListener(handler, { signal: shutdown.signal }))
   * process.once('SIGTERM', () => { shutdown.abort(); server.close() })
   * ```
   */
  signal?: AbortSignal;
}

function requestUrl(req: IncomingMessage): string {
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const host =
    req.headers.host && /^[A-Za-z0-9.:[\]-]+$/.test(req.headers.host) ? req.headers.host : 'localhost';
  const target = req.url ?? '';
  let path = target.startsWith('/') ? target : `/${target}`;
  // Absolute-form (`GET http://host/health`), which RFC 9112 asks servers to accept: route by its path.
  if (/^https?:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      path = `${url.pathname}${url.search}`;
    } catch {
      // Not a URL after all: keep it as a path, it will not match a route.
    }
  }
  return `${encrypted ? 'https' : 'http'}://${host}${path}`;
}

/** Methods the Fetch API refuses to build a `Request` with. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // A header the Fetch API refuses (invalid characters) is dropped.
    }
  }
  return headers;
}

/** The request body as a web stream, with back-pressure; cancelling it discards the rest. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Uint8Array | string) => {
        if (cancelled) return;
        controller.enqueue(
          typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk),
        );
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.on('end', () => {
        if (!cancelled) controller.close();
      });
      req.on('error', (error) => {
        if (!cancelled) controller.error(error);
      });
      req.on('aborted', () => {
        if (!cancelled) controller.error(new DOMException('The client aborted the request', 'AbortError'));
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      // Stop buffering and let the rest of the body drain so the response can still be written.
      cancelled = true;
      req.resume();
    },
  });
}

async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (head || response.body === null) {
    await response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = response.body.getReader();
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
  }
}

/**
 * Adapts a web handler (`(Request) => Promise<Response>`) to a `node:http`
 * request listener. The request body is streamed (so size limits are
 * enforced while reading), `request.signal` aborts when the client
 * disconnects before the answer is written, and the response is streamed
 * back with back-pressure.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * createServer(toNodeListener(createReferenceHandler({ chain }))).listen(8000)
 * ```
 */
export function toNodeListener(
  handler: WebHandler,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const controller = new AbortController();
    const shutdown = options.signal;
    const onShutdown = () => controller.abort(new ServerShutdownError());
    if (shutdown?.aborted) onShutdown();
    else shutdown?.addEventListener('abort', onShutdown, { once: true });
    res.on('close', () => {
      shutdown?.removeEventListener('abort', onShutdown);
      if (!res.writableFinished)
        controller.abort(new DOMException('The client closed the connection', 'AbortError'));
    });
    const method = (req.method ?? 'GET').toUpperCase();
    const hasBody = method !== 'GET' && method !== 'HEAD';
    let request: Request;
    try {
      request = new Request(requestUrl(req), {
        method,
        headers: requestHeaders(req),
        signal: controller.signal,
        ...(hasBody && { body: bodyStream(req), duplex: 'half' }),
      } as RequestInit);
    } catch {
      // The Fetch API refuses some methods (TRACE, TRACK, CONNECT) and malformed targets.
      const forbidden = FORBIDDEN_METHODS.has(method);
      const failure = forbidden
        ? {
            status: 405,
            type: 'METHOD_NOT_ALLOWED',
            message: `${method} is not allowed; send a POST with a JSON body (or GET /health).`,
          }
        : { status: 400, type: 'BAD_REQUEST', message: 'The request target or headers are not valid.' };
      const traceId = globalThis.crypto.randomUUID();
      res.statusCode = failure.status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader(TRACE_HEADER, traceId);
      res.setHeader('connection', 'close');
      if (forbidden) res.setHeader('allow', 'GET, HEAD, POST');
      res.end(JSON.stringify(failedEnvelope('server', failure, traceId)));
      req.resume();
      return;
    }
    handler(request)
      .then((response) => writeResponse(response, res, method === 'HEAD'))
      .catch((error: unknown) => {
        const traceId = globalThis.crypto.randomUUID();
        try {
          options.onError?.(error, { traceId });
        } catch {
          // A logging hook must not break the answer.
        }
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const failure = { status: 500, type: 'INTERNAL_ERROR', message: 'The server failed unexpectedly.' };
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader(TRACE_HEADER, traceId);
        res.end(JSON.stringify(failedEnvelope('server', failure, traceId)));
      });
  };
}
