/**
 * JSON responses and FAILED envelopes for the handlers.
 * @internal
 */

import type { FailedEnvelope } from '../../envelope/index.js';
import { createFailedEnvelope } from '../../envelope/index.js';
import type { FailureDescription } from '../failure.js';
import { TRACE_HEADER } from '../trace.js';

/** A JSON response with the trace id header and no caching. Throws when `body` cannot be serialised. */
export function jsonResponse(
  body: unknown,
  status: number,
  traceId: string,
  headers: Record<string, string> = {},
): Response {
  return jsonTextResponse(JSON.stringify(body), status, traceId, headers);
}

/** {@link jsonResponse} for a body already serialised. */
export function jsonTextResponse(
  text: string,
  status: number,
  traceId: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(text, {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      [TRACE_HEADER]: traceId,
      ...headers,
    },
  });
}

/** A FAILED envelope for `failure`, with the trace id in `meta` and `error`. */
export function failedEnvelope(
  module: string,
  failure: FailureDescription,
  traceId: string,
  runId?: string,
): FailedEnvelope {
  return createFailedEnvelope({
    module,
    errorType: failure.type,
    message: failure.message,
    code: failure.status,
    traceId,
    ...(runId !== undefined && { runId }),
    ...(failure.details !== undefined && { details: failure.details }),
  });
}

/** A FAILED envelope response for `failure`. */
export function failedResponse(
  module: string,
  failure: FailureDescription,
  traceId: string,
  headers: Record<string, string> = {},
): Response {
  return jsonResponse(
    failedEnvelope(failure.module ?? module, failure, traceId),
    failure.status,
    traceId,
    headers,
  );
}
