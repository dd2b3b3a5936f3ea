/**
 * The reference server as a web handler: `POST /api/v1/campaigns/generate`
 * (JSON or streamed), the run endpoints and `GET /health`, with optional CORS.
 */
// Not the `aicmo/engagement` index: the server stays runtime-neutral without the file and PostgreSQL stores.

import { createEngagementService } from '../engagement/service.js';
import type { EngagementStore } from '../engagement/store.js';
import { createMemoryStore } from '../engagement/stores/memory.js';
import type { ChainStatus } from '../providers/index.js';
import { STREAM_PROTOCOL_HEADER } from '../stream/index.js';
import { createEngagementRoutes, ENGAGEMENTS_PATH, moduleRunner } from './engagement-routes.js';
import { type HandlerHooks, pathOf, type WebHandler } from './generate-handler.js';
import { healthAnswer } from './http/health.js';
import { reportResponse } from './http/report.js';
import { failedResponse, jsonResponse } from './http/respond.js';
import { normaliseBasePath, routeTarget } from './http/route-path.js';
import { BUILTIN_MODULE_HANDLERS } from './modules/builtin/index.js';
import type { ModuleHandler } from './modules/handler.js';
import { createModuleRoutes, MODULES_PATH, OPERATOR_GENERATE_PATH } from './modules/routes.js';
import type { ModuleChain } from './modules/run.js';
import { createRunRegistry, type RunRegistry } from './stream/registry.js';
import { createRunsHandler, RUNS_PATH_PREFIX } from './stream/runs-handler.js';
import type { RunEventStore } from './stream/store.js';
import { TRACE_HEADER, traceIdOf } from './trace.js';

/** Path of the campaign generate endpoint (CONTRACT §2). */
export const CAMPAIGN_GENERATE_PATH = BUILTIN_MODULE_HANDLERS.campaigns.module.path;
/** Path of the health endpoint. */
export const HEALTH_PATH = '/health';

/** A chain the reference server can use: it generates and reports its status. */
export interface ReferenceChain extends ModuleChain {
  /** Per-provider health, served by `GET /health`. */
  status(): ChainStatus;
}

/**
 * CORS settings. `true` allows any origin (`*`); a list allows those origins
 * exactly (e.g. `['https://app.example.com']`).
 */
export type CorsOption =
  | boolean
  | readonly string[]
  | {
      /** Allowed origins, or `'*'`. */
      origins: readonly string[] | '*';
      /** How long browsers may cache a preflight, in seconds. @default 600 */
      maxAgeSeconds?: number;
    };

/** Options of {@link createReferenceHandler}. */
export interface ReferenceHandlerOptions extends HandlerHooks {
  /** The chain deliverables are written with; `GET /health` reports its `status()`. */
  chain: ReferenceChain;
  /**
   * Your own modules (`defineModule` + `defineModuleHandler`), served beside
   * the ten built-in ones at `/api/v1/<name>/generate`; one with a built-in
   * name replaces it.
   * @default []
   */
  modules?: readonly ModuleHandler[];
  /**
   * Where engagements live (`/api/v1/engagements/...`): a store from
   * `aicmo/engagement` (`openEngagementStore('aicmo.db')`, a postgres:// URL, ...).
   * @default an in-memory store (lost when the process exits)
   */
  engagementStore?: EngagementStore;
  /** CORS: off unless set. @default false */
  cors?: CorsOption;
  /** Largest accepted body, in bytes. @default 1048576 */
  maxBodyBytes?: number;
  /** Time allowed for the whole request body, in ms (slower: 408). @default 30000 */
  bodyTimeoutMs?: number;
  /** Deliverables generated at the same time per request. @default 3 */
  concurrency?: number;
  /** Deadline of each deliverable's chain call, in ms. @default the chain's `deadlineMs` */
  deadlineMs?: number;
  /**
   * Live progress (docs/streaming.md): the registry streamed runs live in,
   * or `false` to answer JSON only. @default a new `createRunRegistry()`
   */
  runs?: RunRegistry | false;
  /**
   * Where the registry made for you (when `runs` is not given) persists the
   * events of streamed runs, so that replicas sharing it resume, follow and
   * cancel each other's runs and a resume survives a crash:
   * `openRunEventStore(location)` with the engagement store's location
   * (`aicmo serve` does this: a postgres:// URL, or the same SQLite file).
   * @default none: each process keeps its runs in memory
   */
  runStore?: RunEventStore;
  /**
   * Path the handler is mounted under: routes answer at `<basePath>/health`,
   * `<basePath>/api/v1/...`; anything outside it is a 404. For a Next.js
   * catch-all route `app/aicmo/[...path]/route.ts`, use `'/aicmo'`.
   * @default '' (the root)
   * @example '/aicmo'
   */
  basePath?: string;
  /**
   * `GET /health` lists each provider's name and states (health, circuit,
   * available) by default; `true` adds the chain's whole status report
   * (latencies, counters, last error message and kind). Error messages are
   * secret-free but may say more than a public endpoint should.
   * @default false
   */
  healthDetails?: boolean;
}

