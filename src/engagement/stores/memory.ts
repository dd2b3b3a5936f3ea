/**
 * The in-memory store: for tests and browsers. Holds the same JSON text the
 * database stores hold, so callers never share objects with it.
 */
import type { EngagementModule } from '../gating.js';
import type { Engagement } from '../schemas.js';
import {
  type ArtifactVersionRow,
  batchConflicts,
  type CommitBatch,
  type CommitResult,
  type EngagementListFilter,
  type EngagementStore,
  type StoredEngagement,
  versionInfo,
} from '../store.js';
import { duplicateEngagement } from './shared.js';

interface MemoryArtifact {
  id: string;
  module: EngagementModule;
  rows: ArtifactVersionRow[];
}

/**
 * A store that lives in this process's memory (lost on exit). Commits are
 * atomic because they run synchronously.
 *
 * @example
 * ```ts
 * const service = createEngagementService({ store: createMemoryStore(), generate })
 * ```
 */
export function createMemoryStore(): EngagementStore {
  const engagements = new Map<
    string,
    { engagement: Engagement; artifacts: Map<EngagementModule, MemoryArtifact> }
  >();
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    kind: 'memory',
    async createEngagement(engagement) {
      if (engagements.has(engagement.id)) throw duplicateEngagement(engagement.id);
      engagements.set(engagement.id, { engagement: copy(engagement), artifacts: new Map() });
    },
    async listEngagements(filter: EngagementListFilter = {}) {
      const limit = filter.limit ?? 100;
      const offset = filter.offset ?? 0;
      return [...engagements.values()]
        .map((e) => e.engagement)
        .filter((e) => filter.clientName === undefined || e.client_name === filter.clientName)
        .sort((a, b) =>
          a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id < b.id ? 1 : -1,
        )
        .slice(offset, offset + limit)
        .map(copy);
    },
    async loadEngagement(id): Promise<StoredEngagement | undefined> {
      const found = engagements.get(id);
      if (!found) return undefined;
      return {
        engagement: copy(found.engagement),
        artifacts: [...found.artifacts.values()].map((a) => ({
          artifact_id: a.id,
          module: a.module,
          versions: a.rows.map((r) => copy(versionInfo(r))),
          body: (a.rows.at(-1) as ArtifactVersionRow).body,
        })),
      };
    },
    async loadVersion(engagementId, artifactId, version) {
      const found = engagements.get(engagementId);
      if (!found) return undefined;
      for (const a of found.artifacts.values()) {
        if (a.id === artifactId) {
          const row = a.rows[version - 1];
          return row ? copy(row) : undefined;
        }
      }
      return undefined;
    },
    async commit(batch: CommitBatch): Promise<CommitResult> {
      const found = engagements.get(batch.engagementId);
      if (!found) return { ok: false, conflicts: [] };
      const current = new Map(
        [...found.artifacts.values()].map((a) => [a.module, { id: a.id, version: a.rows.length }] as const),
      );
      const conflicts = batchConflicts(batch, current);
      if (conflicts.length > 0) return { ok: false, conflicts };
      for (const row of batch.writes) {
        let artifact = found.artifacts.get(row.module);
        if (!artifact) {
          artifact = { id: row.artifact_id, module: row.module, rows: [] };
          found.artifacts.set(row.module, artifact);
        }
        artifact.rows.push(copy(row));
      }
      return { ok: true };
    },
    async close() {},
  };
}
