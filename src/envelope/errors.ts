import { AicmoError } from '../errors.js';

/**
 * Thrown by {@link parseDeliverablesEnvelope} and the builders when an envelope
 * does not satisfy the contract. `issues` lists each problem as
 * `path: message`, e.g. `deliverables[2].content_markdown: must not be blank (...)`.
 */
export class EnvelopeValidationError extends AicmoError {
  override name = 'EnvelopeValidationError' as const;
  /** Every problem found, each naming its path. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[], what = 'deliverables envelope') {
    super(
      'ENVELOPE_INVALID',
      `Invalid ${what}: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}. Fix the named fields.`,
    );
    this.issues = issues;
  }
}
