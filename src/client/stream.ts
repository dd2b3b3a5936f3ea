/**
 * One streamed call: `POST` with `Accept: text/event-stream`, the events
 * parsed with `eventsource-parser`, reconnections to
 * `GET /api/v1/runs/{run_id}/events` with `Last-Event-ID`, and the terminal
 * event mapped to the same never-throw result as a JSON call.
 * Web-standard only: no Node built-ins.
 * @internal
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import ky from 'ky';
import type { DeliverablesEnvelope } from '../envelope/index.js';
import { ENGLISH } from '../internal/index.js';
import {
  EVENT_STREAM_MEDIA_TYPE,
  isKnownEventType,
  isTerminalEvent,
  type RunEvent,
  RunEventSchema,
  runEventsPath,
} from '../stream/index.js';
import {
  type CallContext,
  type CallSettings,
  classifyAnswer,
  classifyFailure,
  elapsed,
  fail,
  httpFailure,
  log,
  type PreparedCall,
  prepareCall,
  rejectInput,
  startCall,
} from './post.js';
import {
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_RECONNECTS,
  DEFAULT_RECONNECT_DELAY_MS,
  type StreamOptions,
} from './stream-options.js';
import type { BackendCallOptions, BackendResult, FetchLike } from './types.js';

/** An error answer's body, at most `maxBytes` characters; `undefined` when empty or unreadable. */
async function readErrorText(response: Response, maxBytes: number): Promise<string | undefined> {
  try {
    const text = await response.text();
    return text === '' ? undefined : text.slice(0, maxBytes);
  } catch {
    return undefined;
  }
}

/** How a stream is driven from outside. @internal */
export interface StreamControl {
  /** Receives each event of protocol v1, in order. */
  onEvent(event: RunEvent): void;
  /** Aborts the stream as a `stop()`. */
  stopSignal?: AbortSignal;
  /** Learns the run id (from `run.started`). */
  onRunId?(runId: string): void;
}

const STOPPED = Symbol('stopped');
const DEADLINE = Symbol('deadline');

function optionIssues(options: StreamOptions | undefined): string[] {
  const issues: string[] = [];
  const check = (name: keyof StreamOptions, min: number) => {
    const value = options?.[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < min))
      issues.push(`${name}: must be an integer of at least ${min}`);
  };
  check('maxReconnects', 0);
  check('reconnectDelayMs', 0);
  check('maxEventBytes', 1024);
  check('maxBufferedEvents', 1);
  return issues;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function statusOf(envelope: DeliverablesEnvelope): number {
  if (envelope.status !== 'FAILED') return 200;
  const code = envelope.error.code;
  return typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599 ? code : 500;
}

/** The result of a terminal event: what the JSON path would have answered. */
function terminalResult(ctx: CallContext, event: RunEvent): BackendResult {
  const envelope = (event as { envelope: DeliverablesEnvelope }).envelope;
  const status = statusOf(envelope);
  const text = JSON.stringify(envelope);
  if (status !== 200) return httpFailure(ctx, status, text);
  const durationMs = elapsed(ctx);
  log(ctx.logger, 'info', 'backend request done', {
    path: ctx.path,
    traceId: ctx.traceId,
    status,
    durationMs,
  });
  return {
    ok: true,
    envelope,
    traceId: ctx.traceId,
    status,
    durationMs,
    ...(ctx.includeRawText ? { rawText: text } : {}),
  };
}

function contractError(ctx: CallContext, message: string, issues: readonly string[] = []): BackendResult {
  return fail(
    ctx,
    'CONTRACT_ERROR',
    200,
    `The event stream broke protocol v1: ${message}. Fix the backend.`,
    {
      status: 200,
      ...(issues.length > 0 && {
        errors: issues,
        issues: issues.map((message) => ({ path: [], code: 'custom', message })),
      }),
    },
  );
}

