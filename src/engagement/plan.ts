/**
 * The artifact state machine as pure planning: from an engagement's state and
 * an action, the version rows to write (the target's next version plus, on
 * approval, the stale cascade). The service commits them. @internal
 */
import { isWorkflowError, Review } from '../workflow/index.js';
import { EngagementError } from './errors.js';
import { downstreamOf, type EngagementModule, GATING_MAP } from './gating.js';
import { sha256Hex } from './hash.js';
import type { ArtifactAction, ArtifactStatus, GatingOverride, Lineage, TrailEntry } from './schemas.js';
import type { ArtifactVersionRow } from './store.js';
import {
  type ArtifactBody,
  currentLineage,
  type EngagementState,
  type ModuleState,
  missingApprovals,
} from './view.js';

/** What each artifact status allows (generating a new version is allowed from every status). */
export const ARTIFACT_TRANSITIONS: Readonly<Record<ArtifactStatus, readonly ArtifactAction[]>> =
  Object.freeze({
    draft: ['amend', 'approve', 'reject', 'archive'],
    revised: ['amend', 'approve', 'reject', 'archive'],
    approved: ['reopen', 'archive'],
    flagged_for_review: ['amend', 'approve', 'reject', 'reopen', 'archive'],
    archived: ['reopen'],
  });

/** Who acts, when, and on which deliverable. */
export interface ActionInput {
  readonly action: ArtifactAction;
  readonly at: Date;
  readonly author: string | null;
  readonly note: string | null;
  readonly deliverableId: string | null;
  /** amend: the new text. */
  readonly contentMarkdown?: string;
  /** approve: lets the approval through with upstream modules not approved. */
  readonly override?: GatingOverride;
}

/** The rows an action writes, and the module versions the plan read. */
export interface Plan {
  readonly writes: ArtifactVersionRow[];
  readonly expect: { module: EngagementModule; version: number }[];
  /** False when the action changes nothing (amending to the same text). */
  readonly changed: boolean;
}

/** The inputs hash of a module request built on a lineage. */
export function inputsHash(module: EngagementModule, input: unknown, lineage: Lineage): Promise<string> {
  const used: Record<string, { artifact_id: string; version: number }> = {};
  for (const [m, entry] of Object.entries(lineage)) {
    if (entry) used[m] = { artifact_id: entry.artifact_id, version: entry.version };
  }
  return sha256Hex({ module, input, lineage: used });
}

/** A trail entry with the defaults filled in. */
export function trailEntry(
  entry: Pick<TrailEntry, 'version' | 'action' | 'at' | 'status'> & Partial<TrailEntry>,
): TrailEntry {
  return {
    version: entry.version,
    action: entry.action,
    at: entry.at,
    actor: entry.actor ?? null,
    note: entry.note ?? null,
    deliverable_id: entry.deliverable_id ?? null,
    status: entry.status,
    override: entry.override ?? null,
    cause: entry.cause ?? null,
  };
}

/** Runs a review change, turning workflow errors into engagement errors. */
function reviewStep(target: ModuleState, action: string, step: () => Review): Review {
  try {
    return step();
  } catch (error) {
    if (!isWorkflowError(error)) throw error;
    const code =
      error.code === 'WORKFLOW_INVALID_TRANSITION'
        ? 'INVALID_TRANSITION'
        : error.code === 'WORKFLOW_UNKNOWN_DELIVERABLE'
          ? 'NOT_FOUND'
          : 'INVALID_ARGUMENT';
    throw new EngagementError(code, error.message, {
      artifactId: target.artifactId,
      module: target.module,
      action,
      ...(error.deliverableId !== undefined && { deliverableId: error.deliverableId }),
      ...(error.status !== undefined && { status: error.status }),
      cause: error,
    });
  }
}

function invalidTransition(target: ModuleState, action: ArtifactAction, why: string): EngagementError {
  const allowed = ARTIFACT_TRANSITIONS[target.head.status];
  return new EngagementError(
    'INVALID_TRANSITION',
    `Cannot ${action} the ${target.module} artifact ${target.artifactId}: ${why}. From ${target.head.status} you can ${allowed.join(', ') || 'only generate a new version'}.`,
    { artifactId: target.artifactId, module: target.module, action, status: target.head.status },
  );
}

