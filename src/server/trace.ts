/**
 * Trace ids: read the caller's `X-Trace-ID` or make a new one.
 */

/** The request/response header that carries the trace id. */
export const TRACE_HEADER = 'X-Trace-ID';

/** Printable, header-safe ids of at most 128 characters (UUIDs, W3C trace ids, ULIDs, ...). */
const TRACE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/+=-]{0,127}$/;

/**
 * The trace id of a request: its `X-Trace-ID` header when that is a sane id
 * (1 to 128 printable characters from `A-Z a-z 0-9 . _ : / + = -`), else a
 * fresh UUID v4. An unusable header is replaced, never echoed.
 *
 * @example
 * ```ts
 * const traceId = traceIdOf(request) // '9b2f…' from the header, or a new UUID
 * ```
 */
export function traceIdOf(request: Request): string {
  const given = request.headers.get(TRACE_HEADER)?.trim();
  if (given && TRACE_ID_PATTERN.test(given)) return given;
  return globalThis.crypto.randomUUID();
}
