import { createSuccessEnvelope, type DeliverablesEnvelope } from '../../src/envelope/index.js';
import { type Clock, createReview, type Review } from '../../src/workflow/index.js';

/** A clock that starts at 2026-01-01T09:00:00Z and advances one minute per call. */
export function stepClock(start = '2026-01-01T09:00:00.000Z', stepMs = 60_000): Clock {
  let t = Date.parse(start) - stepMs;
  return () => {
    t += stepMs;
    return new Date(t);
  };
}

/** A three-deliverable SUCCESS envelope with fixed ids and timestamp. */
export function sampleEnvelope(): DeliverablesEnvelope {
  return createSuccessEnvelope({
    module: 'campaigns',
    runId: 'run-2026-spring',
    provider: 'stub',
    model: 'stub-1',
    tokensUsed: 1234,
    costUsd: 0.0021,
    traceId: '6f1c2a8e-0000-4000-8000-000000000001',
    timestamp: '2026-01-01T08:59:00Z',
    warnings: ['openai fell back to anthropic: overloaded'],
    deliverables: [
      {
        id: 'li-1',
        kind: 'linkedin_post',
        title: 'Spring launch post',
        platform: 'linkedin',
        hashtags: ['SpringLaunch', '#B2B'],
        contentMarkdown: '**Spring is here.** Our new planner ships today.\n\n- Plan faster\n- Ship sooner',
      },
      {
        id: 'mail-1',
        kind: 'email_copy',
        title: 'Welcome email',
        contentMarkdown: 'Subject: Welcome aboard\n\nHi {{first_name}}, thanks for joining.',
      },
      {
        id: 'ad-1',
        kind: 'ad_copy',
        title: 'Search ad',
        platform: 'google',
        contentMarkdown: 'Plan campaigns in minutes. Try it free.',
        metadata: { variant: 'A' },
      },
    ],
  });
}

/** A fresh review of {@link sampleEnvelope} with id `review-1` and a stepping clock. */
export function sampleReview(clock: Clock = stepClock()): Review {
  return createReview(sampleEnvelope(), { id: 'review-1', clock });
}

/** Runs `fn` and returns the thrown error's `code` (fails when nothing is thrown). */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code ?? 'NO_CODE';
  }
  throw new Error('expected a throw');
}
