import { describe, expect, it } from 'vitest';
import { codeOf, sampleReview } from './helpers.js';

const ORIGINAL = 'Plan campaigns in minutes. Try it free.';

describe('amendment history', () => {
  it('records previous text, new text, author, note, time and version', () => {
    const review = sampleReview()
      .amend('ad-1', 'v1', { author: 'ana', note: 'shorter' })
      .amend('ad-1', 'v2', { author: 'bo' });
    expect(review.get('ad-1').amendments).toEqual([
      {
        previousText: ORIGINAL,
        newText: 'v1',
        author: 'ana',
        note: 'shorter',
        at: '2026-01-01T09:01:00.000Z',
        version: 2,
        revertOf: null,
      },
      {
        previousText: 'v1',
        newText: 'v2',
        author: 'bo',
        note: null,
        at: '2026-01-01T09:02:00.000Z',
        version: 3,
        revertOf: null,
      },
    ]);
    expect(review.get('ad-1').events.map((e) => [e.type, e.author, e.version])).toEqual([
      ['amended', 'ana', 2],
      ['amended', 'bo', 3],
    ]);
    expect(review.get('ad-1').originalContent).toBe(ORIGINAL);
  });

  it('revert() undoes the last amendment and is itself recorded', () => {
    const review = sampleReview()
      .amend('ad-1', 'v1')
      .amend('ad-1', 'v2')
      .revert('ad-1', undefined, { author: 'cy', note: 'undo' });
    const item = review.get('ad-1');
    expect(item.content).toBe('v1');
    expect(item.status).toBe('amended');
    expect(item.amendments).toHaveLength(3);
    expect(item.amendments[2]).toMatchObject({
      previousText: 'v2',
      newText: 'v1',
      author: 'cy',
      note: 'undo',
      revertOf: 1,
    });
    expect(item.events.at(-1)?.type).toBe('reverted');
  });

  it('revert(id, 0) goes back to the generated text (status draft)', () => {
    const review = sampleReview().amend('ad-1', 'v1').amend('ad-1', 'v2').revert('ad-1', 0);
    expect(review.get('ad-1').content).toBe(ORIGINAL);
    expect(review.get('ad-1').status).toBe('draft');
    expect(review.get('ad-1').deliverable.content_markdown).toBe(ORIGINAL);
  });

  it('reverting a revert restores the reverted text', () => {
    const review = sampleReview().amend('ad-1', 'v1').revert('ad-1').revert('ad-1');
    expect(review.get('ad-1').content).toBe('v1');
    expect(review.get('ad-1').amendments.map((a) => a.revertOf)).toEqual([null, 0, 1]);
  });

  it('reverting to the current text is a no-op', () => {
    const review = sampleReview().amend('ad-1', 'v1').amend('ad-1', 'v2').revert('ad-1');
    // Amendment 1 changed v1 → v2; its previous text, v1, is already the current text.
    expect(review.revert('ad-1', 1)).toBe(review);
  });

  it('refuses a revert without amendments or with a bad index', () => {
    const review = sampleReview();
    expect(codeOf(() => review.revert('ad-1'))).toBe('WORKFLOW_INVALID_ARGUMENT');
    const amended = review.amend('ad-1', 'v1');
    expect(codeOf(() => amended.revert('ad-1', 1))).toBe('WORKFLOW_INVALID_ARGUMENT');
    expect(codeOf(() => amended.revert('ad-1', -1))).toBe('WORKFLOW_INVALID_ARGUMENT');
    expect(codeOf(() => amended.revert('ad-1', 0.5))).toBe('WORKFLOW_INVALID_ARGUMENT');
  });

  it('history survives approval, reopening and rejection', () => {
    const review = sampleReview()
      .amend('ad-1', 'v1')
      .approve('ad-1')
      .reopen('ad-1')
      .amend('ad-1', 'v2')
      .reject('ad-1', 'too salesy');
    const item = review.get('ad-1');
    expect(item.amendments.map((a) => a.newText)).toEqual(['v1', 'v2']);
    expect(item.events.map((e) => e.type)).toEqual([
      'amended',
      'approved',
      'reopened',
      'amended',
      'rejected',
    ]);
    expect(item.events.at(-1)?.note).toBe('too salesy');
  });

  it('amend refuses a non-string text', () => {
    expect(codeOf(() => sampleReview().amend('ad-1', 42 as unknown as string))).toBe(
      'WORKFLOW_INVALID_ARGUMENT',
    );
  });
});
