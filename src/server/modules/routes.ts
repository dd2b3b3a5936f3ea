/**
 * The module routes of the reference server: `POST /api/v1/<module>/generate`
 * for every module, `POST /aicmo/generate` (the Python operator's route, the
 * module in `use_case`) and `GET /api/v1/modules` (the catalog, with each
 * request's JSON Schema).
 */
import * as z from 'zod';
import { parseModuleInput } from '../../modules/index.js';
import { InvalidRequestError, UnknownModuleError } from '../errors.js';
import { describeFailure } from '../failure.js';
import { createGenerateHandler, type HandlerHooks, type WebHandler } from '../generate-handler.js';
import { failedResponse, jsonResponse } from '../http/respond.js';
import type { RunRegistry } from '../stream/registry.js';
import { traceIdOf } from '../trace.js';
import type { ModuleHandler } from './handler.js';
import { type ModuleChain, runParsed } from './run.js';

/** Path of the Python operator's generate route (module in `use_case`). */
export const OPERATOR_GENERATE_PATH = '/aicmo/generate';
/** Path of the module catalog. */
export const MODULES_PATH = '/api/v1/modules';

const MODULE_PATH = /^\/api\/v1\/([^/]+)\/generate$/;

/** Settings the module routes share with the reference handler. */
export interface ModuleRoutesOptions extends HandlerHooks {
  /** The chain deliverables are written with. */
  chain: ModuleChain;
  /** The modules served, in catalog order. */
  handlers: readonly ModuleHandler[];
  /** Largest accepted body, in bytes. */
  maxBodyBytes?: number;
  /** Time allowed for the whole request body, in ms. */
  bodyTimeoutMs?: number;
  /** Deliverables generated at the same time per request. */
  concurrency?: number;
  /** Deadline of each deliverable's chain call, in ms. */
  deadlineMs?: number;
  /** Live progress: requests with `Accept: text/event-stream` stream their run (docs/streaming.md). */
  runs?: RunRegistry;
}

/** One entry of `GET /api/v1/modules`. */
export interface ModuleCatalogEntry {
  /** Module name. */
  name: string;
  /** One line on what it does. */
  description: string;
  /** Its generate path. */
  path: string;
  /** Top-level fields the request must have. */
  required: string[];
  /** What it produces. */
  deliverables: { kind: string; title: string }[];
  /** Modules whose approval it needs in an engagement. */
  upstream: string[];
  /** JSON Schema (draft 2020-12) of the request body, generated from the zod schema. */
  input_schema: Record<string, unknown>;
  /** A valid sample request, or `null`. */
  example: unknown;
}

/**
 * The catalog entry of a module: its request's JSON Schema (what a UI builds
 * its form from) and its required fields.
 *
 * @example
 * ```ts
 * moduleCatalogEntry(BUILTIN_MODULE_HANDLERS.strategy).required // ['campaign_name']
 * ```
 */
export function moduleCatalogEntry(handler: ModuleHandler): ModuleCatalogEntry {
  const { module } = handler;
  const schema = z.toJSONSchema(module.input, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return {
    name: module.name,
    description: module.description,
    path: module.path,
    required,
    deliverables: module.deliverables.map((d) => ({ kind: d.kind, title: d.title })),
    upstream: [...module.upstream],
    input_schema: schema,
    example: module.example ?? null,
  };
}

/**
 * The module routes as one function: it answers a request whose path is a
 * module route and returns `undefined` for any other path.
 */
export function createModuleRoutes(
  options: ModuleRoutesOptions,
): (request: Request, path: string) => Promise<Response> | undefined {
  const byName = new Map<string, ModuleHandler>();
  for (const handler of options.handlers) byName.set(handler.module.name, handler);
  const names = [...byName.keys()];
  const common = {
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
    ...(options.bodyTimeoutMs !== undefined && { bodyTimeoutMs: options.bodyTimeoutMs }),
    ...(options.onResponse !== undefined && { onResponse: options.onResponse }),
    ...(options.onError !== undefined && { onError: options.onError }),
    ...(options.runs !== undefined && { runs: options.runs }),
  };
  const runOptions = {
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }),
  };

  const endpoints = new Map<string, WebHandler>();
  for (const [name, handler] of byName) {
    endpoints.set(
      name,
      createGenerateHandler({
        ...common,
        module: name,
        input: handler.module.input,
        generate: (input, context) =>
          runParsed(handler, input, options.chain, {
            ...runOptions,
            traceId: context.traceId,
            signal: context.signal,
            ...(context.runId !== undefined && { runId: context.runId }),
            ...(context.onEvent !== undefined && { onEvent: context.onEvent }),
          }),
      }),
    );
  }

  const operator = createGenerateHandler({
    ...common,
    module: 'aicmo',
    input: z.looseObject({
      use_case: z.string({ error: `must name the module: one of ${names.join(', ')}` }),
    }),
    generate: (body, context) => {
      const { use_case: name, ...rest } = body;
      const handler = byName.get(name);
      if (handler === undefined) throw new UnknownModuleError(name, names);
      const parsed = parseModuleInput(handler.module, rest);
      if (!parsed.success) throw new InvalidRequestError(parsed.issues, { module: name });
      return runParsed(handler, parsed.data, options.chain, {
        ...runOptions,
        traceId: context.traceId,
        signal: context.signal,
        ...(context.runId !== undefined && { runId: context.runId }),
        ...(context.onEvent !== undefined && { onEvent: context.onEvent }),
      });
    },
  });

  let catalog: ModuleCatalogEntry[] | undefined;

  return (request, path) => {
    if (path === OPERATOR_GENERATE_PATH) return operator(request);
    if (path === MODULES_PATH) {
      const traceId = traceIdOf(request);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return Promise.resolve(
          failedResponse(
            'server',
            {
              status: 405,
              type: 'METHOD_NOT_ALLOWED',
              message: `${request.method} is not allowed on ${MODULES_PATH}; use GET.`,
            },
            traceId,
            { allow: 'GET, HEAD' },
          ),
        );
      }
      catalog ??= [...byName.values()].map(moduleCatalogEntry);
      const response = jsonResponse({ modules: catalog }, 200, traceId);
      return Promise.resolve(
        request.method === 'HEAD' ? new Response(null, { status: 200, headers: response.headers }) : response,
      );
    }
    const match = MODULE_PATH.exec(path);
    if (match === null) return undefined;
    const name = match[1] as string;
    const endpoint = endpoints.get(name);
    if (endpoint !== undefined) return endpoint(request);
    const traceId = traceIdOf(request);
    const answer = () =>
      failedResponse(name.slice(0, 60), describeFailure(new UnknownModuleError(name, names)), traceId);
    return (request.body ? request.body.cancel().catch(() => {}) : Promise.resolve()).then(answer);
  };
}
