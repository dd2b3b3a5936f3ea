/**
 * `createGenerateHandler`: a web-standard `(Request) => Promise<Response>`
 * generate endpoint that always answers with a valid deliverables envelope.
 */

import * as z from 'zod';
import type { DeliverablesEnvelope } from '../envelope/index.js';
import { validateDeliverablesEnvelope } from '../envelope/index.js';
import { ENGLISH, toIssues } from '../internal/index.js';
import { EVENT_STREAM_MEDIA_TYPE, type PlannedDeliverable, type ProgressEvent } from '../stream/index.js';
import { InvalidRequestError, isServerShutdownError } from './errors.js';
import { describeFailure, type FailureDescription, isAbortError } from './failure.js';
import { BodyTimeoutError, BodyTooLargeError, readBodyText } from './http/body.js';
import { pathOf, reportResponse } from './http/report.js';
import { failedEnvelope, failedResponse, jsonTextResponse } from './http/respond.js';
import type { RunRegistry } from './stream/registry.js';
import { clientGoneSignal, toSSEResponse } from './stream/sse-response.js';
import { TRACE_HEADER, traceIdOf } from './trace.js';

/** Default request body limit: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** Default time allowed for the whole request body to arrive: 30 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/** A web-standard request handler, as Hono, Next.js route handlers, Bun, Deno and workers expect. */
export type WebHandler = (request: Request) => Promise<Response>;

/** What the `generate` callback of {@link createGenerateHandler} receives besides the input. */
export interface GenerateContext {
  /** The trace id of this request (the caller's `X-Trace-ID`, or a new one). Echoed in the answer. */
  traceId: string;
  /** Aborts when the client goes away: pass it to `chain.generate`. */
  signal: AbortSignal;
  /** The original request (headers, URL), already read: do not read its body again. */
  request: Request;
  /** The run id to write into the envelope's `run_id`; set when the answer is streamed. */
  runId?: string;
  /**
   * Set when the answer is streamed: report `deliverable.*` progress here
   * (the handler emits `run.*` itself). `signal` is then the run's: it
   * outlives a dropped connection for the registry's grace time.
   */
  onEvent?: (event: ProgressEvent) => void;
}

/** What {@link createGenerateHandler} reports after each response (no payload, no headers). */
export interface HandlerResponseInfo {
  /** HTTP method. */
  method: string;
  /** URL path, without the query string. */
  path: string;
  /** Status answered. */
  status: number;
  /** Trace id echoed. */
  traceId: string;
  /** Time from receipt to response, in ms. */
  durationMs: number;
  /** `error.type` of a FAILED answer. */
  errorType?: string;
}

/** Hooks for logging and metrics. Both run synchronously and must not throw. */
export interface HandlerHooks {
  /** Called once per request, after the response is built. */
  onResponse?: (info: HandlerResponseInfo) => void;
  /**
   * Called with an unexpected error (status 500) and its trace id: log the
   * stack here; it is never sent to the client.
   */
  onError?: (error: unknown, info: { traceId: string }) => void;
}

/**
 * Options of {@link createGenerateHandler}.
 *
 * @example
 * ```ts
 * createGenerateHandler({ module: 'campaigns', input: MODULES.campaigns.input, generate: (input, ctx) => generateCampaign(input, chain, ctx) })
 * ```
 */
export interface GenerateHandlerOptions<Input extends z.core.$ZodType> extends HandlerHooks {
  /** Module name written into FAILED envelopes, e.g. `campaigns`. */
  module: string;
  /** zod schema of the JSON body. Failures answer 422 naming each bad field. */
  input: Input;
  /**
   * Produces the envelope for a valid input. Throwing is fine: errors map to
   * FAILED envelopes (timeouts 504, all providers down 503, ...). A returned
   * FAILED envelope is answered with its `error.code` as status (500 when it
   * has none). `meta.trace_id` is set for you.
   */
  generate: (input: z.output<Input>, context: GenerateContext) => Promise<DeliverablesEnvelope>;
  /** Largest accepted body, in bytes (counted while streaming). @default 1048576 */
  maxBodyBytes?: number;
  /**
   * Live progress: with a registry, a request sending `Accept:
   * text/event-stream` gets Server-Sent Events (protocol v1, see
   * docs/streaming.md) instead of one JSON answer. @default no streaming
   */
  runs?: RunRegistry;
  /**
   * The deliverables a run will write, announced in `run.started` at once.
   * @default what `generate` reports first through `onEvent` (`run.planned`, as `runModule` does)
   */
  plan?: (input: z.output<Input>, runId: string) => readonly PlannedDeliverable[];
  /** Heartbeat interval of streamed answers, in ms. @default 15000 */
  heartbeatMs?: number;
  /**
   * Time allowed for the whole body to arrive, in ms. A body that drips in
   * slower, or never ends (a `Content-Length` larger than what is sent), is
   * answered 408 with a FAILED envelope and `Connection: close`.
   * @default 30000
   */
  bodyTimeoutMs?: number;
}

