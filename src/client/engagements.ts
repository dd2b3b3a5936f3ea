/**
 * `client.engagements`: typed, never-throwing calls for the engagement
 * routes (`/api/v1/engagements/...`). Every call resolves to an
 * {@link EngagementResult}: the parsed value, or an error whose `type` is the
 * server's stable `error.type` (`GATING_BLOCKED`, `CONFLICT`,
 * `INVALID_TRANSITION`, ...) or a transport one (`TIMEOUT`,
 * `CONNECTION_ERROR`, `CONFIGURATION_ERROR`, `CONTRACT_ERROR`,
 * `RESPONSE_TOO_LARGE`, `REDIRECT_BLOCKED`, ...). The calls go through the
 * client's one transport (`post.ts`): the body cap, the redirect policy, the
 * URL checks, timeouts, retries, logging and error mapping of every call.
 */
import type * as z from 'zod/mini';
import {
  type Artifact,
  ArtifactSchema,
  type Engagement,
  EngagementListSchema,
  EngagementSchema,
  type EngagementView,
  EngagementViewSchema,
  type GatingOverride,
} from '../engagement/schemas.js';
import { ENGLISH, isRecord } from '../internal/index.js';
import type { RunEvent } from '../stream/index.js';
import { streamEngagementGenerate } from './engagement-stream.js';
import { type CallSettings, elapsed, log, prepareCall, sendRequest, startCall } from './post.js';
import type { BackendFailure } from './types.js';

