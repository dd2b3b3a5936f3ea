/**
 * `aicmo/workflow`: the review workflow every operator UI needs. Generated
 * deliverables go Draft → Amend (with history and revert) → Approve (or
 * Reject) → Export (Markdown and JSON files).
 *
 * A {@link Review} is immutable: each change returns a new one with its
 * `version` bumped, which suits React state and lets two UIs detect a
 * conflicting edit (`expectedVersion`). It serializes with `toJSON()` and
 * restores with `Review.fromJSON()`.
 *
 * @example
 * ```ts
 * import { createReview, exportMarkdown } from 'aicmo/workflow'
 *
 * let review = createReview(envelope)
 * review = review.amend(review.items[0].id, 'Sharper copy', { author: 'ana' })
 * review = review.approve(review.items[0].id, { author: 'ana' })
 * const { fileName, content } = exportMarkdown(review)
 * ```
 *
 * @packageDocumentation
 */

export {
  isWorkflowError,
  WORKFLOW_ERROR_CODES,
  WorkflowError,
  type WorkflowErrorCode,
  type WorkflowErrorDetails,
} from './errors.js';
export {
  defaultExportFileName,
  EXPORT_MIME_TYPES,
  type ExportOptions,
  exportJson,
  exportMarkdown,
  type JsonReviewExport,
  type MarkdownExportOptions,
  type ReviewExport,
} from './export.js';
export {
  type ChangeOptions,
  type Clock,
  type CreateReviewOptions,
  createReview,
  REVIEW_TRANSITIONS,
  Review,
  type ReviewItem,
  type ReviewOptions,
  reviewItemIds,
  type VersionCheckOptions,
} from './review.js';
export {
  type Amendment,
  AmendmentSchema,
  EXPORT_FORMATS,
  type ExportRecord,
  ExportRecordSchema,
  REVIEW_ACTIONS,
  REVIEW_ITEM_STATUSES,
  REVIEW_SNAPSHOT_FORMAT,
  type ReviewAction,
  type ReviewEvent,
  ReviewEventSchema,
  type ReviewItemState,
  ReviewItemStateSchema,
  type ReviewItemStatus,
  ReviewItemStatusSchema,
  type ReviewSnapshot,
  ReviewSnapshotSchema,
} from './schemas.js';
