/**
 * Plumbing shared by the SDK adapters and the stub: optional SDK loading,
 * API key lookup, request normalization, abort handling and request ids.
 *
 * @internal Not exported from `aicmo/providers`.
 */
import { toProviderError } from '../classify.js';
import { isProviderError, ProviderConfigurationError, ProviderError } from '../errors.js';
import type { ChatMessage, GenerateRequest } from '../types.js';

/** The default SDK-level timeout: a safety net only, the chain's per-attempt signal is the real limit. */
export const DEFAULT_SDK_TIMEOUT_MS = 600_000;

/** Options every SDK-backed adapter accepts. */
export interface SdkAdapterOptions {
  /** Default model for requests that do not name one. */
  model: string;
  /**
   * API key. Falls back to the provider's environment variable (for example
   * `OPENAI_API_KEY`). Kept in a closure: never logged, never put in an error.
   */
  apiKey?: string;
  /** Base URL of the API, for proxies, gateways and compatible servers. @default the SDK's own default */
  baseURL?: string;
  /**
   * SDK-level request timeout in ms. A safety net only: the chain aborts each
   * attempt through its own signal long before this.
   * @default 600000
   */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** A `fetch` implementation for the SDK (proxies, tests). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Upper bound on output tokens when the request sets none. */
  maxTokens?: number;
  /** Sampling temperature when the request sets none. @default the provider's own default */
  temperature?: number;
  /** Environment to read the API key from. @default process.env */
  env?: Record<string, string | undefined>;
}

/** Reads an environment variable; blank counts as unset. */
export function readEnv(
  env: Record<string, string | undefined> | undefined,
  name: string,
): string | undefined {
  const source =
    env ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ??
    undefined;
  const value = source?.[name]?.trim();
  return value ? value : undefined;
}

/**
 * The API key to use: the explicit one, else the first environment variable set.
 * Throws a {@link ProviderConfigurationError} that names the variable (never a value).
 */
export function resolveApiKey(
  explicit: string | undefined,
  envVars: readonly string[],
  providerName: string,
  env: Record<string, string | undefined> | undefined,
): string {
  const key =
    explicit?.trim() || envVars.map((name) => readEnv(env, name)).find((value) => value !== undefined);
  if (!key) {
    throw new ProviderConfigurationError(
      `The ${providerName} provider has no API key: set ${envVars.join(' or ')} or pass { apiKey } (or an existing { client }).`,
    );
  }
  return key;
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  if (error === null || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? '');
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return message.includes(packageName);
  return /cannot find (module|package)/i.test(message) && message.includes(packageName);
}

/**
 * Loads an optional peer SDK on first use. A missing package becomes a
 * {@link ProviderConfigurationError} that says exactly what to install.
 */
export async function loadOptionalSdk<T>(
  packageName: string,
  providerName: string,
  importer: () => Promise<T>,
): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new ProviderConfigurationError(
        `The ${providerName} provider needs the optional "${packageName}" package, which is not installed. ` +
          `Run: npm install ${packageName}`,
      );
    }
    const reason = error instanceof Error ? error.name : typeof error;
    throw new ProviderConfigurationError(
      `The ${providerName} provider could not load "${packageName}" (${reason}). ` +
        `Reinstall it: npm install ${packageName}@latest`,
    );
  }
}

/** The default export of an ESM/CJS module (`import('x')` gives either shape). */
export function defaultExport<T>(mod: { default?: T } | T): T {
  const candidate = (mod as { default?: T }).default;
  return (candidate ?? mod) as T;
}

/**
 * Caches an async factory: the first call starts it, later calls share the
 * result; a failure is not cached (the next call tries again).
 */
export function lazy<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** The instruction that asks for JSON output when the API has no JSON mode (or requires the word). */
export const JSON_INSTRUCTION =
  'Respond with a single valid JSON object only: no prose before or after it, no Markdown code fences.';

/** System text and conversation of a request (`prompt` becomes a final user message). */
export function conversationOf(
  request: GenerateRequest,
  context: { provider: string; model: string },
): { system: string | undefined; messages: ChatMessage[] } {
  const messages: ChatMessage[] = [...(request.messages ?? [])];
  if (request.prompt !== undefined && request.prompt !== '')
    messages.push({ role: 'user', content: request.prompt });
  if (messages.length === 0) {
    throw new ProviderError(
      `${context.provider} (${context.model}): the request has neither prompt nor messages`,
      {
        kind: 'bad_request',
        provider: context.provider,
        model: context.model,
      },
    );
  }
  const system = request.system?.trim() ? request.system : undefined;
  return { system, messages };
}