/** Plans one action on one artifact. Throws EngagementError for refused actions. */
export async function planAction(
  state: EngagementState,
  target: ModuleState,
  input: ActionInput,
): Promise<Plan> {
  const { action } = input;
  const status = target.head.status;
  if (!ARTIFACT_TRANSITIONS[status].includes(action)) {
    throw invalidTransition(target, action, `it is ${status}`);
  }
  const at = input.at.toISOString();
  const clock = () => input.at;
  let review = Review.fromJSON(target.body.review, { clock });
  const by = { author: input.author, note: input.note };
  const id = input.deliverableId;
  const expect: Plan['expect'] = [];
  let next: ArtifactStatus;
  let lineage = target.head.lineage;
  let hash = target.head.inputs_hash;
  let approvedBy: string | null = null;
  let approvedAt: string | null = null;
  let override: TrailEntry['override'] = null;
  const cascade: ArtifactVersionRow[] = [];

  switch (action) {
    case 'amend': {
      if (id === null) throw argument(target, action, 'name the deliverable to amend (deliverable_id)');
      if (typeof input.contentMarkdown !== 'string') {
        throw argument(target, action, 'give the new text (content_markdown)');
      }
      const text = input.contentMarkdown;
      const amended = reviewStep(target, action, () => review.amend(id, text, by));
      if (amended === review) return { writes: [], expect: [], changed: false };
      review = amended;
      next = 'revised';
      break;
    }
    case 'reject': {
      if (input.note === null || input.note.trim() === '') {
        throw argument(target, action, 'give a reason (note), e.g. "off-brand tone"');
      }
      const reason = input.note;
      const ids = id !== null ? [id] : undecided(review);
      if (ids.length === 0)
        throw invalidTransition(target, action, 'no deliverable is waiting for a decision');
      for (const one of ids) review = reviewStep(target, action, () => review.reject(one, reason, by));
      const allRejected = review.items.every((i) => i.status === 'rejected');
      next = id === null || allRejected ? 'flagged_for_review' : 'revised';
      break;
    }
    case 'reopen': {
      const ids =
        id !== null
          ? [id]
          : review.items.filter((i) => i.status === 'approved' || i.status === 'rejected').map((i) => i.id);
      for (const one of ids) review = reviewStep(target, action, () => review.reopen(one, by));
      next = 'revised';
      break;
    }
    case 'archive': {
      next = 'archived';
      break;
    }
    case 'approve': {
      const missing = missingApprovals(state, target.module);
      for (const m of GATING_MAP[target.module]) {
        expect.push({ module: m, version: state.byModule.get(m)?.head.version ?? 0 });
      }
      if (missing.length > 0) {
        if (!input.override) throw gatingBlocked(state, target.module, missing, 'approve');
        override = { ...input.override, missing };
      }
      const ids = id !== null ? [id] : undecided(review);
      for (const one of ids) review = reviewStep(target, action, () => review.approve(one, by));
      const done =
        review.items.every((i) => i.status === 'approved' || i.status === 'rejected') &&
        review.items.some((i) => i.status === 'approved');
      if (id === null && !done) {
        throw invalidTransition(target, action, 'every deliverable is rejected; reopen one first');
      }
      next = done ? 'approved' : 'revised';
      if (done) {
        approvedBy = input.author;
        approvedAt = at;
        lineage = currentLineage(state, target.module);
        hash = await inputsHash(target.module, target.body.input, lineage);
      }
      break;
    }
  }

  const version = target.head.version + 1;
  const body: ArtifactBody = { input: target.body.input, review: review.toJSON() };
  const row: ArtifactVersionRow = {
    artifact_id: target.artifactId,
    engagement_id: state.engagement.id,
    module: target.module,
    version,
    status: next,
    created_at: at,
    approved_at: approvedAt,
    approved_by: approvedBy,
    lineage,
    inputs_hash: hash,
    event: trailEntry({
      version,
      action: TRAIL_ACTION[action],
      at,
      status: next,
      actor: input.author,
      note: input.note,
      deliverable_id: id,
      override,
    }),
    body: JSON.stringify(body),
  };
  if (next === 'approved') {
    for (const d of downstreamOf(target.module)) {
      const down = state.byModule.get(d);
      expect.push({ module: d, version: down?.head.version ?? 0 });
      if (down && down.head.status === 'approved') cascade.push(flagRow(state, down, row, at));
    }
  }
  return { writes: [row, ...cascade], expect, changed: true };
}

const TRAIL_ACTION: Readonly<Record<ArtifactAction, TrailEntry['action']>> = {
  amend: 'amended',
  approve: 'approved',
  reject: 'rejected',
  reopen: 'reopened',
  archive: 'archived',
};

/** The stale cascade: the downstream artifact's next version, flagged for review. */
function flagRow(
  state: EngagementState,
  down: ModuleState,
  cause: ArtifactVersionRow,
  at: string,
): ArtifactVersionRow {
  const version = down.head.version + 1;
  return {
    artifact_id: down.artifactId,
    engagement_id: state.engagement.id,
    module: down.module,
    version,
    status: 'flagged_for_review',
    created_at: at,
    approved_at: null,
    approved_by: null,
    lineage: down.head.lineage,
    inputs_hash: down.head.inputs_hash,
    event: trailEntry({
      version,
      action: 'flagged_for_review',
      at,
      status: 'flagged_for_review',
      note: `${cause.module} was re-approved (version ${cause.version}); review this artifact again.`,
      cause: { module: cause.module, artifact_id: cause.artifact_id, version: cause.version },
    }),
    body: JSON.stringify(down.body),
  };
}

function undecided(review: Review): string[] {
  return review.items.filter((i) => i.status === 'draft' || i.status === 'amended').map((i) => i.id);
}

function argument(target: ModuleState, action: ArtifactAction, what: string): EngagementError {
  return new EngagementError('INVALID_ARGUMENT', `${action} on the ${target.module} artifact: ${what}.`, {
    artifactId: target.artifactId,
    module: target.module,
    action,
  });
}

/** The GATING_BLOCKED error naming the missing approvals. */
export function gatingBlocked(
  state: EngagementState,
  module: EngagementModule,
  missing: readonly EngagementModule[],
  action: string,
): EngagementError {
  return new EngagementError(
    'GATING_BLOCKED',
    `Cannot ${action} ${module}: it needs approved ${missing.join(', ')} first. Approve ${missing.length > 1 ? 'them' : 'it'}, or pass an override with a reason and an actor.`,
    { engagementId: state.engagement.id, module, action, missing },
  );
}
