/**
 * The `onResponse` hook call shared by every handler (generate, reference
 * routes, engagement routes), and the path helper it reports with.
 */
import type { HandlerHooks } from '../generate-handler.js';

/** The path of a URL, or `/` when it cannot be parsed. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '/';
  }
}

/**
 * Calls `onResponse` once for `response` (method, path, status, trace id,
 * duration, `errorType` of a FAILED answer) and returns the response. A hook
 * that throws never breaks the answer.
 */
export function reportResponse(
  onResponse: HandlerHooks['onResponse'],
  request: Request,
  response: Response,
  traceId: string,
  started: number,
  errorType?: string,
): Response {
  if (onResponse === undefined) return response;
  try {
    onResponse({
      method: request.method,
      path: pathOf(request.url),
      status: response.status,
      traceId,
      durationMs: Math.round(performance.now() - started),
      ...(errorType !== undefined && { errorType }),
    });
  } catch {
    // A logging hook must not break the answer.
  }
  return response;
}
