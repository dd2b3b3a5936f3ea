import * as z from 'zod';
import { lowerCaseEnum, notBlank, str, timestamp } from './common.js';

/** The life-cycle states of a mission, exact lower case on the wire. */
export const MISSION_STATUSES = ['proposed', 'active', 'completed', 'failed'] as const;

/** Schema of a mission status. */
export const MissionStatusSchema = lowerCaseEnum(MISSION_STATUSES);

/** `proposed`, `active`, `completed` or `failed`. */
export type MissionStatus = z.infer<typeof MissionStatusSchema>;

/**
 * A mission the agent proposed or started: a reference, not the mission
 * itself. Unknown extra keys are kept.
 *
 * @example
 * ```ts
 * const mission: MissionReference = {
 *   mission_id: 'abc-123', status: 'proposed', objective_type: 'extract', objective_description: 'Find 50 quotes',
 * }
 * ```
 */
export const MissionReferenceSchema = z.looseObject(
  {
    mission_id: notBlank('mission_id'),
    status: MissionStatusSchema,
    objective_type: str(),
    objective_description: str(),
    timestamp: z.nullish(timestamp()),
  },
  { error: 'must be an object' },
);

/** A reference to a proposed, active, completed or failed mission. */
export type MissionReference = z.infer<typeof MissionReferenceSchema>;

/** The layers a signal comes from, exact lower case on the wire. */
export const SIGNAL_LAYERS = ['selector', 'intent', 'mission', 'aggregate'] as const;

/** Schema of a signal layer. */
export const SignalLayerSchema = lowerCaseEnum(SIGNAL_LAYERS);

/** `selector`, `intent`, `mission` or `aggregate`. */
export type SignalLayer = z.infer<typeof SignalLayerSchema>;

/**
 * A learning signal the agent emitted: identifiers and an optional one-line
 * summary only. The signal data itself lives elsewhere (e.g. a JSONL log).
 *
 * @example
 * ```ts
 * const signal: SignalReference = {
 *   signal_type: 'selector_outcome', signal_layer: 'selector', signal_source: 'web_navigator',
 *   timestamp: '2026-02-07T14:50:41.828368Z', summary: 'Found pagination link (xpath)',
 * }
 * ```
 */
export const SignalReferenceSchema = z.looseObject(
  {
    signal_type: notBlank('signal_type'),
    signal_layer: SignalLayerSchema,
    signal_source: str(),
    timestamp: timestamp(),
    summary: str().nullish(),
  },
  { error: 'must be an object' },
);

/** A reference to an emitted signal (no signal data). */
export type SignalReference = z.infer<typeof SignalReferenceSchema>;
