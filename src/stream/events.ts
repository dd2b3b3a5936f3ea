/**
 * The live-progress wire protocol (`x-aicmo-stream: v1`): one zod schema per
 * Server-Sent Event a generate endpoint streams. Every event carries its
 * `type` (also the SSE `event:` line) and its per-run `seq` (also the SSE
 * `id:` line), so a client can resume after any event with `Last-Event-ID`.
 */
import * as z from 'zod/mini';
import { DeliverableSchema, DeliverablesEnvelopeSchema, FailedEnvelopeSchema } from '../envelope/index.js';

/** Name of the protocol version header sent with every stream. */
export const STREAM_PROTOCOL_HEADER = 'x-aicmo-stream';
/** The protocol version this library speaks. */
export const STREAM_PROTOCOL_VERSION = 'v1';
/** Media type of a stream (and of the `Accept` header that asks for one). */
export const EVENT_STREAM_MEDIA_TYPE = 'text/event-stream';

/** The event types of protocol v1, in the order a run emits them. */
export const RUN_EVENT_TYPES = [
  'run.started',
  'deliverable.started',
  'deliverable.delta',
  'deliverable.completed',
  'deliverable.failed',
  'run.completed',
  'run.failed',
] as const;

/** One of {@link RUN_EVENT_TYPES}. */
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** The two events that end a run; exactly one of them is a run's last event. */
export const TERMINAL_EVENT_TYPES: ReadonlySet<string> = new Set(['run.completed', 'run.failed']);

const seq = z
  .number()
  .check(z.int(), z.gte(1), z.describe('per-run sequence number, 1 for run.started; the SSE id'));

/** A deliverable a run plans to write, as `run.started` and `deliverable.started` announce it. */
export const PlannedDeliverableSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
});

/**
 * A planned deliverable. Events are plain objects (unknown keys are
 * dropped, never refused), so a newer server's extra fields pass.
 */
export type PlannedDeliverable = z.infer<typeof PlannedDeliverableSchema>;

/** `run.started`: the run's ids and its planned deliverables. Always `seq` 1. */
export const RunStartedEventSchema = z.object({
  type: z.literal('run.started'),
  seq,
  run_id: z.string().check(z.minLength(1)),
  module: z.string(),
  trace_id: z.string(),
  deliverables: z.array(PlannedDeliverableSchema),
});

/** `deliverable.started`: the model is being asked for this deliverable. */
export const DeliverableStartedEventSchema = z.object({
  type: z.literal('deliverable.started'),
  seq,
  id: z.string(),
  kind: z.string(),
  title: z.string(),
});

/** `deliverable.delta`: model text as it arrives (raw, before the deliverable is validated). */
export const DeliverableDeltaEventSchema = z.object({
  type: z.literal('deliverable.delta'),
  seq,
  id: z.string(),
  text: z.string(),
});

/** `deliverable.completed`: the validated deliverable, as the final envelope will hold it. */
export const DeliverableCompletedEventSchema = z.object({
  type: z.literal('deliverable.completed'),
  seq,
  deliverable: DeliverableSchema,
});

/** What went wrong with one deliverable (the run may still succeed as PARTIAL). */
export const DeliverableErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  code: z.optional(z.number().check(z.int())),
});

/** `deliverable.failed`: one deliverable could not be written. */
export const DeliverableFailedEventSchema = z.object({
  type: z.literal('deliverable.failed'),
  seq,
  id: z.string(),
  error: DeliverableErrorSchema,
});

/**
 * `run.completed`: exactly the envelope the JSON path would answer (SUCCESS
 * or PARTIAL). An engagement generate adds `artifact`: the artifact version
 * it saved before sending this event, exactly what its JSON path answers.
 */
export const RunCompletedEventSchema = z.object({
  type: z.literal('run.completed'),
  seq,
  envelope: DeliverablesEnvelopeSchema,
  artifact: z.optional(z.record(z.string(), z.unknown())),
});

/** `run.failed`: the FAILED envelope the JSON path would answer (cancelled, timed out, all providers down...). */
export const RunFailedEventSchema = z.object({
  type: z.literal('run.failed'),
  seq,
  envelope: FailedEnvelopeSchema,
});

/** Any event of protocol v1, discriminated by `type`. */
export const RunEventSchema = z.discriminatedUnion('type', [
  RunStartedEventSchema,
  DeliverableStartedEventSchema,
  DeliverableDeltaEventSchema,
  DeliverableCompletedEventSchema,
  DeliverableFailedEventSchema,
  RunCompletedEventSchema,
  RunFailedEventSchema,
]);

/** `run.started`. */
export type RunStartedEvent = z.infer<typeof RunStartedEventSchema>;
/** `deliverable.started`. */
export type DeliverableStartedEvent = z.infer<typeof DeliverableStartedEventSchema>;
/** `deliverable.delta`. */
export type DeliverableDeltaEvent = z.infer<typeof DeliverableDeltaEventSchema>;
/** `deliverable.completed`. */
export type DeliverableCompletedEvent = z.infer<typeof DeliverableCompletedEventSchema>;
/** `deliverable.failed`. */
export type DeliverableFailedEvent = z.infer<typeof DeliverableFailedEventSchema>;
/** `run.completed`. */
export type RunCompletedEvent = z.infer<typeof RunCompletedEventSchema>;
/** `run.failed`. */
export type RunFailedEvent = z.infer<typeof RunFailedEventSchema>;
/** Any event of protocol v1. */
export type RunEvent = z.infer<typeof RunEventSchema>;

/**
 * An event before the run numbers it: what a module runner reports. The
 * run registry adds `seq` (and emits `run.*` itself).
 */
export type RunEventInput = Unnumbered<
  DeliverableStartedEvent | DeliverableDeltaEvent | DeliverableCompletedEvent | DeliverableFailedEvent
>;

/** An event (or a union of them) without its `seq`. */
export type Unnumbered<E extends { seq: number }> = E extends unknown ? Omit<E, 'seq'> : never;

/**
 * A module runner's announcement of the deliverables it will write: the
 * registry turns it into `run.started` (it is not itself on the wire).
 */
export interface RunPlannedProgress {
  /** Discriminant. */
  readonly type: 'run.planned';
  /** The planned deliverables, with the ids the envelope will hold. */
  readonly deliverables: readonly PlannedDeliverable[];
}

/** What a module runner reports while it works: its plan, then `deliverable.*` events. */
export type ProgressEvent = RunEventInput | RunPlannedProgress;

/** True for `run.completed` and `run.failed`, the events that end a run. */
export function isTerminalEvent(event: { type: string }): boolean {
  return TERMINAL_EVENT_TYPES.has(event.type);
}

/** True when `type` is an event type of protocol v1 (a client ignores the others). */
export function isKnownEventType(type: string): type is RunEventType {
  return (RUN_EVENT_TYPES as readonly string[]).includes(type);
}
