import { AicmoError, isAicmoError } from '../errors.js';

/**
 * Thrown by {@link parseResponseEnvelope} and {@link ResponseBuilder.build}
 * when a response envelope does not satisfy the contract or a size limit.
 * `issues` lists each problem as `path: message`, e.g.
 * `artifacts[0].content.rows[2]: row has 2 cells but there are 3 columns; ...`.
 *
 * @example
 * ```ts
 * try { builder.build() } catch (err) {
 *   if (isResponseValidationError(err)) console.error(err.issues)
 * }
 * ```
 */
export class ResponseValidationError extends AicmoError {
  override name = 'ResponseValidationError' as const;
  /** Every problem found, each naming its path. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(
      'RESPONSE_INVALID',
      `Invalid response envelope: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}. Fix the named fields.`,
    );
    this.issues = issues;
  }
}

/**
 * True when `value` is a {@link ResponseValidationError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isResponseValidationError(err)) console.error(err.issues.join('\n'))
 * ```
 */
export function isResponseValidationError(value: unknown): value is ResponseValidationError {
  return isAicmoError(value) && value.name === 'ResponseValidationError' && value.code === 'RESPONSE_INVALID';
}
