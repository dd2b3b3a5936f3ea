/**
 * `aicmo/client`: a never-throw client for AICMO backends (CONTRACT §2), on
 * `ky`. Every call resolves to a {@link BackendResult}: a validated envelope,
 * or a typed error (`TIMEOUT`, `CONNECTION_ERROR`, `HTTP_502`, ...) carrying
 * the `X-Trace-ID` it sent. Web-standard only (fetch, AbortSignal, crypto):
 * runs in Node, browsers, Deno, Bun and edge runtimes.
 *
 * @packageDocumentation
 */

// The event types are defined once, in the contract layer (`aicmo`); re-exported for convenience.
export type { RunEvent, RunEventType } from '../stream/index.js';
export {
  type BackendClient,
  backendPostJson,
  type CampaignCallOptions,
  type CampaignGenerateRequest,
  createBackendClient,
} from './client.js';
export type {
  ArtifactActionBody,
  EngagementCallError,
  EngagementCallOptions,
  EngagementFile,
  EngagementGenerateOptions,
  EngagementResult,
  EngagementsClient,
} from './engagements.js';
export { type EnvLike, getBackendUrl } from './env.js';
export {
  BackendClientOptionsError,
  type BackendErrorCategory,
  BackendRequestError,
  backendErrorCategory,
  smokeExitCode,
  unwrapBackendResult,
} from './errors.js';
export type {
  GenerateModule,
  ModuleCallOptions,
  ModuleEnvelope,
  ModuleOf,
  ModuleRef,
  ModuleResult,
  ModuleSuccess,
} from './modules.js';
export { DEFAULT_DEADLINE_MS, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY_STATUS_CODES } from './options.js';
export {
  DEFAULT_MAX_BUFFERED_EVENTS,
  type RunStream,
  type StreamCallOptions,
  type StreamModule,
} from './run-stream.js';
export {
  DEFAULT_MAX_EVENT_BYTES,
  DEFAULT_MAX_RECONNECTS,
  DEFAULT_RECONNECT_DELAY_MS,
  type StreamOptions,
} from './stream-options.js';
export { isValidTraceId, newTraceId } from './trace.js';
export type {
  BackendBackoff,
  BackendCallOptions,
  BackendClientOptions,
  BackendErrorInfo,
  BackendErrorType,
  BackendFailure,
  BackendLogFields,
  BackendLogger,
  BackendPostOptions,
  BackendResult,
  BackendSuccess,
  BackendTransportOptions,
  FetchLike,
} from './types.js';
export { type ResponseValidation, validateResponse } from './validate.js';
