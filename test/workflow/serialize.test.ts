import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exportJson,
  exportMarkdown,
  isWorkflowError,
  Review,
  ReviewSnapshotSchema,
  type WorkflowError,
} from '../../src/workflow/index.js';
import { codeOf, sampleReview, stepClock } from './helpers.js';

const IDS = ['li-1', 'mail-1', 'ad-1', 'missing'] as const;

/** One random reviewer action; invalid ones are expected to throw a WorkflowError. */
type Op = (r: Review) => Review;
const textArb = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '   ', '\u0085', 'Plan campaigns in minutes. Try it free.'),
);
const idArb = fc.constantFrom(...IDS);
const personArb = fc.option(fc.string({ maxLength: 8 }), { nil: undefined });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(idArb, textArb, personArb).map(
    ([id, text, author]): Op =>
      (r) =>
        r.amend(id, text, { author }),
  ),
  fc.tuple(idArb, fc.option(fc.nat(4), { nil: undefined })).map(
    ([id, i]): Op =>
      (r) =>
        r.revert(id, i),
  ),
  fc.tuple(idArb, personArb).map(
    ([id, author]): Op =>
      (r) =>
        r.approve(id, { author, note: 'ok' }),
  ),
  fc.tuple(idArb, fc.string({ maxLength: 10 })).map(
    ([id, why]): Op =>
      (r) =>
        r.reject(id, why),
  ),
  idArb.map(
    (id): Op =>
      (r) =>
        r.reopen(id),
  ),
  fc.constant<Op>((r) => exportMarkdown(r).review),
  fc.constant<Op>((r) => exportJson(r, { includeDrafts: true }).review),
  fc.constant<Op>((r) => r.unlock()),
);

function apply(review: Review, ops: readonly Op[]): { review: Review; changes: number } {
  let changes = 0;
  for (const op of ops) {
    try {
      const next = op(review);
      if (next !== review) changes += 1;
      review = next;
    } catch (err) {
      if (!isWorkflowError(err)) throw err;
    }
  }
  return { review, changes };
}

describe('toJSON / fromJSON', () => {
  it('round-trips a worked review exactly (object and JSON text)', () => {
    const review = sampleReview()
      .amend('li-1', 'edited', { author: 'ana', note: 'n' })
      .approve('li-1', { author: 'ana' })
      .reject('ad-1', 'off-brand');
    const json = review.toJSON();
    expect(ReviewSnapshotSchema.parse(json)).toEqual(json);
    const restored = Review.fromJSON(json);
    expect(restored.toJSON()).toEqual(json);
    expect(JSON.stringify(restored)).toBe(JSON.stringify(review));
    expect(JSON.stringify(Review.fromJSON(JSON.stringify(review)))).toBe(JSON.stringify(review));
    expect(restored.get('li-1').deliverable.content_markdown).toBe('edited');
  });

  it('toJSON returns a fresh mutable copy', () => {
    const review = sampleReview();
    const json = review.toJSON();
    json.items[0]!.content = 'tampered';
    expect(review.get('li-1').content).not.toBe('tampered');
  });

  it('a restored review keeps working, with the injected clock', () => {
    const restored = Review.fromJSON(sampleReview().toJSON(), {
      clock: () => new Date('2031-05-05T00:00:00Z'),
    });
    const next = restored.approve('li-1');
    expect(next.version).toBe(2);
    expect(next.updatedAt).toBe('2031-05-05T00:00:00.000Z');
  });

  it('property: any sequence of actions round-trips and keeps its invariants', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 25 }), (ops) => {
        const { review, changes } = apply(sampleReview(stepClock()), ops);
        const json = review.toJSON();
        // Exact round trip, through JSON text as localStorage would do.
        const restored = Review.fromJSON(JSON.parse(JSON.stringify(json)));
        expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(json));
        // One version per change.
        expect(review.version).toBe(1 + changes);
        for (const item of review.items) {
          const edited = item.content !== item.originalContent;
          if (item.status === 'draft') expect(edited).toBe(false);
          if (item.status === 'amended') expect(edited).toBe(true);
          if (item.status === 'approved') expect(item.issues).toEqual([]);
          expect(item.amendments.at(-1)?.newText ?? item.originalContent).toBe(item.content);
        }
      }),
      { numRuns: 200 },
    );
  });

  const tamper: Array<[string, (j: ReturnType<Review['toJSON']>) => void, RegExp]> = [
    ['wrong format', (j) => Object.assign(j, { format: 'other' }), /^format: /],
    ['bad version', (j) => Object.assign(j, { version: 0 }), /^version: /],
    ['unknown key', (j) => Object.assign(j, { extra: 1 }), /extra/],
    ['bad status', (j) => Object.assign(j.items[0]!, { status: 'done' }), /^items\[0\]\.status: /],
    ['invalid envelope', (j) => Object.assign(j.envelope, { status: 'ok' }), /^envelope/],
    [
      'content without amendment',
      (j) => Object.assign(j.items[0]!, { content: 'x' }),
      /items\[0\]\.content: does not match/,
    ],
    [
      'approved without approval',
      (j) => Object.assign(j.items[1]!, { status: 'approved' }),
      /items\[1\]\.approval/,
    ],
    ['duplicate item', (j) => j.items.push(j.items[0]!), /has 4 items/],
    ['wrong id', (j) => Object.assign(j.items[2]!, { id: 'zzz' }), /items\[2\]\.id: must be "ad-1"/],
    [
      'exported without record',
      (j) => Object.assign(j, { exportedAt: '2026-01-01T00:00:00Z' }),
      /exportedAt/,
    ],
  ];
  it.each(tamper)('rejects a snapshot with %s (WORKFLOW_INVALID_SNAPSHOT, with paths)', (_, edit, issue) => {
    const json = sampleReview().approve('li-1').toJSON();
    edit(json);
    let thrown: unknown;
    try {
      Review.fromJSON(json);
    } catch (err) {
      thrown = err;
    }
    const error = thrown as WorkflowError;
    expect(error.code).toBe('WORKFLOW_INVALID_SNAPSHOT');
    expect(
      error.issues.some((line) => issue.test(line)),
      error.issues.join('\n'),
    ).toBe(true);
    expect(error.message).toMatch(/review\.toJSON\(\)/);
  });

  it('rejects non-JSON text and non-objects', () => {
    expect(codeOf(() => Review.fromJSON('{nope'))).toBe('WORKFLOW_INVALID_SNAPSHOT');
    expect(codeOf(() => Review.fromJSON(42))).toBe('WORKFLOW_INVALID_SNAPSHOT');
    expect(codeOf(() => Review.fromJSON(null))).toBe('WORKFLOW_INVALID_SNAPSHOT');
  });
});