/** Reads one event stream body into `state`; returns when it ends, breaks, or a result is decided. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  state: StreamState,
  signal: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  const onAbort = () => reader.cancel().catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder();
  state.parser.reset();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      state.parser.feed(decoder.decode(value, { stream: true }));
      if (state.outcome !== undefined || state.terminal !== undefined) break;
    }
  } catch {
    // A dropped connection: the caller decides whether to resume.
  } finally {
    signal.removeEventListener('abort', onAbort);
    reader.cancel().catch(() => {});
  }
}

interface StreamState {
  lastSeq: number;
  runId: string | undefined;
  terminal: RunEvent | undefined;
  /** A result decided while parsing (a protocol breach). */
  outcome: BackendResult | undefined;
  /** Events received since the last (re)connection. */
  received: number;
  parser: ReturnType<typeof createParser>;
}

/**
 * Runs one streamed call to its end; never throws.
 * @internal
 */
export async function streamCall(
  settings: CallSettings,
  path: string,
  payload: unknown,
  call: (BackendCallOptions & StreamOptions) | undefined,
  control: StreamControl,
  started?: ReturnType<typeof startCall>,
): Promise<BackendResult> {
  const { ctx, traceIdIssue } = started ?? startCall(path, call, settings);
  const issues = optionIssues(call);
  if (issues.length > 0) return rejectInput(ctx, issues, issues[0]?.split(':')[0], 'The request');
  const prepared = prepareCall(settings, path, payload, call, ctx, traceIdIssue);
  if ('ok' in prepared) return prepared;
  try {
    return await drive(settings, prepared, call ?? {}, control, ctx);
  } catch {
    return fail(ctx, 'INTERNAL_ERROR', 500, 'Unexpected error while reading the event stream. Retry.');
  }
}

