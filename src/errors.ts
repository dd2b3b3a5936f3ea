/**
 * The root of every error `aicmo` throws.
 *
 * Each subclass has a stable, machine-readable `code` and a message that says
 * what to do. Use {@link isAicmoError} rather than `instanceof` when two copies
 * of the library may be installed side by side.
 *
 * @example
 * ```ts
 * try { parseDeliverablesEnvelope(body) } catch (err) {
 *   if (isAicmoError(err)) console.error(err.code, err.message)
 * }
 * ```
 */
export class AicmoError extends Error {
  override name: string = 'AicmoError';
  /** Stable code for programs, e.g. `ENVELOPE_INVALID`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, AICMO_ERROR_MARKER, { value: true });
  }
}

/** `Symbol.for` marker shared by every copy of the library. @internal */
export const AICMO_ERROR_MARKER: unique symbol = Symbol.for('aicmo.error') as never;

/**
 * True when `value` is an error thrown by any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isAicmoError(err) && err.code === 'ENVELOPE_INVALID') { ... }
 * ```
 */
export function isAicmoError(value: unknown): value is AicmoError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<PropertyKey, unknown>)[AICMO_ERROR_MARKER] === true
  );
}
