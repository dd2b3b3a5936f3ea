import * as z from 'zod';
import { count, lowerCaseEnum, notBlank, openString, str, timestamp } from './common.js';
import { type JsonObject, JsonObjectSchema, type JsonValue, JsonValueSchema } from './json.js';
import { MissionReferenceSchema, SignalReferenceSchema } from './references.js';

/**
 * The ten artifact types, the discriminant `artifact_type` of
 * {@link ArtifactSchema}: the nine of the contract plus `unified_proposal`,
 * which the Python reference (`ArtifactType.UNIFIED_PROPOSAL`) also emits.
 */
export const ARTIFACT_TYPES = [
  'table',
  'chart',
  'document',
  'code_block',
  'timeline',
  'file_reference',
  'json_data',
  'mission_draft',
  'signal_batch',
  'unified_proposal',
] as const;

/** Schema of an artifact type. */
export const ArtifactTypeSchema = lowerCaseEnum(ARTIFACT_TYPES);

/** One of the ten artifact types. */
export type ArtifactType = z.infer<typeof ArtifactTypeSchema>;

/**
 * The fields every artifact has besides `artifact_type` and `content`. The
 * `timestamp` (when the artifact was produced) is optional on the wire for
 * backward compatibility; {@link ResponseBuilder} always sets it.
 */
const base = {
  title: str(),
  metadata: JsonObjectSchema.nullish(),
  timestamp: z.nullish(timestamp()),
};

function checkCount(
  ctx: z.core.$RefinementCtx,
  actual: number,
  declared: unknown,
  key: string,
  what: string,
) {
  if (typeof declared === 'number' && declared !== actual) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `says ${declared} but there are ${actual} ${what}; omit it or make it match`,
    });
  }
}

/**
 * A table cell: any JSON value, as the Python reference accepts
 * (`rows: List[List[Any]]`). Usually a string, a finite number, a boolean or
 * `null` (empty cell); `toMarkdown` writes objects and arrays as JSON.
 */
export const TableCellSchema = JsonValueSchema.meta({
  description: 'Any JSON value; usually a string, a number, a boolean or null (empty cell).',
});

/** A table cell: any JSON value, usually a string, a number, a boolean or `null`. */
export type TableCell = JsonValue;

/** The content of a table: `rows[i]` has exactly one cell per column. */
export const TableContentSchema = z
  .looseObject(
    {
      columns: z.array(str(), { error: 'must be an array of column names' }),
      rows: z.array(z.array(TableCellSchema, { error: 'must be an array of cells' }), {
        error: 'must be an array of rows',
      }),
      row_count: count().nullish(),
      column_count: count().nullish(),
    },
    { error: 'must be an object with columns and rows' },
  )
  .superRefine((content, ctx) => {
    const width = content.columns.length;
    content.rows.forEach((row, i) => {
      if (row.length !== width) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i],
          message: `row has ${row.length} cells but there are ${width} columns; give one cell per column (null for an empty cell)`,
        });
      }
    });
    checkCount(ctx, content.rows.length, content.row_count, 'row_count', 'rows');
    checkCount(ctx, width, content.column_count, 'column_count', 'columns');
  });

/**
 * Tabular data, e.g. scraped results.
 *
 * @example
 * ```json
 * { "artifact_type": "table", "title": "Results", "content": { "columns": ["ID", "Name"], "rows": [[1, "Item A"]] } }
 * ```
 */
export const TableArtifactSchema = z.looseObject({
  artifact_type: z.literal('table'),
  ...base,
  content: TableContentSchema,
});

/** Tabular data. */
export type TableArtifact = z.infer<typeof TableArtifactSchema>;

/** Chart types UIs are expected to draw; any other string is accepted (draw it as a table). */
export const KNOWN_CHART_TYPES = ['line', 'bar', 'pie', 'scatter', 'area'] as const;

/** One series of a chart: one value per label, `null` for a gap. */
export const ChartSeriesSchema = z.looseObject(
  {
    name: str(),
    values: z.array(z.union([z.number(), z.null()]), {
      error: 'must be an array of finite numbers or null',
    }),
  },
  { error: 'must be an object with name and values' },
);

/** One series of a chart. */
export type ChartSeries = z.infer<typeof ChartSeriesSchema>;

/**
 * The recommended form of chart data: the x-axis `labels` and one or more
 * `series`, each with one value per label, plus optional axis labels and unit.
 * {@link ResponseBuilder.addChart} always writes this form and checks it; the
 * validator does not require it (see {@link ChartArtifactDataSchema}). Use
 * {@link isSeriesChartData} to tell it apart from free-form data.
 */
