import * as z from 'zod';
import { ArtifactSchema } from './artifacts.js';
import { count, lowerCaseEnum, notBlank, openString, str, timestamp } from './common.js';
import { JsonObjectSchema, JsonValueSchema } from './json.js';
import { MissionReferenceSchema, SignalReferenceSchema } from './references.js';

/** The seven response types, exact lower case on the wire. */
export const RESPONSE_TYPES = [
  'text',
  'table',
  'report',
  'forecast',
  'live_execution',
  'artifact_bundle',
  'clarification_request',
] as const;

/** Schema of a response type. */
export const ResponseTypeSchema = lowerCaseEnum(RESPONSE_TYPES);

/** What kind of answer an envelope carries, e.g. `report` or `clarification_request`. */
export type ResponseType = z.infer<typeof ResponseTypeSchema>;

/** The version {@link ResponseBuilder} writes. */
export const RESPONSE_ENVELOPE_VERSION = '2.0' as const;

/** Layouts UIs are expected to know (suggestions; any other string is accepted). */
export const KNOWN_UI_LAYOUTS = ['compact', 'expanded', 'side_by_side', 'split'] as const;
/** Priorities UIs are expected to know (suggestions; any other string is accepted). */
export const KNOWN_UI_PRIORITIES = ['normal', 'urgent', 'background'] as const;
/** Color schemes UIs are expected to know (suggestions; any other string is accepted). */
export const KNOWN_UI_COLOR_SCHEMES = ['info', 'warning', 'error', 'success'] as const;

/**
 * Display suggestions a UI is free to ignore: plain strings and flags, never
 * markup. Known values are typed for completion; other strings are accepted
 * because Python backends send more (`modal`, `fullscreen`, `low`). Unset
 * fields may be omitted or `null`.
 *
 * @example
 * ```ts
 * const hints: UIHints = { priority: 'urgent', color_scheme: 'error', icon: 'alert', suggested_actions: ['Retry'] }
 * ```
 */
export const UIHintsSchema = z.looseObject(
  {
    layout: openString(KNOWN_UI_LAYOUTS).nullish(),
    priority: openString(KNOWN_UI_PRIORITIES).nullish(),
    color_scheme: openString(KNOWN_UI_COLOR_SCHEMES).nullish(),
    icon: str().nullish(),
    suggested_actions: z.array(str(), { error: 'must be an array of strings' }).nullish(),
    expandable: z.boolean({ error: 'must be a boolean' }).nullish(),
  },
  { error: 'must be an object' },
);

/** Display suggestions for a UI. */
export type UIHints = z.infer<typeof UIHintsSchema>;

/** The outcome statuses of `metadata.status`, exact lower case. */
export const RESPONSE_METADATA_STATUSES = ['ok', 'blocked', 'failed', 'noop'] as const;

/** Schema of `metadata.status`. */
export const ResponseMetadataStatusSchema = lowerCaseEnum(RESPONSE_METADATA_STATUSES);

/** `ok`, `blocked` (waiting for the user), `failed` or `noop`. */
export type ResponseMetadataStatus = z.infer<typeof ResponseMetadataStatusSchema>;

/**
 * What went wrong, in `metadata.error`: a short code (`"timeout"`), `true`
 * (Python's `error_response` with `error_message` beside it) or an object.
 */
export const ResponseMetadataErrorSchema = z.union(
  [
    str(),
    z.boolean(),
    z.looseObject({
      code: z.union([str(), z.number()]).nullish(),
      message: str().nullish(),
      details: JsonObjectSchema.nullish(),
    }),
  ],
  { error: 'must be a string, a boolean or an object with message' },
);

/** What went wrong, in `metadata.error`. */
export type ResponseMetadataError = z.infer<typeof ResponseMetadataErrorSchema>;

/** The question of a clarification request, in `metadata.clarification`. */
export const ClarificationSchema = z.looseObject(
  {
    question: str(),
    options: z.array(str(), { error: 'must be an array of strings' }).nullish(),
    context: JsonObjectSchema.nullish(),
  },
  { error: 'must be an object with question' },
);

/** The question of a clarification request. */
export type Clarification = z.infer<typeof ClarificationSchema>;

/**
 * Response metadata: the conventional keys are typed, any other key holds any
 * JSON value.
 */
export const ResponseMetadataSchema = z.looseObject(
  {
    intent_classification: str().nullish(),
    confidence: z
      .number({ error: 'must be a number from 0 to 1' })
      .min(0, { error: 'must be from 0 to 1' })
      .max(1, { error: 'must be from 0 to 1 (0.87 means 87 %)' })
      .nullish(),
    status: ResponseMetadataStatusSchema.nullish(),
    mission_id: str().nullish(),
    mission_duration_ms: z
      .number({ error: 'must be a number of milliseconds' })
      .nonnegative({ error: 'must not be negative' })
      .nullish(),
    items_collected: count().nullish(),
    error: ResponseMetadataErrorSchema.nullish(),
    error_message: str().nullish(),
    error_details: JsonObjectSchema.nullish(),
    clarification: ClarificationSchema.nullish(),
  },
  { error: 'must be an object' },
);

/** Response metadata. */
export type ResponseMetadata = z.infer<typeof ResponseMetadataSchema>;

/**
 * The ResponseEnvelope v2 of agent and chat responses: a human `summary`,
 * typed artifacts, mission and signal references, metadata and UI hints.
 * Everything but `response_type`, `summary` and `timestamp` is optional; the
 * arrays default to `[]` and `metadata` to `{}` when parsed. Unknown extra
 * keys (e.g. `reality_assessment`) are kept.
 *
 * @example
 * ```ts
 * const envelope = ResponseEnvelopeSchema.parse(await res.json())
 * for (const artifact of envelope.artifacts) console.log(artifact.artifact_type, artifact.title)
 * ```
 */
export const ResponseEnvelopeSchema = z.looseObject(
  {
    response_type: ResponseTypeSchema,
    summary: notBlank('summary'),
    artifacts: z.array(ArtifactSchema, { error: 'must be an array of artifacts' }).default([]),
    missions_spawned: z
      .array(MissionReferenceSchema, { error: 'must be an array of mission references' })
      .default([]),
    signals_emitted: z
      .array(SignalReferenceSchema, { error: 'must be an array of signal references' })
      .default([]),
    metadata: ResponseMetadataSchema.default({}),
    ui_hints: UIHintsSchema.nullish(),
    timestamp: timestamp(),
    live_stream_id: str().nullish(),
    version: str()
      .regex(/^2\.\d+$/, { error: 'must be a 2.x version such as "2.0"' })
      .nullish(),
    reality_assessment: z.record(z.string(), JsonValueSchema, { error: 'must be an object' }).nullish(),
  },
  { error: 'must be an object' },
);

/** A validated response envelope (arrays and metadata always present). */
export type ResponseEnvelope = z.output<typeof ResponseEnvelopeSchema>;

/** A response envelope as it may arrive on the wire (defaults not yet applied). */
export type ResponseEnvelopeInput = z.input<typeof ResponseEnvelopeSchema>;
