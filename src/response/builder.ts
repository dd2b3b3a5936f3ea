import { isRecord } from '../internal/index.js';
import type {
  Artifact,
  ChartData,
  DocumentSection,
  KNOWN_CHART_TYPES,
  TableCell,
  TimelineEvent,
  UnifiedProposalContent,
} from './artifacts.js';
import { ResponseValidationError } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';
import { type ResponseLimits, resolveLimits } from './limits.js';
import type { MissionReference, SignalLayer, SignalReference } from './references.js';
import {
  type Clarification,
  RESPONSE_ENVELOPE_VERSION,
  type ResponseEnvelope,
  type ResponseMetadataError,
  type ResponseMetadataStatus,
  type ResponseType,
  type UIHints,
} from './schemas.js';
import { inferResponseStatus, type StatusSource } from './status.js';
import { checkResponseEnvelope, checkSeriesChartData } from './validate.js';

/** Options of a {@link ResponseBuilder}. */
export interface ResponseBuilderOptions {
  /**
   * Size limits `build()` enforces; unset ones keep their defaults.
   * @default DEFAULT_RESPONSE_LIMITS
   * @example { maxTableRows: 200 }
   */
  limits?: Partial<ResponseLimits>;
  /**
   * Where timestamps come from (tests pass a fixed clock).
   * @default () => new Date()
   * @example () => new Date('2026-02-07T14:50:41Z')
   */
  clock?: () => Date;
}

/** Options every `add*` artifact method takes. */
export interface ArtifactOptions {
  /**
   * Free-form artifact metadata (JSON), e.g. `{ source: 'crm' }`.
   * @default {}
   */
  metadata?: JsonObject;
  /**
   * When the artifact was produced, ISO 8601.
   * @default the builder clock's current time, with `Z`
   */
  timestamp?: string;
}

/** Options of {@link ResponseBuilder.addDocument}. */
export interface DocumentOptions extends ArtifactOptions {
  /**
   * How the section bodies are written.
   * @default 'markdown'
   */
  format?: 'markdown' | 'text' | (string & {});
}

/** Options of {@link ResponseBuilder.addFileReference}. */
export interface FileReferenceOptions extends ArtifactOptions {
  /** Size of the file in bytes, when known. */
  sizeBytes?: number;
}

/** A chart type: a known one, or any string a UI may know. */
export type ChartType = (typeof KNOWN_CHART_TYPES)[number] | (string & {});

/** One table row: exactly one cell per column when the columns are a tuple (`as const`). */
export type TableRow<C extends readonly string[]> = { readonly [K in keyof C]: TableCell };

/** A mission reference as `addMission` and `addMissionDraft` take it: `timestamp` defaults to now. */
export type MissionReferenceInput = MissionReference;

/**
 * A signal reference as `addSignal` and `addSignalBatch` take it: like
 * {@link SignalReference}, but `timestamp` defaults to now.
 */
export interface SignalReferenceInput {
  /** What happened, e.g. `selector_outcome`, `navigation_intent`. */
  signal_type: string;
  /** Where it comes from. */
  signal_layer: SignalLayer;
  /** Who emitted it, e.g. `web_navigator`. */
  signal_source: string;
  /** When, ISO 8601. @default now */
  timestamp?: string | undefined;
  /** One human line, no data. */
  summary?: string | null | undefined;
  /** Extra keys are kept. */
  [key: string]: unknown;
}

/** The typed metadata conventions `metadata(key, value)` completes. */
export interface MetadataConventions {
  /** What the agent understood the user wants, e.g. `execute`. */
  intent_classification: string;
  /** Confidence from 0 to 1 (0.87 means 87 %). */
  confidence: number;
  /** Outcome; inferred by `build()` when unset. */
  status: ResponseMetadataStatus;
  /** Id of the mission this response reports on. */
  mission_id: string;
  /** How long the mission ran, in milliseconds. */
  mission_duration_ms: number;
  /** How many items the mission collected. */
  items_collected: number;
  /** What went wrong: a short code such as `timeout`, or `{ code, message, details }`. */
  error: ResponseMetadataError;
  /** Human message of the error. */
  error_message: string;
  /** Structured error details. */
  error_details: JsonObject;
  /** The question of a clarification request. */
  clarification: Clarification;
}

