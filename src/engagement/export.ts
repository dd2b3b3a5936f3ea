/**
 * Exports of one artifact or a whole engagement, as Markdown or JSON, built
 * on the review workflow's exporters (approved deliverables only unless
 * `includeDrafts`).
 */
import { EXPORT_MIME_TYPES, exportJson, exportMarkdown, isWorkflowError, Review } from '../workflow/index.js';
import { EngagementError } from './errors.js';
import { ENGAGEMENT_MODULES, type EngagementModule } from './gating.js';
import type { ArtifactVersionInfo, Lineage } from './schemas.js';
import type { EngagementService } from './service.js';
import { type ArtifactBody, type EngagementState, indexState, type ModuleState } from './view.js';

/** The two export formats of an engagement: `md` (Markdown) or `json`. */
export type EngagementExportFormat = 'md' | 'json';

/** Options of {@link exportEngagement}. */
export interface EngagementExportOptions {
  /** `md` or `json`. @default 'md' */
  format?: EngagementExportFormat;
  /** Export only this module's artifact. @default every module with an approved artifact */
  module?: EngagementModule;
  /** Export each module's current version with its drafts rather than its latest approved version. @default false */
  includeDrafts?: boolean;
}

/** An export file. */
export interface EngagementExport {
  /** Suggested file name, e.g. `aicmo-acme-engagement.md`. */
  fileName: string;
  /** `text/markdown;charset=utf-8` or `application/json`. */
  mimeType: string;
  /** The file's text. */
  content: string;
  /** What went in: module, artifact, version. */
  artifacts: { module: EngagementModule; artifact_id: string; version: number }[];
}

interface Chosen {
  module: EngagementModule;
  artifactId: string;
  info: ArtifactVersionInfo;
  body: ArtifactBody;
}

async function choose(service: EngagementService, state: EngagementState, m: ModuleState, drafts: boolean) {
  if (drafts || m.head.status === 'approved') {
    return { module: m.module, artifactId: m.artifactId, info: m.head, body: m.body };
  }
  const approved = [...m.versions].reverse().find((v) => v.status === 'approved');
  if (!approved) return undefined;
  const row = await service.store.loadVersion(state.engagement.id, m.artifactId, approved.version);
  if (!row) return undefined;
  return {
    module: m.module,
    artifactId: m.artifactId,
    info: approved,
    body: JSON.parse(row.body) as ArtifactBody,
  };
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/_/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'client'
  );
}

const title = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);

function lineageLine(lineage: Lineage): string {
  const parts = Object.entries(lineage).map(([m, e]) => `${m} v${e?.version}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/**
 * Exports an engagement (or one module of it) as one Markdown document or
 * one JSON file: per module, its latest approved version (approved
 * deliverables only), with its version, approval and lineage.
 * NOTHING_TO_EXPORT when no module has an approved artifact.
 *
 * @example
 * ```ts
 * const file = await exportEngagement(engagements, id, { format: 'md' })
 * await writeFile(file.fileName, file.content)
 * ```
 */
export async function exportEngagement(
  service: EngagementService,
  engagementId: string,
  options: EngagementExportOptions = {},
): Promise<EngagementExport> {
  const format = options.format ?? 'md';
  const drafts = options.includeDrafts ?? false;
  const stored =
    typeof engagementId === 'string' ? await service.store.loadEngagement(engagementId) : undefined;
  if (!stored) {
    throw new EngagementError(
      'NOT_FOUND',
      `Engagement ${String(engagementId).slice(0, 80)} does not exist. Check the id.`,
      {
        engagementId,
        action: 'export',
      },
    );
  }
  const state = indexState(stored);
  const modules = options.module ? [options.module] : ENGAGEMENT_MODULES;
  const chosen: Chosen[] = [];
  for (const module of modules) {
    const m = state.byModule.get(module);
    const c = m && (await choose(service, state, m, drafts));
    if (c) chosen.push(c);
  }
  if (chosen.length === 0) {
    throw new EngagementError(
      'NOTHING_TO_EXPORT',
      options.module
        ? `The ${options.module} module of engagement ${engagementId} has no approved artifact to export. Approve it first, or export with drafts.`
        : `Engagement ${engagementId} has no approved artifact to export. Approve one first, or export with drafts.`,
      { engagementId, action: 'export', ...(options.module && { module: options.module }) },
    );
  }
  const client = state.engagement.client_name;
  const base = `aicmo-${slug(client)}-${options.module ?? 'engagement'}`;
  const artifacts = chosen.map((c) => ({
    module: c.module,
    artifact_id: c.artifactId,
    version: c.info.version,
  }));
  const exportedAt = new Date().toISOString();

  if (format === 'json') {
    const items = chosen.map((c) => {
      const review = reviewFor(c);
      const file = guarded(c, () => exportJson(review, { includeDrafts: drafts }));
      return {
        module: c.module,
        artifact_id: c.artifactId,
        version: c.info.version,
        status: c.info.status,
        approved_at: c.info.approved_at,
        approved_by: c.info.approved_by,
        lineage: c.info.lineage,
        inputs_hash: c.info.inputs_hash,
        envelope: file.envelope,
      };
    });
    const content = `${JSON.stringify({ format: 'aicmo.engagement', format_version: 1, engagement: state.engagement, exported_at: exportedAt, artifacts: items }, null, 2)}\n`;
    return { fileName: `${base}.json`, mimeType: EXPORT_MIME_TYPES.json, content, artifacts };
  }

  const lines = [
    `# ${client}`,
    '',
    `Engagement \`${engagementId}\`, created ${state.engagement.created_at}; exported ${exportedAt}.`,
    '',
  ];
  for (const c of chosen) {
    const review = reviewFor(c);
    const file = guarded(c, () =>
      exportMarkdown(review, { includeDrafts: drafts, title: title(c.module), includeRunMetadata: false }),
    );
    lines.push(
      // One level down: the module's `#` becomes `##` under the client heading.
      ...file.content
        .replace(/\n+$/, '')
        .split('\n')
        .map((line) => (/^#{1,5}\s/.test(line) ? `#${line}` : line)),
      '',
      `- Artifact: \`${c.artifactId}\` version ${c.info.version} (${c.info.status}${c.info.approved_by ? ` by ${c.info.approved_by}` : ''}${c.info.approved_at ? `, ${c.info.approved_at}` : ''})`,
      `- Built from: ${lineageLine(c.info.lineage)}`,
      `- Inputs hash: \`${c.info.inputs_hash}\``,
      '',
    );
  }
  return {
    fileName: `${base}.md`,
    mimeType: EXPORT_MIME_TYPES.markdown,
    content: `${lines.join('\n').replace(/\n+$/, '')}\n`,
    artifacts,
  };
}

function reviewFor(c: Chosen): Review {
  return Review.fromJSON(c.body.review);
}

function guarded<T>(c: Chosen, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isWorkflowError(error) && error.code === 'WORKFLOW_NOTHING_TO_EXPORT') {
      throw new EngagementError('NOTHING_TO_EXPORT', error.message, {
        module: c.module,
        artifactId: c.artifactId,
        action: 'export',
        cause: error,
      });
    }
    throw error;
  }
}
