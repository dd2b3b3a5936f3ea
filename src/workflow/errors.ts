import { AicmoError } from '../errors.js';

/**
 * Stable codes of {@link WorkflowError}:
 * - `WORKFLOW_INVALID_TRANSITION`: the action is not allowed from the item's
 *   status (approving a rejected item, amending an approved one, ...);
 * - `WORKFLOW_UNKNOWN_DELIVERABLE`: no item has that id;
 * - `WORKFLOW_REVIEW_EXPORTED`: the review was exported and is read-only
 *   (call `unlock()` to edit it again);
 * - `WORKFLOW_BLANK_CONTENT`: approving an item whose content is blank;
 * - `WORKFLOW_VERSION_CONFLICT`: `expectedVersion` does not match (another UI
 *   changed the review);
 * - `WORKFLOW_INVALID_ARGUMENT`: a missing rejection reason, a bad amendment index, ...;
 * - `WORKFLOW_NOTHING_TO_REVIEW`: the envelope has no deliverables;
 * - `WORKFLOW_NOTHING_TO_EXPORT`: no approved item (and `includeDrafts` not set);
 * - `WORKFLOW_INVALID_SNAPSHOT`: `Review.fromJSON` got data that is not a saved review.
 */
export const WORKFLOW_ERROR_CODES = [
  'WORKFLOW_INVALID_TRANSITION',
  'WORKFLOW_UNKNOWN_DELIVERABLE',
  'WORKFLOW_REVIEW_EXPORTED',
  'WORKFLOW_BLANK_CONTENT',
  'WORKFLOW_VERSION_CONFLICT',
  'WORKFLOW_INVALID_ARGUMENT',
  'WORKFLOW_NOTHING_TO_REVIEW',
  'WORKFLOW_NOTHING_TO_EXPORT',
  'WORKFLOW_INVALID_SNAPSHOT',
] as const;

/** One of {@link WORKFLOW_ERROR_CODES}. */
export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

/** Context of a {@link WorkflowError}; every field is optional. */
export interface WorkflowErrorDetails {
  /** The deliverable (review item) id concerned. */
  deliverableId?: string;
  /** The action that was refused, e.g. `approve`. */
  action?: string;
  /** The item's status when the action was refused. */
  status?: string;
  /** The version the caller expected (version conflicts). */
  expectedVersion?: number;
  /** The review's actual version. */
  actualVersion?: number;
  /** Problems found, each starting with its path (invalid snapshots). */
  issues?: readonly string[];
}

/**
 * Thrown by the review workflow when an action is not allowed. Switch on
 * `code` (see {@link WORKFLOW_ERROR_CODES}); the message says what to do.
 *
 * @example
 * ```ts
 * try { review = review.approve('post-1', { expectedVersion: seen }) } catch (err) {
 *   if (isWorkflowError(err) && err.code === 'WORKFLOW_VERSION_CONFLICT') reload()
 * }
 * ```
 */
export class WorkflowError extends AicmoError {
  override name = 'WorkflowError' as const;
  override readonly code: WorkflowErrorCode;
  /** The deliverable (review item) id concerned, if any. */
  readonly deliverableId: string | undefined;
  /** The refused action, if any. */
  readonly action: string | undefined;
  /** The item's status when the action was refused, if any. */
  readonly status: string | undefined;
  /** The version the caller expected (version conflicts). */
  readonly expectedVersion: number | undefined;
  /** The review's actual version (version conflicts). */
  readonly actualVersion: number | undefined;
  /** Problems found (invalid snapshots); empty otherwise. */
  readonly issues: readonly string[];

  constructor(code: WorkflowErrorCode, message: string, details: WorkflowErrorDetails = {}) {
    super(code, message);
    this.code = code;
    this.deliverableId = details.deliverableId;
    this.action = details.action;
    this.status = details.status;
    this.expectedVersion = details.expectedVersion;
    this.actualVersion = details.actualVersion;
    this.issues = details.issues ?? [];
  }
}

/**
 * True when `value` is a {@link WorkflowError} from any copy of `aicmo`
 * (checks the name and code, not `instanceof`).
 *
 * @example
 * ```ts
 * if (isWorkflowError(err)) showToast(err.message)
 * ```
 */
export function isWorkflowError(value: unknown): value is WorkflowError {
  return (
    value instanceof Error &&
    value.name === 'WorkflowError' &&
    (WORKFLOW_ERROR_CODES as readonly unknown[]).includes((value as { code?: unknown }).code)
  );
}
