/**
 * `aicmo`: the deliverables envelope contract (schemas, types, builders and
 * validators), the operator modules (`defineModule`, the built-in ones and
 * their field builders) and the live-progress events, wire-compatible with
 * the Python AICMO backends. This entry loads zod and nothing else;
 * ResponseEnvelope v2, providers, client, server, workflow and engagements
 * live in their own subpath entries (`aicmo/response`, ...).
 *
 * The list is explicit: the plumbing shared by the other entries (stream
 * paths and headers, the Python strip, the module name pattern) stays out.
 *
 * @packageDocumentation
 */

export {
  createDeliverable,
  createFailedEnvelope,
  createPartialEnvelope,
  createSuccessEnvelope,
  type Deliverable,
  type DeliverableAssets,
  DeliverableAssetsSchema,
  type DeliverableInput,
  type DeliverableKind,
  DeliverableKindSchema,
  DeliverableSchema,
  type DeliverablesEnvelope,
  DeliverablesEnvelopeSchema,
  type EnvelopeRunOptions,
  EnvelopeValidationError,
  type FailedEnvelope,
  type FailedEnvelopeOptions,
  FailedEnvelopeSchema,
  IsoTimestampSchema,
  isDeliverablesEnvelope,
  KNOWN_DELIVERABLE_KINDS,
  type KnownDeliverableKind,
  KnownDeliverableKindSchema,
  type PartialEnvelope,
  type PartialEnvelopeOptions,
  PartialEnvelopeSchema,
  parseDeliverablesEnvelope,
  RESPONSE_STATUSES,
  type ResponseError,
  ResponseErrorSchema,
  type ResponseMeta,
  ResponseMetaSchema,
  type ResponseStatus,
  ResponseStatusSchema,
  type SuccessEnvelope,
  type SuccessEnvelopeOptions,
  SuccessEnvelopeSchema,
  type ValidateOptions,
  type ValidationResult,
  validateDeliverablesEnvelope,
} from './envelope/index.js';
export { AicmoError, isAicmoError } from './errors.js';
export type { Issue } from './issue.js';
export {
  type AnyModuleDefinition,
  amount,
  type BuiltinModule,
  choice,
  defineModule,
  getModule,
  MODULE_NAMES,
  MODULES,
  type ModuleConfig,
  type ModuleDefinition,
  ModuleDefinitionError,
  type ModuleDeliverable,
  type ModuleInput,
  type ModuleInputSchema,
  type ModuleName,
  type ModuleParseResult,
  type ModuleRequest,
  parseModuleInput,
  text,
  textList,
  wholeNumber,
} from './modules/index.js';
export {
  type DeliverableCompletedEvent,
  DeliverableCompletedEventSchema,
  type DeliverableDeltaEvent,
  DeliverableDeltaEventSchema,
  DeliverableErrorSchema,
  type DeliverableFailedEvent,
  DeliverableFailedEventSchema,
  type DeliverableStartedEvent,
  DeliverableStartedEventSchema,
  formatSseEvent,
  isTerminalEvent,
  type PlannedDeliverable,
  PlannedDeliverableSchema,
  type ProgressEvent,
  parseLastEventId,
  RUN_EVENT_TYPES,
  type RunCompletedEvent,
  RunCompletedEventSchema,
  type RunEvent,
  type RunEventInput,
  RunEventSchema,
  type RunEventType,
  type RunFailedEvent,
  RunFailedEventSchema,
  type RunPlannedProgress,
  type RunStartedEvent,
  RunStartedEventSchema,
  type Unnumbered,
} from './stream/index.js';
