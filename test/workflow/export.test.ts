import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPartialEnvelope, validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import {
  createReview,
  defaultExportFileName,
  EXPORT_MIME_TYPES,
  exportJson,
  exportMarkdown,
  type Review,
} from '../../src/workflow/index.js';
import { codeOf, sampleEnvelope, sampleReview } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'workflow');

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it. */
function golden(name: string, actual: string): void {
  const path = join(FIXTURES, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** The reviewed state used by the golden files. */
function worked(): Review {
  return sampleReview()
    .amend('li-1', '**Spring is here.** Plan faster, ship sooner: our planner is live.', {
      author: 'ana@example.com',
      note: 'punchier',
    })
    .approve('li-1', { author: 'ana@example.com' })
    .approve('mail-1', { author: 'bo@example.com', note: 'fine as is' })
    .amend('ad-1', 'Plan campaigns in minutes.')
    .reject('ad-1', 'needs legal review', { author: 'bo@example.com' });
}

describe('exportMarkdown', () => {
  it('matches the golden file (approved only)', () => {
    const result = exportMarkdown(worked());
    expect(result.fileName).toBe('aicmo-campaigns-run-2026-spring.md');
    expect(result.mimeType).toBe('text/markdown;charset=utf-8');
    expect(result.format).toBe('markdown');
    expect(result.deliverableIds).toEqual(['li-1', 'mail-1']);
    golden('review.md', result.content);
  });

  it('matches the golden file with includeDrafts (never rejected items)', () => {
    const review = worked().reopen('mail-1').amend('mail-1', 'Subject: Hi\n\nWelcome!');
    const result = exportMarkdown(review, { includeDrafts: true, title: 'Spring launch 2026' });
    expect(result.fileName).toBe('aicmo-campaigns-run-2026-spring-with-drafts.md');
    expect(result.deliverableIds).toEqual(['li-1', 'mail-1']);
    expect(result.content).not.toContain('Plan campaigns in minutes.');
    golden('review-with-drafts.md', result.content);
  });

  it('marks the review exported and records the export', () => {
    const review = worked();
    const { review: exported } = exportMarkdown(review);
    expect(review.isExported).toBe(false);
    expect(exported.isExported).toBe(true);
    expect(exported.version).toBe(review.version + 1);
    expect(exported.exports).toEqual([
      {
        format: 'markdown',
        fileName: 'aicmo-campaigns-run-2026-spring.md',
        at: exported.exportedAt,
        version: review.version,
        includeDrafts: false,
        deliverableIds: ['li-1', 'mail-1'],
      },
    ]);
    expect(codeOf(() => exported.amend('li-1', 'late edit'))).toBe('WORKFLOW_REVIEW_EXPORTED');
    // Exporting the other format afterwards is fine.
    expect(exportJson(exported).review.exports).toHaveLength(2);
  });

  it('takes the heading from the campaign name in the envelope, and can drop the run section', () => {
    const envelope = { ...sampleEnvelope(), raw: { request: { campaign_name: 'Summer Sale' } } };
    const review = createReview(envelope).approve('li-1');
    const content = exportMarkdown(review, { includeRunMetadata: false }).content;
    expect(content.startsWith('# Summer Sale\n')).toBe(true);
    expect(content).not.toContain('## Run');
    expect(content).toContain('## 1. Spring launch post');
  });

  it('nests content headings under the deliverable heading, leaving code fences alone', () => {
    const text = '# Big\n\nText #1\n##### Deep\n```md\n# code\n```\n  ## Indented\n#NoSpace';
    const review = sampleReview().amend('li-1', text).approve('li-1');
    const content = exportMarkdown(review, { includeRunMetadata: false }).content;
    expect(content).toContain(
      '### Big\n\nText #1\n###### Deep\n```md\n# code\n```\n  #### Indented\n#NoSpace\n',
    );
    expect(exportMarkdown(review, { demoteHeadings: false }).content).toContain(`${text}\n`);
  });

  it('refuses when nothing is approved, unless includeDrafts', () => {
    const review = sampleReview();
    expect(codeOf(() => exportMarkdown(review))).toBe('WORKFLOW_NOTHING_TO_EXPORT');
    expect(codeOf(() => exportJson(review))).toBe('WORKFLOW_NOTHING_TO_EXPORT');
    expect(exportMarkdown(review, { includeDrafts: true }).deliverableIds).toEqual([
      'li-1',
      'mail-1',
      'ad-1',
    ]);
    const allRejected = review.reject('li-1', 'a').reject('mail-1', 'b').reject('ad-1', 'c');
    expect(codeOf(() => exportMarkdown(allRejected, { includeDrafts: true }))).toBe(
      'WORKFLOW_NOTHING_TO_EXPORT',
    );
  });

  it('skips blank drafts with includeDrafts', () => {
    const review = sampleReview().amend('mail-1', '   ').approve('li-1');
    expect(exportMarkdown(review, { includeDrafts: true }).deliverableIds).toEqual(['li-1', 'ad-1']);
  });

  it('honours fileName and expectedVersion', () => {
    const review = worked();
    expect(exportMarkdown(review, { fileName: 'mine.md' }).fileName).toBe('mine.md');
    expect(codeOf(() => exportMarkdown(review, { expectedVersion: 1 }))).toBe('WORKFLOW_VERSION_CONFLICT');
    expect(exportMarkdown(review, { expectedVersion: review.version }).review.version).toBe(
      review.version + 1,
    );
  });
});

describe('exportJson', () => {
  it('matches the golden file and is a valid envelope of the approved content', () => {
    const result = exportJson(worked());
    expect(result.fileName).toBe('aicmo-campaigns-run-2026-spring.json');
    expect(result.mimeType).toBe(EXPORT_MIME_TYPES.json);
    golden('review.json', result.content);
    const parsed = JSON.parse(result.content);
    expect(parsed).toEqual(result.envelope);
    expect(validateDeliverablesEnvelope(parsed)).toEqual({ valid: true, errors: [], issues: [] });
    expect(parsed.status).toBe('SUCCESS');
    expect(parsed.run_id).toBe('run-2026-spring');
    expect(parsed.meta).toEqual(sampleEnvelope().meta);
    expect(parsed.deliverables.map((d: { id: string }) => d.id)).toEqual(['li-1', 'mail-1']);
    expect(parsed.deliverables[0].content_markdown).toBe(
      '**Spring is here.** Plan faster, ship sooner: our planner is live.',
    );
  });

  it('puts the review trail in deliverable metadata (snake_case), keeping existing metadata', () => {
    const review = worked().reopen('ad-1');
    const { envelope } = exportJson(review, { includeDrafts: true });
    const [li, , ad] = envelope.deliverables;
    expect(li?.metadata?.review).toMatchObject({
      review_id: 'review-1',
      status: 'approved',
      approved_by: 'ana@example.com',
      amended: true,
      amendments: [{ author: 'ana@example.com', note: 'punchier', revert_of: null }],
    });
    expect(ad?.metadata).toMatchObject({ variant: 'A', review: { status: 'amended', approved_by: null } });
    expect((ad!.metadata!.review as { events: { type: string }[] }).events.map((e) => e.type)).toEqual([
      'amended',
      'rejected',
      'reopened',
    ]);
  });

  it('matches the golden file with includeDrafts', () => {
    golden('review-with-drafts.json', exportJson(worked().reopen('ad-1'), { includeDrafts: true }).content);
  });

  it('exports a PARTIAL run as PARTIAL, with its error', () => {
    const partial = createPartialEnvelope({
      module: 'creatives',
      runId: 'r/9 spaces',
      provider: 'stub',
      timestamp: '2026-01-01T00:00:00Z',
      deliverables: [{ id: 'x', kind: 'image_prompt', title: 'Hero', contentMarkdown: 'A sunrise' }],
      error: { type: 'TIMEOUT', message: 'one deliverable timed out' },
    });
    const result = exportJson(createReview(partial).approve('x'));
    expect(result.envelope.status).toBe('PARTIAL');
    expect(result.envelope.error?.type).toBe('TIMEOUT');
    expect(result.fileName).toBe('aicmo-creatives-r-9-spaces.json');
    expect(validateDeliverablesEnvelope(result.envelope).valid).toBe(true);
  });
});

describe('defaultExportFileName', () => {
  it('slugs module and run id', () => {
    const envelope = { ...sampleEnvelope(), module: 'Campaigns & More', run_id: '  Ünïcode run #1 ' };
    expect(defaultExportFileName(envelope, 'md')).toBe('aicmo-campaigns-more-unicode-run-1.md');
    expect(defaultExportFileName({ ...envelope, module: '' }, 'json', true)).toBe(
      'aicmo-unicode-run-1-with-drafts.json',
    );
  });
});
