/**
 * `toSSEResponse`: any async iterable of run events as a web `Response`
 * speaking protocol v1 (Hono, Next.js route handlers, Bun, Deno, workers).
 */
import type { RunEvent } from '../../stream/index.js';
import {
  EVENT_STREAM_MEDIA_TYPE,
  formatSseEvent,
  SSE_HEARTBEAT,
  STREAM_PROTOCOL_HEADER,
  STREAM_PROTOCOL_VERSION,
} from '../../stream/index.js';
import { isServerShutdownError } from '../errors.js';

/** Default interval of heartbeat comments on an idle stream: 15 s. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** Options of {@link toSSEResponse}. */
export interface SSEResponseOptions {
  /** A heartbeat comment goes out after this many ms without a write. @default 15000 */
  heartbeatMs?: number;
  /** Extra response headers (e.g. `X-Trace-ID`, CORS). */
  headers?: Readonly<Record<string, string>>;
  /** Ends the stream when it aborts (pass the request's signal). */
  signal?: AbortSignal;
}

/**
 * A signal that aborts when the client of `request` goes away, but not when
 * the server shuts down (`ServerShutdownError`): a stream then stays open
 * until its run, cancelled by the shutdown, sends its `run.failed`.
 */
export function clientGoneSignal(request: Request): AbortSignal {
  const controller = new AbortController();
  const check = () => {
    if (!isServerShutdownError(request.signal.reason)) controller.abort(request.signal.reason);
  };
  if (request.signal.aborted) check();
  else request.signal.addEventListener('abort', check, { once: true });
  return controller.signal;
}

/** The headers every stream carries. */
export function sseHeaders(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    'content-type': `${EVENT_STREAM_MEDIA_TYPE}; charset=utf-8`,
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    [STREAM_PROTOCOL_HEADER]: STREAM_PROTOCOL_VERSION,
    ...extra,
  };
}

/**
 * Serves `events` as Server-Sent Events: each event as an `id:` (its `seq`),
 * `event:` (its `type`) and `data:` (its JSON) block; a `: keep-alive`
 * comment at once (so proxies and browsers see the headers) and after every
 * `heartbeatMs` of silence; the headers `Content-Type: text/event-stream`,
 * `Cache-Control: no-cache`, `X-Accel-Buffering: no` and `x-aicmo-stream: v1`.
 * The body is pulled (back-pressure), and cancelling it (the client left)
 * calls the iterator's `return()`.
 *
 * @example
 * ```ts
 * // Next.js: app/api/v1/runs/[id]/events/route.ts
 * export async function GET(request: Request, { params }: { params: { id: string } }) {
 *   const events = await runs.open(params.id, { after: parseLastEventId(request.headers.get('last-event-id')), signal: request.signal })
 *   return events ? toSSEResponse(events, { signal: request.signal }) : new Response(null, { status: 404 })
 * }
 * ```
 */
export function toSSEResponse(events: AsyncIterable<RunEvent>, options: SSEResponseOptions = {}): Response {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  if (!Number.isSafeInteger(heartbeatMs) || heartbeatMs <= 0) {
    throw new RangeError(`heartbeatMs must be a positive integer, got ${String(options.heartbeatMs)}`);
  }
  const encoder = new TextEncoder();
  const iterator = events[Symbol.asyncIterator]();
  const { signal } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  let sink: ReadableStreamDefaultController<Uint8Array> | undefined;

  const silence = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  /** (Re)arms the heartbeat: it fires after `heartbeatMs` without a write. */
  const beat = () => {
    silence();
    timer = setTimeout(() => {
      if (finished || !sink) return;
      try {
        sink.enqueue(encoder.encode(SSE_HEARTBEAT));
      } catch {
        return;
      }
      beat();
    }, heartbeatMs);
  };
  const end = () => {
    if (finished) return;
    finished = true;
    silence();
    signal?.removeEventListener('abort', end);
    iterator.return?.()?.catch(() => {});
    try {
      sink?.close();
    } catch {
      // Already closed or cancelled.
    }
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      sink = controller;
      controller.enqueue(encoder.encode(SSE_HEARTBEAT));
      beat();
      if (signal?.aborted) end();
      else signal?.addEventListener('abort', end, { once: true });
    },
    async pull(controller) {
      if (finished) return;
      let step: IteratorResult<RunEvent>;
      try {
        step = await iterator.next();
      } catch {
        // A broken source ends the stream without a terminal event: the client resumes.
        step = { done: true, value: undefined };
      }
      if (finished) return;
      if (step.done) {
        end();
        return;
      }
      controller.enqueue(encoder.encode(formatSseEvent(step.value)));
      beat();
    },
    cancel() {
      end();
    },
  });
  return new Response(body, { status: 200, headers: sseHeaders(options.headers) });
}
