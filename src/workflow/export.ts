/**
 * Exporters: a Markdown document and a DeliverablesEnvelope JSON file of the
 * approved deliverables of a review.
 */
import { type DeliverablesEnvelope, DeliverablesEnvelopeSchema } from '../envelope/index.js';
import { ENGLISH } from '../internal/index.js';
import { WorkflowError } from './errors.js';
import type { Review, ReviewItem } from './review.js';
import type { ExportRecord } from './schemas.js';

/** Options common to both exporters. */
export interface ExportOptions {
  /**
   * Also export `draft` and `amended` items (never `rejected` ones, nor
   * items whose content is blank). @default false (approved items only)
   */
  includeDrafts?: boolean;
  /** File name to suggest. @default `aicmo-<module>-<run id>.md` / `.json` (`-with-drafts` before the extension with `includeDrafts`) */
  fileName?: string;
  /** Refuse with `WORKFLOW_VERSION_CONFLICT` unless the review is at this version. */
  expectedVersion?: number;
}

/** Options of {@link exportMarkdown}. */
export interface MarkdownExportOptions extends ExportOptions {
  /**
   * Document heading. @default the campaign name found in the envelope
   * (`campaign_name` at the top level, in `meta`, `raw` or `raw.request`),
   * else `<Module> deliverables`
   */
  title?: string;
  /** Include the run metadata section (run id, provider, model, cost, review counts). @default true */
  includeRunMetadata?: boolean;
  /**
   * Push the headings inside each deliverable's content down two levels
   * (`#` → `###`, capped at `######`; fenced code untouched), so they nest
   * under the deliverable's own `##` heading. @default true
   */
  demoteHeadings?: boolean;
}

/** A file to download plus the review marked as exported. */
export interface ReviewExport {
  /** Which exporter produced it. */
  format: ExportRecord['format'];
  /** Suggested file name, e.g. `aicmo-campaigns-run-1.md`. */
  fileName: string;
  /** The file's text. */
  content: string;
  /** `text/markdown;charset=utf-8` or `application/json`. */
  mimeType: string;
  /** The review after the export: read-only, with the export recorded and `version` bumped. */
  review: Review;
  /** Ids of the exported items, in envelope order. */
  deliverableIds: readonly string[];
}

/** {@link ReviewExport} of {@link exportJson}, with the envelope as an object. */
export interface JsonReviewExport extends ReviewExport {
  format: 'json';
  /** The exported envelope (the parsed `content`). */
  envelope: DeliverablesEnvelope;
}

/** The mime types the exporters report. */
export const EXPORT_MIME_TYPES = Object.freeze({
  markdown: 'text/markdown;charset=utf-8',
  json: 'application/json',
} as const);

function selectItems(review: Review, includeDrafts: boolean, what: string): ReviewItem[] {
  const selected = review.items.filter((item) =>
    includeDrafts ? item.status !== 'rejected' && item.issues.length === 0 : item.status === 'approved',
  );
  if (selected.length === 0) {
    throw new WorkflowError(
      'WORKFLOW_NOTHING_TO_EXPORT',
      includeDrafts
        ? `Review ${review.id} has nothing to export as ${what}: every item is rejected or blank.`
        : `Review ${review.id} has no approved deliverable to export as ${what}. Approve at least one, or pass { includeDrafts: true }.`,
      { action: 'export' },
    );
  }
  return selected;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/_/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .toLowerCase()
    .slice(0, 60);
}

/** The default file name: `aicmo-<module>-<run id>[-with-drafts].<ext>`. */
export function defaultExportFileName(
  envelope: DeliverablesEnvelope,
  extension: 'md' | 'json',
  includeDrafts = false,
): string {
  const parts = ['aicmo', slug(envelope.module), slug(envelope.run_id)].filter((p) => p !== '');
  return `${parts.join('-')}${includeDrafts ? '-with-drafts' : ''}.${extension}`;
}

