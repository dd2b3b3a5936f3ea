/**
 * One problem found in a payload: the single issue shape shared by the
 * validators, the server's 422 bodies and the client's `result.error.issues`.
 *
 * @example
 * ```ts
 * const issue: Issue = { path: ['platforms', 1], code: 'too_small', message: 'must not be blank' }
 * ```
 */
export interface Issue {
  /** Where the problem is: object keys and array indexes from the payload's root (`[]` is the root). */
  readonly path: readonly (string | number)[];
  /**
   * Stable machine-readable kind, e.g. `required`, `invalid_type`, `too_small`,
   * `too_big`, `unrecognized_key`, `invalid_value`, `custom`, `too_many_issues`.
   */
  readonly code: string;
  /** What is wrong and how to fix it, in plain words (never quotes the payload's values). */
  readonly message: string;
}
