/**
 * The engagement routes of the reference server (the contract every
 * operator UI talks to). Every error is a FAILED envelope with a stable
 * `error.type`: the engagement error codes (GATING_BLOCKED, CONFLICT,
 * INVALID_TRANSITION, ...), the store's, or the module run's.
 */
// Not the `aicmo/engagement` index: the server stays runtime-neutral without the file and PostgreSQL stores.

import { type EngagementExportFormat, exportEngagement } from '../engagement/export.js';
import { type EngagementModule, isEngagementModule } from '../engagement/gating.js';
import type { EngagementService } from '../engagement/service.js';
import type { EngagementGenerator, GenerateModuleOptions } from '../engagement/service-options.js';
import { isRecord } from '../internal/index.js';
import { BadBody, failureOf } from './engagement-failure.js';
import { UnknownModuleError } from './errors.js';
import { describeFailure, type FailureDescription } from './failure.js';
import {
  acceptsEventStream,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  type HandlerHooks,
} from './generate-handler.js';
import { BodyTimeoutError, BodyTooLargeError, readBodyText } from './http/body.js';
import { reportResponse } from './http/report.js';
import { failedEnvelope, failedResponse, jsonResponse } from './http/respond.js';
import type { ModuleHandler } from './modules/handler.js';
import { type ModuleChain, runModule } from './modules/run.js';
import type { RunRegistry } from './stream/registry.js';
import { clientGoneSignal, toSSEResponse } from './stream/sse-response.js';
import { TRACE_HEADER, traceIdOf } from './trace.js';

/** Path prefix of the engagement routes. */
export const ENGAGEMENTS_PATH = '/api/v1/engagements';

const ARTIFACT_ACTION =
  /^\/api\/v1\/engagements\/([^/]+)\/artifacts\/([^/]+)\/(amend|approve|reject|reopen|archive)$/;
const ARTIFACT = /^\/api\/v1\/engagements\/([^/]+)\/artifacts\/([^/]+)$/;
const GENERATE = /^\/api\/v1\/engagements\/([^/]+)\/modules\/([^/]+)\/generate$/;
const EXPORT = /^\/api\/v1\/engagements\/([^/]+)\/export$/;
const ONE = /^\/api\/v1\/engagements\/([^/]+)$/;

/** Options of {@link createEngagementRoutes}. */
export interface EngagementRoutesOptions extends HandlerHooks {
  /** The engagement service (its store decides where engagements live). */
  service: EngagementService;
  /** Largest accepted body, in bytes. @default 1048576 */
  maxBodyBytes?: number;
  /** Time allowed for the whole request body, in ms. @default 30000 */
  bodyTimeoutMs?: number;
  /**
   * Live progress: with a registry, a module generate that sends `Accept:
   * text/event-stream` is streamed (docs/streaming.md): the module's events,
   * then `run.completed` with the envelope and the saved `artifact` (stored
   * before the event is sent). @default no streaming
   */
  runs?: RunRegistry;
  /** Heartbeat interval of streamed answers, in ms. @default 15000 */
  heartbeatMs?: number;
}

/**
 * A module generator for the engagement service that runs the server's own
 * module handlers on its chain (what `createReferenceHandler` uses).
 */
export function moduleRunner(
  handlers: ReadonlyMap<string, ModuleHandler>,
  chain: ModuleChain,
  options: { concurrency?: number; deadlineMs?: number } = {},
): EngagementGenerator {
  return (module, input, context) => {
    const handler = handlers.get(module);
    if (handler === undefined) throw new UnknownModuleError(module, [...handlers.keys()]);
    return runModule(handler, input as never, chain, {
      ...(context.traceId !== undefined && { traceId: context.traceId }),
      ...(context.signal !== undefined && { signal: context.signal }),
      ...(context.runId !== undefined && { runId: context.runId }),
      ...(context.onEvent !== undefined && { onEvent: context.onEvent }),
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }),
    });
  };
}

/**
 * The engagement routes as one function: it answers a request under
 * `/api/v1/engagements` and returns `undefined` for any other path.
 *
 * | request | answer |
 * |---|---|
 * | `POST /api/v1/engagements` `{client_name}` | 201, the engagement |
 * | `GET /api/v1/engagements[?client_name=&limit=&offset=]` | `{engagements}` |
 * | `GET /api/v1/engagements/{id}` | the engagement, its artifacts (latest per module) and version metadata |
 * | `POST …/{id}/modules/{module}/generate` (module request + `override`, `expected_version`) | 201, the artifact; with `Accept: text/event-stream` and `runs`, the run's events (`run.completed` carries the saved `artifact`) |
 * | `GET …/{id}/artifacts/{artifact_id}[?version=n]` | the artifact (an older version on demand) |
 * | `POST …/{id}/artifacts/{artifact_id}/{amend,approve,reject,reopen,archive}` | 200, the artifact |
 * | `GET …/{id}/export?format=md\|json[&module=…]` | the file, with Content-Disposition |
 */
