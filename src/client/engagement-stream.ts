/**
 * A streamed engagement generate (`onProgress` on `client.engagements.generate`):
 * the same stream code as `client.stream` (loaded on first use), the saved
 * artifact taken from `run.completed`, the result mapped to the engagement
 * calls' never-throw shape.
 * @internal
 */
import { type Artifact, ArtifactSchema } from '../engagement/schemas.js';
import { ENGLISH, isRecord } from '../internal/index.js';
import type { RunEvent } from '../stream/index.js';
import type { CallSettings } from './call.js';
import type { EngagementCallError, EngagementResult } from './engagements.js';
import { DEFAULT_DEADLINE_MS } from './options.js';
import { loadStream } from './stream-loader.js';
import type { BackendResult } from './types.js';

/** The artifact of a JSON text, or `undefined`. */
function artifactOf(value: unknown): Artifact | undefined {
  const checked = ArtifactSchema.safeParse(value, ENGLISH);
  return checked.success ? checked.data : undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A failed stream as an engagement error: the server's `error.type` (GATING_BLOCKED, CANCELLED, ...) when it sent one. */
function errorOf(result: Extract<BackendResult, { ok: false }>): EngagementCallError {
  const served = result.error.envelope?.error;
  if (served) {
    return {
      type: served.type,
      code: typeof served.code === 'number' ? served.code : result.error.code,
      message: served.message,
      ...(isRecord(served.details) && { details: served.details }),
    };
  }
  return { type: result.error.type, code: result.error.code, message: result.error.message };
}

/**
 * Runs `POST …/modules/{module}/generate` as a stream; `onProgress` gets each
 * event. Resolves with the saved artifact (from `run.completed`, or the JSON
 * answer of a backend that does not stream). Never rejects.
 * @internal
 */
export async function streamEngagementGenerate(
  options: CallSettings,
  path: string,
  body: unknown,
  call: {
    signal?: AbortSignal;
    deadlineMs?: number;
    traceId?: string;
    onProgress: (event: RunEvent) => void;
  },
): Promise<EngagementResult<Artifact>> {
  const { streamCall } = await loadStream();
  let saved: unknown;
  const result = await streamCall(
    { ...options, includeRawText: true },
    path,
    body,
    {
      // One bound for the whole run (reconnections included): a stream has no per-attempt timeout.
      deadlineMs: call.deadlineMs ?? options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      ...(call.signal !== undefined && { signal: call.signal }),
      ...(call.traceId !== undefined && { traceId: call.traceId }),
    },
    {
      onEvent: (event) => {
        if (event.type === 'run.completed') saved = event.artifact;
        call.onProgress(event);
      },
    },
  );
  const contract = (status?: number): EngagementResult<Artifact> => ({
    ok: false,
    error: {
      type: 'CONTRACT_ERROR',
      code: 502,
      message: `The answer of ${path} is not what the engagement contract says.`,
    },
    ...(status !== undefined && { status }),
    traceId: result.traceId,
  });
  if (result.ok) {
    const artifact = artifactOf(saved);
    return artifact === undefined
      ? contract(result.status)
      : { ok: true, value: artifact, status: result.status, traceId: result.traceId };
  }
  // A backend that does not stream answers the JSON artifact (201), which is not an envelope.
  if (result.error.type === 'CONTRACT_ERROR' && result.status !== undefined && result.status < 300) {
    const artifact = artifactOf(parseJson(result.rawText));
    return artifact === undefined
      ? contract(result.status)
      : { ok: true, value: artifact, status: result.status, traceId: result.traceId };
  }
  return {
    ok: false,
    error: errorOf(result),
    ...(result.status !== undefined && { status: result.status }),
    traceId: result.traceId,
  };
}