function isJsonMediaType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** True when the request asks for Server-Sent Events. */
export function acceptsEventStream(request: Request): boolean {
  const accept = request.headers.get('accept');
  return accept?.toLowerCase().includes(EVENT_STREAM_MEDIA_TYPE) === true;
}

function statusOf(envelope: DeliverablesEnvelope): number {
  if (envelope.status !== 'FAILED') return 200;
  const code = envelope.error.code;
  return typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599 ? code : 500;
}

/** Sets the trace id in `meta` (and `error`), without mutating the caller's object. */
function withTrace(envelope: DeliverablesEnvelope, traceId: string): DeliverablesEnvelope {
  const out = { ...envelope, meta: { ...envelope.meta, trace_id: traceId } } as DeliverablesEnvelope;
  if (out.error) out.error = { ...out.error, trace_id: traceId };
  return out;
}

/**
 * A generate endpoint as a web-standard handler. For every request it:
 *
 * - answers 405 (with `Allow: POST`) to other methods, 415 to a body that is
 *   not `application/json` or is compressed (`Content-Encoding` other than
 *   `identity`), 413 past `maxBodyBytes` (counted while reading), 408 when
 *   the body takes longer than `bodyTimeoutMs`, 400 to malformed JSON and 422 to a body the `input` schema rejects (the
 *   FAILED envelope's `error.details.issues` names each bad field);
 * - reads `X-Trace-ID` (or makes one) and echoes it in the `X-Trace-ID`
 *   response header and `meta.trace_id`;
 * - maps errors thrown by `generate` to FAILED envelopes with the right
 *   status (see {@link describeFailure}), never sending a stack trace or a key;
 * - checks the envelope `generate` returns against the contract before
 *   sending it (an invalid one is a 500, logged through `onError`).
 *
 * Works with any framework that speaks `Request`/`Response`; use
 * {@link toNodeListener} for `node:http`.
 *
 * @example
 * ```ts
 * // Next.js: app/api/v1/campaigns/generate/route.ts
 * export const POST = createGenerateHandler({
 *   module: 'campaigns',
 *   input: MODULES.campaigns.input,
 *   generate: (input, { signal, traceId }) => generateCampaign(input, chain, { signal, traceId }),
 * })
 * ```
 */