export function createEngagementRoutes(
  options: EngagementRoutesOptions,
): (request: Request, path: string) => Promise<Response> | undefined {
  const { service, onResponse, onError } = options;
  const limits = {
    maxBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    timeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
  };

  const readJson = async (request: Request): Promise<Record<string, unknown>> => {
    const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json' && !(type.startsWith('application/') && type.endsWith('+json'))) {
      await request.body?.cancel().catch(() => {});
      throw new BadBody({
        status: 415,
        type: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'The body must be JSON: send the header Content-Type: application/json.',
      });
    }
    let data: unknown;
    try {
      data = JSON.parse(await readBodyText(request, limits));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        throw new BadBody({
          status: 413,
          type: 'PAYLOAD_TOO_LARGE',
          message: `The body is larger than ${limits.maxBytes} bytes.`,
        });
      }
      if (error instanceof BodyTimeoutError) {
        throw new BadBody({
          status: 408,
          type: 'REQUEST_TIMEOUT',
          message: `The body did not arrive within ${limits.timeoutMs} ms.`,
        });
      }
      throw new BadBody({
        status: 400,
        type: 'INVALID_JSON',
        message: 'The body is not valid JSON (UTF-8).',
      });
    }
    if (!isRecord(data)) {
      throw new BadBody({
        status: 422,
        type: 'VALIDATION_ERROR',
        message: 'The body must be a JSON object.',
      });
    }
    return data;
  };

  /**
   * A streamed module generate: the run starts in the registry; the answer
   * is its event stream once the generator began (the gate passed), or the
   * JSON FAILED answer when the generation was refused before any work
   * (not found, GATING_BLOCKED, CONFLICT), as without streaming.
   */
  const streamGenerate = async (
    registry: RunRegistry,
    engagementId: string,
    module: EngagementModule,
    input: Record<string, unknown>,
    call: GenerateModuleOptions,
    request: Request,
    traceId: string,
  ): Promise<Response> => {
    const runId = globalThis.crypto.randomUUID();
    let began = false;
    let decide: (refused: FailureDescription | undefined) => void = () => {};
    const decided = new Promise<FailureDescription | undefined>((resolve) => {
      decide = resolve;
    });
    registry.start({
      module,
      traceId,
      runId,
      execute: async ({ signal, emit }) => {
        try {
          const artifact = await service.generate(engagementId, module, input, {
            ...call,
            signal,
            runId,
            onEvent: (event) => {
              if (!began) {
                began = true;
                decide(undefined);
              }
              emit(event);
            },
          });
          decide(undefined);
          return { envelope: artifact.envelope, artifact };
        } catch (error) {
          const failure = signal.aborted
            ? describeFailure(signal.reason, { traceId })
            : failureOf(error, traceId, false);
          if (failure.status === 500) report(error, traceId);
          decide(began ? undefined : failure);
          return failedEnvelope('engagements', failure, traceId, runId);
        }
      },
    });
    const refused = await decided;
    if (refused) throw new BadBody(refused);
    const clientGone = clientGoneSignal(request);
    const events = await registry.open(runId, { signal: clientGone });
    if (events === undefined) throw new Error('run vanished');
    return toSSEResponse(events, {
      signal: clientGone,
      headers: { [TRACE_HEADER]: traceId },
      ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
    });
  };

  const report = (error: unknown, traceId: string) => {
    try {
      onError?.(error, { traceId });
    } catch {
      // A logging hook must not break the answer.
    }
  };

  const route = async (request: Request, path: string, traceId: string): Promise<Response> => {
    const method = request.method;
    const url = new URL(request.url);
    const allow = (methods: string) => {
      if (!methods.split(', ').includes(method)) {
        throw new BadBody({
          status: 405,
          type: 'METHOD_NOT_ALLOWED',
          message: `${method} is not allowed on ${path.slice(0, 200)}; use ${methods}.`,
        });
      }
    };
    if (path === ENGAGEMENTS_PATH) {
      allow('GET, POST');
      if (method === 'GET') {
        const filter = {
          ...(url.searchParams.has('client_name') && {
            clientName: url.searchParams.get('client_name') as string,
          }),
          limit: bounded(url.searchParams.get('limit'), 100, 1000),
          offset: bounded(url.searchParams.get('offset'), 0, Number.MAX_SAFE_INTEGER),
        };
        return jsonResponse({ engagements: await service.listEngagements(filter) }, 200, traceId);
      }
      const body = await readJson(request);
      const engagement = await service.createEngagement({ clientName: String(body.client_name ?? '') });
      return jsonResponse(engagement, 201, traceId);
    }
    const actionMatch = ARTIFACT_ACTION.exec(path);
    if (actionMatch) {
      allow('POST');
      const [, id, artifactId, action] = actionMatch as unknown as [string, string, string, string];
      const body = await readJson(request);
      const common = {
        expectedVersion: body.expected_version as number,
        deliverableId: optionalString(body.deliverable_id, 'deliverable_id'),
        author: optionalString(body.author, 'author'),
        note: optionalString(body.note, 'note'),
      };
      const e = decodeURIComponent(id);
      const a = decodeURIComponent(artifactId);
      const artifact =
        action === 'amend'
          ? await service.amend(e, a, {
              ...common,
              deliverableId: common.deliverableId ?? '',
              contentMarkdown: body.content_markdown as string,
            })
          : action === 'approve'
            ? await service.approve(e, a, {
                ...common,
                ...(body.override !== undefined && { override: body.override as never }),
              })
            : action === 'reject'
              ? await service.reject(e, a, common)
              : action === 'reopen'
                ? await service.reopen(e, a, common)
                : await service.archive(e, a, common);
      return jsonResponse(artifact, 200, traceId);
    }
    const generateMatch = GENERATE.exec(path);
    if (generateMatch) {
      allow('POST');
      const [, id, module] = generateMatch as unknown as [string, string, string];
      const name = decodeURIComponent(module);
      if (!isEngagementModule(name)) throw new UnknownModuleError(name, []);
      const { override, expected_version, actor, ...input } = await readJson(request);
      const call: GenerateModuleOptions = {
        ...(override !== undefined && override !== null && { override: override as never }),
        ...(expected_version !== undefined && { expectedVersion: expected_version as number }),
        ...(typeof actor === 'string' && { actor }),
        traceId,
      };
      if (options.runs && acceptsEventStream(request)) {
        return streamGenerate(options.runs, decodeURIComponent(id), name, input, call, request, traceId);
      }
      const artifact = await service.generate(decodeURIComponent(id), name, input, {
        ...call,
        signal: request.signal,
      });
      return jsonResponse(artifact, 201, traceId);
    }
    const artifactMatch = ARTIFACT.exec(path);
    if (artifactMatch) {
      allow('GET');
      const [, id, artifactId] = artifactMatch as unknown as [string, string, string];
      const version = url.searchParams.get('version');
      const artifact = await service.getArtifact(decodeURIComponent(id), decodeURIComponent(artifactId), {
        ...(version !== null && { version: Number(version) }),
      });
      return jsonResponse(artifact, 200, traceId);
    }
    const exportMatch = EXPORT.exec(path);
    if (exportMatch) {
      allow('GET');
      const format = url.searchParams.get('format') ?? 'md';
      if (format !== 'md' && format !== 'json') {
        throw new BadBody({ status: 422, type: 'VALIDATION_ERROR', message: 'format must be md or json.' });
      }
      const module = url.searchParams.get('module');
      if (module !== null && !isEngagementModule(module)) throw new UnknownModuleError(module, []);
      const file = await exportEngagement(service, decodeURIComponent(exportMatch[1] as string), {
        format: format as EngagementExportFormat,
        ...(module !== null && { module }),
        includeDrafts: url.searchParams.get('include_drafts') === 'true',
      });
      return new Response(file.content, {
        status: 200,
        headers: {
          'content-type': file.mimeType,
          'content-disposition': `attachment; filename="${file.fileName}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'x-trace-id': traceId,
        },
      });
    }
    const oneMatch = ONE.exec(path);
    if (oneMatch) {
      allow('GET');
      return jsonResponse(
        await service.getEngagement(decodeURIComponent(oneMatch[1] as string)),
        200,
        traceId,
      );
    }
    throw new BadBody({
      status: 404,
      type: 'NOT_FOUND',
      message: `No engagement route for ${method} ${path.slice(0, 200)}.`,
    });
  };

  return (request, path) => {
    if (path !== ENGAGEMENTS_PATH && !path.startsWith(`${ENGAGEMENTS_PATH}/`)) return undefined;
    const started = performance.now();
    const traceId = traceIdOf(request);
    const finish = (response: Response, errorType?: string) =>
      reportResponse(onResponse, request, response, traceId, started, errorType);
    return route(request, path, traceId).then(finish, (error: unknown) => {
      const failure = failureOf(error, traceId, request.signal.aborted);
      if (failure.status === 500) {
        try {
          onError?.(error, { traceId });
        } catch {
          // A logging hook must not break the answer.
        }
      }
      const allowHeader =
        failure.status === 405 ? { allow: /use (.+)\.$/.exec(failure.message)?.[1] ?? 'GET' } : undefined;
      return finish(failedResponse('engagements', failure, traceId, allowHeader), failure.type);
    });
  };
}

function bounded(value: string | null, fallback: number, max: number): number {
  if (value === null || !/^\d+$/.test(value)) return fallback;
  return Math.min(max, Number(value));
}

function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw new BadBody({ status: 422, type: 'VALIDATION_ERROR', message: `${name} must be a string.` });
  }
  return value;
}
