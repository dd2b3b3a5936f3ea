/**
 * `openaiProvider`: OpenAI Chat Completions through the official `openai` SDK
 * (an optional peer dependency, loaded on first use).
 */
import { PROVIDER_CATALOG } from '../catalog.js';
import { clientApiKey } from '../secrets/secrets.js';
import type { Provider } from '../types.js';
import { type ChatCompletionsClientLike, chatCompletionsProvider } from './chat-completions.js';
import {
  DEFAULT_SDK_TIMEOUT_MS,
  defaultExport,
  lazy,
  loadOptionalSdk,
  resolveApiKey,
  type SdkAdapterOptions,
} from './shared.js';

/** Options of {@link openaiProvider}. */
export interface OpenAIProviderOptions extends SdkAdapterOptions {
  /** Name in status reports and envelopes. @default 'openai' */
  name?: string;
  /** OpenAI organization id. */
  organization?: string;
  /** OpenAI project id. */
  project?: string;
  /**
   * An existing `openai` client to use instead of building one. Build it with
   * `maxRetries: 0` so that the chain stays the one retry loop.
   */
  client?: ChatCompletionsClientLike;
  /**
   * Name of the output-token limit field. Current OpenAI models (o-series,
   * GPT-5) accept only `max_completion_tokens`.
   * @default 'max_completion_tokens'
   */
  maxTokensParam?: 'max_tokens' | 'max_completion_tokens';
  /** Extra body fields sent with every request (e.g. `{ seed: 1 }`). */
  extraBody?: Record<string, unknown>;
}

/**
 * Whether an OpenAI model accepts `temperature`: the reasoning models (o1,
 * o3, o4-mini, GPT-5 except its chat variant) reject any value but the
 * default, so the adapter leaves it out for them rather than fail the call.
 */
export function openaiAcceptsTemperature(model: string): boolean {
  return !/^(?:o\d(?:-|$)|gpt-5(?!-chat|\.\d+-chat))/.test(model);
}

/**
 * A {@link Provider} on OpenAI's Chat Completions API. The SDK client is
 * built with `maxRetries: 0` (the chain owns retries) and a generous timeout
 * (the chain's per-attempt signal is the real limit). JSON mode sends
 * `response_format: { type: 'json_object' }`, structured output a strict
 * `json_schema` response format; streaming asks for usage with
 * `stream_options: { include_usage: true }`. `temperature` is left out for
 * reasoning models (o-series, GPT-5), which reject it.
 *
 * @throws ProviderConfigurationError when no API key is given and
 * `OPENAI_API_KEY` is unset (at creation), or when `openai` is not installed
 * (at the first call).
 * @example
 * ```ts
 * const openai = openaiProvider({ model: 'gpt-4.1-mini' }) // reads OPENAI_API_KEY
 * const result = await openai.generate({ prompt: 'Write a tagline' }, { signal: AbortSignal.timeout(30_000) })
 * ```
 */
export function openaiProvider(options: OpenAIProviderOptions): Provider {
  const name = options.name ?? 'openai';
  const client = options.client;
  let getClient: () => Promise<ChatCompletionsClientLike>;
  let secret: string | undefined;
  if (client) {
    getClient = async () => client;
    secret = clientApiKey(client);
  } else {
    const apiKey = resolveApiKey(options.apiKey, PROVIDER_CATALOG.openai.keyVariables, name, options.env);
    secret = apiKey;
    getClient = lazy(async () => {
      const OpenAI = defaultExport(await loadOptionalSdk('openai', name, () => import('openai')));
      return new OpenAI({
        apiKey,
        maxRetries: 0,
        // An OPENAI_ADMIN_KEY in the environment would replace the bearer token: never send it.
        adminAPIKey: null,
        timeout: options.timeoutMs ?? DEFAULT_SDK_TIMEOUT_MS,
        ...(options.baseURL !== undefined && { baseURL: options.baseURL }),
        ...(options.organization !== undefined && { organization: options.organization }),
        ...(options.project !== undefined && { project: options.project }),
        ...(options.defaultHeaders !== undefined && { defaultHeaders: options.defaultHeaders }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
      }) as unknown as ChatCompletionsClientLike;
    });
  }
  return chatCompletionsProvider({
    name,
    model: options.model,
    client: getClient,
    ...PROVIDER_CATALOG.openai.quirks,
    ...(options.maxTokensParam !== undefined && { maxTokensParam: options.maxTokensParam }),
    requestIdHeader: 'x-request-id',
    secrets: [secret],
    acceptsTemperature: openaiAcceptsTemperature,
    ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
    ...(options.temperature !== undefined && { temperature: options.temperature }),
    ...(options.extraBody !== undefined && { extraBody: options.extraBody }),
  });
}
