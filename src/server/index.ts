/**
 * `aicmo/server`: generate endpoints that always answer with a valid
 * deliverables envelope, the campaign generator, and the reference server.
 *
 * Runtime-neutral: the handlers are web-standard `(Request) => Promise<Response>`
 * functions (Hono, Next.js route handlers, Bun, Deno, workers);
 * {@link toNodeListener} adapts them to `node:http`, and
 * {@link startReferenceServer} loads `node:http` only when called.
 *
 * @packageDocumentation
 */

export {
  type CampaignChain,
  type GenerateCampaignOptions,
  generateCampaign,
} from './campaign.js';
export {
  InvalidRequestError,
  isInvalidRequestError,
  isServerShutdownError,
  type RequestIssue,
  ServerShutdownError,
} from './errors.js';
export {
  CLIENT_CLOSED_REQUEST,
  type DescribeFailureContext,
  describeFailure,
  type FailureDescription,
} from './failure.js';
export {
  acceptsEventStream,
  createGenerateHandler,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  type GenerateContext,
  type GenerateHandlerOptions,
  type HandlerHooks,
  type HandlerResponseInfo,
  type WebHandler,
} from './generate-handler.js';
export {
  BUILTIN_MODULE_HANDLERS,
  type DeliverablePlan,
  type DeliverableStructure,
  defineModuleHandler,
  type ModuleChain,
  type ModuleHandler,
  type ModuleHandlerConfig,
  type ModuleRunEvent,
  type RunModuleOptions,
  runModule,
  type StructuredDeliverableConfig,
  structuredDeliverable,
} from './modules/index.js';
export {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_MAX_DRAIN_BYTES,
  type NodeListenerOptions,
  toNodeListener,
} from './node.js';
export {
  CAMPAIGN_GENERATE_PATH,
  type CorsOption,
  createReferenceHandler,
  HEALTH_PATH,
  type ReferenceChain,
  type ReferenceHandlerOptions,
} from './reference.js';
export {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  type RunningServer,
  type StartReferenceServerOptions,
  startReferenceServer,
} from './start.js';
export {
  isRunError,
  RunAbandonedError,
  RunBufferFullError,
  RunCancelledError,
  RunCapacityError,
  RunExistsError,
  RunStoreUnavailableError,
} from './stream/errors.js';
export {
  type ClosableRunEventStore,
  type OpenRunEventStoreOptions,
  openRunEventStore,
} from './stream/open.js';
export {
  openPostgresRunEventStore,
  type PostgresRunEventStore,
  type PostgresRunEventStoreOptions,
} from './stream/postgres-store.js';
export {
  type CancelOutcome,
  createRunRegistry,
  DEFAULT_RUN_GRACE_MS,
  DEFAULT_RUN_RETENTION_MS,
  type OpenRunOptions,
  type RunContext,
  type RunOutcome,
  type RunRegistry,
  type RunRegistryOptions,
  type StartRunOptions,
} from './stream/registry.js';
export {
  createRunsHandler,
  matchRunPath,
  RUNS_PATH_PREFIX,
  type RunsHandlerOptions,
} from './stream/runs-handler.js';
export {
  openSqliteRunEventStore,
  type SqliteRunEventStore,
  type SqliteRunEventStoreOptions,
} from './stream/sqlite-store.js';
export {
  DEFAULT_HEARTBEAT_MS,
  type SSEResponseOptions,
  sseHeaders,
  toSSEResponse,
} from './stream/sse-response.js';
export {
  type CancelRequestOutcome,
  createMemoryRunEventStore,
  type MemoryRunEventStoreOptions,
  RunEventConflictError,
  type RunEventStore,
  type RunStoreNotice,
  type RunStoreSubscription,
} from './stream/store.js';
export { TRACE_HEADER, traceIdOf } from './trace.js';