function finish(
  review: Review,
  format: ExportRecord['format'],
  items: readonly ReviewItem[],
  content: string,
  options: ExportOptions,
  extension: 'md' | 'json',
): ReviewExport {
  const includeDrafts = options.includeDrafts ?? false;
  const fileName = options.fileName ?? defaultExportFileName(review.envelope, extension, includeDrafts);
  const deliverableIds = items.map((i) => i.id);
  const exported = review.markExported(
    { format, fileName, includeDrafts, deliverableIds },
    options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion },
  );
  return { format, fileName, content, mimeType: EXPORT_MIME_TYPES[format], review: exported, deliverableIds };
}

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === 'string' && cur.trim() !== '' ? cur.trim() : undefined;
}

/** The campaign name an envelope carries, if any. */
function campaignName(envelope: DeliverablesEnvelope): string | undefined {
  return (
    stringAt(envelope, 'campaign_name') ??
    stringAt(envelope, 'meta', 'campaign_name') ??
    stringAt(envelope, 'raw', 'campaign_name') ??
    stringAt(envelope, 'raw', 'request', 'campaign_name')
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function hashtagLine(tags: readonly string[] | null | undefined): string | undefined {
  const list = (tags ?? []).map((t) => oneLine(t)).filter((t) => t !== '');
  return list.length === 0 ? undefined : list.map((t) => (t.startsWith('#') ? t : `#${t}`)).join(' ');
}

function statusLine(item: ReviewItem): string {
  if (item.status === 'approved' && item.approval) {
    const by = item.approval.by ? ` by ${oneLine(item.approval.by)}` : '';
    return `approved${by} (${item.approval.at})`;
  }
  return item.status === 'amended' ? 'amended, not approved yet' : 'draft, not approved yet';
}

function runSection(review: Review, exportedAt: string): string[] {
  const { envelope } = review;
  const { meta } = envelope;
  const lines = [
    '## Run',
    '',
    `- Module: ${oneLine(envelope.module) || '(none)'}`,
    `- Run id: \`${oneLine(envelope.run_id)}\``,
    `- Status: ${envelope.status}`,
    `- Generated: ${meta.timestamp}`,
    `- Provider: ${oneLine(meta.provider) || '(none)'}${meta.model ? ` · model ${oneLine(meta.model)}` : ''}`,
  ];
  const usage = [
    typeof meta.tokens_used === 'number' ? `${meta.tokens_used} tokens` : undefined,
    typeof meta.cost_usd === 'number' ? `$${meta.cost_usd.toFixed(4)}` : undefined,
  ].filter((x) => x !== undefined);
  if (usage.length > 0) lines.push(`- Usage: ${usage.join(' · ')}`);
  if (meta.trace_id) lines.push(`- Trace id: \`${oneLine(meta.trace_id)}\``);
  const c = review.counts;
  lines.push(
    `- Review: ${c.approved} approved, ${c.amended} amended, ${c.draft} draft, ${c.rejected} rejected (review \`${review.id}\`, version ${review.version})`,
    `- Exported: ${exportedAt}`,
  );
  for (const warning of meta.warnings ?? []) lines.push(`- Warning: ${oneLine(warning)}`);
  lines.push('');
  return lines;
}

/** Shifts ATX headings outside fenced code blocks down by `levels`. */
function demote(markdown: string, levels: number): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker) {
        if (fence === null) fence = marker;
        else if (marker.startsWith(fence)) fence = null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(/^( {0,3})(#{1,6})(?=\s|$)/, (_, indent: string, hashes: string) => {
        return indent + '#'.repeat(Math.min(6, hashes.length + levels));
      });
    })
    .join('\n');
}

function itemSection(item: ReviewItem, position: number, demoteHeadings: boolean): string[] {
  const d = item.deliverable;
  const title = oneLine(d.title) || oneLine(d.kind) || item.id;
  const lines = [`## ${position}. ${title}`, ''];
  const facts = [`- Kind: ${oneLine(d.kind) || 'unknown'}`];
  if (d.platform && d.platform.trim() !== '') facts.push(`- Platform: ${oneLine(d.platform)}`);
  const tags = hashtagLine(d.hashtags);
  if (tags) facts.push(`- Hashtags: ${tags}`);
  facts.push(`- Status: ${statusLine(item)}`);
  const content = d.content_markdown.replace(/\s+$/, '');
  lines.push(...facts, '', demoteHeadings ? demote(content, 2) : content, '');
  return lines;
}

