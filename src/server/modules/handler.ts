/**
 * The server-side part of an operator module: how each deliverable is asked
 * for (prompts) and what the offline stubs write. It refers to the module's
 * contract definition (`defineModule`), which owns the request schema.
 */
import type * as z from 'zod';
import type { AnyModuleDefinition, ModuleRequest } from '../../modules/index.js';
import type { DeepPartial } from '../../providers/index.js';

/**
 * A deliverable written as a zod-typed object (`chain.generateObject`) and
 * rendered to Markdown deterministically, instead of free Markdown. Made by
 * {@link structuredDeliverable}, which checks the types; the fields here are
 * what `runModule` calls.
 */
export interface DeliverableStructure {
  /** What the model must answer. */
  readonly schema: z.ZodType;
  /** Name of the output sent with the schema (json_schema / tool name). */
  readonly name: string;
  /**
   * The deliverable's `content_markdown` for a validated object, or a
   * preview for a partial one while it streams (never throws).
   */
  render(object: unknown): string;
  /** The deliverable's `hashtags` for a validated object. @default [] */
  hashtags(object: unknown): string[];
  /** Sample object stub providers answer with (valid for `schema`). */
  readonly demo?: unknown;
}

/** What {@link structuredDeliverable} takes. */
export interface StructuredDeliverableConfig<S extends z.ZodType> {
  /** The zod schema of the answer. */
  schema: S;
  /** Output name (letters, digits, `_`, `-`). @default 'deliverable' */
  name?: string;
  /**
   * Markdown for an object. Called with the validated object, and with
   * deep-partial objects while the answer streams (for the progress preview):
   * every field may be missing, so read them with `??`.
   */
  render(object: DeepPartial<z.output<S>>): string;
  /** The deliverable's hashtags. @default none */
  hashtags?(object: z.output<S>): string[];
  /** Sample object for offline stub providers; it must match `schema`. */
  demo?: z.input<S>;
}

/**
 * A structured deliverable for a {@link DeliverablePlan}: the model answers
 * an object of `schema` (through each provider's native structured mode,
 * validated, repaired once, failed over); `render` turns it into the
 * deliverable's Markdown, and the object itself is kept in
 * `metadata.data`.
 *
 * @example
 * ```ts
 * const Post = z.object({ title: z.string(), body: z.string(), hashtags: z.array(z.string()) })
 * const structured = structuredDeliverable({
 *   schema: Post,
 *   render: (post) => `${post.body ?? ''}\n\n${(post.hashtags ?? []).join(' ')}`,
 *   hashtags: (post) => post.hashtags,
 *   demo: { title: 'Launch', body: 'We launched.', hashtags: ['#Launch'] },
 * })
 * ```
 */
export function structuredDeliverable<S extends z.ZodType>(
  config: StructuredDeliverableConfig<S>,
): DeliverableStructure {
  const { schema, render, hashtags } = config;
  return Object.freeze({
    schema,
    name: config.name ?? 'deliverable',
    render(object: unknown): string {
      try {
        return render(object as DeepPartial<z.output<S>>);
      } catch {
        // A preview of a partial object that the renderer could not handle: nothing to show yet.
        return '';
      }
    },
    hashtags: (object: unknown): string[] => (hashtags ? hashtags(object as z.output<S>) : []),
    ...(config.demo !== undefined && { demo: config.demo }),
  });
}

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
  /**
   * Write this deliverable as a typed object (see {@link structuredDeliverable})
   * instead of free Markdown; `demo` is then unused (the structure has its own).
   */
  readonly structured?: DeliverableStructure;
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
