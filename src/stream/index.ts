/**
 * The live-progress wire protocol (v1): event schemas and SSE framing,
 * shared by the client, the server and users' own handlers.
 *
 * @packageDocumentation
 */
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
  EVENT_STREAM_MEDIA_TYPE,
  isKnownEventType,
  isTerminalEvent,
  type PlannedDeliverable,
  PlannedDeliverableSchema,
  type ProgressEvent,
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
  STREAM_PROTOCOL_HEADER,
  STREAM_PROTOCOL_VERSION,
  TERMINAL_EVENT_TYPES,
  type Unnumbered,
} from './events.js';
export { formatSseEvent, parseLastEventId, runCancelPath, runEventsPath, SSE_HEARTBEAT } from './sse.js';