export const ChartDataSchema = z
  .looseObject(
    {
      labels: z.array(z.union([str(), z.number()]), { error: 'must be an array of strings or numbers' }),
      series: z
        .array(ChartSeriesSchema, { error: 'must be an array of series' })
        .min(1, { error: 'a chart needs at least one series' }),
      x_label: str().nullish(),
      y_label: str().nullish(),
      unit: str().nullish(),
    },
    { error: 'must be an object with labels and series' },
  )
  .superRefine((data, ctx) => {
    data.series.forEach((series, i) => {
      if (series.values.length !== data.labels.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['series', i, 'values'],
          message: `has ${series.values.length} values but there are ${data.labels.length} labels; give one value per label (null for a gap)`,
        });
      }
    });
  });

/** Chart data in the recommended form: labels and series. */
export type ChartData = z.infer<typeof ChartDataSchema>;

/**
 * The `data` of a chart as the validator accepts it: any JSON object, as the
 * Python reference (`ChartArtifact(data: Dict[str, Any])`) accepts, e.g.
 * Chart.js-style `{ labels, datasets }` or `{ x: [...], y: [...] }`. The
 * recommended {@link ChartData} form (`{ labels, series }`) is one such object.
 */
export const ChartArtifactDataSchema = JsonObjectSchema.meta({
  description:
    'Any JSON object. Recommended form: { labels: (string|number)[], series: [{ name, values: (number|null)[] }], x_label?, y_label?, unit? }',
  examples: [{ labels: ['Mon', 'Tue'], series: [{ name: 'Visits', values: [120, 140] }] }],
}) as unknown as z.ZodType<ChartData | JsonObject>;

/** The `data` of a chart: the recommended {@link ChartData} form or any other JSON object. */
export type ChartArtifactData = ChartData | JsonObject;

/**
 * True when chart `data` is in the recommended form (labels, at least one
 * series, one value or `null` per label), which a UI can draw directly; other
 * data is free-form (render it as JSON or a key/value table).
 *
 * @example
 * ```ts
 * if (artifact.artifact_type === 'chart' && isSeriesChartData(artifact.content.data)) {
 *   console.log(artifact.content.data.series.map((s) => s.name))
 * }
 * ```
 */
export function isSeriesChartData(data: unknown): data is ChartData {
  try {
    return ChartDataSchema.safeParse(data).success;
  } catch {
    return false;
  }
}

/**
 * A chart: its type (`line`, `bar`, `pie`, `scatter`, `area`, or another a UI
 * may know) and its data: any JSON object, ideally in the recommended
 * `{ labels, series }` form ({@link ChartData}).
 *
 * @example
 * ```json
 * { "artifact_type": "chart", "title": "Trend", "content": { "chart_type": "line",
 *   "data": { "labels": ["Mon", "Tue"], "series": [{ "name": "Visits", "values": [120, 140] }] } } }
 * ```
 */
export const ChartArtifactSchema = z.looseObject({
  artifact_type: z.literal('chart'),
  ...base,
  content: z.looseObject(
    {
      chart_type: openString(KNOWN_CHART_TYPES),
      data: ChartArtifactDataSchema,
    },
    { error: 'must be an object with chart_type and data' },
  ),
});

/** A chart. */
export type ChartArtifact = z.infer<typeof ChartArtifactSchema>;

/** One section of a document: a heading and its body (markdown by default). */
export const DocumentSectionSchema = z.looseObject(
  { heading: str(), content: str() },
  { error: 'must be an object with heading and content' },
);

/** One section of a document. */
export type DocumentSection = z.infer<typeof DocumentSectionSchema>;

/**
 * A multi-section report. `format` says how section bodies are written
 * (`markdown` when absent).
 *
 * @example
 * ```json
 * { "artifact_type": "document", "title": "Report", "content": { "format": "markdown",
 *   "sections": [{ "heading": "Summary", "content": "Sales **grew**." }] } }
 * ```
 */
export const DocumentArtifactSchema = z.looseObject({
  artifact_type: z.literal('document'),
  ...base,
  content: z
    .looseObject(
      {
        format: openString(['markdown', 'text'] as const).nullish(),
        sections: z.array(DocumentSectionSchema, { error: 'must be an array of sections' }),
        section_count: count().nullish(),
      },
      { error: 'must be an object with sections' },
    )
    .superRefine((c, ctx) =>
      checkCount(ctx, c.sections.length, c.section_count, 'section_count', 'sections'),
    ),
});

/** A multi-section report. */
export type DocumentArtifact = z.infer<typeof DocumentArtifactSchema>;

/**
 * A code snippet and its language (`python`, `sql`, `ts`, ...; may be empty).
 *
 * @example
 * ```json
 * { "artifact_type": "code_block", "title": "Query", "content": { "code": "SELECT 1", "language": "sql" } }
 * ```
 */
