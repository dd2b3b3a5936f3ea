import * as z from 'zod/mini';
import { NOT_BLANK_PATTERN } from '../internal/index.js';

/**
 * The deliverable kinds the Python backends know. A backend may send another
 * kind; {@link DeliverableSchema} accepts it for forward compatibility.
 */
export const KNOWN_DELIVERABLE_KINDS = [
  'linkedin_post',
  'instagram_post',
  'twitter_post',
  'email_copy',
  'ad_copy',
  'landing_page',
  'blog_post',
  'image_prompt',
  'video_script',
  'carousel',
  'strategy',
  'campaign_brief',
  'content_calendar',
  'audience_segment',
  'persona_card',
  'unknown',
] as const;

/** Schema of the known deliverable kinds (literal union). */
export const KnownDeliverableKindSchema = z.enum(KNOWN_DELIVERABLE_KINDS);

/** One of the deliverable kinds the Python backends know. */
export type KnownDeliverableKind = z.infer<typeof KnownDeliverableKindSchema>;

/**
 * A deliverable kind: one of the known kinds, or any other string a newer
 * backend sends. Editors complete the known ones.
 */
export type DeliverableKind = KnownDeliverableKind | (string & {});

/** Schema of a deliverable kind: any string, the known ones listed as examples. */
export const DeliverableKindSchema: z.ZodMiniType<DeliverableKind> = z
  .string({ error: 'must be a string' })
  .check(z.meta({ examples: [...KNOWN_DELIVERABLE_KINDS] }));

/** The three envelope statuses, exact upper case on the wire. */
export const RESPONSE_STATUSES = ['SUCCESS', 'FAILED', 'PARTIAL'] as const;

/** Schema of an envelope status. */
export const ResponseStatusSchema = z.enum(RESPONSE_STATUSES, {
  error: 'must be one of SUCCESS, FAILED, PARTIAL (upper case)',
});

/** `SUCCESS`, `FAILED` or `PARTIAL`. */
export type ResponseStatus = z.infer<typeof ResponseStatusSchema>;

const str = (what = 'a string') => z.string({ error: `must be ${what}` });
const notBlank = () =>
  str().check(
    z.regex(NOT_BLANK_PATTERN, { error: 'must not be blank (it is empty once whitespace is stripped)' }),
  );
// A JSON object of any keys. A loose object rather than a record: the same for JSON, and checked
// without listing the keys (symbol keys are not data).
const jsonObject = () => z.looseObject({}, { error: 'must be an object' });

/**
 * An ISO 8601 timestamp. Python backends write a naive UTC time with
 * microseconds and no offset (`2025-12-17T10:30:00.123456`); TypeScript builders
 * write `Z`. Both are accepted.
 */
export const IsoTimestampSchema = str('an ISO 8601 timestamp string').check(
  z.regex(/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/, {
    error: 'must be an ISO 8601 timestamp such as 2025-12-17T10:30:00.123456 or 2025-12-17T10:30:00Z',
  }),
);

/** Media attached to a deliverable. Unset fields may be omitted or `null`. */
export const DeliverableAssetsSchema = z.looseObject(
  {
    image_url: z.nullish(str()),
    image_base64: z.nullish(str()),
    file_url: z.nullish(str()),
    slides: z.nullish(z.array(jsonObject(), { error: 'must be an array of objects' })),
  },
  { error: 'must be an object' },
);

/** Media attached to a deliverable. */
export type DeliverableAssets = z.infer<typeof DeliverableAssetsSchema>;

/**
 * One generated piece of content. `id`, `kind` and `title` are strings that
 * may be empty (Python backends emit empty titles); `content_markdown` must
 * have content after Python's `str.strip()`.
 */
export const DeliverableSchema = z.looseObject(
  {
    id: str(),
    kind: DeliverableKindSchema,
    title: str(),
    content_markdown: notBlank(),
    platform: z.nullish(str()),
    hashtags: z.nullish(z.array(str(), { error: 'must be an array of strings' })),
    assets: z.nullish(DeliverableAssetsSchema),
    metadata: z.nullish(jsonObject()),
  },
  { error: 'must be an object' },
);