/** The error of a failed engagement call. */
export interface EngagementCallError {
  /**
   * Stable type: the server's `error.type`, or a transport one as in
   * `BackendErrorType` (`TIMEOUT`, `CONNECTION_ERROR`, `CONFIGURATION_ERROR`,
   * `VALIDATION_ERROR`, `CONTRACT_ERROR`, `RESPONSE_TOO_LARGE`,
   * `REDIRECT_BLOCKED`, `ABORTED`, `HTTP_<status>`).
   */
  readonly type: string;
  /** HTTP status (or the one the type stands for). */
  readonly code: number;
  /** What happened and what to do. */
  readonly message: string;
  /** The server's `error.details`, e.g. `{ missing: ['intake'] }` or `{ current_version: 3 }`. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What every engagement call resolves to. Never rejects. */
export type EngagementResult<T> =
  | { readonly ok: true; readonly value: T; readonly status: number; readonly traceId: string }
  | {
      readonly ok: false;
      readonly error: EngagementCallError;
      readonly status?: number;
      readonly traceId: string;
    };

/** Options of every engagement call; they override the client's for this call. */
export interface EngagementCallOptions {
  /** Cancels the call (an `ABORTED` result). */
  signal?: AbortSignal;
  /** Deadline of one attempt, in ms. @default the client's `timeoutMs` (else `deadlineMs`) */
  timeoutMs?: number;
  /** Deadline of the whole call, in ms. @default the client's `deadlineMs` (120_000) */
  deadlineMs?: number;
  /** The `X-Trace-ID` to send. @default a fresh UUID v4 */
  traceId?: string;
}

/** Options of {@link EngagementsClient.generate}. */
export interface EngagementGenerateOptions extends EngagementCallOptions {
  /**
   * Live progress (docs/streaming.md): the generate is streamed
   * (`Accept: text/event-stream`, resumed with `Last-Event-ID` after a
   * dropped connection) and this gets each event as it arrives; the result
   * is the saved artifact, as without it (status 200 instead of 201). A
   * backend that does not stream answers JSON, and this is never called.
   * `deadlineMs` bounds the whole run (reconnections included). Must not throw.
   */
  onProgress?: (event: RunEvent) => void;
}

/** Body fields of an artifact action (wire names). */
export interface ArtifactActionBody {
  /** The artifact version you last saw. */
  expected_version: number;
  /** Act on one deliverable only. */
  deliverable_id?: string;
  /** Who acts. */
  author?: string;
  /** A note; for reject, the reason (required). */
  note?: string;
}

/** An exported file. */
export interface EngagementFile {
  /** From Content-Disposition, e.g. `aicmo-acme-engagement.md`. */
  fileName: string;
  /** The Content-Type. */
  mimeType: string;
  /** The file's text. */
  content: string;
}

/** The engagement calls of a backend client. */
export interface EngagementsClient {
  /** `POST /api/v1/engagements`. */
  create(
    body: { client_name: string },
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<Engagement>>;
  /** `GET /api/v1/engagements`, newest first. */
  list(
    filter?: { client_name?: string; limit?: number; offset?: number },
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<{ engagements: Engagement[] }>>;
  /** `GET /api/v1/engagements/{id}`: artifacts (latest per module) and version metadata. */
  get(id: string, options?: EngagementCallOptions): Promise<EngagementResult<EngagementView>>;
  /** `GET /api/v1/engagements/{id}/artifacts/{artifactId}`, at a given version if set. */
  getArtifact(
    id: string,
    artifactId: string,
    query?: { version?: number },
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<Artifact>>;
  /** `POST /api/v1/engagements/{id}/modules/{module}/generate` with the module's request. */
  generate(
    id: string,
    module: string,
    request: Record<string, unknown>,
    extra?: { override?: GatingOverride; expected_version?: number },
    options?: EngagementGenerateOptions,
  ): Promise<EngagementResult<Artifact>>;
  /** `POST …/artifacts/{artifactId}/amend`. */
  amend(
    id: string,
    artifactId: string,
    body: ArtifactActionBody & { deliverable_id: string; content_markdown: string },
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<Artifact>>;
  /** `POST …/artifacts/{artifactId}/approve`. */
  approve(
    id: string,
    artifactId: string,
    body: ArtifactActionBody & { override?: GatingOverride },
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<Artifact>>;
  /** `POST …/artifacts/{artifactId}/reject` (`note` is the reason). */
  reject(
    id: string,
    artifactId: string,
    body: ArtifactActionBody,
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<Artifact>>;
  /** `POST …/artifacts/{artifactId}/reopen`. */
  reopen(
    id: string,
    artifactId: string,
    body: ArtifactActionBody,
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<Artifact>>;
  /** `POST …/artifacts/{artifactId}/archive`. */
  archive(
    id: string,
    artifactId: string,
    body: ArtifactActionBody,
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<Artifact>>;
  /** `GET /api/v1/engagements/{id}/export?format=md|json[&module=…]`. */
  export(
    id: string,
    query?: { format?: 'md' | 'json'; module?: string },
    options?: EngagementCallOptions,
  ): Promise<EngagementResult<EngagementFile>>;
}

const enc = encodeURIComponent;

/** A transport failure (or a rejected call) as an engagement result. */
function fromBackendFailure(failure: BackendFailure): EngagementResult<never> {
  const { type, code, message } = failure.error;
  return {
    ok: false,
    error: { type, code, message },
    ...(failure.status !== undefined && { status: failure.status }),
    traceId: failure.traceId,
  };
}

/** Builds the engagement calls over the client's settings. @internal */
export function engagementsClient(settings: CallSettings): EngagementsClient {
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    parse: (headers: Headers, text: string) => T | undefined,
    options: EngagementCallOptions = {},
  ): Promise<EngagementResult<T>> {
    const started = startCall(path, options, settings);
    const { ctx } = started;
    // A GET sends no body: `null` only gets it past the JSON check.
    const prepared = prepareCall(settings, path, body ?? null, options, ctx, started.traceIdIssue);
    if ('ok' in prepared) return fromBackendFailure(prepared);
    const answer = await sendRequest(settings, ctx, prepared, method);
    if ('ok' in answer) return fromBackendFailure(answer);
    const { status, headers } = answer;
    const text = answer.text ?? '';
    const fail = (type: string, code: number, message: string, details?: Record<string, unknown>) => {
      log(ctx.logger, 'warn', 'backend request failed', {
        path: ctx.path,
        traceId: ctx.traceId,
        status,
        durationMs: elapsed(ctx),
        errorType: type,
      });
      return {
        ok: false,
        error: { type, code, message, ...(details !== undefined && { details }) },
        status,
        traceId: ctx.traceId,
      } as const;
    };
    if (status < 200 || status > 299) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const err = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
      if (err && typeof err.type === 'string') {
        return fail(
          err.type,
          typeof err.code === 'number' ? err.code : status,
          typeof err.message === 'string' ? err.message : `HTTP ${status}`,
          isRecord(err.details) ? err.details : undefined,
        );
      }
      return fail(`HTTP_${status}`, status, text.slice(0, 500) || `HTTP ${status}`);
    }
    const value = parse(headers, text);
    if (value === undefined) {
      return fail(
        'CONTRACT_ERROR',
        502,
        `The answer of ${ctx.path} is not what the engagement contract says.`,
      );
    }
    log(ctx.logger, 'info', 'backend request done', {
      path: ctx.path,
      traceId: ctx.traceId,
      status,
      durationMs: elapsed(ctx),
    });
    return { ok: true, value, status, traceId: ctx.traceId };
  }

  const json =
    <S extends z.ZodMiniType>(schema: S) =>
    (_: Headers, text: string): z.infer<S> | undefined => {
      try {
        const checked = schema.safeParse(JSON.parse(text), ENGLISH);
        return checked.success ? checked.data : undefined;
      } catch {
        return undefined;
      }
    };
  const artifact = json(ArtifactSchema);
  const action =
    (name: string) => (id: string, artifactId: string, body: ArtifactActionBody, o?: EngagementCallOptions) =>
      call('POST', `/api/v1/engagements/${enc(id)}/artifacts/${enc(artifactId)}/${name}`, body, artifact, o);

  return Object.freeze({
    create: (body, o) => call('POST', '/api/v1/engagements', body, json(EngagementSchema), o),
    list: (filter = {}, o) => {
      const q = new URLSearchParams();
      if (filter.client_name !== undefined) q.set('client_name', filter.client_name);
      if (filter.limit !== undefined) q.set('limit', String(filter.limit));
      if (filter.offset !== undefined) q.set('offset', String(filter.offset));
      return call(
        'GET',
        `/api/v1/engagements${q.size > 0 ? `?${q}` : ''}`,
        undefined,
        json(EngagementListSchema),
        o,
      );
    },
    get: (id, o) => call('GET', `/api/v1/engagements/${enc(id)}`, undefined, json(EngagementViewSchema), o),
    getArtifact: (id, artifactId, query = {}, o) =>
      call(
        'GET',
        `/api/v1/engagements/${enc(id)}/artifacts/${enc(artifactId)}${query.version !== undefined ? `?version=${query.version}` : ''}`,
        undefined,
        artifact,
        o,
      ),
    generate: (id, module, request, extra = {}, o) =>
      o?.onProgress !== undefined
        ? streamEngagementGenerate(
            settings,
            `/api/v1/engagements/${enc(id)}/modules/${enc(module)}/generate`,
            { ...request, ...extra },
            { ...o, onProgress: o.onProgress },
          )
        : call(
            'POST',
            `/api/v1/engagements/${enc(id)}/modules/${enc(module)}/generate`,
            { ...request, ...extra },
            artifact,
            o,
          ),
    amend: action('amend'),
    approve: action('approve'),
    reject: action('reject'),
    reopen: action('reopen'),
    archive: action('archive'),
    export: (id, query = {}, o) => {
      const q = new URLSearchParams({ format: query.format ?? 'md' });
      if (query.module !== undefined) q.set('module', query.module);
      return call(
        'GET',
        `/api/v1/engagements/${enc(id)}/export?${q}`,
        undefined,
        (headers, content) => ({
          fileName: /filename="([^"]+)"/.exec(headers.get('content-disposition') ?? '')?.[1] ?? 'export',
          mimeType: headers.get('content-type') ?? '',
          content,
        }),
        o,
      );
    },
  } satisfies EngagementsClient);
}
