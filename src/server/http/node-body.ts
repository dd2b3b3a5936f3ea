/**
 * The request body of a `node:http` request for a web `Request`: streamed
 * lazily (nothing is read, and no `100 Continue` sent, until the handler
 * reads), taken from `req.body` when a middleware (Express's `express.json()`)
 * has already consumed the stream, and drained within a bound after the
 * answer so that a refused upload still reads its status. Types only from Node.
 * @internal
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The body as a web stream, read only when the handler reads it: the first
 * read sends `100 Continue` to a client that waits for one (when the server
 * leaves that to the listener: `checkContinue`). Back-pressure pauses the
 * socket; cancelling discards the rest.
 */
export function lazyBodyStream(req: IncomingMessage, res: ServerResponse): ReadableStream<Uint8Array> {
  let cancelled = false;
  let started = false;
  const start = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    started = true;
    if (awaitsContinue(req, res)) res.writeContinue();
    req.on('data', (chunk: Uint8Array | string) => {
      if (cancelled) return;
      controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
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
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!started) start(controller);
        req.resume();
      },
      cancel() {
        cancelled = true;
        // Not read and never asked for: a client waiting for 100 Continue sends nothing to drain.
        if (started || !awaitsContinue(req, res)) req.resume();
      },
    },
    // Size 0: `pull` runs only when the handler reads, never on construction.
    { highWaterMark: 0 },
  );
}

/** True when the client sent `Expect: 100-continue` and has not been told to go on yet. */
export function awaitsContinue(req: IncomingMessage, res: ServerResponse): boolean {
  return (
    /(?:^|,)\s*100-continue\s*(?:,|$)/i.test(req.headers.expect ?? '') &&
    (res as { _sent100?: boolean })._sent100 !== true
  );
}

/** What a middleware left of the body: the bytes to hand on, or a stream read with nothing left. */
export type ConsumedBody = { kind: 'parsed'; bytes: Uint8Array<ArrayBuffer> } | { kind: 'lost' } | undefined;

/**
 * When a middleware in front (Express's `express.json()`, `express.text()`,
 * `express.raw()`) has read the stream, the body it left in `req.body`:
 * bytes as they are, strings as UTF-8, anything else re-serialised as JSON.
 * `lost` when the stream was read and `req.body` holds nothing usable;
 * `undefined` when the stream is still unread.
 */
export function consumedBody(req: IncomingMessage): ConsumedBody {
  const flagged = (req as { _body?: unknown })._body === true;
  if (!flagged && !req.readableEnded) return undefined;
  const body = (req as { body?: unknown }).body;
  if (body instanceof Uint8Array) return { kind: 'parsed', bytes: new Uint8Array(body) };
  if (typeof body === 'string') return { kind: 'parsed', bytes: new TextEncoder().encode(body) };
  if (body === undefined || body === null) {
    // Read with nothing kept: lost, unless there was nothing to keep.
    return req.headers['content-length'] === '0'
      ? { kind: 'parsed', bytes: new Uint8Array() }
      : { kind: 'lost' };
  }
  try {
    return { kind: 'parsed', bytes: new TextEncoder().encode(JSON.stringify(body)) };
  } catch {
    return { kind: 'lost' };
  }
}

/** Bounds of {@link drainAfterAnswer}. */
export interface DrainLimits {
  /** Most body bytes read and discarded after the answer. */
  maxBytes: number;
  /** Longest time spent discarding, in ms. */
  timeoutMs: number;
}

/**
 * After an answer sent before the body was read (413, 415, 405...), reads
 * and discards what the client still sends, up to `maxBytes` and
 * `timeoutMs`, so that a client busy uploading is not reset before it reads
 * the answer; past either bound the connection is destroyed.
 */
export function drainAfterAnswer(req: IncomingMessage, limits: DrainLimits): void {
  if (req.complete || req.destroyed) return;
  let discarded = 0;
  const stop = () => {
    clearTimeout(timer);
    req.off('data', count);
  };
  const count = (chunk: Uint8Array | string) => {
    discarded += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (discarded > limits.maxBytes) {
      stop();
      req.socket.destroy();
    }
  };
  const timer = setTimeout(() => {
    stop();
    if (!req.complete) req.socket.destroy();
  }, limits.timeoutMs);
  timer.unref?.();
  req.on('data', count);
  req.once('end', stop);
  req.once('close', stop);
  req.resume();
}
