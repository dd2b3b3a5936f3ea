import type * as z from 'zod';
import { compileParse, type FastParseResult } from '../envelope/compile.js';
import { formatIssues, formatPath } from '../internal/issues.js';
import {
  CAMPAIGN_GENERATE_PATH,
  type CampaignGenerateRequest,
  CampaignGenerateRequestSchema,
} from './campaign.js';
import { BackendClientOptionsError } from './errors.js';
import { normalizeRetry, timeoutIssue } from './options.js';
import { type CallSettings, postJson, rejectInput, startCall } from './post.js';
import { openRunStream, type RunStream, type StreamCallOptions } from './run-stream.js';
import { streamCall } from './stream.js';
import type { BackendCallOptions, BackendClientOptions, BackendPostOptions, BackendResult } from './types.js';

/** Call options of {@link BackendClient.generateCampaign}. */
export interface CampaignCallOptions extends BackendCallOptions {
  /** Endpoint path. @default '/api/v1/campaigns/generate' */
  path?: string;
}

/**
 * A backend client: every method resolves to a {@link BackendResult} and
 * never rejects for anything on the wire.
 */
export interface BackendClient {
  /**
   * `POST /api/v1/campaigns/generate`. The request is checked against
   * {@link CampaignGenerateRequestSchema} first: a bad one resolves to a
   * `VALIDATION_ERROR` result naming each field, and nothing is sent.
   *
   * @example
   * ```ts
   * const result = await client.generateCampaign({
   *   campaign_name: 'Spring launch', objectives: ['Awareness'],
   *   platforms: ['LinkedIn'], budget: 5000, timeline_days: 30,
   * })
   * ```
   */
  generateCampaign(request: CampaignGenerateRequest, options?: CampaignCallOptions): Promise<BackendResult>;
  /**
   * `POST {baseUrl}{path}` with `payload` as JSON; the answer must be a
   * deliverables envelope.
   *
   * @example
   * ```ts
   * const result = await client.postJson('/api/v1/creatives/generate', { brief: '...' })
   * ```
   */
  postJson(path: string, payload: unknown, options?: BackendCallOptions): Promise<BackendResult>;
  /**
   * Generates with live progress: `POST /api/v1/{module}/generate` with
   * `Accept: text/event-stream`, as an async iterable of typed events
   * (docs/streaming.md). A dropped connection is resumed with
   * `Last-Event-ID` (`maxReconnects` times in a row); unknown event types are
   * skipped; `result` is the same never-throw result `generateCampaign` /
   * `postJson` give. `campaigns` input is checked first, as in `generateCampaign`.
   *
   * @example
   * ```ts
   * const run = client.stream('campaigns', request)
   * for await (const event of run) if (event.type === 'deliverable.delta') render(event.id, event.text)
   * const result = await run.result
   * ```
   */
  stream(module: string, input: unknown, options?: StreamCallOptions): RunStream;
}

const MODULE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

function optionIssues(options: BackendClientOptions): string[] {
  const issues: string[] = [];
  if (typeof options !== 'object' || options === null) return ['(options): must be an object'];
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string')
    issues.push('baseUrl: must be a string');
  const timeout = timeoutIssue('timeoutMs', options.timeoutMs);
  if (timeout) issues.push(timeout);
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    issues.push('fetch: must be a function');
  if (options.logger !== undefined && (typeof options.logger !== 'object' || options.logger === null)) {
    issues.push('logger: must be an object with debug/info/warn/error methods');
  }
  if (options.headers !== undefined) {
    try {
      new Headers(options.headers);
    } catch {
      issues.push('headers: must be valid HTTP header names and values');
    }
  }
  issues.push(...normalizeRetry(options.retry).issues);
  return issues;
}

function settingsOf(options: BackendClientOptions): CallSettings {
  return {
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    logger: options.logger,
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    includeRawText: options.includeRawText,
    env: options.env,
  };
}

// Compiled on first use: the same verdict and copy as the schema's safeParse, faster.
let campaignParse: ((value: unknown) => FastParseResult<CampaignGenerateRequest>) | undefined;

async function generateCampaign(
  settings: CallSettings,
  request: CampaignGenerateRequest,
  options: CampaignCallOptions | undefined,
): Promise<BackendResult> {
  const path = options?.path ?? CAMPAIGN_GENERATE_PATH;
  const started = startCall(path, options, settings);
  const checked = checkCampaign(started, request);
  if ('ok' in checked) return checked;
  if (options?.onProgress !== undefined) {
    return await streamCall(settings, path, checked.data, options, { onEvent: options.onProgress }, started);
  }
  return await postJson(settings, path, checked.data, options, started);
}

