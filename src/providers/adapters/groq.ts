/**
 * `groqProvider`: Groq's Chat Completions through the official `groq-sdk`
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

/** Options of {@link groqProvider}. */
export interface GroqProviderOptions extends SdkAdapterOptions {
  /** Name in status reports and envelopes. @default 'groq' */
  name?: string;
  /**
   * An existing `groq-sdk` client to use instead of building one. Build it
   * with `maxRetries: 0` so that the chain stays the one retry loop.
   */
  client?: ChatCompletionsClientLike;
  /** Extra body fields sent with every request. */
  extraBody?: Record<string, unknown>;
}

/**
 * A {@link Provider} on Groq. The SDK client is built with `maxRetries: 0`
 * and a generous timeout; usage of a stream comes from Groq's `x_groq.usage`
 * on the final chunk, and `x_groq.error` (a stream stopped early) becomes a
 * `server` ProviderError. Structured output uses JSON mode with the schema in
 * the system text (instruction only when streaming, which JSON mode refuses);
 * a 400 `json_validate_failed` hands its `failed_generation` back as the
 * answer, so that the repair round can fix it.
 *
 * @throws ProviderConfigurationError when no API key is given and
 * `GROQ_API_KEY` is unset (at creation), or when `groq-sdk` is not installed
 * (at the first call).
 * @example
 * ```ts
 * const groq = groqProvider({ model: 'llama-3.3-70b-versatile' }) // reads GROQ_API_KEY
 * ```
 */
export function groqProvider(options: GroqProviderOptions): Provider {
  const name = options.name ?? 'groq';
  const client = options.client;
  let getClient: () => Promise<ChatCompletionsClientLike>;
  let secret: string | undefined;
  if (client) {
    getClient = async () => client;
    secret = clientApiKey(client);
  } else {
    const apiKey = resolveApiKey(options.apiKey, PROVIDER_CATALOG.groq.keyVariables, name, options.env);
    secret = apiKey;
    getClient = lazy(async () => {
      const Groq = defaultExport(await loadOptionalSdk('groq-sdk', name, () => import('groq-sdk')));
      return new Groq({
        apiKey,
        maxRetries: 0,
        timeout: options.timeoutMs ?? DEFAULT_SDK_TIMEOUT_MS,
        ...(options.baseURL !== undefined && { baseURL: options.baseURL }),
        ...(options.defaultHeaders !== undefined && { defaultHeaders: options.defaultHeaders }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
      }) as unknown as ChatCompletionsClientLike;
    });
  }
  return chatCompletionsProvider({
    name,
    model: options.model,
    client: getClient,
    // Maximum tokens field, JSON mode without streaming, failed_generation: all from the catalog.
    ...PROVIDER_CATALOG.groq.quirks,
    requestIdHeader: 'x-request-id',
    secrets: [secret],
    ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
    ...(options.temperature !== undefined && { temperature: options.temperature }),
    ...(options.extraBody !== undefined && { extraBody: options.extraBody }),
  });
}
