/**
 * FAILED envelope answers written straight to a `node:http` response, for
 * requests refused before (or instead of) the web handler. Types only from Node.
 * @internal
 */
import type { ServerResponse } from 'node:http';
import type { FailureDescription } from '../failure.js';
import { TRACE_HEADER } from '../trace.js';
import { failedEnvelope } from './respond.js';

/** Writes `failure` as a FAILED envelope (module `server`) with a fresh trace id; returns the trace id. */
export function sendFailure(
  res: ServerResponse,
  failure: FailureDescription,
  headers: Record<string, string> = {},
): string {
  const traceId = globalThis.crypto.randomUUID();
  const body = JSON.stringify(failedEnvelope('server', failure, traceId));
  res.statusCode = failure.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader(TRACE_HEADER, traceId);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(body);
  return traceId;
}

/** 503 for a request that arrives while the server is shutting down. */
export const SHUTTING_DOWN: FailureDescription = {
  status: 503,
  type: 'SHUTTING_DOWN',
  message:
    'The server is shutting down and takes no new requests. Retry in a moment (another instance may answer).',
};

/** 503 for a connection past the server's `maxConnections`. */
export const TOO_MANY_CONNECTIONS: FailureDescription = {
  status: 503,
  type: 'TOO_MANY_CONNECTIONS',
  message: 'The server has too many open connections. Retry in a moment.',
};

/** 417 for an `Expect` header other than `100-continue`. */
export const EXPECTATION_FAILED: FailureDescription = {
  status: 417,
  type: 'EXPECTATION_FAILED',
  message: 'Only "Expect: 100-continue" is supported; send the request without that Expect header.',
};
