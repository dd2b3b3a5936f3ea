/**
 * Zod schemas of a saved review (what `review.toJSON()` returns and
 * `Review.fromJSON()` accepts). The review's own fields are camelCase (it is
 * a TypeScript-side document, not wire JSON); the embedded envelope keeps the
 * snake_case wire form.
 */
import * as z from 'zod/mini';
import { DeliverablesEnvelopeSchema, IsoTimestampSchema } from '../envelope/index.js';

/** The statuses of a review item. */
export const REVIEW_ITEM_STATUSES = ['draft', 'amended', 'approved', 'rejected'] as const;

/** Schema of a review item status. */
export const ReviewItemStatusSchema = z.enum(REVIEW_ITEM_STATUSES, {
  error: 'must be one of draft, amended, approved, rejected',
});

/**
 * Where an item stands: `draft` (the generated text), `amended` (edited: the
 * text differs from the generated one), `approved`, `rejected`.
 */
export type ReviewItemStatus = z.infer<typeof ReviewItemStatusSchema>;

/** The actions a reviewer can take on one item. */
export const REVIEW_ACTIONS = ['amend', 'revert', 'approve', 'reject', 'reopen'] as const;

/** One of {@link REVIEW_ACTIONS}. */
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

const version = () =>
  z.number({ error: 'must be an integer' }).check(z.int({ error: 'must be an integer' }), z.gte(1));
const nullableString = () => z.nullable(z.string({ error: 'must be a string or null' }));

/** Schema of one amendment (a text edit, or a revert to an earlier text). */
export const AmendmentSchema = z.strictObject({
  previousText: z.string(),
  newText: z.string(),
  author: nullableString(),
  note: nullableString(),
  at: IsoTimestampSchema,
  /** Review version this change produced. */
  version: version(),
  /** Index of the amendment this one reverted, or null for a plain edit. */
  revertOf: z.nullable(z.number().check(z.int(), z.gte(0))),
});

/**
 * One text change of a deliverable: previous text, new text, who, why and
 * when. A revert is recorded as an amendment too (`revertOf` set), so history
 * is append-only.
 */
export type Amendment = z.infer<typeof AmendmentSchema>;

/** Schema of one entry of an item's audit trail. */
export const ReviewEventSchema = z.strictObject({
  type: z.enum(['amended', 'reverted', 'approved', 'rejected', 'reopened']),
  at: IsoTimestampSchema,
  author: nullableString(),
  /** The note (amend, approve, reopen) or the reason (reject). */
  note: nullableString(),
  /** Review version this change produced. */
  version: version(),
});

/** One entry of an item's audit trail. */
export type ReviewEvent = z.infer<typeof ReviewEventSchema>;

/** Schema of the saved state of one review item. */
export const ReviewItemStateSchema = z.strictObject({
  /** The deliverable id (or `#<n>`, 1-based, when the id is empty or repeated). */
  id: z.string().check(z.minLength(1)),
  /** Position of the deliverable in the envelope. */
  index: z.number().check(z.int(), z.gte(0)),
  status: ReviewItemStatusSchema,
  /** Current `content_markdown`. */
  content: z.string(),
  amendments: z.array(AmendmentSchema),
  approval: z.nullable(
    z.strictObject({ by: nullableString(), at: IsoTimestampSchema, note: nullableString() }),
  ),
  rejection: z.nullable(z.strictObject({ reason: z.string(), by: nullableString(), at: IsoTimestampSchema })),
  events: z.array(ReviewEventSchema),
});

/** The saved state of one review item. */
export type ReviewItemState = z.infer<typeof ReviewItemStateSchema>;

/** The two export formats. */
export const EXPORT_FORMATS = ['markdown', 'json'] as const;

/** Schema of one export record. */
export const ExportRecordSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  fileName: z.string(),
  at: IsoTimestampSchema,
  /** Review version that was exported (before the export bumped it). */
  version: version(),
  includeDrafts: z.boolean(),
  /** Ids of the items written to the file. */
  deliverableIds: z.array(z.string()),
});

/** One export of a review. */
export type ExportRecord = z.infer<typeof ExportRecordSchema>;

/** Value of `format` in a saved review. */
export const REVIEW_SNAPSHOT_FORMAT = 'aicmo.review' as const;

/**
 * Schema of a saved review: `review.toJSON()`, e.g. for localStorage or a
 * database. Validated (and cross-checked) by `Review.fromJSON()`.
 */
export const ReviewSnapshotSchema = z.strictObject({
  format: z.literal(REVIEW_SNAPSHOT_FORMAT, { error: `must be "${REVIEW_SNAPSHOT_FORMAT}"` }),
  formatVersion: z.literal(1, { error: 'must be 1 (the only saved-review format so far)' }),
  id: z.string().check(z.minLength(1)),
  version: version(),
  createdAt: IsoTimestampSchema,
  updatedAt: IsoTimestampSchema,
  /** When the review was last exported (it is read-only then), or null. */
  exportedAt: z.nullable(IsoTimestampSchema),
  exports: z.array(ExportRecordSchema),
  /** The envelope as generated (never modified; current texts live in `items`). */
  envelope: DeliverablesEnvelopeSchema,
  items: z.array(ReviewItemStateSchema),
});

/** A saved review: what `review.toJSON()` returns. */
export type ReviewSnapshot = z.infer<typeof ReviewSnapshotSchema>;
