import { isRecord } from '../internal/index.js';
import {
  type Artifact,
  type ChartArtifactData,
  isSeriesChartData,
  type TableCell,
  type UnifiedProposalContent,
} from './artifacts.js';
import type { MissionReference, SignalReference } from './references.js';
import type { ResponseEnvelope, ResponseEnvelopeInput } from './schemas.js';

/** One line: newlines become spaces. */
const inline = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/** A table cell: pipes escaped, newlines as `<br>`. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : stringify(value);
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function stringify(value: unknown, indent?: number): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, indent) ?? String(value);
  } catch {
    return String(value);
  }
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Inline code that survives backticks in `text`. */
function code(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${inline(text)}${pad}${ticks}`;
}

/** A fenced block that survives fences in `text`. */
function fence(text: string, info = ''): string {
  const ticks = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${ticks}${inline(info)}\n${text}${text.endsWith('\n') ? '' : '\n'}${ticks}`;
}

function table(header: readonly unknown[], rows: readonly (readonly unknown[])[]): string {
  if (header.length === 0) return '_(a table without columns)_';
  const line = (cells: readonly unknown[]) =>
    `|${header.map((_, i) => ` ${cell(cells[i])} `.replace(/^ {2}$/, ' ')).join('|')}|`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => line(row))].join(
    '\n',
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;
}

function missionsTable(missions: readonly MissionReference[]): string {
  return table(
    ['Mission', 'Status', 'Objective', 'Description'],
    missions.map((m) => [m.mission_id, m.status, m.objective_type, m.objective_description]),
  );
}

function signalsTable(signals: readonly SignalReference[]): string {
  return table(
    ['Signal', 'Layer', 'Source', 'Time', 'Summary'],
    signals.map((s) => [s.signal_type, s.signal_layer, s.signal_source, s.timestamp, s.summary ?? '']),
  );
}