async function drive(
  settings: CallSettings,
  prepared: PreparedCall,
  call: BackendCallOptions & StreamOptions,
  control: StreamControl,
  ctx: CallContext,
): Promise<BackendResult> {
  const maxReconnects = call.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
  const baseDelay = call.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(DEADLINE), prepared.transport.deadlineMs);
  const stop = new AbortController();
  const onStop = () => stop.abort(STOPPED);
  if (control.stopSignal?.aborted) onStop();
  else control.stopSignal?.addEventListener('abort', onStop, { once: true });
  const signals = [deadline.signal, stop.signal];
  if (prepared.signal) signals.push(prepared.signal);
  const signal = AbortSignal.any(signals);

  const state: StreamState = {
    lastSeq: 0,
    runId: undefined,
    terminal: undefined,
    outcome: undefined,
    received: 0,
    parser: createParser({
      maxBufferSize: call.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      onEvent: (message) => onMessage(message),
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded')
          state.outcome ??= contractError(ctx, 'an event is larger than maxEventBytes');
      },
    }),
  };
  const onMessage = (message: EventSourceMessage) => {
    if (state.outcome !== undefined || state.terminal !== undefined) return;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      state.outcome = contractError(ctx, `event ${message.id ?? '?'} is not JSON`);
      return;
    }
    const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
    const seq = typeof data === 'object' && data !== null ? (data as { seq?: unknown }).seq : undefined;
    if (typeof seq === 'number' && seq !== state.lastSeq + 1) {
      state.outcome = contractError(ctx, `event seq ${seq} follows ${state.lastSeq}`);
      return;
    }
    // Forward compatibility: an unknown type is skipped (its seq still counts).
    if (typeof type !== 'string' || !isKnownEventType(type)) {
      if (typeof seq === 'number') state.lastSeq = seq;
      return;
    }
    const parsed = RunEventSchema.safeParse(data, ENGLISH);
    if (!parsed.success) {
      const list = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      state.outcome = contractError(ctx, `a ${type} event does not match its schema`, list);
      return;
    }
    const event = parsed.data;
    state.lastSeq = event.seq;
    state.received++;
    if (event.type === 'run.started') {
      state.runId = event.run_id;
      control.onRunId?.(event.run_id);
    }
    try {
      control.onEvent(event);
    } catch {
      // A progress callback must not break the call.
    }
    if (isTerminalEvent(event)) state.terminal = event;
  };

  const fetchImpl: FetchLike = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers = new Headers(prepared.headers);
  headers.set('accept', `${EVENT_STREAM_MEDIA_TYPE}, application/json`);

  const aborted = (status?: number): BackendResult => {
    const reason = signal.reason;
    const at = status !== undefined ? { status } : {};
    if (reason === DEADLINE)
      return fail(
        ctx,
        'TIMEOUT',
        504,
        `The run did not finish within ${prepared.transport.deadlineMs} ms. Raise deadlineMs, or resume it later.`,
        at,
      );
    if (reason === STOPPED)
      return fail(
        ctx,
        'ABORTED',
        499,
        'The stream was stopped with stop(); the run was cancelled on the server.',
        at,
      );
    return classifyFailure(ctx, prepared.signal?.reason ?? reason, {
      signal: prepared.signal,
      timeoutMs: prepared.transport.timeoutMs,
      deadlineMs: prepared.transport.deadlineMs,
      url: prepared.url,
      status,
      readingBody: false,
    });
  };

  log(ctx.logger, 'debug', 'backend request', { path: ctx.path, traceId: ctx.traceId });
  let attempt = 0;
  try {
    for (;;) {
      const resuming = state.runId !== undefined && attempt > 0;
      const url = resuming ? `${prepared.baseUrl}${runEventsPath(state.runId as string)}` : prepared.url;
      const requestHeaders = new Headers(headers);
      if (resuming) {
        requestHeaders.delete('content-type');
        requestHeaders.set('last-event-id', String(state.lastSeq));
      }
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await ky(url, {
          method: resuming ? 'get' : 'post',
          ...(resuming ? {} : { body: prepared.body }),
          headers: requestHeaders,
          timeout: false,
          retry: 0,
          throwHttpErrors: false,
          signal,
          fetch: fetchImpl,
        });
      } catch (error) {
        failure = error;
      }
      if (signal.aborted) return aborted(response?.status);
      if (response !== undefined) {
        const type = response.headers.get('content-type')?.toLowerCase() ?? '';
        if (!response.ok)
          return httpFailure(
            ctx,
            response.status,
            await readErrorText(response, prepared.transport.maxResponseBytes),
          );
        if (!type.startsWith(EVENT_STREAM_MEDIA_TYPE) || response.body === null) {
          // A backend that does not stream answers JSON: the same result as a JSON call.
          return classifyAnswer(ctx, response.status, await response.text());
        }
        state.received = 0;
        await readEvents(response.body, state, signal);
        if (state.outcome !== undefined) return state.outcome;
        if (state.terminal !== undefined) return terminalResult(ctx, state.terminal);
        if (signal.aborted) return aborted(response.status);
        if (state.received > 0) attempt = 0;
      } else if (state.runId === undefined) {
        return classifyFailure(ctx, failure, {
          signal: prepared.signal,
          timeoutMs: prepared.transport.timeoutMs,
          deadlineMs: prepared.transport.deadlineMs,
          url: prepared.url,
          status: undefined,
          readingBody: false,
        });
      }
      // The connection dropped before the run ended: resume, a bounded number of times.
      if (state.runId === undefined || attempt >= maxReconnects) {
        return fail(
          ctx,
          'CONNECTION_ERROR',
          503,
          state.runId === undefined
            ? 'The event stream ended before the run started. Retry.'
            : `The event stream dropped ${attempt + 1} times in a row before the run ended. Resume later with GET ${runEventsPath(state.runId)}.`,
        );
      }
      await sleep(Math.min(5000, baseDelay * 2 ** attempt), signal);
      if (signal.aborted) return aborted();
      attempt++;
      log(ctx.logger, 'debug', 'backend request retry', {
        path: ctx.path,
        traceId: ctx.traceId,
        retry: attempt,
        durationMs: elapsed(ctx),
      });
    }
  } finally {
    clearTimeout(timer);
    control.stopSignal?.removeEventListener('abort', onStop);
  }
}
