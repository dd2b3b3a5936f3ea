/** Shared pieces of the engagement tests: a stub generator and error helpers. */
import { expect } from 'vitest';
import {
  createEngagementService,
  type EngagementErrorCode,
  type EngagementGenerator,
  type EngagementService,
  type EngagementStore,
  isEngagementError,
} from '../../src/engagement/index.js';
import type { DeliverablesEnvelope } from '../../src/envelope/index.js';

/** A valid two-deliverable envelope for `module`; the text names the request's `topic`. */
export function stubEnvelope(module: string, input: unknown, run = 1): DeliverablesEnvelope {
  const topic = (input as { topic?: string } | null)?.topic ?? 'general';
  return {
    status: 'SUCCESS',
    module,
    run_id: `${module}-run-${run}`,
    meta: { timestamp: '2026-01-01T00:00:00Z', provider: 'stub' },
    deliverables: [
      {
        id: `${module}-a`,
        kind: 'strategy',
        title: `${module} A`,
        content_markdown: `${module} A about ${topic}`,
      },
      {
        id: `${module}-b`,
        kind: 'strategy',
        title: `${module} B`,
        content_markdown: `${module} B about ${topic}`,
      },
    ],
  };
}

/** A generator answering {@link stubEnvelope}; records each call's module and upstream modules. */
export function stubGenerator(): EngagementGenerator & { calls: { module: string; upstream: string[] }[] } {
  let run = 0;
  const calls: { module: string; upstream: string[] }[] = [];
  const generate = (async (module, input, context) => {
    calls.push({ module, upstream: Object.keys(context.upstream) });
    run += 1;
    return stubEnvelope(module, input, run);
  }) as EngagementGenerator & { calls: typeof calls };
  generate.calls = calls;
  return generate;
}

/** A service over `store` with the stub generator. */
export function serviceOver(store: EngagementStore): EngagementService {
  return createEngagementService({ store, generate: stubGenerator() });
}

/** Awaits `promise`, expects an EngagementError with `code`, and returns it. */
export async function rejectsWith(promise: Promise<unknown>, code: EngagementErrorCode) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isEngagementError(error), `expected an EngagementError ${code}, got ${String(error)}`).toBe(true);
  if (!isEngagementError(error)) throw new Error('unreachable');
  expect(error.code).toBe(error.code === code ? code : `${code} (got ${error.code}: ${error.message})`);
  return error;
}
