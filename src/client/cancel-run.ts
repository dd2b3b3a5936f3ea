/**
 * `POST /api/v1/runs/{run_id}/cancel` for `RunStream.stop()`, through the
 * client's one transport (URL checks, redirect policy, body cap, logging).
 * Loaded with the first `stop()` of a started run.
 * @internal
 */
import { runCancelPath } from '../stream/index.js';
import { type CallSettings, prepareCall, sendRequest, startCall } from './post.js';
import type { BackendCallOptions } from './types.js';

/** How long a cancel may take: it is best effort. */
const CANCEL_TIMEOUT_MS = 5_000;

/** Asks the server to cancel run `runId`, best effort (5 s at most, no retry); never throws. @internal */
export async function cancelRun(
  settings: CallSettings,
  call: BackendCallOptions | undefined,
  runId: string,
): Promise<void> {
  const path = runCancelPath(runId);
  const options: BackendCallOptions = {
    ...(call?.headers !== undefined && { headers: call.headers }),
    ...(call?.traceId !== undefined && { traceId: call.traceId }),
    timeoutMs: CANCEL_TIMEOUT_MS,
    deadlineMs: CANCEL_TIMEOUT_MS,
    maxRetries: 0,
  };
  const { ctx, traceIdIssue } = startCall(path, options, settings);
  const prepared = prepareCall(settings, path, null, options, ctx, traceIdIssue);
  if ('ok' in prepared) return;
  // No body: the run id is in the path.
  await sendRequest(settings, ctx, { ...prepared, body: undefined }, 'POST');
}
