import type { BuiltinModule, ModuleInput } from '../modules/index.js';
import type { EngagementsClient } from './engagements.js';
import { BackendClientOptionsError } from './errors.js';
import { type GenerateModule, generateModule, type ModuleCallOptions, type ModuleResult } from './modules.js';
import { transportIssues } from './options.js';
import { type CallSettings, postJson, rejectInput, startCall } from './post.js';
import { openRunStream, type StreamModule } from './run-stream.js';
import { loadStream } from './stream-loader.js';

/** A campaigns request, as `generateCampaign` sends it. */
export type CampaignGenerateRequest = ModuleInput<BuiltinModule<'campaigns'>>;

import type { BackendCallOptions, BackendClientOptions, BackendPostOptions, BackendResult } from './types.js';

/** Call options of {@link BackendClient.generateCampaign}. */
export type CampaignCallOptions = ModuleCallOptions;

/**
 * A backend client: every method resolves to a {@link BackendResult} and
 * never rejects for anything on the wire.
 */
export interface BackendClient {
  /**
   * `POST /api/v1/<module>/generate` for any operator module: a built-in
   * name (`'intake'`, `'strategy'`, ...) or your own `defineModule(...)`
   * definition. The input is typed by the module and checked against its
   * request schema first: a bad one (a blank or missing required field, an
   * unknown key) resolves to a `VALIDATION_ERROR` result naming each field,
   * and nothing is sent. On success, `result.envelope.module` is the module's
   * name (a backend that answers for another module is a `CONTRACT_ERROR`).
   *
   * @example
   * ```ts
   * const result = await client.generate('strategy', { campaign_name: 'Spring Launch' })
   * if (result.ok) console.log(result.envelope.module) // 'strategy'
   * ```
   */
  generate: GenerateModule;
  /**
   * `POST /api/v1/campaigns/generate`: an alias of
   * `generate('campaigns', request, options)`.
   *
   * @example
   * ```ts
   * const result = await client.generateCampaign({
   *   campaign_name: 'Spring launch', objectives: ['Awareness'],
   *   platforms: ['LinkedIn'], budget: 5000, timeline_days: 30,
   * })
   * ```
   */
  generateCampaign(
    request: CampaignGenerateRequest,
    options?: CampaignCallOptions,
  ): Promise<ModuleResult<'campaigns'>>;
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
   * The engagement routes (`/api/v1/engagements/...`): create, read,
   * generate a module (gated), amend, approve, reject, reopen, archive, export.
   * Typed and never throwing.
   *
   * @example
   * ```ts
   * const created = await client.engagements.create({ client_name: 'Acme' })
   * if (created.ok) await client.engagements.generate(created.value.id, 'intake', intakeRequest)
   * ```
   */
  engagements: EngagementsClient;
  /**
   * `generate` with live progress: `POST /api/v1/<module>/generate` with
   * `Accept: text/event-stream`, as an async iterable of typed events
   * (docs/streaming.md). The input is checked as `generate` checks it. A
   * dropped connection is resumed with `Last-Event-ID` (`maxReconnects`
   * times in a row); unknown event types are skipped; `result` is the same
   * never-throw result `generate` gives; `stop()` cancels the run.
   *
   * @example
   * ```ts
   * const run = client.stream('strategy', { campaign_name: 'Spring Launch' })
   * for await (const event of run) if (event.type === 'deliverable.delta') render(event.id, event.text)
   * const result = await run.result
   * ```
   */
  stream: StreamModule;
}

function optionIssues(options: BackendClientOptions): string[] {
  const issues: string[] = [];
  if (typeof options !== 'object' || options === null) return ['(options): must be an object'];
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string')
    issues.push('baseUrl: must be a string');
  issues.push(...transportIssues(options));
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
  return issues;
}

const SETTING_KEYS = [
  'baseUrl',
  'env',
  'fetch',
  'logger',
  'headers',
  'timeoutMs',
  'deadlineMs',
  'maxRetries',
  'backoff',
  'retryStatusCodes',
  'retryOnTimeout',
  'maxRetryAfterMs',
  'maxResponseBytes',
  'allowCrossOriginRedirects',
  'includeRawText',
] as const satisfies readonly (keyof CallSettings)[];

/**
 * The client's settings, copied (later changes to the caller's object do not
 * apply); only the keys that are set (no `delete`: the object keeps a fast shape).
 */
function settingsOf(options: BackendClientOptions): CallSettings {
  const settings: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = options[key];
    if (value !== undefined) settings[key] = key === 'backoff' ? { ...(value as object) } : value;
  }
  return settings as CallSettings;
}

const ENGAGEMENT_METHODS = [
  'create',
  'list',
  'get',
  'getArtifact',
  'generate',
  'amend',
  'approve',
  'reject',
  'reopen',
  'archive',
  'export',
] as const satisfies readonly (keyof EngagementsClient)[];

/**
 * `client.engagements`, whose code (and the engagement schemas) loads on the
 * first engagement call: an app that never calls one does not download it.
 */
function lazyEngagementsClient(settings: CallSettings): EngagementsClient {
  let loaded: Promise<EngagementsClient> | undefined;
  const impl = () => {
    loaded ??= import('./engagements.js').then((m) => m.engagementsClient(settings));
    return loaded;
  };
  const methods = Object.fromEntries(
    ENGAGEMENT_METHODS.map((name) => [
      name,
      async (...args: unknown[]) => ((await impl())[name] as (...a: unknown[]) => Promise<unknown>)(...args),
    ]),
  );
  return Object.freeze(methods) as unknown as EngagementsClient;
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
    generate: ((module, input, callOptions) =>
      generateModule(settings, module, input, callOptions)) as GenerateModule,
    generateCampaign: (request: CampaignGenerateRequest, callOptions?: CampaignCallOptions) =>
      generateModule(settings, 'campaigns', request, callOptions) as Promise<ModuleResult<'campaigns'>>,
    postJson: async (path: string, payload: unknown, callOptions?: BackendCallOptions) =>
      callOptions?.onProgress !== undefined
        ? (await loadStream()).streamCall(settings, path, payload, callOptions, {
            onEvent: callOptions.onProgress,
          })
        : postJson(settings, path, payload, callOptions),
    engagements: lazyEngagementsClient(settings),
    stream: ((module, input, callOptions) =>
      openRunStream(settings, module, input, callOptions)) as StreamModule,
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
    const { streamCall } = await loadStream();
    return await streamCall(settings, path, payload, readable, { onEvent: readable.onProgress }, started);
  }
  // awaited: an async function returning a promise pays two more ticks than one await
  return await postJson(settings, path, payload, readable, started);
}