/** A metadata key: a conventional one (completed by editors) or any other string. */
export type MetadataKey = keyof MetadataConventions | (string & {});

/** The value type `metadata(key, value)` expects for `key`. */
export type MetadataValue<K extends string> = K extends keyof MetadataConventions
  ? MetadataConventions[K]
  : JsonValue;

/** An error as {@link ResponseBuilder.error} takes it. */
export type ResponseErrorInput =
  | string
  | Error
  | { code?: string | number; message: string; details?: JsonObject };

/** The never-throw answer of {@link ResponseBuilder.safeBuild}. */
export type ResponseBuildResult =
  | { readonly ok: true; readonly envelope: ResponseEnvelope }
  | { readonly ok: false; readonly errors: readonly string[] };

interface BuilderState {
  readonly responseType: ResponseType;
  readonly summary: string;
  readonly artifacts: readonly Artifact[];
  readonly missions: readonly MissionReference[];
  readonly signals: readonly SignalReference[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly uiHints: UIHints | undefined;
  readonly liveStreamId: string | undefined;
  /** Indexes in `artifacts` of the charts `addChart` added: their data must be in the recommended form. */
  readonly seriesCharts: readonly number[];
  readonly limits: ResponseLimits;
  readonly clock: () => Date;
}

/**
 * Copies an array (so later changes by the caller do not leak in), mapping
 * each item. A non-array (from untyped callers) is kept as is, for `build()`
 * to report at its path instead of throwing here.
 */
function copyArray<T, U>(value: readonly T[], map: (item: T) => U): U[] {
  return Array.isArray(value) ? value.map(map) : (value as unknown as U[]);
}

/** A shallow copy of a plain object; anything else is kept for `build()` to report. */
function copyObject<T>(value: T): T {
  return value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
    ? { ...value }
    : value;
}

/**
 * A table cell as it is now: an object or array cell is cloned, so that later
 * changes by the caller do not leak in; one that cannot be cloned (a function,
 * ...) is kept for `build()` to report.
 */
function copyCell(cell: TableCell): TableCell {
  if (cell === null || typeof cell !== 'object') return cell;
  try {
    return structuredClone(cell);
  } catch {
    return cell;
  }
}

/** The artifact metadata Python's `unified_proposal_response` writes. */
function proposalMetadata(proposal: UnifiedProposalContent): JsonObject {
  if (!isRecord(proposal)) return { awaiting_approval: true };
  const p = proposal as UnifiedProposalContent;
  const requires = p.human_involvement?.requires_approval;
  return {
    awaiting_approval: true,
    mission_id: p.mission_id ?? null,
    requires_approval: typeof requires === 'boolean' ? requires : true,
  };
}

const lengthOf = (value: readonly unknown[]): number | undefined =>
  Array.isArray(value) ? value.length : undefined;

function definedOnly<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A fluent, immutable builder of ResponseEnvelope v2. Every method returns a
 * **new** builder and leaves the one it was called on untouched, so a partly
 * configured builder can be shared and branched. `build()` fills `timestamp`
 * and `version`, infers `metadata.status` when unset, validates (contract and
 * size limits) and throws {@link ResponseValidationError} naming each bad
 * field.
 *
 * @example
 * ```ts
 * const envelope = new ResponseBuilder()
 *   .type('report')
 *   .summary('Mission completed!')
 *   .metadata('mission_id', 'abc-123')
 *   .confidence(0.87)
 *   .addTable('Results', ['ID', 'Name'], [[1, 'Item A'], [2, 'Item B']])
 *   .build()
 * ```
 */
export class ResponseBuilder {
  #state: BuilderState;

