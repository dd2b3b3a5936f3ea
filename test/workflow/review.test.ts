import { describe, expect, it } from 'vitest';
import { createFailedEnvelope } from '../../src/envelope/index.js';
import { isAicmoError } from '../../src/errors.js';
import {
  createReview,
  isWorkflowError,
  REVIEW_TRANSITIONS,
  type Review,
  WorkflowError,
} from '../../src/workflow/index.js';
import { codeOf, sampleEnvelope, sampleReview, stepClock } from './helpers.js';

describe('createReview', () => {
  it('starts every deliverable as a draft at version 1', () => {
    const review = sampleReview();
    expect(review.id).toBe('review-1');
    expect(review.version).toBe(1);
    expect(review.createdAt).toBe('2026-01-01T09:00:00.000Z');
    expect(review.updatedAt).toBe(review.createdAt);
    expect(review.items.map((i) => [i.id, i.status, i.index])).toEqual([
      ['li-1', 'draft', 0],
      ['mail-1', 'draft', 1],
      ['ad-1', 'draft', 2],
    ]);
    expect(review.counts).toEqual({ draft: 3, amended: 0, approved: 0, rejected: 0 });
    expect(review.isExported).toBe(false);
    expect(review.get('li-1').deliverable).toEqual(sampleEnvelope().deliverables[0]);
  });

  it('validates the envelope first', () => {
    const bad = { ...sampleEnvelope(), status: 'success' };
    expect(codeOf(() => createReview(bad))).toBe('ENVELOPE_INVALID');
    const blank = sampleEnvelope();
    (blank.deliverables[0] as { content_markdown: string }).content_markdown = '  \n';
    expect(codeOf(() => createReview(blank))).toBe('ENVELOPE_INVALID');
    expect(codeOf(() => createReview(null))).toBe('ENVELOPE_INVALID');
  });

  it('refuses an envelope without deliverables', () => {
    const failed = createFailedEnvelope({ module: 'campaigns', errorType: 'TIMEOUT', message: 'slow' });
    expect(codeOf(() => createReview(failed))).toBe('WORKFLOW_NOTHING_TO_REVIEW');
  });

  it('does not keep a reference to the caller envelope', () => {
    const envelope = sampleEnvelope();
    const review = createReview(envelope);
    (envelope.deliverables[0] as { title: string }).title = 'changed';
    expect(review.envelope.deliverables[0]?.title).toBe('Spring launch post');
  });

  it('gives empty or repeated deliverable ids a positional id', () => {
    const envelope = sampleEnvelope();
    (envelope.deliverables[0] as { id: string }).id = '';
    (envelope.deliverables[1] as { id: string }).id = 'dup';
    (envelope.deliverables[2] as { id: string }).id = 'dup';
    const review = createReview(envelope);
    expect(review.items.map((i) => i.id)).toEqual(['#1', '#2', '#3']);
  });

  it('uses a random UUID and the system clock by default', () => {
    const review = createReview(sampleEnvelope());
    expect(review.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(review.createdAt))).toBe(false);
  });
});