/** The campaign request checked as `generateCampaign` does: its data, or a `VALIDATION_ERROR` result. */
function checkCampaign(
  started: ReturnType<typeof startCall>,
  request: unknown,
): BackendResult | { data: CampaignGenerateRequest } {
  campaignParse ??= compileParse(CampaignGenerateRequestSchema);
  let parsed: { success: true; data: CampaignGenerateRequest } | { success: false; error: z.ZodError };
  try {
    const fast = campaignParse(request);
    // zod names the problems
    parsed = fast.success ? fast : CampaignGenerateRequestSchema.safeParse(request);
  } catch {
    return rejectInput(
      started.ctx,
      ['(request): could not be read (a getter threw, or it is not plain data); pass a plain object'],
      undefined,
      'The campaign request',
    );
  }
  if (!parsed.success) {
    const issues = formatIssues(parsed.error.issues, request);
    const first = parsed.error.issues[0];
    return rejectInput(
      started.ctx,
      issues,
      first ? formatPath(first.path) : undefined,
      'The campaign request',
    );
  }
  return { data: parsed.data };
}

/** `client.stream(module, input, options)`. */
function streamModule(
  settings: CallSettings,
  module: string,
  input: unknown,
  options: StreamCallOptions | undefined,
): RunStream {
  const named = typeof module === 'string' && MODULE_NAME.test(module);
  const path = options?.path ?? (named ? `/api/v1/${module}/generate` : '/');
  const started = startCall(path, options, settings);
  if (!named) {
    const issue =
      'module: must be a module name such as campaigns or creatives (lower case, digits, - and _)';
    return openRunStream(
      settings,
      path,
      input,
      options,
      rejectInput(started.ctx, [issue], 'module', 'The request'),
    );
  }
  if (module === 'campaigns') {
    const checked = checkCampaign(started, input);
    if ('ok' in checked) return openRunStream(settings, path, input, options, checked);
    return openRunStream(settings, path, checked.data, options, undefined, started);
  }
  return openRunStream(settings, path, input, options, undefined, started);
}

/**
 * Creates a client for an AICMO backend (CONTRACT §2), on `ky`. Results never
 * throw for anything on the wire; only options that cannot work throw
 * {@link BackendClientOptionsError}, at once. Runs in Node, browsers, Deno,
 * Bun and edge runtimes.
 *
 * @example
 * ```ts
 * import { createBackendClient } from 'aicmo/client'
 *
 * const client = createBackendClient({ timeoutMs: 30_000, logger: console })
 * const result = await client.generateCampaign({
 *   campaign_name: 'Spring launch', objectives: ['Awareness'],
 *   platforms: ['LinkedIn'], budget: 5000, timeline_days: 30,
 * })
 * if (result.ok) console.log(result.envelope.deliverables.map((d) => d.title))
 * else console.error(result.error.type, result.error.message, result.traceId)
 * ```
 */
export function createBackendClient(options: BackendClientOptions = {}): BackendClient {
  const issues = optionIssues(options);
  if (issues.length > 0) throw new BackendClientOptionsError(issues);
  const settings = settingsOf({
    ...options,
    ...(options.headers ? { headers: { ...options.headers } } : {}),
  });
  return Object.freeze({
    generateCampaign: (request: CampaignGenerateRequest, callOptions?: CampaignCallOptions) =>
      generateCampaign(settings, request, callOptions),
    postJson: (path: string, payload: unknown, callOptions?: BackendCallOptions) =>
      callOptions?.onProgress !== undefined
        ? streamCall(settings, path, payload, callOptions, { onEvent: callOptions.onProgress })
        : postJson(settings, path, payload, callOptions),
    stream: (module: string, input: unknown, callOptions?: StreamCallOptions) =>
      streamModule(settings, module, input, callOptions),
  });
}

/**
 * One `POST` of JSON to the backend; the TypeScript twin of the Python
 * reference client's `backend_post_json(path, payload, timeout_s)`. Never
 * throws: bad options, too, come back as a `VALIDATION_ERROR` result.
 *
 * @example
 * ```ts
 * const result = await backendPostJson('/api/v1/campaigns/generate', payload, { timeoutMs: 30_000 })
 * ```
 */
export async function backendPostJson(
  path: string,
  payload: unknown,
  options: BackendPostOptions = {},
): Promise<BackendResult> {
  // `null` or another non-object (from untyped callers) is reported, not thrown on
  const readable = typeof options === 'object' && options !== null ? options : {};
  const settings = settingsOf(readable);
  const started = startCall(path, readable, settings);
  const issues = optionIssues(options);
  if (issues.length > 0) return rejectInput(started.ctx, issues, issues[0]?.split(':')[0], 'The request');
  if (readable.onProgress !== undefined) {
    return await streamCall(settings, path, payload, readable, { onEvent: readable.onProgress }, started);
  }
  // awaited: an async function returning a promise pays two more ticks than one await
  return await postJson(settings, path, payload, readable, started);
}
