/**
 * The storage interface behind the engagement service. Three stores
 * implement it (in-memory, embedded `node:sqlite`, PostgreSQL) and pass one
 * conformance suite. A store knows nothing about gating or statuses: it keeps
 * engagements and append-only artifact versions, and applies a batch of
 * version-checked writes all or nothing.
 */
import type { EngagementModule } from './gating.js';
import type { ArtifactVersionInfo, Engagement } from './schemas.js';

/** The newest store schema this package writes (migrations 1..N). */
export const ENGAGEMENT_STORE_SCHEMA_VERSION = 1;

/** One stored artifact version: its metadata plus its body (JSON text, serialized before any transaction). */
export interface ArtifactVersionRow extends ArtifactVersionInfo {
  /** The artifact (one per module and engagement). */
  readonly artifact_id: string;
  readonly engagement_id: string;
  readonly module: EngagementModule;
  /** JSON text of the version's body (the module request and the review with its envelope). */
  readonly body: string;
}

/** One artifact as a store returns it with its engagement: every version's metadata, the latest body. */
export interface StoredArtifact {
  readonly artifact_id: string;
  readonly module: EngagementModule;
  /** Every version's metadata, oldest first (the last one is the current version). */
  readonly versions: readonly ArtifactVersionInfo[];
  /** JSON text of the current version's body. */
  readonly body: string;
}

/** An engagement as a store returns it. */
export interface StoredEngagement {
  readonly engagement: Engagement;
  /** One per module that has an artifact, in no particular order. */
  readonly artifacts: readonly StoredArtifact[];
}

/** Filter of {@link EngagementStore.listEngagements}. */
export interface EngagementListFilter {
  /** Only engagements of this client (exact match). */
  clientName?: string;
  /** At most this many, newest first. @default 100 */
  limit?: number;
  /** Skip this many (paging). @default 0 */
  offset?: number;
}

/**
 * A batch of writes to one engagement, applied all or nothing. Each write is
 * the next version of its module's artifact: it succeeds only if the
 * artifact's current version is `write.version - 1` (0: the module has no
 * artifact yet). `expect` lists other modules whose version the plan read
 * (0 for none); they must be unchanged too.
 */
export interface CommitBatch {
  readonly engagementId: string;
  readonly expect: readonly { readonly module: EngagementModule; readonly version: number }[];
  readonly writes: readonly ArtifactVersionRow[];
}

/** What {@link EngagementStore.commit} answers. */
export type CommitResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** The modules whose current version differs from the plan, with that version (0 for none). */
      readonly conflicts: readonly { readonly module: EngagementModule; readonly currentVersion: number }[];
    };

/**
 * Where engagements live. Every write is {@link EngagementStore.commit}: a
 * conditional update of each artifact's head on its version plus the new
 * version row, in one transaction.
 */
export interface EngagementStore {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  /** Stores a new engagement (its id must be new). */
  createEngagement(engagement: Engagement): Promise<void>;
  /** Engagements, newest first. */
  listEngagements(filter?: EngagementListFilter): Promise<Engagement[]>;
  /** The engagement with every version's metadata and each artifact's current body, or undefined. */
  loadEngagement(id: string): Promise<StoredEngagement | undefined>;
  /** One version with its body (older envelopes load on demand), or undefined. */
  loadVersion(
    engagementId: string,
    artifactId: string,
    version: number,
  ): Promise<ArtifactVersionRow | undefined>;
  /** Applies the batch if every version check holds; see {@link CommitBatch}. */
  commit(batch: CommitBatch): Promise<CommitResult>;
  /** Releases the database (idempotent). */
  close(): Promise<void>;
}

/** The metadata part of a row (what `StoredArtifact.versions` holds). @internal */
export function versionInfo(row: ArtifactVersionRow): ArtifactVersionInfo {
  return {
    version: row.version,
    status: row.status,
    created_at: row.created_at,
    approved_at: row.approved_at,
    approved_by: row.approved_by,
    lineage: row.lineage,
    inputs_hash: row.inputs_hash,
    event: row.event,
  };
}

/** Checks a batch against the current versions by module; the conflicts, empty when it applies. @internal */
export function batchConflicts(
  batch: CommitBatch,
  current: ReadonlyMap<EngagementModule, { id: string; version: number }>,
): { module: EngagementModule; currentVersion: number }[] {
  const conflicts: { module: EngagementModule; currentVersion: number }[] = [];
  const seen = new Set<EngagementModule>();
  const check = (module: EngagementModule, version: number, artifactId?: string) => {
    if (seen.has(module)) return;
    const head = current.get(module);
    const now = head?.version ?? 0;
    if (now !== version || (artifactId !== undefined && head !== undefined && head.id !== artifactId)) {
      seen.add(module);
      conflicts.push({ module, currentVersion: now });
    }
  };
  for (const w of batch.writes) check(w.module, w.version - 1, w.artifact_id);
  for (const e of batch.expect) check(e.module, e.version);
  return conflicts;
}