interface CorsPolicy {
  origins: readonly string[] | '*';
  maxAgeSeconds: number;
}

function corsPolicy(option: CorsOption | undefined): CorsPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return { origins: '*', maxAgeSeconds: 600 };
  if (Array.isArray(option)) return { origins: option as readonly string[], maxAgeSeconds: 600 };
  const o = option as Exclude<CorsOption, boolean | readonly string[]>;
  return { origins: o.origins, maxAgeSeconds: o.maxAgeSeconds ?? 600 };
}

/** A comma-separated list of HTTP header names (RFC 9110 tokens), as `Access-Control-Request-Headers` holds. */
const HEADER_LIST = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

const EXPOSED = `${TRACE_HEADER}, ${STREAM_PROTOCOL_HEADER}`;

function corsHeaders(policy: CorsPolicy | undefined, request: Request): Record<string, string> {
  if (!policy) return {};
  const origin = request.headers.get('origin');
  if (origin === null) return {};
  if (policy.origins === '*') {
    return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED };
  }
  if (!policy.origins.includes(origin)) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED,
    vary: 'Origin',
  };
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  if (Object.keys(headers).length === 0) return response;
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: merged,
  });
}

/**
 * The reference AICMO backend as one web handler:
 *
 * - `POST /api/v1/campaigns/generate`: {@link generateCampaign} behind
 *   {@link createGenerateHandler} (405/415/413/400/422, trace ids, FAILED
 *   envelopes for chain failures);
 * - with `Accept: text/event-stream`, the generate endpoint streams the run
 *   (docs/streaming.md), resumable at `GET /api/v1/runs/{run_id}/events`
 *   and cancellable at `POST /api/v1/runs/{run_id}/cancel` (see `runs`);
 * - `GET /health` (and `HEAD`): `{ status, service, timestamp, providers }`,
 *   503 when no provider can serve (`status: 'unavailable'`), else 200
 *   (`ok`, or `degraded` when some cannot); providers by name and state
 *   unless `healthDetails` is set;
 * - paths with `.`/`..` segments (raw or `%2e`): 400; routes live under `basePath`;
 * - anything else: 404 with a FAILED-style JSON body listing the routes;
 * - CORS off unless `cors` is set; then preflight `OPTIONS` requests are
 *   answered (204) and responses carry `Access-Control-Allow-Origin` for
 *   allowed origins, exposing `X-Trace-ID`.
 *
 * @example
 * ```ts
 * const handler = createReferenceHandler({ chain: providerChainFromEnv() })
 * Bun.serve({ fetch: handler })            // Bun
 * Deno.serve(handler)                      // Deno
 * createServer(toNodeListener(handler))    // node:http
 * ```
 */
