/**
 * `clientError` and `connect` listeners for `node:http` servers: requests
 * Node's parser rejects (an unknown method, bytes after a short
 * `Content-Length`, oversized headers, Node's own request timeout) and
 * `CONNECT` requests get a FAILED envelope instead of Node's bare text answer
 * or a dropped connection. Types only from Node.
 * @internal
 */
import type { Duplex } from 'node:stream';
import type { FailureDescription } from '../failure.js';
import { failedEnvelope } from './respond.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

function failureOf(code: unknown): FailureDescription {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        type: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
        message: 'The request headers are too large; send fewer or shorter headers.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        type: 'REQUEST_TIMEOUT',
        message: 'The request did not arrive in time; send the headers and body at once.',
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, type: 'PAYLOAD_TOO_LARGE', message: 'The chunk extensions are too large.' };
    default:
      return {
        status: 400,
        type: 'BAD_REQUEST',
        // An unknown method and the bytes after a short Content-Length look alike to the parser.
        message:
          'The request is not valid HTTP/1.1 (unknown method, bad headers or framing); check the client.',
      };
  }
}

/**
 * Answers a request the HTTP parser rejected with a FAILED envelope and
 * closes the connection; a connection already answering, or already gone,
 * is just destroyed.
 */
export function answerClientError(error: unknown, socket: Duplex): void {
  const code = (error as { code?: unknown } | null)?.code;
  const answering = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (code === 'ECONNRESET' || code === 'EPIPE' || !socket.writable || answering?.headersSent) {
    socket.destroy();
    return;
  }
  answerAndClose(socket, failureOf(code));
}

/**
 * A `connect` listener: this server is no proxy, so a `CONNECT` request gets
 * a 405 FAILED envelope (without a listener Node drops the connection).
 */
export function answerConnect(_request: unknown, socket: Duplex): void {
  answerAndClose(
    socket,
    {
      status: 405,
      type: 'METHOD_NOT_ALLOWED',
      message: 'CONNECT is not allowed: this is not a proxy. Send a POST with a JSON body.',
    },
    'POST',
  );
}

function answerAndClose(socket: Duplex, failure: FailureDescription, allow?: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const traceId = globalThis.crypto.randomUUID();
  const body = JSON.stringify(failedEnvelope('server', failure, traceId));
  const head = [
    `HTTP/1.1 ${failure.status} ${REASONS[failure.status] ?? 'Bad Request'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${new TextEncoder().encode(body).byteLength}`,
    'Cache-Control: no-store',
    `X-Trace-ID: ${traceId}`,
    ...(allow !== undefined ? [`Allow: ${allow}`] : []),
    'Connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
}
