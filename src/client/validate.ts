import { validateDeliverablesEnvelope } from '../envelope/index.js';
import type { BackendResult } from './types.js';

/** The answer of {@link validateResponse}: Python's `(is_valid, error_message)` as an object. */
export type ResponseValidation =
  | { readonly valid: true; readonly error: null; readonly errors: readonly [] }
  | { readonly valid: false; readonly error: string; readonly errors: readonly string[] };

function isBackendResult(value: unknown): value is BackendResult {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; traceId?: unknown };
  return typeof candidate.ok === 'boolean' && typeof candidate.traceId === 'string';
}

/**
 * Checks a backend answer against the deliverables contract; mirrors
 * `validate_response(resp)` of the Python reference client. Takes a
 * {@link BackendResult} (a failed one is invalid, with its error as the
 * reason) or any parsed JSON (checked as an envelope). Never throws.
 *
 * @example
 * ```ts
 * const { valid, error } = validateResponse(await backendPostJson(path, payload))
 * if (!valid) console.error(error) // e.g. 'TIMEOUT: The backend did not answer within 30000 ms...'
 * ```
 */
export function validateResponse(response: BackendResult | unknown): ResponseValidation {
  if (isBackendResult(response)) {
    if (!response.ok) {
      const { type, message } = response.error;
      const issues = response.error.errors ?? [];
      return {
        valid: false,
        error: `${type}: ${message}`,
        errors: issues.length > 0 ? issues : [`${type}: ${message}`],
      };
    }
    return validateResponse(response.envelope);
  }
  const { valid, errors } = validateDeliverablesEnvelope(response);
  if (valid) return { valid: true, error: null, errors: [] };
  return { valid: false, error: errors[0] ?? '(root): invalid envelope', errors };
}