  /** Starts an empty `text` response. */
  constructor(options: ResponseBuilderOptions = {}) {
    this.#state = {
      responseType: 'text',
      summary: '',
      artifacts: [],
      missions: [],
      signals: [],
      metadata: {},
      uiHints: undefined,
      liveStreamId: undefined,
      seriesCharts: [],
      limits: resolveLimits(options.limits),
      clock: options.clock ?? (() => new Date()),
    };
  }

  #with(patch: Partial<BuilderState>): ResponseBuilder {
    const next = new ResponseBuilder();
    next.#state = { ...this.#state, ...patch };
    return next;
  }

  /** Now, ISO 8601 with `Z`; a broken clock yields a value `build()` reports as an invalid timestamp. */
  #now(): string {
    try {
      return this.#state.clock().toISOString();
    } catch {
      return 'invalid date from the builder clock';
    }
  }

  #artifact(
    artifactType: Artifact['artifact_type'],
    title: string,
    content: unknown,
    options: ArtifactOptions | undefined,
    defaultMetadata: JsonObject = {},
  ): ResponseBuilder {
    const artifact = {
      artifact_type: artifactType,
      title,
      content,
      metadata: options?.metadata ?? defaultMetadata,
      timestamp: options?.timestamp ?? this.#now(),
    } as Artifact;
    return this.#with({ artifacts: [...this.#state.artifacts, artifact] });
  }

  /**
   * A plain text answer.
   *
   * @example
   * ```ts
   * ResponseBuilder.text('Found 50 quotes successfully').build()
   * ```
   */
  static text(summary: string, options?: ResponseBuilderOptions): ResponseBuilder {
    return new ResponseBuilder(options).type('text').summary(summary);
  }

  /**
   * A clarification request: the agent needs an answer before it can go on.
   * `metadata.status` is inferred as `blocked`; the options become the
   * suggested actions.
   *
   * @example
   * ```ts
   * ResponseBuilder.clarification('Which region?', ['EMEA', 'APAC']).build()
   * ```
   */
  static clarification(
    question: string,
    options: readonly string[] = [],
    context?: JsonObject,
    builderOptions?: ResponseBuilderOptions,
  ): ResponseBuilder {
    return new ResponseBuilder(builderOptions)
      .type('clarification_request')
      .summary(question)
      .metadata('clarification', definedOnly({ question, options: [...options], context }))
      .uiHints({
        priority: 'urgent',
        color_scheme: 'info',
        icon: 'question',
        suggested_actions: options.length ? [...options] : ['Respond', 'Cancel'],
      });
  }

  /**
   * A failed response: `metadata.error` (and `error_message`) are set, so
   * `metadata.status` is inferred as `failed`. An `Error` contributes its
   * message and string `code` only (never its stack).
   *
   * @example
   * ```ts
   * ResponseBuilder.error('Navigation failed', 'timeout').build()
   * ResponseBuilder.error('Export failed', { code: 'DISK_FULL', message: 'No space left' }).build()
   * ```
   */
  static error(
    summary: string,
    error: ResponseErrorInput,
    options?: ResponseBuilderOptions,
  ): ResponseBuilder {
    let value: ResponseMetadataError;
    let message: string;
    if (typeof error === 'string') {
      value = error;
      message = error;
    } else if (error instanceof Error) {
      const code = (error as { code?: unknown }).code;
      value = definedOnly({ code: typeof code === 'string' ? code : undefined, message: error.message });
      message = error.message;
    } else {
      value = definedOnly({ code: error.code, message: error.message, details: error.details });
      message = error.message;
    }
    return new ResponseBuilder(options)
      .type('text')
      .summary(summary)
      .metadata('error', value)
      .metadata('error_message', message)
      .uiHints({
        priority: 'urgent',
        color_scheme: 'error',
        icon: 'alert',
        suggested_actions: ['Retry', 'Cancel'],
      });
  }

  /**
   * A mission proposal awaiting approval, as the Python
   * `unified_proposal_response` builds it: type `artifact_bundle`, a summary
   * naming the mission, its cost and time, one `unified_proposal` artifact
   * titled `Mission Proposal`, and UI hints suggesting the approval options
   * (default `Approve`, `Reject`) in a modal.
   *
   * @example
   * ```ts
   * ResponseBuilder.unifiedProposal({ mission_id: 'm-1', mission_title: 'Research React',
   *   costs: { total_usd: 0.67 }, time: { total_minutes: 10 } }).build()
   * // summary: 'Mission proposal: Research React. Estimated cost: $0.67, time: ~10min. Review details below.'
   * ```
   */
  static unifiedProposal(
    proposal: UnifiedProposalContent,
    options?: ResponseBuilderOptions,
  ): ResponseBuilder {
    const p: Partial<UnifiedProposalContent> = isRecord(proposal) ? proposal : {};
    const title = p.mission_title ?? 'Mission';
    const cost = typeof p.costs?.total_usd === 'number' ? p.costs.total_usd : 0;
    const minutes = p.time?.total_minutes ?? 0;
    const actions = p.next_steps?.approval_options ?? ['Approve', 'Reject'];
    return new ResponseBuilder(options)
      .type('artifact_bundle')
      .summary(
        `Mission proposal: ${title}. Estimated cost: $${cost.toFixed(2)}, time: ~${minutes}min. Review details below.`,
      )
      .addUnifiedProposal('Mission Proposal', proposal)
      .uiHints({
        priority: 'normal',
        color_scheme: 'info',
        icon: 'clipboard-list',
        suggested_actions: Array.isArray(actions) ? [...actions] : actions,
        layout: 'modal',
      });
  }

  /**
   * The answer of an agent that started a streamed run: type
   * `live_execution`, a summary naming the module and what it writes, and
   * `live_stream_id` = the run id, which a UI follows at
   * `GET /api/v1/runs/{live_stream_id}/events` (docs/streaming.md). Takes the
   * run's `run.started` event (or any object with its fields).
   *
   * @example
   * ```ts
   * ResponseBuilder.liveExecution(runStartedEvent).build()
   * // { response_type: 'live_execution', live_stream_id: 'c1f…', summary: 'Generating 3 campaigns deliverables: …' }
   * ```
   */
  static liveExecution(
    run: {
      readonly run_id: string;
      readonly module: string;
      readonly deliverables: readonly { readonly title: string }[];
    },
    options?: ResponseBuilderOptions,
  ): ResponseBuilder {
    const titles = run.deliverables.map((d) => d.title).filter((t) => t.trim() !== '');
    const listed =
      titles.length > 0 ? `: ${titles.slice(0, 5).join(', ')}${titles.length > 5 ? ', …' : ''}` : '';
    return new ResponseBuilder(options)
      .type('live_execution')
      .summary(
        `Generating ${run.deliverables.length} ${run.module} deliverables${listed}. Follow the run live.`,
      )
      .liveStream(run.run_id)
      .uiHints({
        priority: 'background',
        color_scheme: 'info',
        icon: 'activity',
        suggested_actions: ['Stop'],
      });
  }

  /** Sets the response type. @default 'text' */
  type(responseType: ResponseType): ResponseBuilder {
    return this.#with({ responseType });
  }

  /** Sets the human-readable summary (required, not blank). */
  summary(text: string): ResponseBuilder {
    return this.#with({ summary: text });
  }

  /**
   * Sets one metadata entry. Conventional keys (`confidence`, `status`,
   * `intent_classification`, `mission_id`, ...) are completed and typed; any
   * other key takes a JSON value.
   *
   * @example
   * ```ts
   * builder.metadata('intent_classification', 'execute').metadata('items_collected', 50)
   * ```
   */
  metadata<K extends MetadataKey>(key: K, value: MetadataValue<K>): ResponseBuilder {
    return this.#with({ metadata: { ...this.#state.metadata, [key]: value } });
  }

  /** Sets `metadata.confidence`, from 0 to 1. */
  confidence(value: number): ResponseBuilder {
    return this.metadata('confidence', value);
  }

  /** Sets `metadata.status` explicitly (otherwise `build()` infers it). */
  status(value: ResponseMetadataStatus): ResponseBuilder {
    return this.metadata('status', value);
  }

  /**
   * Adds a table. Each row needs one cell per column (checked by `build()`);
   * pass the columns `as const` to have the compiler check each row's length
   * too.
   *
   * @example
   * ```ts
   * builder.addTable('Results', ['ID', 'Name', 'Value'], [[1, 'Item A', 100], [2, 'Item B', 200]])
   * ```
   */
  addTable<C extends readonly string[]>(
    title: string,
    columns: C,
    rows: ReadonlyArray<NoInfer<TableRow<C>>>,
    options?: ArtifactOptions,
  ): ResponseBuilder {
    const content = {
      columns: copyArray(columns, (c) => c),
      rows: copyArray(rows, (row) => copyArray(row as readonly TableCell[], copyCell)),
      row_count: lengthOf(rows),
      column_count: lengthOf(columns),
    };
    return this.#artifact('table', title, content, options);
  }

  /**
   * Adds a chart: a type and its data in the recommended form (labels, and at
   * least one series with one value or `null` per label), which `build()`
   * checks. The validator accepts any JSON object as chart data (as the Python
   * reference does); to pass on free-form data received elsewhere, use
   * {@link ResponseBuilder.addArtifact}.
   *
   * @example
   * ```ts
   * builder.addChart('Trend', 'line', { labels: ['Mon', 'Tue'], series: [{ name: 'Visits', values: [120, 140] }] })
   * ```
   */
  addChart(title: string, chartType: ChartType, data: ChartData, options?: ArtifactOptions): ResponseBuilder {
    const index = this.#state.artifacts.length;
    const next = this.#artifact('chart', title, { chart_type: chartType, data: copyObject(data) }, options);
    next.#state = { ...next.#state, seriesCharts: [...this.#state.seriesCharts, index] };
    return next;
  }

  /**
   * Adds a multi-section document.
   *
   * @example
   * ```ts
   * builder.addDocument('Report', [{ heading: 'Summary', content: 'Sales **grew** 12 %.' }])
   * ```
   */
  addDocument(
    title: string,
    sections: readonly DocumentSection[],
    options?: DocumentOptions,
  ): ResponseBuilder {
    const content = {
      format: options?.format ?? 'markdown',
      sections: copyArray(sections, copyObject),
      section_count: lengthOf(sections),
    };
    return this.#artifact('document', title, content, options);
  }

  /**
   * Adds a code snippet.
   *
   * @example
   * ```ts
   * builder.addCodeBlock('Query', 'SELECT * FROM quotes LIMIT 50', 'sql')
   * ```
   */
  addCodeBlock(title: string, code: string, language: string, options?: ArtifactOptions): ResponseBuilder {
    return this.#artifact(
      'code_block',
      title,
      { code, language, line_count: typeof code === 'string' ? code.split('\n').length : undefined },
      options,
    );
  }

  /**
   * Adds a timeline of dated events, in display order.
   *
   * @example
   * ```ts
   * builder.addTimeline('Run', [{ timestamp: '2026-02-07T14:50:00Z', event: 'Opened page', status: 'ok' }])
   * ```
   */
  addTimeline(title: string, events: readonly TimelineEvent[], options?: ArtifactOptions): ResponseBuilder {
    const content = definedOnly({
      events: copyArray(events, copyObject),
      event_count: lengthOf(events),
      start_time: Array.isArray(events) ? events[0]?.timestamp : undefined,
      end_time: Array.isArray(events) ? events.at(-1)?.timestamp : undefined,
    });
    return this.#artifact('timeline', title, content, options);
  }

  /**
   * Adds a reference to a file kept outside the envelope: where heavy data goes.
   *
   * @example
   * ```ts
   * builder.addFileReference('Results Export', '/outputs/quotes.csv', 'csv', { sizeBytes: 2048 })
   * ```
   */
  addFileReference(
    title: string,
    filePath: string,
    fileType: string,
    options?: FileReferenceOptions,
  ): ResponseBuilder {
    const content = { file_path: filePath, file_type: fileType, size_bytes: options?.sizeBytes ?? null };
    return this.#artifact('file_reference', title, content, options);
  }

  /**
   * Adds structured JSON data.
   *
   * @example
   * ```ts
   * builder.addJson('Settings', { depth: 2, follow_links: true })
   * ```
   */
  addJson(title: string, data: JsonValue, options?: ArtifactOptions): ResponseBuilder {
    return this.#artifact('json_data', title, data, options);
  }

  /**
   * Adds the details of a mission for the user to review. Its metadata
   * defaults to `{ awaiting_approval: true }` for a `proposed` mission. Pair it
   * with {@link ResponseBuilder.addMission} to also list it in `missions_spawned`.
   *
   * @example
   * ```ts
   * builder.addMissionDraft('Mission Proposal', {
   *   mission_id: 'abc-123', status: 'proposed', objective_type: 'extract', objective_description: 'Find 50 quotes',
   * })
   * ```
   */
  addMissionDraft(title: string, mission: MissionReferenceInput, options?: ArtifactOptions): ResponseBuilder {
    const metadata: JsonObject = mission?.status === 'proposed' ? { awaiting_approval: true } : {};
    return this.#artifact('mission_draft', title, copyObject(mission), options, metadata);
  }

  /**
   * Adds a summary of several signals (references only). Signals without a
   * timestamp get the current time.
   *
   * @example
   * ```ts
   * builder.addSignalBatch('Signals', [{ signal_type: 'selector_outcome', signal_layer: 'selector', signal_source: 'web_navigator' }])
   * ```
   */
  addSignalBatch(
    title: string,
    signals: readonly SignalReferenceInput[],
    options?: ArtifactOptions,
  ): ResponseBuilder {
    const content = { signals: copyArray(signals, (s) => this.#signal(s)), signal_count: lengthOf(signals) };
    return this.#artifact('signal_batch', title, content, options);
  }

  /**
   * Adds a unified proposal: one artifact with everything the user needs to
   * approve a mission (steps, costs, time, human actions, approval options),
   * as the Python `UnifiedProposal.to_dict()` writes it. Its metadata defaults
   * to Python's `{ awaiting_approval: true, mission_id, requires_approval }`
   * (`requires_approval` from `human_involvement`, `true` when absent).
   *
   * @example
   * ```ts
   * builder.addUnifiedProposal('Mission Proposal', {
   *   mission_id: 'm-1', mission_title: 'Research React', costs: { total_usd: 0.67 },
   *   next_steps: { approval_options: ['Approve', 'Reject'] },
   * })
   * ```
   */
  addUnifiedProposal(
    title: string,
    proposal: UnifiedProposalContent,
    options?: ArtifactOptions,
  ): ResponseBuilder {
    return this.#artifact(
      'unified_proposal',
      title,
      copyObject(proposal),
      options,
      proposalMetadata(proposal),
    );
  }

  /**
   * Adds an artifact built elsewhere (e.g. received from another agent). Its
   * `timestamp` defaults to now.
   */
  addArtifact(artifact: Artifact): ResponseBuilder {
    const withTime =
      artifact !== null && typeof artifact === 'object'
        ? ({ ...artifact, timestamp: artifact.timestamp ?? this.#now() } as Artifact)
        : artifact; // reported by build()
    return this.#with({ artifacts: [...this.#state.artifacts, withTime] });
  }

  /**
   * Lists a proposed or started mission in `missions_spawned`. Its
   * `timestamp` defaults to now.
   *
   * @example
   * ```ts
   * builder.addMission({ mission_id: 'abc-123', status: 'proposed', objective_type: 'extract', objective_description: 'Find 50 quotes' })
   * ```
   */
  addMission(mission: MissionReferenceInput): ResponseBuilder {
    const ref =
      mission !== null && typeof mission === 'object'
        ? ({ ...mission, timestamp: mission.timestamp ?? this.#now() } as MissionReference)
        : mission; // reported by build()
    return this.#with({ missions: [...this.#state.missions, ref] });
  }

  #signal(signal: SignalReferenceInput): SignalReference {
    if (signal === null || typeof signal !== 'object') return signal as never; // reported by build()
    return { ...signal, timestamp: signal.timestamp ?? this.#now() } as SignalReference;
  }

  /**
   * Lists an emitted signal in `signals_emitted` (a reference, no data). Its
   * `timestamp` defaults to now.
   *
   * @example
   * ```ts
   * builder.addSignal({ signal_type: 'selector_outcome', signal_layer: 'selector', signal_source: 'web_navigator',
   *   timestamp: '2026-02-07T14:50:41.828368Z', summary: 'Found pagination link (xpath)' })
   * ```
   */
  addSignal(signal: SignalReferenceInput): ResponseBuilder {
    return this.#with({ signals: [...this.#state.signals, this.#signal(signal)] });
  }

  /**
   * Merges display suggestions into `ui_hints` (later calls override earlier
   * keys).
   *
   * @example
   * ```ts
   * builder.uiHints({ layout: 'split', color_scheme: 'success', suggested_actions: ['Export'] })
   * ```
   */
  uiHints(hints: UIHints): ResponseBuilder {
    return this.#with({ uiHints: { ...this.#state.uiHints, ...hints } });
  }

  /** Attaches the id of a live execution stream the UI may subscribe to. */
  liveStream(liveStreamId: string): ResponseBuilder {
    return this.#with({ liveStreamId });
  }

  /** The envelope as it would be built, before validation. */
  #draft(): Record<string, unknown> {
    const s = this.#state;
    const metadata: Record<string, unknown> = { ...s.metadata };
    metadata.status = inferResponseStatus({
      response_type: s.responseType,
      metadata: s.metadata as StatusSource['metadata'],
    });
    return definedOnly({
      response_type: s.responseType,
      summary: s.summary,
      artifacts: [...s.artifacts],
      missions_spawned: [...s.missions],
      signals_emitted: [...s.signals],
      metadata,
      ui_hints: s.uiHints,
      timestamp: this.#now(),
      live_stream_id: s.liveStreamId,
      version: RESPONSE_ENVELOPE_VERSION,
    });
  }

  /**
   * Builds and validates the envelope without throwing.
   *
   * @example
   * ```ts
   * const result = builder.safeBuild()
   * if (!result.ok) console.error(result.errors)
   * ```
   */
  safeBuild(): ResponseBuildResult {
    let draft: Record<string, unknown>;
    try {
      draft = this.#draft();
    } catch {
      return { ok: false, errors: ['timestamp: the builder clock did not return a valid Date'] };
    }
    const { errors, envelope } = checkResponseEnvelope(draft, this.#state.limits);
    const chartErrors = this.#state.seriesCharts.flatMap((i) => {
      const artifact: unknown = this.#state.artifacts[i];
      const content = isRecord(artifact) ? artifact.content : undefined;
      return isRecord(content) ? checkSeriesChartData(content.data, ['artifacts', i, 'content', 'data']) : [];
    });
    const all = [...chartErrors.filter((e) => !errors.includes(e)), ...errors];
    return envelope && all.length === 0 ? { ok: true, envelope } : { ok: false, errors: all };
  }

  /**
   * Builds the envelope: fills `timestamp` and `version` (`"2.0"`), infers
   * `metadata.status` when unset, validates against the contract and the size
   * limits, and throws {@link ResponseValidationError} (code
   * `RESPONSE_INVALID`) naming each bad field.
   *
   * @example
   * ```ts
   * const envelope = ResponseBuilder.text('Done').confidence(0.9).build()
   * envelope.metadata.status // 'ok'
   * ```
   */
  build(): ResponseEnvelope {
    const result = this.safeBuild();
    if (!result.ok) throw new ResponseValidationError(result.errors);
    return result.envelope;
  }
}
