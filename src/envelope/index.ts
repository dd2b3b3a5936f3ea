/**
 * The deliverables envelope contract: schemas, types, builders and
 * validators. Explicit exports: this list is the folder's public surface
 * (other folders import the envelope through this file only).
 */
export {
  createDeliverable,
  createFailedEnvelope,
  createPartialEnvelope,
  createSuccessEnvelope,
  type DeliverableInput,
  type EnvelopeRunOptions,
  type FailedEnvelopeOptions,
  type PartialEnvelopeOptions,
  type SuccessEnvelopeOptions,
} from './builders.js';
export { EnvelopeValidationError } from './errors.js';
export {
  type Deliverable,
  type DeliverableAssets,
  DeliverableAssetsSchema,
  type DeliverableKind,
  DeliverableKindSchema,
  DeliverableSchema,
  type DeliverablesEnvelope,
  DeliverablesEnvelopeSchema,
  type FailedEnvelope,
  FailedEnvelopeSchema,
  IsoTimestampSchema,
  KNOWN_DELIVERABLE_KINDS,
  type KnownDeliverableKind,
  KnownDeliverableKindSchema,
  type PartialEnvelope,
  PartialEnvelopeSchema,
  RESPONSE_STATUSES,
  type ResponseError,
  ResponseErrorSchema,
  type ResponseMeta,
  ResponseMetaSchema,
  type ResponseStatus,
  ResponseStatusSchema,
  type SuccessEnvelope,
  SuccessEnvelopeSchema,
} from './schemas.js';
export {
  isDeliverablesEnvelope,
  parseDeliverablesEnvelope,
  type ValidateOptions,
  type ValidationResult,
  validateDeliverablesEnvelope,
} from './validate.js';
