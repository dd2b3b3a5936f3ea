/**
 * `createRunsHandler`: the resume and cancel endpoints of streamed runs,
 * `GET /api/v1/runs/{run_id}/events` and `POST /api/v1/runs/{run_id}/cancel`.
 */
import { parseLastEventId } from '../../stream/index.js';
import { describeFailure } from '../failure.js';
import type { WebHandler } from '../generate-handler.js';
import { failedResponse, jsonResponse } from '../http/respond.js';
import { normaliseBasePath, routeTarget } from '../http/route-path.js';
import { TRACE_HEADER, traceIdOf } from '../trace.js';
import type { CancelOutcome, RunRegistry } from './registry.js';
import { clientGoneSignal, toSSEResponse } from './sse-response.js';

/** Prefix of the run endpoints. */
export const RUNS_PATH_PREFIX = '/api/v1/runs/';

const RUN_PATH = /^\/api\/v1\/runs\/([^/]{1,200})\/(events|cancel)\/?$/;

/** Options of {@link createRunsHandler}. */
export interface RunsHandlerOptions {
  /** Heartbeat interval of the event streams, in ms. @default 15000 */
  heartbeatMs?: number;
  /**
   * Path the handler is mounted under, e.g. `/aicmo` for
   * `/aicmo/api/v1/runs/{run_id}/events`. @default '' (the root)
   */
  basePath?: string;
}

/** The run id and action of a run endpoint path, or `undefined`. */
export function matchRunPath(path: string): { runId: string; action: 'events' | 'cancel' } | undefined {
  const match = RUN_PATH.exec(path);
  if (!match) return undefined;
  let runId: string;
  try {
    runId = decodeURIComponent(match[1] as string);
  } catch {
    return undefined;
  }
  return { runId, action: match[2] as 'events' | 'cancel' };
}

/**
 * The run endpoints as one web handler:
 *
 * - `GET /api/v1/runs/{run_id}/events`: with `Last-Event-ID: n` (or
 *   `?last_event_id=n`, for an `EventSource`'s first connection), exactly
 *   the events after `n`, then the live tail; without it, the whole run so
 *   far. A finished run is served whole until its retention ends. Unknown
 *   run: 404 `RUN_NOT_FOUND`.
 * - `POST /api/v1/runs/{run_id}/cancel`: cancels the run (202 `{ run_id,
 *   outcome: 'cancelled' }`; its stream ends with a `CANCELLED` `run.failed`),
 *   from any replica: with a shared store that records cancels, a run of
 *   another replica answers 202 `outcome: 'requested'` and its producer
 *   aborts it within about a second; 200 with `outcome: 'ended'` when it had
 *   already ended; 404 when unknown.
 *
 * @example
 * ```ts
 * const runs = createRunRegistry()
 * const runsApi = createRunsHandler(runs)
 * Bun.serve({ fetch: (req) => new URL(req.url).pathname.startsWith(RUNS_PATH_PREFIX) ? runsApi(req) : app(req) })
 * ```
 */
export function createRunsHandler(registry: RunRegistry, options: RunsHandlerOptions = {}): WebHandler {
  const basePath = normaliseBasePath(options.basePath);
  return async function runsHandler(request: Request): Promise<Response> {
    const traceId = traceIdOf(request);
    const url = new URL(request.url);
    const target = routeTarget(request.url, basePath);
    const route = target.kind === 'path' ? matchRunPath(target.path) : undefined;
    if (!route) {
      return failedResponse(
        'runs',
        {
          status: 404,
          type: 'NOT_FOUND',
          message: 'Use GET /api/v1/runs/{run_id}/events or POST /api/v1/runs/{run_id}/cancel.',
        },
        traceId,
      );
    }
    const method = route.action === 'events' ? 'GET' : 'POST';
    if (request.method !== method) {
      return failedResponse(
        'runs',
        {
          status: 405,
          type: 'METHOD_NOT_ALLOWED',
          message: `${request.method} is not allowed here; use ${method}.`,
        },
        traceId,
        { allow: method },
      );
    }
    const notFound = () =>
      failedResponse(
        'runs',
        {
          status: 404,
          type: 'RUN_NOT_FOUND',
          message:
            'No such run here: it never started, its retention ended, or another replica holds it without a shared store.',
        },
        traceId,
      );

    if (route.action === 'cancel') {
      let outcome: CancelOutcome;
      try {
        outcome = await registry.requestCancel(route.runId);
      } catch (error) {
        return failedResponse('runs', describeFailure(error, { traceId }), traceId);
      }
      if (outcome === 'unknown') return notFound();
      return jsonResponse({ run_id: route.runId, outcome }, outcome === 'ended' ? 200 : 202, traceId);
    }

    const after =
      parseLastEventId(request.headers.get('last-event-id')) ??
      parseLastEventId(url.searchParams.get('last_event_id')) ??
      0;
    const clientGone = clientGoneSignal(request);
    const events = await registry.open(route.runId, { after, signal: clientGone });
    if (events === undefined) return notFound();
    return toSSEResponse(events, {
      signal: clientGone,
      headers: { [TRACE_HEADER]: traceId },
      ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
    });
  };
}
