import type * as z from 'zod/mini';
import { ENGLISH, formatIssues } from '../internal/index.js';
import { EnvelopeValidationError } from './errors.js';
import {
  type Deliverable,
  type DeliverableAssets,
  type DeliverableKind,
  DeliverableSchema,
  type FailedEnvelope,
  FailedEnvelopeSchema,
  type PartialEnvelope,
  PartialEnvelopeSchema,
  type ResponseMeta,
  type SuccessEnvelope,
  SuccessEnvelopeSchema,
} from './schemas.js';

/** Options of {@link createDeliverable} (camelCase; the result is wire snake_case). */
export interface DeliverableInput {
  /** What the content is. */
  kind: DeliverableKind;
  /** Human title; may be empty. */
  title: string;
  /** The content itself; must not be blank. */
  contentMarkdown: string;
  /** Unique id. @default a random UUID */
  id?: string;
  /** Target platform, e.g. `linkedin`. @default null */
  platform?: string | null;
  /** Hashtags without or with `#`. @default [] */
  hashtags?: string[];
  /** Media. @default null */
  assets?: DeliverableAssets | null;
  /** Free-form metadata. @default {} */
  metadata?: Record<string, unknown>;
}

/** Common options of the success and partial builders. */
export interface EnvelopeRunOptions {
  /** Producing module, e.g. `campaigns`. */
  module: string;
  /** Run id. @default a random UUID */
  runId?: string;
  /** The deliverables, from {@link createDeliverable} or as camelCase input. */
  deliverables: ReadonlyArray<Deliverable | DeliverableInput>;
  /** LLM provider that produced them, e.g. `openai`. */
  provider: string;
  /** Model name. */
  model?: string;
  /** Total cost in USD. */
  costUsd?: number;
  /** Total tokens. */
  tokensUsed?: number;
  /** Trace id echoed from the request's `X-Trace-ID`. */
  traceId?: string;
  /** Warnings, e.g. one per provider fallback. @default [] */
  warnings?: string[];
  /** ISO timestamp. @default now, with `Z` */
  timestamp?: string;
  /** Optional debug payload. @default null */
  raw?: Record<string, unknown> | null;
}

/** Options of {@link createSuccessEnvelope}. */
export type SuccessEnvelopeOptions = EnvelopeRunOptions;

/** Options of {@link createPartialEnvelope}: a run where some deliverables failed. */
export interface PartialEnvelopeOptions extends EnvelopeRunOptions {
  /** What failed, if one error sums it up. */
  error?: { type: string; message: string; code?: number; details?: Record<string, unknown> };
}

/** Options of {@link createFailedEnvelope}. */
export interface FailedEnvelopeOptions {
  /** Producing module, e.g. `campaigns`. */
  module: string;
  /** Run id. @default a random UUID */
  runId?: string;
  /** Error type, e.g. `VALIDATION_ERROR`, `TIMEOUT`, `HTTP_502`. */
  errorType: string;
  /** Human message. */
  message: string;
  /** Trace id. */
  traceId?: string;
  /** HTTP status code, if any. */
  code?: number;
  /** Structured details. */
  details?: Record<string, unknown>;
  /** Provider. @default "none" */
  provider?: string;
  /** ISO timestamp. @default now, with `Z` */
  timestamp?: string;
  /** Optional debug payload. @default null */
  raw?: Record<string, unknown> | null;
}

const newId = (): string => globalThis.crypto.randomUUID();

function check<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value, ENGLISH);
  if (!result.success) throw new EnvelopeValidationError(formatIssues(result.error.issues, value), what);
  return result.data;
}

function definedOnly<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function toWire(d: Deliverable | DeliverableInput): Record<string, unknown> {
  if ('content_markdown' in d) return { ...d };
  return {
    id: d.id ?? newId(),
    kind: d.kind,
    title: d.title,
    content_markdown: d.contentMarkdown,
    platform: d.platform ?? null,
    hashtags: d.hashtags ?? [],
    assets: d.assets ?? null,
    metadata: d.metadata ?? {},
  };
}

/**
 * Builds one deliverable in wire form, with Python's defaults for unset fields.
 * Throws {@link EnvelopeValidationError} when the content is blank.
 *
 * @example
 * ```ts
 * const post = createDeliverable({ kind: 'linkedin_post', title: 'Launch', contentMarkdown: '# Hello' })
 * ```
 */
export function createDeliverable(input: DeliverableInput): Deliverable {
  return check(DeliverableSchema, toWire(input), 'deliverable');
}

function meta(o: EnvelopeRunOptions | FailedEnvelopeOptions, runId: string, provider: string): ResponseMeta {
  const run = o as Partial<EnvelopeRunOptions>;
  return definedOnly({
    timestamp: o.timestamp ?? new Date().toISOString(),
    run_id: runId,
    provider,
    model: run.model,
    cost_usd: run.costUsd,
    tokens_used: run.tokensUsed,
    warnings: run.warnings ?? [],
    trace_id: o.traceId,
  });
}

function runEnvelope(status: 'SUCCESS' | 'PARTIAL', o: PartialEnvelopeOptions) {
  const runId = o.runId ?? newId();
  return {
    status,
    module: o.module,
    run_id: runId,
    meta: meta(o, runId, o.provider),
    deliverables: o.deliverables.map(toWire),
    raw: o.raw ?? null,
    error: o.error ? definedOnly({ ...o.error, trace_id: o.traceId }) : null,
  };
}

/**
 * Builds a SUCCESS envelope. Throws {@link EnvelopeValidationError} when it
 * would not validate (no deliverables, blank content, ...).
 *
 * @example
 * ```ts
 * const envelope = createSuccessEnvelope({
 *   module: 'campaigns',
 *   provider: 'openai',
 *   deliverables: [{ kind: 'email_copy', title: 'Welcome', contentMarkdown: 'Hi there' }],
 * })
 * ```
 */
export function createSuccessEnvelope(options: SuccessEnvelopeOptions): SuccessEnvelope {
  return check(SuccessEnvelopeSchema, runEnvelope('SUCCESS', options), 'SUCCESS envelope');
}

/**
 * Builds a PARTIAL envelope: what was generated, plus warnings (and optionally
 * an error) for what was not.
 *
 * @example
 * ```ts
 * createPartialEnvelope({ module: 'campaigns', provider: 'anthropic', deliverables, warnings: ['email_copy failed: TIMEOUT'] })
 * ```
 */
export function createPartialEnvelope(options: PartialEnvelopeOptions): PartialEnvelope {
  return check(PartialEnvelopeSchema, runEnvelope('PARTIAL', options), 'PARTIAL envelope');
}

/**
 * Builds a FAILED envelope: no deliverables, `meta.provider` `"none"`, and the error.
 *
 * @example
 * ```ts
 * createFailedEnvelope({ module: 'campaigns', errorType: 'TIMEOUT', message: 'The model did not answer in 30 s', code: 504 })
 * ```
 */
export function createFailedEnvelope(options: FailedEnvelopeOptions): FailedEnvelope {
  const runId = options.runId ?? newId();
  return check(
    FailedEnvelopeSchema,
    {
      status: 'FAILED',
      module: options.module,
      run_id: runId,
      meta: meta(options, runId, options.provider ?? 'none'),
      deliverables: [],
      raw: options.raw ?? null,
      error: definedOnly({
        type: options.errorType,
        message: options.message,
        trace_id: options.traceId,
        code: options.code,
        details: options.details,
      }),
    },
    'FAILED envelope',
  );
}