export function createGenerateHandler<Input extends z.core.$ZodType>(
  options: GenerateHandlerOptions<Input>,
): WebHandler {
  const { module, input, generate, onResponse, onError, runs } = options;
  const subject = `the ${module} request`;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError(`maxBodyBytes must be a positive integer, got ${String(options.maxBodyBytes)}`);
  }
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (!Number.isSafeInteger(bodyTimeoutMs) || bodyTimeoutMs <= 0) {
    throw new RangeError(`bodyTimeoutMs must be a positive integer, got ${String(options.bodyTimeoutMs)}`);
  }

  /**
   * The envelope as answered (trace id set) and its JSON, or `undefined`
   * (reported through `onError`) when it breaks the contract or cannot be
   * serialised (BigInt, cyclic data, a throwing `toJSON`).
   */
  const checkedAnswer = (
    envelope: DeliverablesEnvelope,
    traceId: string,
  ): { answer: DeliverablesEnvelope; text: string } | undefined => {
    try {
      const answer = withTrace(envelope, traceId);
      const check = validateDeliverablesEnvelope(answer);
      if (!check.valid) throw new Error(`generate returned an invalid envelope: ${check.errors.join('; ')}`);
      return { answer, text: JSON.stringify(answer) };
    } catch (error) {
      report(onError, error, traceId);
      return undefined;
    }
  };

  /** Starts a run in the registry and answers its events (see {@link GenerateHandlerOptions.runs}). */
  const streamRun = async (data: z.output<Input>, request: Request, traceId: string): Promise<Response> => {
    const registry = runs as RunRegistry;
    const runId = globalThis.crypto.randomUUID();
    try {
      registry.start({
        module,
        traceId,
        runId,
        ...(options.plan !== undefined && { deliverables: options.plan(data, runId) }),
        execute: async ({ signal, emit }) => {
          let envelope: DeliverablesEnvelope;
          try {
            envelope = await generate(data, { traceId, signal, request, runId, onEvent: emit });
          } catch (error) {
            const failure = describeFailure(signal.aborted ? signal.reason : error, { traceId });
            if (failure.status === 500) report(onError, error, traceId);
            return failedEnvelope(module, failure, traceId, runId);
          }
          return (
            checkedAnswer(envelope, traceId)?.answer ??
            failedEnvelope(
              module,
              describeFailure(new Error('invalid envelope'), { traceId }),
              traceId,
              runId,
            )
          );
        },
      });
    } catch (error) {
      return failedResponse(module, describeFailure(error, { traceId }), traceId);
    }
    const clientGone = clientGoneSignal(request);
    const events = await registry.open(runId, { signal: clientGone });
    if (events === undefined) {
      return failedResponse(module, describeFailure(new Error('run vanished'), { traceId }), traceId);
    }
    return toSSEResponse(events, {
      signal: clientGone,
      headers: { [TRACE_HEADER]: traceId },
      ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
    });
  };

  return async function generateHandler(request: Request): Promise<Response> {
    const started = performance.now();
    const traceId = traceIdOf(request);
    const finish = (response: Response, errorType?: string): Response =>
      reportResponse(onResponse, request, response, traceId, started, errorType);
    // A server shutdown aborts the signal too, but the client is still there to read the answer.
    const clientGone = (): boolean => request.signal.aborted && !isServerShutdownError(request.signal.reason);
    const fail = (failure: FailureDescription, headers?: Record<string, string>): Response =>
      finish(failedResponse(module, failure, traceId, headers), failure.type);

    if (request.method !== 'POST') {
      return fail(
        {
          status: 405,
          type: 'METHOD_NOT_ALLOWED',
          message: `${request.method} is not allowed here; send a POST with a JSON body.`,
        },
        { allow: 'POST' },
      );
    }
    if (!isJsonMediaType(request.headers.get('content-type'))) {
      await request.body?.cancel().catch(() => {});
      return fail({
        status: 415,
        type: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'The body must be JSON: send the header Content-Type: application/json.',
      });
    }
    const encoding = request.headers.get('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      await request.body?.cancel().catch(() => {});
      return fail(
        {
          status: 415,
          type: 'UNSUPPORTED_CONTENT_ENCODING',
          message: `Content-Encoding ${encoding.replace(/[^a-z0-9, -]/g, '').slice(0, 40)} is not accepted; send the JSON body uncompressed.`,
        },
        { 'accept-encoding': 'identity', connection: 'close' },
      );
    }

    if (request.bodyUsed) {
      report(onError, new Error('The request body was already read before the generate handler'), traceId);
      return fail({
        status: 500,
        type: 'BODY_ALREADY_READ',
        message:
          "The request body was already read by a middleware in front of this handler (e.g. Hono's c.req.json() or a validator). " +
          'Pass a Request that still has its body, e.g. new Request(c.req.raw, { body: await c.req.text() }), or mount the handler before that middleware.',
      });
    }

    let data: unknown;
    try {
      const text = await readBodyText(request, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs });
      data = JSON.parse(text);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return fail(
          {
            status: 413,
            type: 'PAYLOAD_TOO_LARGE',
            message: `The body is larger than the ${maxBodyBytes}-byte limit; send a smaller request.`,
          },
          { connection: 'close' },
        );
      }
      if (error instanceof BodyTimeoutError) {
        return fail(
          {
            status: 408,
            type: 'REQUEST_TIMEOUT',
            message: `The body did not arrive within ${bodyTimeoutMs} ms; send the whole body at once (and a Content-Length that matches it).`,
          },
          { connection: 'close' },
        );
      }
      if (request.signal.aborted || isAbortError(error)) {
        return fail(describeFailure(error, { clientAborted: clientGone(), traceId }));
      }
      return fail({
        status: 400,
        type: 'INVALID_JSON',
        message: 'The body is not valid JSON (UTF-8). Check the request serialization.',
      });
    }

    const parsed = z.safeParse(input, data, ENGLISH);
    if (!parsed.success) {
      return fail(
        describeFailure(new InvalidRequestError(toIssues(input, parsed.error.issues, data, subject))),
      );
    }

    if (runs && acceptsEventStream(request)) {
      return finish(await streamRun(parsed.data, request, traceId));
    }

    let envelope: DeliverablesEnvelope;
    try {
      envelope = await generate(parsed.data, { traceId, signal: request.signal, request });
    } catch (error) {
      const failure = describeFailure(error, { clientAborted: clientGone(), traceId });
      if (failure.status === 500) report(onError, error, traceId);
      return fail(failure);
    }

    const checked = checkedAnswer(envelope, traceId);
    if (checked === undefined) return fail(describeFailure(new Error('invalid envelope'), { traceId }));
    const { answer, text } = checked;
    return finish(
      jsonTextResponse(text, statusOf(answer), traceId),
      answer.status === 'FAILED' ? answer.error.type : undefined,
    );
  };
}

function report(onError: HandlerHooks['onError'], error: unknown, traceId: string): void {
  if (!onError) return;
  try {
    onError(error, { traceId });
  } catch {
    // A logging hook must not break the answer.
  }
}

export { pathOf };
