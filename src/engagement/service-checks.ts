/** Argument checks and error builders of the engagement service. @internal */
import type { DeliverablesEnvelope } from '../envelope/index.js';
import { parseDeliverablesEnvelope } from '../envelope/index.js';
import { ENGLISH } from '../internal/index.js';
import { createReview, type Review } from '../workflow/index.js';
import { EngagementError, isEngagementError } from './errors.js';
import { ENGAGEMENT_MODULES, type EngagementModule } from './gating.js';
import type { Plan } from './plan.js';
import { type GatingOverride, GatingOverrideSchema } from './schemas.js';
import { currentLineage, type EngagementState, type ModuleState, missingApprovals } from './view.js';

/** @internal */
export function order(module: EngagementModule): number {
  return ENGAGEMENT_MODULES.indexOf(module);
}

/** @internal */
export function missingAndUpstream(state: EngagementState, module: EngagementModule): Plan['expect'] {
  return Object.keys(currentLineage(state, module))
    .concat(missingApprovals(state, module))
    .map((m) => ({
      module: m as EngagementModule,
      version: state.byModule.get(m as EngagementModule)?.head.version ?? 0,
    }));
}

/** @internal */
export function parseOverride(value: unknown): GatingOverride | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = GatingOverrideSchema.safeParse(value, ENGLISH);
  if (!parsed.success) {
    throw new EngagementError(
      'INVALID_ARGUMENT',
      `override must be { reason, actor }, both non-blank: ${parsed.error.issues.map((i) => i.message).join('; ')}.`,
      { action: 'override' },
    );
  }
  return parsed.data;
}

/** @internal */
export function checkVersion(value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new EngagementError(
      'INVALID_ARGUMENT',
      `expected_version must be an integer ≥ ${min}: the artifact version you last saw${min === 0 ? ' (0 when the module has no artifact yet)' : ''}.`,
      {},
    );
  }
}

/** @internal */
export function conflict(
  module: EngagementModule,
  head: ModuleState | undefined,
  expected: number,
): EngagementError {
  const current = head?.head.version ?? 0;
  return new EngagementError(
    'CONFLICT',
    current === 0
      ? `The ${module} module has no artifact yet, so expected_version must be 0 (not ${expected}).`
      : `The ${module} artifact is at version ${current}, not ${expected}: someone else changed it. Reload it and apply your change again.`,
    {
      module,
      expectedVersion: expected,
      currentVersion: current,
      ...(head && { artifactId: head.artifactId }),
    },
  );
}

/** @internal */
export function notFound(what: string, engagementId: string): EngagementError {
  return new EngagementError('NOT_FOUND', `${what} does not exist. Check the id.`, { engagementId });
}

/** @internal */
export function reviewOf(module: EngagementModule, envelope: unknown, clock: () => Date): Review {
  let parsed: DeliverablesEnvelope;
  try {
    parsed = parseDeliverablesEnvelope(envelope);
  } catch (error) {
    throw new EngagementError(
      'GENERATION_FAILED',
      `The ${module} generator returned an invalid envelope; nothing was stored.`,
      {
        module,
        action: 'generate',
        cause: error,
      },
    );
  }
  if (parsed.status === 'FAILED') {
    throw new EngagementError(
      'GENERATION_FAILED',
      `The ${module} module failed (${parsed.error.type}): ${parsed.error.message.slice(0, 300)} Nothing was stored; try again.`,
      { module, action: 'generate', cause: parsed.error },
    );
  }
  try {
    return createReview(parsed, { clock });
  } catch (error) {
    if (isEngagementError(error)) throw error;
    throw new EngagementError(
      'GENERATION_FAILED',
      `The ${module} module returned no deliverables; nothing was stored.`,
      {
        module,
        action: 'generate',
        cause: error,
      },
    );
  }
}