/** Adds the JSON instruction to a system text. */
export function withJsonInstruction(system: string | undefined): string {
  return system ? `${system}\n\n${JSON_INSTRUCTION}` : JSON_INSTRUCTION;
}

/** Removes a Markdown code fence around a JSON answer (` ```json … ``` `). */
export function unwrapJsonFence(text: string): string {
  const match = /^\s*```(?:json|JSON)?\s*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return match ? (match[1] as string).trim() : text;
}

/**
 * The error to throw when `signal` aborted: the reason when it already is a
 * ProviderError, `timeout` for a `TimeoutError`, else `aborted`.
 */
export function abortError(
  signal: AbortSignal,
  context: { provider: string; model?: string },
): ProviderError {
  const reason: unknown = signal.reason;
  if (isProviderError(reason)) return reason;
  const classified = toProviderError(
    reason ?? new DOMException('This operation was aborted', 'AbortError'),
    context,
  );
  if (classified.kind === 'timeout' || classified.kind === 'aborted') return classified;
  return toProviderError(new DOMException('This operation was aborted', 'AbortError'), context);
}

/** Waits `ms`, rejecting with {@link abortError} as soon as `signal` aborts. */
export function sleep(
  ms: number,
  signal: AbortSignal,
  context: { provider: string; model?: string },
): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal, context));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal, context));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits until `signal` aborts, then rejects with {@link abortError}. */
export function untilAborted(
  signal: AbortSignal,
  context: { provider: string; model?: string },
): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(abortError(signal, context));
    else signal.addEventListener('abort', () => reject(abortError(signal, context)), { once: true });
  });
}

/** What an SDK call resolves to, with the upstream request id when the SDK exposes the response. */
export interface WithRequestId<T> {
  data: T;
  requestId: string | undefined;
}

/**
 * Awaits an SDK call, reading the request id from the raw response header
 * (`withResponse()` on the SDKs' APIPromise) or the `_request_id` the SDKs
 * attach to parsed bodies. Works with hand-rolled clients that return plain
 * promises too.
 */
export async function awaitWithRequestId<T>(call: unknown, header: string): Promise<WithRequestId<T>> {
  const withResponse = (call as { withResponse?: unknown } | null)?.withResponse;
  if (typeof withResponse === 'function') {
    const { data, response } = (await withResponse.call(call)) as { data: T; response?: Response };
    const fromHeader = response?.headers?.get?.(header) ?? undefined;
    return { data, requestId: fromHeader ?? requestIdField(data) };
  }
  const data = (await call) as T;
  return { data, requestId: requestIdField(data) };
}

function requestIdField(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const value = (data as { _request_id?: unknown })._request_id;
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Closes an SDK stream iterator (aborting its HTTP body) without letting a
 * failure there hide the error that ended the stream.
 */
export async function closeQuietly(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The stream is being abandoned; its own error, if any, was already reported.
  }
}

/** A ProviderError for a stream that ended without the provider's end marker. */
export function truncatedStreamError(context: { provider: string; model: string }): ProviderError {
  return new ProviderError(
    `${context.provider} (${context.model}): the stream ended before the provider finished`,
    {
      kind: 'network',
      provider: context.provider,
      model: context.model,
    },
  );
}

/** A ProviderError for a response the model refused or filtered without any text. */
export function refusalError(
  context: { provider: string; model: string },
  requestId?: string,
): ProviderError {
  return new ProviderError(
    `${context.provider} (${context.model}): the model refused or filtered the answer; change the prompt`,
    {
      kind: 'content_policy',
      provider: context.provider,
      model: context.model,
      ...(requestId !== undefined && { requestId }),
    },
  );
}

/**
 * A ProviderError for a 2xx answer that is not the provider's wire shape (no
 * `choices`, no `content`, an HTML page from a proxy): kind `server`, so the
 * chain retries it and then falls back, rather than returning empty text.
 */
export function malformedResponseError(
  context: { provider: string; model: string },
  what: string,
  requestId?: string,
): ProviderError {
  return new ProviderError(
    `${context.provider} (${context.model}): returned a malformed response (${what}); retry later or fall back to another provider`,
    {
      kind: 'server',
      provider: context.provider,
      model: context.model,
      ...(requestId !== undefined && { requestId }),
    },
  );
}
