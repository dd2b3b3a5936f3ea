/**
 * The server-side part of an operator module: how each deliverable is asked
 * for (prompts) and what the offline stubs write. It refers to the module's
 * contract definition (`defineModule`), which owns the request schema.
 */
import type { AnyModuleDefinition, ModuleRequest } from '../../modules/index.js';

/** One deliverable a module run will write. */
export interface DeliverablePlan {
  /** Stable key within the run, e.g. `brief`, `post:linkedin`; the deliverable id is `<run_id>:<key>`. */
  readonly key: string;
  /** Deliverable kind, e.g. `strategy`, `linkedin_post`. */
  readonly kind: string;
  /** Deliverable title, e.g. `Strategy: Spring Launch`. */
  readonly title: string;
  /** Platform id (`linkedin`, `email`, ...) or `null`. @default null */
  readonly platform?: string | null;
  /** Instructions for the model (the user prompt) for this deliverable. */
  readonly prompt: string;
  /** Output token budget. @default 900 */
  readonly maxTokens?: number;
  /**
   * Deterministic sample Markdown for offline stub providers (`AICMO_DEV_STUBS=1`,
   * `stubProvider`): they answer with it; real providers never see it.
   */
  readonly demo?: string;
  /** Collect `#hashtags` from the text into `hashtags`. @default true for `*_post` kinds */
  readonly hashtags?: boolean;
}

/** What {@link defineModuleHandler} takes. */
export interface ModuleHandlerConfig<M extends AnyModuleDefinition> {
  /** System prompt shared by every deliverable of a run. */
  system(request: ModuleRequest<M>): string;
  /** The deliverables to write for `request`, in order (at least one). */
  plan(request: ModuleRequest<M>): readonly DeliverablePlan[];
}

/** A module definition with its server part: what the reference server and `runModule` execute. */
export interface ModuleHandler<M extends AnyModuleDefinition = AnyModuleDefinition>
  extends ModuleHandlerConfig<M> {
  /** The module's contract definition. */
  readonly module: M;
}

/**
 * Gives a module definition its server part: the system prompt and the
 * deliverable plan (prompts and stub content) for a validated request.
 *
 * @example
 * ```ts
 * const pressReleaseHandler = defineModuleHandler(pressRelease, {
 *   system: () => 'You are a PR writer.',
 *   plan: (req) => [{ key: 'release', kind: 'press_release', title: `Press release: ${req.product}`,
 *     prompt: `Write a press release for ${req.product}.` }],
 * })
 * createReferenceHandler({ chain, modules: [pressReleaseHandler] })
 * ```
 */
export function defineModuleHandler<M extends AnyModuleDefinition>(
  module: M,
  config: ModuleHandlerConfig<M>,
): ModuleHandler<M> {
  return Object.freeze({ module, system: config.system, plan: config.plan });
}
