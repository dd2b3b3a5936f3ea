import { describe, expectTypeOf, it } from 'vitest';
import type { Deliverable } from '../../src/envelope/index.js';
import {
  type Amendment,
  createReview,
  exportJson,
  exportMarkdown,
  type Review,
  type ReviewAction,
  type ReviewItemStatus,
  type ReviewSnapshot,
  type WorkflowError,
  type WorkflowErrorCode,
} from '../../src/workflow/index.js';

describe('workflow types', () => {
  it('changes return a Review', () => {
    const review = createReview({});
    expectTypeOf(review.amend('a', 'x')).toEqualTypeOf<Review>();
    expectTypeOf(review.approve('a')).toEqualTypeOf<Review>();
    expectTypeOf(review.reject('a', 'why')).toEqualTypeOf<Review>();
    expectTypeOf(review.reopen('a')).toEqualTypeOf<Review>();
    expectTypeOf(review.revert('a')).toEqualTypeOf<Review>();
  });

  it('items are readonly and typed', () => {
    const item = createReview({}).items[0]!;
    expectTypeOf(item.status).toEqualTypeOf<ReviewItemStatus>();
    expectTypeOf(item.deliverable).toEqualTypeOf<Deliverable>();
    expectTypeOf(item.amendments).toEqualTypeOf<Amendment[]>();
    expectTypeOf<ReviewItemStatus>().toEqualTypeOf<'draft' | 'amended' | 'approved' | 'rejected'>();
    expectTypeOf<ReviewAction>().toEqualTypeOf<'amend' | 'revert' | 'approve' | 'reject' | 'reopen'>();
    // @ts-expect-error items are readonly
    item.status = 'approved';
  });

  it('toJSON is a snapshot; exporters return files and the next review', () => {
    const review = createReview({});
    expectTypeOf(review.toJSON()).toEqualTypeOf<ReviewSnapshot>();
    expectTypeOf(exportMarkdown(review).review).toEqualTypeOf<Review>();
    expectTypeOf(exportMarkdown(review).content).toBeString();
    expectTypeOf(exportJson(review).envelope.status).toEqualTypeOf<'SUCCESS' | 'PARTIAL' | 'FAILED'>();
    expectTypeOf<WorkflowError['code']>().toEqualTypeOf<WorkflowErrorCode>();
  });
});
