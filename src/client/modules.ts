/**
 * `client.generate(module, input)`: the typed call of every operator module.
 */

import type { DeliverablesEnvelope } from '../envelope/index.js';
import { formatPath } from '../internal/index.js';
import type { AnyModuleDefinition, BuiltinModule, ModuleInput, ModuleName } from '../modules/index.js';
// Imported directly (not through the modules index) so that each request schema stays in a
// chunk of its own, loaded on the first call of its module.
import { parseModuleInput } from '../modules/parse.js';

/**
 * Each built-in module's definition, imported on the first call of that
 * module by name: an app that calls `generate('campaigns', …)` downloads the
 * campaigns schema, not the ten. The keys are the registry's (`MODULES`).
 */
const BUILTIN_LOADERS: { readonly [N in ModuleName]: () => Promise<BuiltinModule<N>> } = {
  intake: async () => (await import('../modules/builtin/intake.js')).intakeModule,
  strategy: async () => (await import('../modules/builtin/strategy.js')).strategyModule,
  creatives: async () => (await import('../modules/builtin/creatives.js')).creativesModule,
  execution: async () => (await import('../modules/builtin/execution.js')).executionModule,
  monitoring: async () => (await import('../modules/builtin/monitoring.js')).monitoringModule,
  leadgen: async () => (await import('../modules/builtin/leadgen.js')).leadgenModule,
  campaigns: async () => (await import('../modules/builtin/campaigns.js')).campaignsModule,
  autonomy: async () => (await import('../modules/builtin/autonomy.js')).autonomyModule,
  delivery: async () => (await import('../modules/builtin/delivery.js')).deliveryModule,
  learn: async () => (await import('../modules/builtin/learn.js')).learnModule,
};

/** The definitions loaded so far: a later call skips the module loader. */
const loadedBuiltins = new Map<string, AnyModuleDefinition>();

/** The built-in module called `name` (the registry's definition), or `undefined`. @internal */
export async function loadBuiltinModule(name: string): Promise<AnyModuleDefinition | undefined> {
  if (!Object.hasOwn(BUILTIN_LOADERS, name)) return undefined;
  let definition = loadedBuiltins.get(name);
  if (definition === undefined) {
    definition = await BUILTIN_LOADERS[name as ModuleName]();
    loadedBuiltins.set(name, definition);
  }
  return definition;
}

import { type CallSettings, postJson, rejectInput, startCall } from './post.js';
import { loadStream } from './stream-loader.js';
import type { BackendCallOptions, BackendFailure, BackendResult, BackendSuccess } from './types.js';

/** A module to call: a built-in module's name (`'strategy'`) or any definition made with `defineModule`. */
export type ModuleRef = ModuleName | AnyModuleDefinition;

/** The definition a {@link ModuleRef} stands for. */
export type ModuleOf<R extends ModuleRef> = R extends ModuleName
  ? BuiltinModule<R>
  : R extends AnyModuleDefinition
    ? R
    : never;

/** A deliverables envelope whose `module` is the literal name of the module called. */
export type ModuleEnvelope<Name extends string> = DeliverablesEnvelope & { readonly module: Name };

/** A successful module call: its envelope carries the module's name. */
export type ModuleSuccess<Name extends string> = Omit<BackendSuccess, 'envelope'> & {
  /** The validated envelope, `module` equal to the name called. */
  readonly envelope: ModuleEnvelope<Name>;
};

/** The never-throw result of `client.generate`. */
export type ModuleResult<Name extends string> = ModuleSuccess<Name> | BackendFailure;

/** Call options of `client.generate`. */
export interface ModuleCallOptions extends BackendCallOptions {
  /** Endpoint path. @default the module's path, `/api/v1/<name>/generate` */
  path?: string;
}

/** A success whose envelope names another module, as a `CONTRACT_ERROR`. @internal */
export function contractFailure(result: BackendSuccess, expected: string): BackendFailure {
  const message = `The backend answered for module ${JSON.stringify(result.envelope.module.slice(0, 60))}, not ${JSON.stringify(expected)}; check the endpoint path.`;
  return {
    ok: false,
    error: {
      type: 'CONTRACT_ERROR',
      code: result.status,
      message,
      traceId: result.traceId,
      issues: [{ path: ['module'], code: 'invalid_value', message }],
      errors: [`module: ${message}`],
      field: 'module',
    },
    traceId: result.traceId,
    status: result.status,
    durationMs: result.durationMs,
    ...(result.rawText !== undefined && { rawText: result.rawText }),
  };
}

/**
 * Calls `module`'s generate endpoint with `input`, checked first against the
 * module's request schema (a bad one resolves to a `VALIDATION_ERROR` naming
 * each field, and nothing is sent). The input is sent as given. @internal
 */
export async function generateModule(
  settings: CallSettings,
  module: ModuleRef,
  input: unknown,
  options: ModuleCallOptions | undefined,
): Promise<BackendResult> {
  const checked = await checkModuleCall(settings, module, input, options);
  if ('ok' in checked) return checked;
  const { path, started, name } = checked;
  const result =
    options?.onProgress !== undefined
      ? await (await loadStream()).streamCall(
          settings,
          path,
          input,
          options,
          { onEvent: options.onProgress },
          started,
        )
      : await postJson(settings, path, input, options, started);
  return result.ok && result.envelope.module !== name ? contractFailure(result, name) : result;
}

/** A module call that passed its local checks. @internal */
export interface CheckedModuleCall {
  /** The endpoint path. */
  readonly path: string;
  /** The module's name. */
  readonly name: string;
  /** The call's clock and trace id. */
  readonly started: ReturnType<typeof startCall>;
}

/**
 * The local checks of a module call (a known module, an input its schema
 * accepts): a `VALIDATION_ERROR` result, or what to send where. @internal
 */
export async function checkModuleCall(
  settings: CallSettings,
  module: ModuleRef,
  input: unknown,
  options: ModuleCallOptions | undefined,
): Promise<BackendResult | CheckedModuleCall> {
  const definition = typeof module === 'string' ? await loadBuiltinModule(module) : module;
  const path = options?.path ?? definition?.path ?? '/api/v1/(unknown)/generate';
  const started = startCall(path, options, settings);
  if (definition === undefined || typeof definition !== 'object' || typeof definition.name !== 'string') {
    return rejectInput(
      started.ctx,
      [
        `module: ${JSON.stringify(String(module)).slice(0, 60)} is not a built-in module; pass a name or a defineModule(...) definition`,
      ],
      'module',
      'The request',
    );
  }
  let parsed: ReturnType<typeof parseModuleInput>;
  try {
    parsed = parseModuleInput(definition, input);
  } catch {
    return rejectInput(
      started.ctx,
      ['(request): could not be read (a getter threw, or it is not plain data); pass a plain object'],
      undefined,
      `The ${definition.name} request`,
    );
  }
  if (!parsed.success) {
    const lines = parsed.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
    const first = parsed.issues[0];
    return rejectInput(
      started.ctx,
      lines,
      first ? formatPath(first.path) : undefined,
      `The ${definition.name} request`,
      parsed.issues,
    );
  }
  return { path, name: definition.name, started };
}

/** The `generate` method's signature, typed per module. */
export type GenerateModule = <R extends ModuleRef>(
  module: R,
  input: ModuleInput<ModuleOf<R>>,
  options?: ModuleCallOptions,
) => Promise<ModuleResult<ModuleOf<R>['name']>>;
