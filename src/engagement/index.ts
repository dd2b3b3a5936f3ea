/**
 * `aicmo/engagement`: gated, versioned artifacts with lineage. An
 * engagement runs a client through the operator modules; each module's
 * output is a versioned artifact (draft → revised → approved, or
 * flagged_for_review, archived) that records the approved upstream versions
 * it was built from. Writes are optimistic (`expectedVersion`); three stores
 * (memory, embedded `node:sqlite`, PostgreSQL) share one interface.
 *
 * @example
 * ```ts
 * import { createEngagementService, openEngagementStore } from 'aicmo/engagement'
 *
 * const engagements = createEngagementService({ store: await openEngagementStore('aicmo.db'), generate })
 * const { id } = await engagements.createEngagement({ clientName: 'Acme' })
 * const intake = await engagements.generate(id, 'intake', { client_name: 'Acme' })
 * await engagements.approve(id, intake.id, { expectedVersion: intake.version, author: 'ana' })
 * ```
 *
 * @packageDocumentation
 */

export {
  ENGAGEMENT_ERROR_CODES,
  ENGAGEMENT_ERROR_STATUS,
  ENGAGEMENT_STORE_ERROR_CODES,
  EngagementError,
  type EngagementErrorCode,
  type EngagementErrorDetails,
  EngagementStoreError,
  type EngagementStoreErrorCode,
  isEngagementError,
  isEngagementStoreError,
} from './errors.js';
export {
  type EngagementExport,
  type EngagementExportFormat,
  type EngagementExportOptions,
  exportEngagement,
} from './export.js';
export {
  downstreamOf,
  ENGAGEMENT_MODULES,
  type EngagementModule,
  GATING_MAP,
  isEngagementModule,
} from './gating.js';
export { ARTIFACT_TRANSITIONS } from './plan.js';
export {
  ARTIFACT_ACTIONS,
  ARTIFACT_STATUSES,
  type Artifact,
  type ArtifactAction,
  ArtifactSchema,
  type ArtifactStatus,
  ArtifactStatusSchema,
  type ArtifactVersionInfo,
  ArtifactVersionInfoSchema,
  type Engagement,
  type EngagementList,
  EngagementListSchema,
  EngagementModuleSchema,
  EngagementSchema,
  type EngagementView,
  EngagementViewSchema,
  type GatingOverride,
  GatingOverrideSchema,
  type Lineage,
  type LineageEntry,
  LineageEntrySchema,
  LineageSchema,
  TRAIL_ACTIONS,
  type TrailEntry,
  TrailEntrySchema,
} from './schemas.js';
export { createEngagementService, EngagementService } from './service.js';
export type {
  AmendOptions,
  ApproveOptions,
  ArtifactActionOptions,
  ArtifactFilter,
  EngagementGenerateContext,
  EngagementGenerator,
  EngagementServiceOptions,
  GenerateModuleOptions,
} from './service-options.js';
export {
  type ArtifactVersionRow,
  type CommitBatch,
  type CommitResult,
  ENGAGEMENT_STORE_SCHEMA_VERSION,
  type EngagementListFilter,
  type EngagementStore,
  type StoredArtifact,
  type StoredEngagement,
} from './store.js';
export { createMemoryStore } from './stores/memory.js';
export { type OpenStoreOptions, openEngagementStore } from './stores/open.js';
export { openPostgresStore, type PostgresStoreOptions } from './stores/postgres.js';
export { openSqliteStore, type SqliteStoreOptions } from './stores/sqlite.js';
