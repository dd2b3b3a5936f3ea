/**
 * Reading a request body with a hard size limit, counting the bytes as they
 * stream in (a `Content-Length` can lie, or be absent with chunked encoding),
 * and a time limit (a body can drip one byte at a time, or never end).
 * @internal
 */

/** Thrown when the body is larger than the limit. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

/** Thrown when the whole body has not arrived within the time limit. */
export class BodyTimeoutError extends Error {
  override name = 'BodyTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`Request body did not arrive within ${timeoutMs} ms`);
  }
}

/** Limits of {@link readBodyText}. */
export interface ReadBodyLimits {
  /** Largest body, in bytes. */
  maxBytes: number;
  /** Time allowed for the whole body, in ms. */
  timeoutMs: number;
}

/**
 * The body as UTF-8 text. Rejects with {@link BodyTooLargeError} as soon as
 * more than `maxBytes` bytes have arrived, and with {@link BodyTimeoutError}
 * when the body is not complete after `timeoutMs` (in both cases the rest is
 * not read: the stream is cancelled). Rejects with the signal's reason when
 * `request.signal` aborts first.
 */
export async function readBodyText(request: Request, limits: ReadBodyLimits): Promise<string> {
  const { maxBytes, timeoutMs } = limits;
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(maxBytes);
  }
  if (request.body === null) return '';
  const reader = request.body.getReader();
  let stop: (error: unknown) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => {});
  const timer = setTimeout(() => stop(new BodyTimeoutError(timeoutMs)), timeoutMs);
  const onAbort = () => stop(request.signal.reason);
  request.signal.addEventListener('abort', onAbort, { once: true });
  if (request.signal.aborted) onAbort();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stopped]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', onAbort);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
