/** Options and callback types of the engagement service. */
import type { DeliverablesEnvelope } from '../envelope/index.js';
import type { ProgressEvent } from '../stream/index.js';
import type { EngagementModule } from './gating.js';
import type { ArtifactStatus, GatingOverride } from './schemas.js';
import type { EngagementStore } from './store.js';

/** What a module generator is given besides the request. */
export interface EngagementGenerateContext {
  /** The engagement being worked on. */
  readonly engagementId: string;
  /** The client's name. */
  readonly clientName: string;
  /** The approved upstream envelopes (current texts), by module. */
  readonly upstream: Readonly<Partial<Record<EngagementModule, DeliverablesEnvelope>>>;
  /** Aborts the generation (e.g. the HTTP request went away). */
  readonly signal?: AbortSignal;
  /** Trace id to propagate. */
  readonly traceId?: string;
  /** Run id to write into the envelope (set when the generation is streamed). */
  readonly runId?: string;
  /** Live progress (set when the generation is streamed): the module runner's events. Must not throw. */
  readonly onEvent?: (event: ProgressEvent) => void;
}

/**
 * Generates one module's deliverables: the coordinator's module runner, an
 * HTTP call to a backend, or a stub in tests.
 */
export type EngagementGenerator = (
  module: EngagementModule,
  input: unknown,
  context: EngagementGenerateContext,
) => Promise<DeliverablesEnvelope>;

/** Options of {@link createEngagementService}. */
export interface EngagementServiceOptions {
  /** Where engagements live. */
  store: EngagementStore;
  /** Generates a module's envelope. */
  generate: EngagementGenerator;
  /** Source of timestamps. @default () => new Date() */
  clock?: () => Date;
  /** Source of ids. @default crypto.randomUUID */
  newId?: () => string;
  /**
   * How many times a write is re-planned when another writer changed a module
   * it read (not the artifact the caller named: that is a CONFLICT at once).
   * @default 50
   */
  maxReplans?: number;
}

/** Options of {@link EngagementService.generate}. */
export interface GenerateModuleOptions {
  /** Lets generation through with upstream modules not approved; recorded in the trail. */
  override?: GatingOverride;
  /** The module artifact's version the caller saw: 0 or absent when it has none yet. @default 0 */
  expectedVersion?: number;
  /** Who asked. @default null (the override's actor when there is one) */
  actor?: string | null;
  /** Aborts the generation. */
  signal?: AbortSignal;
  /** Trace id handed to the generator. */
  traceId?: string;
  /** Run id handed to the generator (the envelope's `run_id`). @default the generator's own */
  runId?: string;
  /** Live progress, handed to the generator (a streamed engagement generate). */
  onEvent?: (event: ProgressEvent) => void;
}

/** Options of every artifact action. */
export interface ArtifactActionOptions {
  /** The artifact version the caller saw; a stale one fails with CONFLICT. */
  expectedVersion: number;
  /** Act on one deliverable (its id in the envelope) rather than the whole artifact. */
  deliverableId?: string | null;
  /** Who acts. @default null */
  author?: string | null;
  /** A note; for reject, the reason (required). @default null */
  note?: string | null;
}

/** Options of {@link EngagementService.amend}. */
export interface AmendOptions extends ArtifactActionOptions {
  /** The deliverable to amend. */
  deliverableId: string;
  /** Its new text. */
  contentMarkdown: string;
}

/** Options of {@link EngagementService.approve}. */
export interface ApproveOptions extends ArtifactActionOptions {
  /** Approves with upstream modules not approved; recorded in the trail. */
  override?: GatingOverride;
}

/** Filter of {@link EngagementService.listArtifacts}. */
export interface ArtifactFilter {
  module?: EngagementModule;
  status?: ArtifactStatus;
  /** Only artifacts whose lineage is (or is not) stale. */
  stale?: boolean;
}
