/** Visible ASCII, 1 to 200 characters: what may travel in an `X-Trace-ID` header. */
const TRACE_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * True when `value` can be sent as an `X-Trace-ID` (visible ASCII, 1 to 200
 * characters). UUIDs always qualify.
 *
 * @example
 * ```ts
 * isValidTraceId('3f0c9a52-7d1e-4c1a-9a53-0d7c5e1b2a10') // true
 * isValidTraceId('has space') // false
 * ```
 */
export function isValidTraceId(value: unknown): value is string {
  return typeof value === 'string' && TRACE_ID_PATTERN.test(value);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A fresh random UUID v4 for `X-Trace-ID`: `crypto.randomUUID()` where the
 * runtime has it, else built from `crypto.getRandomValues` (browsers outside a
 * secure context).
 *
 * @example
 * ```ts
 * newTraceId() // '3f0c9a52-7d1e-4c1a-9a53-0d7c5e1b2a10'
 * ```
 */
export function newTraceId(): string {
  const webCrypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof webCrypto?.randomUUID === 'function') return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof webCrypto?.getRandomValues === 'function') webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = Array.from(bytes, (b) => HEX[b]!);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}