describe('transitions', () => {
  it('draft → amended → approved', () => {
    let review = sampleReview();
    review = review.amend('li-1', 'New text', { author: 'ana', note: 'tone' });
    expect(review.get('li-1').status).toBe('amended');
    review = review.amend('li-1', 'Newer text');
    expect(review.get('li-1').status).toBe('amended');
    review = review.approve('li-1', { author: 'ana', note: 'ok' });
    const item = review.get('li-1');
    expect(item.status).toBe('approved');
    expect(item.approval).toEqual({ by: 'ana', at: '2026-01-01T09:03:00.000Z', note: 'ok' });
    expect(item.deliverable.content_markdown).toBe('Newer text');
    expect(review.version).toBe(4);
  });

  it('draft → approved directly', () => {
    const review = sampleReview().approve('mail-1');
    expect(review.get('mail-1').status).toBe('approved');
    expect(review.get('mail-1').approval?.by).toBeNull();
  });

  it('draft and amended → rejected with a reason', () => {
    let review = sampleReview().reject('ad-1', 'off-brand', { author: 'bo' });
    expect(review.get('ad-1').status).toBe('rejected');
    expect(review.get('ad-1').rejection).toEqual({
      reason: 'off-brand',
      by: 'bo',
      at: '2026-01-01T09:01:00.000Z',
    });
    review = review.amend('li-1', 'x').reject('li-1', 'still wrong');
    expect(review.get('li-1').status).toBe('rejected');
  });

  it('a reason is required to reject', () => {
    const review = sampleReview();
    expect(codeOf(() => review.reject('ad-1', '   '))).toBe('WORKFLOW_INVALID_ARGUMENT');
    expect(codeOf(() => review.reject('ad-1', undefined as unknown as string))).toBe(
      'WORKFLOW_INVALID_ARGUMENT',
    );
  });

  it('reopen sends approved and rejected items back to draft (or amended when edited)', () => {
    let review = sampleReview()
      .approve('mail-1')
      .reject('ad-1', 'no')
      .amend('li-1', 'edited')
      .approve('li-1');
    review = review.reopen('mail-1').reopen('ad-1', { note: 'second look' }).reopen('li-1');
    expect(review.items.map((i) => i.status)).toEqual(['amended', 'draft', 'draft']);
    expect(review.get('ad-1').rejection).toBeNull();
    expect(review.get('mail-1').approval).toBeNull();
    expect(review.get('ad-1').events.map((e) => e.type)).toEqual(['rejected', 'reopened']);
    expect(review.get('ad-1').events[1]?.note).toBe('second look');
  });

  it('amending back to the generated text makes the item a draft again', () => {
    const review = sampleReview()
      .amend('ad-1', 'other')
      .amend('ad-1', 'Plan campaigns in minutes. Try it free.');
    expect(review.get('ad-1').status).toBe('draft');
    expect(review.get('ad-1').amendments).toHaveLength(2);
  });

  const refused: Array<[string, (r: Review) => Review, (r: Review) => unknown]> = [
    ['approve a rejected item', (r) => r.reject('li-1', 'no'), (r) => r.approve('li-1')],
    ['amend a rejected item', (r) => r.reject('li-1', 'no'), (r) => r.amend('li-1', 'x')],
    ['reject a rejected item', (r) => r.reject('li-1', 'no'), (r) => r.reject('li-1', 'again')],
    ['revert a rejected item', (r) => r.amend('li-1', 'x').reject('li-1', 'no'), (r) => r.revert('li-1')],
    ['approve an approved item', (r) => r.approve('li-1'), (r) => r.approve('li-1')],
    ['amend an approved item', (r) => r.approve('li-1'), (r) => r.amend('li-1', 'x')],
    ['reject an approved item', (r) => r.approve('li-1'), (r) => r.reject('li-1', 'no')],
    ['revert an approved item', (r) => r.amend('li-1', 'x').approve('li-1'), (r) => r.revert('li-1')],
    ['reopen a draft', (r) => r, (r) => r.reopen('li-1')],
    ['reopen an amended item', (r) => r.amend('li-1', 'x'), (r) => r.reopen('li-1')],
  ];
  it.each(refused)('refuses to %s with WORKFLOW_INVALID_TRANSITION', (_, setup, action) => {
    const review = setup(sampleReview());
    let thrown: unknown;
    try {
      action(review);
    } catch (err) {
      thrown = err;
    }
    expect(isWorkflowError(thrown)).toBe(true);
    const error = thrown as WorkflowError;
    expect(error.code).toBe('WORKFLOW_INVALID_TRANSITION');
    expect(error.deliverableId).toBe('li-1');
    expect(error.status).toBe(review.get('li-1').status);
    expect(error.message).toContain('li-1');
    expect(error.message).toMatch(/reopen it first|amend, (revert, )?approve or reject it/);
  });

  it('every status/action pair of the table behaves as documented', () => {
    const reach: Record<string, (r: Review) => Review> = {
      draft: (r) => r,
      amended: (r) => r.amend('li-1', 'edited'),
      approved: (r) => r.amend('li-1', 'edited').approve('li-1'),
      rejected: (r) => r.amend('li-1', 'edited').reject('li-1', 'no'),
    };
    const act: Record<string, (r: Review) => Review> = {
      amend: (r) => r.amend('li-1', 'again'),
      revert: (r) => r.revert('li-1'),
      approve: (r) => r.approve('li-1'),
      reject: (r) => r.reject('li-1', 'why'),
      reopen: (r) => r.reopen('li-1'),
    };
    for (const [status, allowed] of Object.entries(REVIEW_TRANSITIONS)) {
      const review = (reach[status] as (r: Review) => Review)(sampleReview());
      for (const [action, run] of Object.entries(act)) {
        const ok = (allowed as readonly string[]).includes(action);
        if (ok && !(status === 'draft' && action === 'revert')) {
          expect(run(review).version, `${status} ${action}`).toBe(review.version + 1);
        } else if (!ok) {
          expect(
            codeOf(() => run(review)),
            `${status} ${action}`,
          ).toBe('WORKFLOW_INVALID_TRANSITION');
        }
      }
    }
  });

  it('unknown ids throw WORKFLOW_UNKNOWN_DELIVERABLE for every action', () => {
    const review = sampleReview();
    const actions = [
      () => review.get('nope'),
      () => review.amend('nope', 'x'),
      () => review.revert('nope'),
      () => review.approve('nope'),
      () => review.reject('nope', 'r'),
      () => review.reopen('nope'),
      () => review.allowedActions('nope'),
    ];
    for (const action of actions) expect(codeOf(action)).toBe('WORKFLOW_UNKNOWN_DELIVERABLE');
    expect(review.has('nope')).toBe(false);
    expect(review.has('li-1')).toBe(true);
    try {
      review.approve('nope');
    } catch (err) {
      expect((err as WorkflowError).message).toContain('li-1, mail-1, ad-1');
      expect((err as WorkflowError).deliverableId).toBe('nope');
    }
  });

  it('blank content can be amended in but not approved', () => {
    const review = sampleReview().amend('li-1', ' \n\u001f\u0085');
    const item = review.get('li-1');
    expect(item.issues).toHaveLength(1);
    expect(item.issues[0]).toMatch(/^content_markdown: .*blank/);
    expect(review.allowedActions('li-1')).toEqual(['amend', 'revert', 'reject']);
    expect(codeOf(() => review.approve('li-1'))).toBe('WORKFLOW_BLANK_CONTENT');
    // U+FEFF is content for Python, so it can be approved.
    expect(review.amend('li-1', '\ufeff').approve('li-1').get('li-1').status).toBe('approved');
  });

  it('allowedActions lists what would succeed', () => {
    let review = sampleReview();
    expect(review.allowedActions('li-1')).toEqual(['amend', 'approve', 'reject']);
    review = review.amend('li-1', 'x');
    expect(review.allowedActions('li-1')).toEqual(['amend', 'revert', 'approve', 'reject']);
    review = review.approve('li-1');
    expect(review.allowedActions('li-1')).toEqual(['reopen']);
  });

  it('WorkflowError is an AicmoError with a stable code and a name', () => {
    const error = (() => {
      try {
        sampleReview().reopen('li-1');
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(WorkflowError);
    expect(isAicmoError(error)).toBe(true);
    expect((error as WorkflowError).name).toBe('WorkflowError');
    expect(isWorkflowError(new Error('x'))).toBe(false);
    expect(isWorkflowError(null)).toBe(false);
  });
});

describe('immutability and versions', () => {
  it('changes return a new review and leave the old one untouched', () => {
    const before = sampleReview();
    const snapshot = JSON.stringify(before);
    const after = before.amend('li-1', 'changed').approve('mail-1');
    expect(after).not.toBe(before);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(before.get('li-1').status).toBe('draft');
    expect(after.version).toBe(3);
  });

  it('reviews, items and histories are frozen', () => {
    const review = sampleReview().amend('li-1', 'x');
    expect(Object.isFrozen(review)).toBe(true);
    expect(Object.isFrozen(review.items)).toBe(true);
    expect(Object.isFrozen(review.get('li-1'))).toBe(true);
    expect(Object.isFrozen(review.get('li-1').amendments[0])).toBe(true);
    expect(Object.isFrozen(review.envelope.deliverables[0])).toBe(true);
    expect(() => {
      (review.items as Review['items'][number][]).push(review.get('li-1'));
    }).toThrow(TypeError);
  });

  it('a no-op amendment returns the same review without bumping the version', () => {
    const review = sampleReview();
    const same = review.amend('li-1', review.get('li-1').content);
    expect(same).toBe(review);
  });

  it('every change bumps the version by one and stamps updatedAt from the clock', () => {
    let review = sampleReview(stepClock('2026-02-01T00:00:00.000Z', 1000));
    const steps: Array<(r: Review) => Review> = [
      (r) => r.amend('li-1', 'a'),
      (r) => r.amend('li-1', 'b'),
      (r) => r.revert('li-1'),
      (r) => r.approve('li-1'),
      (r) => r.reopen('li-1'),
      (r) => r.reject('mail-1', 'no'),
    ];
    for (const [i, step] of steps.entries()) {
      review = step(review);
      expect(review.version).toBe(i + 2);
      expect(review.updatedAt).toBe(
        new Date(Date.parse('2026-02-01T00:00:00.000Z') + (i + 1) * 1000).toISOString(),
      );
    }
  });

  it('expectedVersion detects a conflicting edit from another UI', () => {
    const base = sampleReview();
    const tabA = base.amend('li-1', 'from A', { expectedVersion: base.version });
    // Tab B still holds version 1 and saves against the stored (tab A) review.
    let thrown: unknown;
    try {
      tabA.approve('li-1', { expectedVersion: base.version });
    } catch (err) {
      thrown = err;
    }
    const error = thrown as WorkflowError;
    expect(error.code).toBe('WORKFLOW_VERSION_CONFLICT');
    expect(error.expectedVersion).toBe(1);
    expect(error.actualVersion).toBe(2);
    expect(error.message).toMatch(/Reload it/);
    for (const action of [
      () => tabA.amend('li-1', 'x', { expectedVersion: 1 }),
      () => tabA.revert('li-1', 0, { expectedVersion: 1 }),
      () => tabA.reject('li-1', 'no', { expectedVersion: 1 }),
      () => tabA.reopen('li-1', { expectedVersion: 1 }),
      () =>
        tabA.markExported(
          { format: 'json', fileName: 'f', includeDrafts: false, deliverableIds: [] },
          { expectedVersion: 1 },
        ),
      () => tabA.unlock({ expectedVersion: 1 }),
    ]) {
      expect(codeOf(action)).toBe('WORKFLOW_VERSION_CONFLICT');
    }
    expect(tabA.approve('li-1', { expectedVersion: 2 }).version).toBe(3);
  });

  it('a version conflict is reported before an unknown id or a bad transition', () => {
    const review = sampleReview();
    expect(codeOf(() => review.reopen('nope', { expectedVersion: 9 }))).toBe('WORKFLOW_VERSION_CONFLICT');
  });

  it('withClock swaps the clock for later changes', () => {
    const review = sampleReview().withClock(() => new Date('2030-01-01T00:00:00Z'));
    expect(review.approve('li-1').updatedAt).toBe('2030-01-01T00:00:00.000Z');
  });
});

describe('export lock', () => {
  it('an exported review refuses every item change until unlocked', () => {
    const exported = sampleReview()
      .approve('li-1')
      .markExported({ format: 'markdown', fileName: 'x.md', includeDrafts: false, deliverableIds: ['li-1'] });
    expect(exported.isExported).toBe(true);
    expect(exported.exports).toHaveLength(1);
    expect(exported.exports[0]).toMatchObject({ format: 'markdown', version: 2, fileName: 'x.md' });
    for (const action of [
      () => exported.amend('mail-1', 'x'),
      () => exported.approve('mail-1'),
      () => exported.reject('mail-1', 'no'),
      () => exported.reopen('li-1'),
      () => exported.revert('mail-1'),
    ]) {
      expect(codeOf(action)).toBe('WORKFLOW_REVIEW_EXPORTED');
    }
    expect(exported.allowedActions('mail-1')).toEqual([]);
    const unlocked = exported.unlock();
    expect(unlocked.isExported).toBe(false);
    expect(unlocked.exports).toHaveLength(1);
    expect(unlocked.version).toBe(exported.version + 1);
    expect(unlocked.approve('mail-1').get('mail-1').status).toBe('approved');
    expect(unlocked.unlock()).toBe(unlocked);
  });

  it('exporting again is allowed', () => {
    const once = sampleReview()
      .approve('li-1')
      .markExported({ format: 'markdown', fileName: 'x.md', includeDrafts: false, deliverableIds: ['li-1'] });
    const twice = once.markExported({
      format: 'json',
      fileName: 'x.json',
      includeDrafts: false,
      deliverableIds: ['li-1'],
    });
    expect(twice.exports.map((e) => e.format)).toEqual(['markdown', 'json']);
  });
});