export function createReferenceHandler(options: ReferenceHandlerOptions): WebHandler {
  const { chain, onResponse, onError } = options;
  const cors = corsPolicy(options.cors);
  const runs =
    options.runs === false
      ? undefined
      : (options.runs ?? createRunRegistry(options.runStore ? { store: options.runStore } : {}));
  const basePath = normaliseBasePath(options.basePath);
  const runsApi = runs && createRunsHandler(runs, { basePath });
  const handlers = new Map<string, ModuleHandler>(
    Object.values(BUILTIN_MODULE_HANDLERS).map((handler): [string, ModuleHandler] => [
      handler.module.name,
      handler,
    ]),
  );
  for (const handler of options.modules ?? []) handlers.set(handler.module.name, handler);
  const moduleRoutes = createModuleRoutes({
    chain,
    handlers: [...handlers.values()],
    ...(runs !== undefined && { runs }),
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
    ...(options.bodyTimeoutMs !== undefined && { bodyTimeoutMs: options.bodyTimeoutMs }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }),
    ...(onResponse !== undefined && { onResponse }),
    ...(onError !== undefined && { onError }),
  });

  const engagementRoutes = createEngagementRoutes({
    service: createEngagementService({
      store: options.engagementStore ?? createMemoryStore(),
      generate: moduleRunner(handlers, chain, {
        ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
        ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }),
      }),
    }),
    ...(runs !== undefined && { runs }),
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
    ...(options.bodyTimeoutMs !== undefined && { bodyTimeoutMs: options.bodyTimeoutMs }),
    ...(onResponse !== undefined && { onResponse }),
    ...(onError !== undefined && { onError }),
  });

  const log = (request: Request, response: Response, traceId: string, started: number): Response =>
    reportResponse(onResponse, request, response, traceId, started);

  return async function referenceHandler(request: Request): Promise<Response> {
    const started = performance.now();
    const target = routeTarget(request.url, basePath);
    const path = target.kind === 'path' ? target.path : pathOf(request.url);
    const extra = corsHeaders(cors, request);
    if (target.kind === 'traversal') {
      const traceId = traceIdOf(request);
      const failure = {
        status: 400,
        type: 'BAD_REQUEST',
        message: 'The path has "." or ".." segments (raw or percent-encoded); send the route path as it is.',
      };
      return log(request, failedResponse('server', failure, traceId, extra), traceId, started);
    }

    if (cors && request.method === 'OPTIONS' && request.headers.get('access-control-request-method')) {
      const traceId = traceIdOf(request);
      const headers: Record<string, string> = { ...extra, [TRACE_HEADER]: traceId };
      if (extra['access-control-allow-origin']) {
        headers['access-control-allow-methods'] = 'GET, HEAD, POST, OPTIONS';
        // Reflect the headers the browser asks for (as the `cors` middleware does), so that a
        // client's own headers (Authorization, X-API-Key, ...) pass; else the two the client sends.
        const requested = request.headers.get('access-control-request-headers')?.trim();
        headers['access-control-allow-headers'] =
          requested && HEADER_LIST.test(requested) ? requested : `Content-Type, ${TRACE_HEADER}`;
        headers.vary = [extra.vary, 'Access-Control-Request-Headers'].filter(Boolean).join(', ');
        headers['access-control-max-age'] = String(cors.maxAgeSeconds);
      }
      return log(request, new Response(null, { status: 204, headers }), traceId, started);
    }

    const engaged = target.kind === 'path' ? engagementRoutes(request, path) : undefined;
    if (engaged !== undefined) return withHeaders(await engaged, extra);

    const routed = target.kind === 'path' ? moduleRoutes(request, path) : undefined;
    if (routed !== undefined) return withHeaders(await routed, extra);
    if (runsApi && target.kind === 'path' && path.startsWith(RUNS_PATH_PREFIX)) {
      const response = withHeaders(await runsApi(request), extra);
      return log(request, response, response.headers.get(TRACE_HEADER) ?? traceIdOf(request), started);
    }

    const traceId = traceIdOf(request);
    if (target.kind === 'path' && path === HEALTH_PATH) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const failure = {
          status: 405,
          type: 'METHOD_NOT_ALLOWED',
          message: `${request.method} is not allowed on ${HEALTH_PATH}; use GET.`,
        };
        return log(
          request,
          failedResponse('server', failure, traceId, { ...extra, allow: 'GET, HEAD' }),
          traceId,
          started,
        );
      }
      const health = healthAnswer(chain.status(), options.healthDetails === true);
      const response = jsonResponse(health.body, health.status, traceId, extra);
      return log(
        request,
        request.method === 'HEAD'
          ? new Response(null, { status: health.status, headers: response.headers })
          : response,
        traceId,
        started,
      );
    }

    const failure = {
      status: 404,
      type: 'NOT_FOUND',
      message: `No route for ${request.method} ${path.slice(0, 200)}. Routes: POST /api/v1/<module>/generate (modules: ${[...handlers.keys()].join(', ')}), POST ${OPERATOR_GENERATE_PATH}, GET ${MODULES_PATH}, ${ENGAGEMENTS_PATH}/..., GET ${HEALTH_PATH}.`,
    };
    return log(request, failedResponse('server', failure, traceId, extra), traceId, started);
  };
}