export const CodeBlockArtifactSchema = z.looseObject({
  artifact_type: z.literal('code_block'),
  ...base,
  content: z
    .looseObject(
      { code: str(), language: str(), line_count: count().nullish() },
      { error: 'must be an object with code and language' },
    )
    .superRefine((c, ctx) =>
      checkCount(ctx, c.code.split('\n').length, c.line_count, 'line_count', 'lines in code'),
    ),
});

/** A code snippet. */
export type CodeBlockArtifact = z.infer<typeof CodeBlockArtifactSchema>;

/** One dated event of a timeline. */
export const TimelineEventSchema = z.looseObject(
  {
    timestamp: timestamp(),
    event: str(),
    status: str().nullish(),
    description: str().nullish(),
  },
  { error: 'must be an object with timestamp and event' },
);

/** One dated event of a timeline. */
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/**
 * A sequence of dated events, in the order to show them.
 *
 * @example
 * ```json
 * { "artifact_type": "timeline", "title": "Run", "content": { "events": [
 *   { "timestamp": "2026-02-07T14:50:00Z", "event": "Opened page", "status": "ok" }] } }
 * ```
 */
export const TimelineArtifactSchema = z.looseObject({
  artifact_type: z.literal('timeline'),
  ...base,
  content: z
    .looseObject(
      {
        events: z.array(TimelineEventSchema, { error: 'must be an array of events' }),
        event_count: count().nullish(),
        start_time: z.nullish(timestamp()),
        end_time: z.nullish(timestamp()),
      },
      { error: 'must be an object with events' },
    )
    .superRefine((c, ctx) => checkCount(ctx, c.events.length, c.event_count, 'event_count', 'events')),
});

/** A sequence of dated events. */
export type TimelineArtifact = z.infer<typeof TimelineArtifactSchema>;

/**
 * A file kept outside the envelope: the way to hand over heavy data.
 *
 * @example
 * ```json
 * { "artifact_type": "file_reference", "title": "Results Export",
 *   "content": { "file_path": "/outputs/quotes.csv", "file_type": "csv", "size_bytes": 2048 } }
 * ```
 */
export const FileReferenceArtifactSchema = z.looseObject({
  artifact_type: z.literal('file_reference'),
  ...base,
  content: z.looseObject(
    {
      file_path: notBlank('file_path'),
      file_type: str(),
      size_bytes: count().nullish(),
    },
    { error: 'must be an object with file_path and file_type' },
  ),
});

/** A file kept outside the envelope. */
export type FileReferenceArtifact = z.infer<typeof FileReferenceArtifactSchema>;

/**
 * Structured data: `content` is any JSON value.
 *
 * @example
 * ```json
 * { "artifact_type": "json_data", "title": "Config", "content": { "depth": 2, "tags": ["a"] } }
 * ```
 */
export const JsonDataArtifactSchema = z.looseObject({
  artifact_type: z.literal('json_data'),
  ...base,
  content: JsonValueSchema,
});

/** Structured data. */
export type JsonDataArtifact = z.infer<typeof JsonDataArtifactSchema>;

/**
 * The details of a mission awaiting approval: a {@link MissionReference} plus
 * any extra fields (budget, steps, ...).
 *
 * @example
 * ```json
 * { "artifact_type": "mission_draft", "title": "Mission Proposal", "metadata": { "awaiting_approval": true },
 *   "content": { "mission_id": "abc-123", "status": "proposed", "objective_type": "extract",
 *   "objective_description": "Find 50 quotes" } }
 * ```
 */
export const MissionDraftArtifactSchema = z.looseObject({
  artifact_type: z.literal('mission_draft'),
  ...base,
  content: MissionReferenceSchema,
});

/** The details of a mission awaiting approval. */
export type MissionDraftArtifact = z.infer<typeof MissionDraftArtifactSchema>;

/**
 * A summary of several signals, by reference only.
 *
 * @example
 * ```json
 * { "artifact_type": "signal_batch", "title": "Signals", "content": { "signals": [
 *   { "signal_type": "selector_outcome", "signal_layer": "selector", "signal_source": "web_navigator",
 *     "timestamp": "2026-02-07T14:50:41Z" }] } }
 * ```
 */
export const SignalBatchArtifactSchema = z.looseObject({
  artifact_type: z.literal('signal_batch'),
  ...base,
  content: z
    .looseObject(
      {
        signals: z.array(SignalReferenceSchema, { error: 'must be an array of signal references' }),
        signal_count: count().nullish(),
      },
      { error: 'must be an object with signals' },
    )
    .superRefine((c, ctx) => checkCount(ctx, c.signals.length, c.signal_count, 'signal_count', 'signals')),
});