/** One generated piece of content. */
export type Deliverable = z.infer<typeof DeliverableSchema>;

/**
 * Run metadata. `timestamp` and `provider` are required (`provider` is
 * `"none"` on a failed run); the optional fields may be omitted.
 */
export const ResponseMetaSchema = z.looseObject(
  {
    timestamp: IsoTimestampSchema,
    provider: str(),
    run_id: z.nullish(str()),
    model: z.nullish(str()),
    cost_usd: z.nullish(
      z.number({ error: 'must be a number' }).check(z.nonnegative({ error: 'must not be negative' })),
    ),
    tokens_used: z.nullish(
      z
        .number({ error: 'must be an integer' })
        .check(z.int({ error: 'must be an integer' }), z.nonnegative({ error: 'must not be negative' })),
    ),
    warnings: z.nullish(z.array(str(), { error: 'must be an array of strings' })),
    trace_id: z.nullish(str()),
  },
  { error: 'must be an object' },
);

/** Run metadata. */
export type ResponseMeta = z.infer<typeof ResponseMetaSchema>;

/** What went wrong on a failed (or partly failed) run. */
export const ResponseErrorSchema = z.looseObject(
  {
    type: str(),
    message: str(),
    trace_id: z.nullish(str()),
    code: z.nullish(z.number({ error: 'must be an integer' }).check(z.int({ error: 'must be an integer' }))),
    details: z.nullish(jsonObject()),
  },
  { error: 'must be an object' },
);

/** What went wrong on a failed run. */
export type ResponseError = z.infer<typeof ResponseErrorSchema>;

const envelopeFields = {
  module: str(),
  run_id: notBlank(),
  meta: ResponseMetaSchema,
  raw: z.nullish(jsonObject()),
};

/** A SUCCESS envelope: at least one deliverable. */
export const SuccessEnvelopeSchema = z.looseObject({
  status: z.literal('SUCCESS'),
  ...envelopeFields,
  deliverables: z
    .array(DeliverableSchema, { error: 'must be an array' })
    .check(z.minLength(1, { error: 'SUCCESS requires at least one deliverable' })),
  error: z.nullish(ResponseErrorSchema),
});

/** A PARTIAL envelope: some deliverables, usually warnings or an error. */
export const PartialEnvelopeSchema = z.looseObject({
  status: z.literal('PARTIAL'),
  ...envelopeFields,
  deliverables: z.array(DeliverableSchema, { error: 'must be an array' }),
  error: z.nullish(ResponseErrorSchema),
});

/** A FAILED envelope: `error` is required. */
export const FailedEnvelopeSchema = z.looseObject({
  status: z.literal('FAILED'),
  ...envelopeFields,
  deliverables: z.array(DeliverableSchema, { error: 'must be an array' }),
  error: z.looseObject(ResponseErrorSchema.shape, {
    error: 'FAILED requires an error object with type and message',
  }),
});

/**
 * The canonical response of every generate endpoint, discriminated on
 * `status`. Unknown extra keys are kept (forward compatibility).
 *
 * @example
 * ```ts
 * const envelope = DeliverablesEnvelopeSchema.parse(await res.json())
 * if (envelope.status === 'FAILED') console.log(envelope.error.message)
 * ```
 */
export const DeliverablesEnvelopeSchema = z.discriminatedUnion(
  'status',
  [SuccessEnvelopeSchema, PartialEnvelopeSchema, FailedEnvelopeSchema],
  { error: 'status must be one of SUCCESS, FAILED, PARTIAL (upper case)' },
);

/** A validated deliverables envelope. */
export type DeliverablesEnvelope = z.infer<typeof DeliverablesEnvelopeSchema>;
/** A SUCCESS envelope. */
export type SuccessEnvelope = z.infer<typeof SuccessEnvelopeSchema>;
/** A PARTIAL envelope. */
export type PartialEnvelope = z.infer<typeof PartialEnvelopeSchema>;
/** A FAILED envelope. */
export type FailedEnvelope = z.infer<typeof FailedEnvelopeSchema>;
