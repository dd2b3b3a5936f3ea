/**
 * `defineModule`: one definition per operator module (name, request schema,
 * deliverables, path), shared by the client, the server, the CLI and the docs.
 * Contract layer: zod only, no I/O, no prompts.
 */
import * as z from 'zod/mini';
import { AicmoError } from '../errors.js';
import { ENGLISH } from '../internal/index.js';

/** A deliverable a module produces. */
export interface ModuleDeliverable {
  /** Deliverable kind written into the envelope, e.g. `strategy`, `linkedin_post`. */
  readonly kind: string;
  /** What it is, in a few words, e.g. `Strategy document`. */
  readonly title: string;
}

/**
 * The object schema of a module's request: strict (unknown keys are refused).
 * A zod object schema (built with `zod/mini`; a classic `z.object` given to
 * {@link defineModule} stays classic): `safeParse`, `z.infer`, `z.toJSONSchema`
 * and embedding in other schemas work with either zod API.
 */
export type ModuleInputSchema<Shape extends z.core.$ZodLooseShape = z.core.$ZodLooseShape> = z.ZodMiniObject<
  Shape,
  z.core.$strict
>;

/** What {@link defineModule} takes. */
export interface ModuleConfig<Name extends string, Shape extends z.core.$ZodLooseShape> {
  /** Module name: lower case letters, digits and `-`, e.g. `strategy`; it is the path segment and `use_case`. */
  readonly name: Name;
  /** One line on what the module does, for `aicmo modules`, `GET /api/v1/modules` and the docs. */
  readonly description: string;
  /**
   * The request body. Made strict by `defineModule`: an unknown key is an
   * issue that names it (with a "did you mean" hint), never silently dropped.
   * A `z.object(...)` from `zod` (classic) or `zod/mini`.
   */
  readonly input: z.core.$ZodObject<Shape>;
  /** The deliverables the module produces (at least one). */
  readonly deliverables: readonly ModuleDeliverable[];
  /** Modules whose approved output this one builds on (the engagement gating map). @default [] */
  readonly upstream?: readonly string[];
  /** A valid sample request: for `aicmo smoke --module`, the docs and form pre-fills. */
  readonly example?: z.input<ModuleInputSchema<Shape>>;
}

/** One operator module, as {@link defineModule} returns it. */
export interface ModuleDefinition<
  Name extends string = string,
  Shape extends z.core.$ZodLooseShape = z.core.$ZodLooseShape,
> {
  /** Module name, e.g. `strategy`. */
  readonly name: Name;
  /** One line on what the module does. */
  readonly description: string;
  /** The request schema, used by the client before sending and by the server on receipt. */
  readonly input: ModuleInputSchema<Shape>;
  /** The deliverables the module produces. */
  readonly deliverables: readonly ModuleDeliverable[];
  /** Modules whose approved output this one builds on. */
  readonly upstream: readonly string[];
  /** `POST` path of its generate endpoint: `/api/v1/<name>/generate`. */
  readonly path: `/api/v1/${Name}/generate`;
  /** A valid sample request, when the definition gave one. */
  readonly example: z.input<ModuleInputSchema<Shape>> | undefined;
}

/** Any module definition. */
// biome-ignore lint/suspicious/noExplicitAny: the widest shape, so every definition is assignable
export type AnyModuleDefinition = ModuleDefinition<string, any>;

/** What a caller sends to a module (before trimming and defaults). */
export type ModuleInput<M extends AnyModuleDefinition> = z.input<M['input']>;

/** A module's request after validation (trimmed, defaults applied). */
export type ModuleRequest<M extends AnyModuleDefinition> = z.output<M['input']>;

/** A module definition is malformed (bad name, no deliverables). */
export class ModuleDefinitionError extends AicmoError {
  override name = 'ModuleDefinitionError' as const;
  /** The field of the definition that is wrong. */
  readonly field: string;

  constructor(field: string, message: string) {
    super('MODULE_DEFINITION_INVALID', message);
    this.field = field;
  }
}

/** Valid module names: the path segment and `use_case`. */
export const MODULE_NAME_PATTERN: RegExp = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Defines an operator module once, for the client, the server, the CLI and
 * the docs. The request schema is made strict.
 *
 * @throws ModuleDefinitionError when the name is not a lower-case slug or no deliverable is listed.
 * @example
 * ```ts
 * const pressRelease = defineModule({
 *   name: 'press-release',
 *   description: 'A press release for a launch.',
 *   input: z.object({ product: z.string().min(1) }),
 *   deliverables: [{ kind: 'press_release', title: 'Press release' }],
 * })
 * pressRelease.path // '/api/v1/press-release/generate'
 * ```
 */
export function defineModule<const Name extends string, Shape extends z.core.$ZodLooseShape>(
  config: ModuleConfig<Name, Shape>,
): ModuleDefinition<Name, Shape> {
  if (typeof config.name !== 'string' || !MODULE_NAME_PATTERN.test(config.name)) {
    throw new ModuleDefinitionError(
      'name',
      `Module name ${JSON.stringify(String(config.name)).slice(0, 60)} is not valid: use 1 to 40 lower-case letters, digits or "-", starting with a letter (e.g. "press-release").`,
    );
  }
  // The public `def.type`, so a classic `z.object` and a `zod/mini` one both pass (no zod class needed here).
  if ((config.input as { def?: { type?: unknown } } | undefined)?.def?.type !== 'object') {
    throw new ModuleDefinitionError(
      'input',
      `Module "${config.name}": input must be a z.object(...) schema.`,
    );
  }
  if (!Array.isArray(config.deliverables) || config.deliverables.length === 0) {
    throw new ModuleDefinitionError(
      'deliverables',
      `Module "${config.name}": list at least one deliverable ({ kind, title }).`,
    );
  }
  // As classic `.strict()`: the same object with a `never` catchall (a classic object stays classic).
  const input = z.catchall(
    config.input as unknown as z.ZodMiniObject<Shape>,
    z.never(),
  ) as unknown as ModuleInputSchema<Shape>;
  if (config.example !== undefined) {
    const check = z.safeParse(input, config.example, ENGLISH);
    if (!check.success) {
      throw new ModuleDefinitionError(
        'example',
        `Module "${config.name}": the example does not match the input schema (${check.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
          .join('; ')}).`,
      );
    }
  }
  return Object.freeze({
    name: config.name,
    description: config.description,
    input,
    deliverables: Object.freeze(
      config.deliverables.map((d) => Object.freeze({ kind: d.kind, title: d.title })),
    ),
    upstream: Object.freeze([...(config.upstream ?? [])]),
    path: `/api/v1/${config.name}/generate` as const,
    example: config.example,
  });
}