/** A summary of several signals. */
export type SignalBatchArtifact = z.infer<typeof SignalBatchArtifactSchema>;

/** A number (integer or not), as Python's `round()` and counts write it. */
const num = () => z.number({ error: 'must be a number' });

/** A list of JSON objects, e.g. cost lines or human actions. */
const objects = () => z.array(JsonObjectSchema, { error: 'must be an array of objects' });

/**
 * The content of a unified proposal: the Python `UnifiedProposal.to_dict()`
 * (`backend/proposal_presenter.py`). Every field is optional, as the Python
 * `unified_proposal_response` reads each with a default; the typed fields must
 * have their type when present, and any other key holds any JSON value.
 */
export const UnifiedProposalContentSchema = z.looseObject(
  {
    mission_id: str().nullish(),
    mission_title: str().nullish(),
    objective: str().nullish(),
    executive_summary: str().nullish(),
    task_breakdown: JsonObjectSchema.nullish(),
    metrics: z
      .looseObject(
        {
          total_steps: num().nullish(),
          buddy_steps: num().nullish(),
          human_steps: num().nullish(),
          hybrid_steps: num().nullish(),
        },
        { error: 'must be an object' },
      )
      .nullish(),
    costs: z
      .looseObject(
        { total_usd: num().nullish(), breakdown: objects().nullish() },
        { error: 'must be an object' },
      )
      .nullish(),
    time: z
      .looseObject(
        {
          buddy_seconds: num().nullish(),
          human_minutes: num().nullish(),
          total_minutes: num().nullish(),
        },
        { error: 'must be an object' },
      )
      .nullish(),
    human_involvement: z
      .looseObject(
        {
          requires_approval: z.boolean({ error: 'must be a boolean' }).nullish(),
          has_blocking_steps: z.boolean({ error: 'must be a boolean' }).nullish(),
          actions_required: objects().nullish(),
        },
        { error: 'must be an object' },
      )
      .nullish(),
    next_steps: z
      .looseObject(
        {
          approval_options: z.array(str(), { error: 'must be an array of strings' }).nullish(),
          what_happens_next: str().nullish(),
        },
        { error: 'must be an object' },
      )
      .nullish(),
    metadata: z
      .looseObject(
        { created_at: str().nullish(), proposal_version: str().nullish() },
        { error: 'must be an object' },
      )
      .nullish(),
  },
  { error: 'must be an object' },
);

/** The content of a unified proposal. */
export type UnifiedProposalContent = z.infer<typeof UnifiedProposalContentSchema>;

/**
 * A cohesive mission proposal for the user to approve: what the agent and the
 * human will do, the costs, the time and the approval options, in one
 * artifact. Not in the contract's list of nine, but emitted by the Python
 * reference (`unified_proposal_response`), usually with metadata
 * `{ awaiting_approval, mission_id, requires_approval }`.
 *
 * @example
 * ```json
 * { "artifact_type": "unified_proposal", "title": "Mission Proposal",
 *   "metadata": { "awaiting_approval": true, "mission_id": "m-1", "requires_approval": true },
 *   "content": { "mission_id": "m-1", "mission_title": "Research React", "costs": { "total_usd": 0.67 },
 *   "time": { "total_minutes": 10 }, "next_steps": { "approval_options": ["Approve", "Reject"] } } }
 * ```
 */
export const UnifiedProposalArtifactSchema = z.looseObject({
  artifact_type: z.literal('unified_proposal'),
  ...base,
  content: UnifiedProposalContentSchema,
});

/** A cohesive mission proposal. */
export type UnifiedProposalArtifact = z.infer<typeof UnifiedProposalArtifactSchema>;

/**
 * A typed artifact, discriminated on `artifact_type`. Its fields sit in
 * `content`, as the Python backends serialize them:
 * `{ artifact_type, title, content, metadata, timestamp }`.
 *
 * @example
 * ```ts
 * if (artifact.artifact_type === 'table') console.log(artifact.content.columns)
 * ```
 */
export const ArtifactSchema = z.discriminatedUnion(
  'artifact_type',
  [
    TableArtifactSchema,
    ChartArtifactSchema,
    DocumentArtifactSchema,
    CodeBlockArtifactSchema,
    TimelineArtifactSchema,
    FileReferenceArtifactSchema,
    JsonDataArtifactSchema,
    MissionDraftArtifactSchema,
    SignalBatchArtifactSchema,
    UnifiedProposalArtifactSchema,
  ],
  { error: `must be one of ${ARTIFACT_TYPES.join(', ')} (lower case)` },
);

/** A typed artifact. */
export type Artifact = z.infer<typeof ArtifactSchema>;