/**
 * Exports the approved deliverables as one Markdown document a marketer can
 * paste anywhere: the campaign heading, the run metadata, then each
 * deliverable with its title, kind, platform, hashtags and content (as
 * written). Returns the text, a suggested file name and the review marked
 * exported (read-only). Throws `WORKFLOW_NOTHING_TO_EXPORT` when nothing is
 * approved (unless `includeDrafts`).
 *
 * @example
 * ```ts
 * const { fileName, content, mimeType, review: exported } = exportMarkdown(review)
 * download(new Blob([content], { type: mimeType }), fileName)
 * ```
 */
export function exportMarkdown(review: Review, options: MarkdownExportOptions = {}): ReviewExport {
  const includeDrafts = options.includeDrafts ?? false;
  const items = selectItems(review, includeDrafts, 'Markdown');
  const result = finish(review, 'markdown', items, '', options, 'md');
  const exportedAt = result.review.exportedAt as string;
  const envelope = review.envelope;
  const title =
    options.title !== undefined && options.title.trim() !== ''
      ? oneLine(options.title)
      : (campaignName(envelope) ?? `${capitalize(oneLine(envelope.module) || 'AICMO')} deliverables`);
  const kindOf = includeDrafts ? 'Approved and draft' : 'Approved';
  const lines = [
    `# ${title}`,
    '',
    `${kindOf} deliverables (${items.length} of ${review.items.length}) from run \`${oneLine(envelope.run_id)}\`.`,
    '',
  ];
  if (options.includeRunMetadata ?? true) lines.push(...runSection(review, exportedAt));
  items.forEach((item, i) => {
    lines.push(...itemSection(item, i + 1, options.demoteHeadings ?? true));
  });
  return { ...result, content: `${lines.join('\n').replace(/\n+$/, '')}\n` };
}

function reviewTrail(review: Review, item: ReviewItem): Record<string, unknown> {
  return {
    review_id: review.id,
    review_version: review.version,
    status: item.status,
    approved_by: item.approval?.by ?? null,
    approved_at: item.approval?.at ?? null,
    approval_note: item.approval?.note ?? null,
    amended: item.content !== item.originalContent,
    amendments: item.amendments.map((a) => ({
      previous_text: a.previousText,
      new_text: a.newText,
      author: a.author,
      note: a.note,
      at: a.at,
      revert_of: a.revertOf,
    })),
    events: item.events.map((e) => ({ type: e.type, at: e.at, author: e.author, note: e.note })),
  };
}

/**
 * Exports the approved deliverables as a valid DeliverablesEnvelope (the
 * generated envelope with the approved texts; `SUCCESS` stays `SUCCESS`,
 * anything else becomes `PARTIAL`). Each deliverable's `metadata.review`
 * holds the review trail in wire snake_case: `review_id`, `status`,
 * `approved_by`, `approved_at`, `amendments` (`previous_text`, `new_text`,
 * `author`, `note`, `at`, `revert_of`) and `events`. Returns the JSON text,
 * a suggested file name and the review marked exported.
 *
 * @example
 * ```ts
 * const { envelope, content, review: exported } = exportJson(review)
 * await fetch('/api/publish', { method: 'POST', body: content })
 * ```
 */
export function exportJson(review: Review, options: ExportOptions = {}): JsonReviewExport {
  const includeDrafts = options.includeDrafts ?? false;
  const items = selectItems(review, includeDrafts, 'JSON');
  const source = review.envelope;
  const envelope = DeliverablesEnvelopeSchema.parse(
    {
      ...source,
      status: source.status === 'SUCCESS' ? 'SUCCESS' : 'PARTIAL',
      deliverables: items.map((item) => ({
        ...item.deliverable,
        metadata: { ...(item.deliverable.metadata ?? {}), review: reviewTrail(review, item) },
      })),
    },
    ENGLISH,
  );
  const content = `${JSON.stringify(envelope, null, 2)}\n`;
  const result = finish(review, 'json', items, content, options, 'json');
  return { ...result, format: 'json', envelope: JSON.parse(content) as DeliverablesEnvelope };
}