/** A value in a list: strings and numbers as text, anything else as inline JSON. */
function scalar(value: unknown): string {
  if (typeof value === 'string') return inline(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return code(stringify(value));
}

function extras(obj: object, known: readonly string[]): string[] {
  return Object.entries(obj)
    .filter(([key, value]) => !known.includes(key) && value !== undefined)
    .map(([key, value]) => `- ${code(key)}: ${scalar(value)}`);
}

const isScalar = (value: unknown): boolean =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** A table of objects: one column per key (in order of first appearance), one row per object. */
function objectsTable(items: readonly Record<string, unknown>[]): string {
  const keys = [...new Set(items.flatMap((item) => Object.keys(item)))];
  return table(
    keys,
    items.map((item) => keys.map((key) => item[key] ?? null)),
  );
}

/**
 * A chart: the recommended `{ labels, series }` form as a data table (one
 * column per series); Chart.js-style `{ labels, datasets: [{ label, data }] }`
 * likewise; a flat object of scalars as a key/value table; anything else as a
 * fenced JSON block.
 */
function chartBody(chartType: string, data: ChartArtifactData): string {
  if (isSeriesChartData(data)) {
    const axes = [
      data.x_label ? `x: ${inline(data.x_label)}` : '',
      data.y_label ? `y: ${inline(data.y_label)}` : '',
      data.unit ? `unit: ${inline(data.unit)}` : '',
    ].filter(Boolean);
    const caption = `_${inline(chartType)} chart${axes.length ? ` (${axes.join(', ')})` : ''}_`;
    const rows = data.labels.map((label, i) => [label, ...data.series.map((s) => s.values[i] ?? null)]);
    return `${caption}\n\n${table([data.x_label ?? 'Label', ...data.series.map((s) => s.name)], rows)}`;
  }
  const caption = `_${inline(chartType)} chart_`;
  const { labels, datasets } = data as Record<string, unknown>;
  if (
    Array.isArray(labels) &&
    labels.every(isScalar) &&
    Array.isArray(datasets) &&
    datasets.length > 0 &&
    datasets.every((d) => isRecord(d) && Array.isArray(d.data) && d.data.every(isScalar))
  ) {
    const sets = datasets as { label?: unknown; data: unknown[] }[];
    const header = [
      'Label',
      ...sets.map((d, i) => (typeof d.label === 'string' ? d.label : `Series ${i + 1}`)),
    ];
    const length = Math.max(labels.length, ...sets.map((d) => d.data.length));
    const rows = Array.from({ length }, (_, i) => [labels[i] ?? null, ...sets.map((d) => d.data[i] ?? null)]);
    return `${caption}\n\n${table(header, rows)}`;
  }
  const entries = Object.entries(data);
  if (entries.length > 0 && entries.every(([, value]) => isScalar(value))) {
    return `${caption}\n\n${table(['Key', 'Value'], entries)}`;
  }
  return `${caption}\n\n${fence(stringify(data, 2), 'json')}`;
}

const money = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? `$${value.toFixed(2)}` : scalar(value);

/**
 * A unified proposal: mission, objective and executive summary, then steps,
 * cost, time and approval facts, the cost breakdown and human actions as
 * tables, what happens next and the approval options; the task breakdown and
 * any other key as JSON.
 */
function unifiedProposalBody(p: UnifiedProposalContent): string {
  const parts: string[] = [];
  const mission = [
    p.mission_title ? `**${inline(p.mission_title)}**` : '',
    p.mission_id ? code(p.mission_id) : '',
  ].filter(Boolean);
  if (mission.length) parts.push(`Mission: ${mission.join(' ')}`);
  if (p.objective) parts.push(`Objective: ${inline(p.objective)}`);
  if (p.executive_summary?.trim()) parts.push(p.executive_summary.trim());

  const facts: string[] = [];
  const m = p.metrics;
  if (m && typeof m.total_steps === 'number') {
    const split = [
      typeof m.buddy_steps === 'number' ? `agent ${m.buddy_steps}` : '',
      typeof m.human_steps === 'number' ? `human ${m.human_steps}` : '',
      typeof m.hybrid_steps === 'number' ? `hybrid ${m.hybrid_steps}` : '',
    ].filter(Boolean);
    facts.push(`- **Steps:** ${m.total_steps}${split.length ? ` (${split.join(', ')})` : ''}`);
  }
  if (p.costs && p.costs.total_usd !== undefined && p.costs.total_usd !== null) {
    facts.push(`- **Estimated cost:** ${money(p.costs.total_usd)}`);
  }
  const t = p.time;
  if (t) {
    const split = [
      typeof t.buddy_seconds === 'number' ? `agent ${t.buddy_seconds} s` : '',
      typeof t.human_minutes === 'number' ? `human ${t.human_minutes} min` : '',
    ].filter(Boolean);
    if (typeof t.total_minutes === 'number' || split.length) {
      const total = typeof t.total_minutes === 'number' ? `~${t.total_minutes} min` : '';
      facts.push(
        `- **Estimated time:** ${[total, split.length ? `(${split.join(', ')})` : ''].filter(Boolean).join(' ')}`,
      );
    }
  }
  const h = p.human_involvement;
  if (typeof h?.requires_approval === 'boolean') {
    facts.push(`- **Requires approval:** ${h.requires_approval ? 'yes' : 'no'}`);
  }
  if (typeof h?.has_blocking_steps === 'boolean') {
    facts.push(`- **Blocking steps:** ${h.has_blocking_steps ? 'yes' : 'no'}`);
  }
  if (facts.length) parts.push(facts.join('\n'));

  if (p.costs?.breakdown?.length) parts.push(`**Cost breakdown**\n\n${objectsTable(p.costs.breakdown)}`);
  if (h?.actions_required?.length) parts.push(`**Human actions**\n\n${objectsTable(h.actions_required)}`);
  if (p.next_steps?.what_happens_next) parts.push(`Next: ${inline(p.next_steps.what_happens_next)}`);
  if (p.next_steps?.approval_options?.length) {
    parts.push(`Options: ${p.next_steps.approval_options.map(inline).join(' · ')}`);
  }
  if (p.task_breakdown && Object.keys(p.task_breakdown).length) {
    parts.push(`**Task breakdown**\n\n${fence(stringify(p.task_breakdown, 2), 'json')}`);
  }
  const other = extras(p, [
    'mission_id',
    'mission_title',
    'objective',
    'executive_summary',
    'task_breakdown',
    'metrics',
    'costs',
    'time',
    'human_involvement',
    'next_steps',
  ]);
  if (other.length) parts.push(other.join('\n'));
  return parts.length ? parts.join('\n\n') : '_(an empty proposal)_';
}

function artifactBody(a: Artifact): string {
  switch (a.artifact_type) {
    case 'table':
      return table(a.content.columns, a.content.rows as readonly (readonly TableCell[])[]);
    case 'chart':
      return chartBody(a.content.chart_type, a.content.data);
    case 'document':
      return a.content.sections
        .map((s) =>
          [s.heading ? `### ${inline(s.heading)}` : '', s.content.trim()].filter(Boolean).join('\n\n'),
        )
        .join('\n\n');
    case 'code_block':
      return fence(a.content.code, a.content.language);
    case 'timeline':
      return a.content.events.length
        ? a.content.events
            .map((e) => {
              const status = e.status ? ` _(${inline(e.status)})_` : '';
              const description = e.description ? `\n  ${inline(e.description)}` : '';
              return `- **${inline(e.timestamp)}** ${inline(e.event)}${status}${description}`;
            })
            .join('\n')
        : '_(no events)_';
    case 'file_reference': {
      const { file_path, file_type, size_bytes } = a.content;
      const facts = [
        file_type ? inline(file_type) : '',
        typeof size_bytes === 'number' ? formatSize(size_bytes) : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `File: ${code(file_path)}${facts ? ` (${facts})` : ''}`;
    }
    case 'json_data':
      return fence(stringify(a.content, 2), 'json');
    case 'mission_draft': {
      const m = a.content;
      return [
        `- **Mission:** ${code(m.mission_id)} (${m.status})`,
        `- **Objective:** ${inline(m.objective_type)}${m.objective_description ? ` — ${inline(m.objective_description)}` : ''}`,
        ...extras(m, ['mission_id', 'status', 'objective_type', 'objective_description']),
      ].join('\n');
    }
    case 'signal_batch':
      return signalsTable(a.content.signals);
    case 'unified_proposal':
      return unifiedProposalBody(a.content);
  }
}

function artifactSection(a: Artifact): string {
  const title = inline(a.title) || a.artifact_type.replace('_', ' ');
  const parts = [`## ${title}`, artifactBody(a)];
  const meta = a.metadata ? Object.entries(a.metadata) : [];
  if (meta.length) {
    parts.push(
      `_${meta.map(([k, v]) => `${inline(k)}: ${typeof v === 'string' ? inline(v) : stringify(v)}`).join(' · ')}_`,
    );
  }
  return parts.join('\n\n');
}

const METADATA_LABELS: Record<string, string> = {
  status: 'Status',
  confidence: 'Confidence',
  intent_classification: 'Intent',
  mission_id: 'Mission',
  mission_duration_ms: 'Duration',
  items_collected: 'Items collected',
  error: 'Error',
  error_message: 'Error message',
  error_details: 'Error details',
};

function metadataValue(key: string, value: unknown): string {
  if (key === 'confidence' && typeof value === 'number') return `${Number((value * 100).toFixed(1))} %`;
  if (key === 'mission_duration_ms' && typeof value === 'number') return `${value} ms`;
  if (key === 'mission_id' && typeof value === 'string') return code(value);
  return scalar(value);
}

/**
 * Renders any response envelope as plain markdown for logs, emails and the
 * CLI: the summary, a clarification's options, each artifact under its title
 * (tables as markdown tables with escaped pipes, charts as a data table,
 * documents as headed sections, code and JSON fenced, timelines as lists),
 * missions and signals as tables, then the metadata and hints as a list.
 *
 * @example
 * ```ts
 * console.log(toMarkdown(ResponseBuilder.text('Done').build()))
 * ```
 */
export function toMarkdown(envelope: ResponseEnvelope | ResponseEnvelopeInput): string {
  const parts: string[] = [envelope.summary.trim()];
  const metadata: Record<string, unknown> = envelope.metadata ?? {};
  const clarification = envelope.metadata?.clarification;
  if (clarification?.options?.length) {
    parts.push(clarification.options.map((o, i) => `${i + 1}. ${inline(o)}`).join('\n'));
  }
  if (clarification?.context && Object.keys(clarification.context).length) {
    parts.push(extras(clarification.context, []).join('\n'));
  }
  for (const artifact of envelope.artifacts ?? []) parts.push(artifactSection(artifact as Artifact));
  const missions = envelope.missions_spawned ?? [];
  if (missions.length) parts.push(`## Missions\n\n${missionsTable(missions)}`);
  const signals = envelope.signals_emitted ?? [];
  if (signals.length) parts.push(`## Signals\n\n${signalsTable(signals)}`);

  const details: string[] = [`- **Response type:** ${envelope.response_type}`];
  const entries = Object.entries(metadata).sort(
    ([a], [b]) => Number(b === 'status') - Number(a === 'status'),
  );
  for (const [key, value] of entries) {
    if (key === 'clarification' || value === undefined || value === null) continue;
    details.push(`- **${METADATA_LABELS[key] ?? inline(key)}:** ${metadataValue(key, value)}`);
  }
  const actions = envelope.ui_hints?.suggested_actions;
  if (actions?.length) details.push(`- **Suggested actions:** ${actions.map(inline).join(', ')}`);
  if (envelope.live_stream_id) details.push(`- **Live stream:** ${code(envelope.live_stream_id)}`);
  details.push(`- **Timestamp:** ${envelope.timestamp}`);
  if (envelope.version) details.push(`- **Version:** ${envelope.version}`);
  parts.push(`---\n\n${details.join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}
