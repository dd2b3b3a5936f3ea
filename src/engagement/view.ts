/**
 * From stored rows to the model: the engagement's state by module, and the
 * artifact view (current texts, trail, stale flag). @internal
 */
import type { DeliverablesEnvelope } from '../envelope/index.js';
import type { ReviewSnapshot } from '../workflow/index.js';
import { type EngagementModule, GATING_MAP } from './gating.js';
import type { Artifact, ArtifactVersionInfo, Engagement, Lineage } from './schemas.js';
import type { StoredArtifact, StoredEngagement } from './store.js';

/** What a version's body holds. */
export interface ArtifactBody {
  /** The module request. */
  input: unknown;
  /** The review of the generated envelope (amendments, approvals, rejections). */
  review: ReviewSnapshot;
}

/** One module's artifact, indexed. */
export interface ModuleState {
  readonly artifactId: string;
  readonly module: EngagementModule;
  readonly versions: readonly ArtifactVersionInfo[];
  readonly head: ArtifactVersionInfo;
  readonly body: ArtifactBody;
}

/** An engagement's state, indexed by module and by artifact id. */
export interface EngagementState {
  readonly engagement: Engagement;
  readonly byModule: ReadonlyMap<EngagementModule, ModuleState>;
  readonly byId: ReadonlyMap<string, ModuleState>;
}

/** Indexes what a store returned. */
export function indexState(stored: StoredEngagement): EngagementState {
  const byModule = new Map<EngagementModule, ModuleState>();
  const byId = new Map<string, ModuleState>();
  for (const a of stored.artifacts) {
    const state = moduleState(a);
    byModule.set(a.module, state);
    byId.set(a.artifact_id, state);
  }
  return { engagement: stored.engagement, byModule, byId };
}

function moduleState(a: StoredArtifact): ModuleState {
  return {
    artifactId: a.artifact_id,
    module: a.module,
    versions: a.versions,
    head: a.versions.at(-1) as ArtifactVersionInfo,
    body: JSON.parse(a.body) as ArtifactBody,
  };
}

/** The module's latest approved version, if any. */
export function latestApproved(state: ModuleState | undefined): ArtifactVersionInfo | undefined {
  if (!state) return undefined;
  for (let i = state.versions.length - 1; i >= 0; i--) {
    const v = state.versions[i] as ArtifactVersionInfo;
    if (v.status === 'approved') return v;
  }
  return undefined;
}

/** The upstream modules whose artifact is not approved now. */
export function missingApprovals(state: EngagementState, module: EngagementModule): EngagementModule[] {
  return GATING_MAP[module].filter((m) => state.byModule.get(m)?.head.status !== 'approved');
}

/** The lineage to the upstream artifacts that are approved now. */
export function currentLineage(state: EngagementState, module: EngagementModule): Lineage {
  const lineage: Lineage = {};
  for (const m of GATING_MAP[module]) {
    const up = state.byModule.get(m);
    if (up && up.head.status === 'approved' && up.head.approved_at !== null) {
      lineage[m] = { artifact_id: up.artifactId, version: up.head.version, approved_at: up.head.approved_at };
    }
  }
  return lineage;
}

/** True when an upstream has a newer approved version than the lineage names. */
export function isStale(state: EngagementState, module: EngagementModule, lineage: Lineage): boolean {
  return GATING_MAP[module].some((m) => {
    const approved = latestApproved(state.byModule.get(m));
    const used = lineage[m];
    if (!approved) return false;
    return used === undefined || used.version !== approved.version;
  });
}

/** The envelope with each deliverable's current text. */
export function currentEnvelope(review: ReviewSnapshot): DeliverablesEnvelope {
  const env = review.envelope;
  const texts = new Map(review.items.map((i) => [i.index, i.content]));
  return {
    ...env,
    deliverables: env.deliverables.map((d, i) => ({
      ...d,
      content_markdown: texts.get(i) ?? d.content_markdown,
    })),
  } as DeliverablesEnvelope;
}

/** The artifact at one version (`versions` are that version's and the earlier ones). */
export function toArtifact(
  state: EngagementState,
  module: EngagementModule,
  artifactId: string,
  versions: readonly ArtifactVersionInfo[],
  body: ArtifactBody,
): Artifact {
  const head = versions.at(-1) as ArtifactVersionInfo;
  return {
    id: artifactId,
    engagement_id: state.engagement.id,
    module,
    version: head.version,
    status: head.status,
    envelope: currentEnvelope(body.review),
    review: body.review,
    input: body.input,
    lineage: head.lineage,
    inputs_hash: head.inputs_hash,
    trail: versions.map((v) => v.event),
    created_at: (versions[0] as ArtifactVersionInfo).created_at,
    updated_at: head.created_at,
    approved_by: head.approved_by,
    approved_at: head.approved_at,
    stale: isStale(state, module, head.lineage),
  };
}

/** The current artifact of a module. */
export function currentArtifact(state: EngagementState, m: ModuleState): Artifact {
  return toArtifact(state, m.module, m.artifactId, m.versions, m.body);
}
