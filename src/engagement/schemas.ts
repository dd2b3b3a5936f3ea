/**
 * Zod schemas of the engagement model. Everything here is wire JSON
 * (snake_case), served by the reference server and stored by the stores;
 * the per-deliverable review state reuses the review workflow's saved form.
 */
import * as z from 'zod/mini';
import { DeliverablesEnvelopeSchema, IsoTimestampSchema } from '../envelope/index.js';
import { ReviewSnapshotSchema } from '../workflow/index.js';
import { ENGAGEMENT_MODULES } from './gating.js';

/** Schema of a module name. */
export const EngagementModuleSchema = z.enum(ENGAGEMENT_MODULES, {
  error: `must be one of ${ENGAGEMENT_MODULES.join(', ')}`,
});

/** The statuses of an artifact. */
export const ARTIFACT_STATUSES = ['draft', 'revised', 'approved', 'flagged_for_review', 'archived'] as const;

/** Schema of an artifact status. */
export const ArtifactStatusSchema = z.enum(ARTIFACT_STATUSES);

/**
 * Where an artifact stands: `draft` (as generated), `revised` (amended or
 * partly reviewed), `approved`, `flagged_for_review` (an upstream was
 * re-approved, or a reviewer rejected it), `archived`.
 */
export type ArtifactStatus = z.infer<typeof ArtifactStatusSchema>;

/** The actions on an artifact (besides generating a new version). */
export const ARTIFACT_ACTIONS = ['amend', 'approve', 'reject', 'reopen', 'archive'] as const;

/** One of {@link ARTIFACT_ACTIONS}. */
export type ArtifactAction = (typeof ARTIFACT_ACTIONS)[number];

const positiveInt = () => z.number().check(z.int(), z.gte(1));
const nullableString = () => z.nullable(z.string());

/** Schema of an engagement. */
export const EngagementSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  client_name: z.string().check(z.minLength(1)),
  created_at: IsoTimestampSchema,
});

/** An engagement: one client's run through the modules. */
export type Engagement = z.infer<typeof EngagementSchema>;

/** Schema of one lineage entry. */
export const LineageEntrySchema = z.strictObject({
  artifact_id: z.string().check(z.minLength(1)),
  version: positiveInt(),
  approved_at: IsoTimestampSchema,
});

/** Which approved upstream version an artifact was built from (or approved against). */
export type LineageEntry = z.infer<typeof LineageEntrySchema>;

/** Schema of a lineage: upstream module → the approved version used. */
export const LineageSchema = z.partialRecord(EngagementModuleSchema, LineageEntrySchema);

/** An artifact's lineage: `{module: {artifact_id, version, approved_at}}`. */
export type Lineage = z.infer<typeof LineageSchema>;

/** Schema of a gating override. */
export const GatingOverrideSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1, { error: 'give a reason for the override' })),
  actor: z.string().check(z.trim(), z.minLength(1, { error: 'say who overrides the gate' })),
});

/** An explicit override of the gate: why, and who. */
export type GatingOverride = z.infer<typeof GatingOverrideSchema>;

/** What a trail entry records. */
export const TRAIL_ACTIONS = [
  'generated',
  'amended',
  'approved',
  'rejected',
  'reopened',
  'archived',
  'flagged_for_review',
] as const;

/** Schema of one entry of an artifact's review trail (one per version). */
export const TrailEntrySchema = z.strictObject({
  /** The artifact version this entry produced. */
  version: positiveInt(),
  action: z.enum(TRAIL_ACTIONS),
  at: IsoTimestampSchema,
  /** Who did it (null when unknown, and for the automatic stale flag). */
  actor: nullableString(),
  /** The note, or the rejection reason. */
  note: nullableString(),
  /** The deliverable acted on, or null for the whole artifact. */
  deliverable_id: nullableString(),
  /** Status after this entry. */
  status: ArtifactStatusSchema,
  /** A gate passed by override: the reason, the actor and the missing approvals. */
  override: z.nullable(z.extend(GatingOverrideSchema, { missing: z.array(EngagementModuleSchema) })),
  /** `flagged_for_review` by the stale cascade: the upstream approval that caused it. */
  cause: z.nullable(
    z.strictObject({ module: EngagementModuleSchema, artifact_id: z.string(), version: positiveInt() }),
  ),
});

/** One entry of an artifact's review trail. */
export type TrailEntry = z.infer<typeof TrailEntrySchema>;

/** Schema of one version's metadata (no envelope: those load on demand). */
export const ArtifactVersionInfoSchema = z.strictObject({
  version: positiveInt(),
  status: ArtifactStatusSchema,
  created_at: IsoTimestampSchema,
  approved_at: z.nullable(IsoTimestampSchema),
  approved_by: nullableString(),
  lineage: LineageSchema,
  inputs_hash: z.string(),
  event: TrailEntrySchema,
});

/** One version's metadata. */
export type ArtifactVersionInfo = z.infer<typeof ArtifactVersionInfoSchema>;

/** Schema of an artifact (one version of one module's output in an engagement). */
export const ArtifactSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  engagement_id: z.string().check(z.minLength(1)),
  module: EngagementModuleSchema,
  version: positiveInt(),
  status: ArtifactStatusSchema,
  /** The envelope with each deliverable's current (possibly amended) text. */
  envelope: DeliverablesEnvelopeSchema,
  /** The per-deliverable review (amendments, approvals, rejections): the review workflow's saved form. */
  review: ReviewSnapshotSchema,
  /** The module request it was generated from. */
  input: z.unknown(),
  lineage: LineageSchema,
  /** SHA-256 (hex) of the module, its request and its lineage. */
  inputs_hash: z.string(),
  /** One entry per version, oldest first. */
  trail: z.array(TrailEntrySchema),
  created_at: IsoTimestampSchema,
  updated_at: IsoTimestampSchema,
  approved_by: nullableString(),
  approved_at: z.nullable(IsoTimestampSchema),
  /** True when an upstream now has a newer approved version than the lineage names. */
  stale: z.boolean(),
});

/** An artifact: a module's versioned, reviewed output. */
export type Artifact = z.infer<typeof ArtifactSchema>;

/** Schema of an engagement with its artifacts (latest version per module). */
export const EngagementViewSchema = z.strictObject({
  engagement: EngagementSchema,
  artifacts: z.array(ArtifactSchema),
  /** Artifact id → metadata of every version, oldest first. */
  versions: z.record(z.string(), z.array(ArtifactVersionInfoSchema)),
});

/** An engagement with its artifacts and their version metadata. */
export type EngagementView = z.infer<typeof EngagementViewSchema>;

/** Schema of `GET /api/v1/engagements`: `{ engagements }`, newest first. */
export const EngagementListSchema = z.strictObject({ engagements: z.array(EngagementSchema) });

/** The answer of `GET /api/v1/engagements`. */
export type EngagementList = z.infer<typeof EngagementListSchema>;
