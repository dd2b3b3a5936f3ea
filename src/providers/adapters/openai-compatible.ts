/**
 * `openaiCompatibleProvider`: any server that speaks OpenAI's Chat
 * Completions wire (Mistral, DeepSeek, Perplexity, OpenRouter, Gemini's and
 * Cohere's compatibility endpoints, xAI, a local Ollama or vLLM), through the
 * official `openai` SDK with a different base URL.
 */
import {
  type CatalogProviderName,
  OPENAI_STRICT_SCHEMA,
  PROVIDER_CATALOG,
  type ProviderCatalogEntry,
  type StructuredQuirks,
} from '../catalog.js';
import { ProviderConfigurationError } from '../errors.js';
import { clientApiKey } from '../secrets/secrets.js';
import type { Provider, StructuredOutputMode } from '../types.js';
import { type ChatCompletionsClientLike, chatCompletionsProvider } from './chat-completions.js';
import {
  DEFAULT_SDK_TIMEOUT_MS,
  defaultExport,
  lazy,
  loadOptionalSdk,
  readEnv,
  type SdkAdapterOptions,
} from './shared.js';

/** What differs between OpenAI-compatible services (read from the {@link PROVIDER_CATALOG}). */
export interface OpenAICompatiblePreset {
  /** Base URL of the Chat Completions API (the SDK appends `/chat/completions`). */
  readonly baseURL: string;
  /** Environment variable holding the API key (the first of `keyVariables`). */
  readonly apiKeyEnv: string;
  /** Environment variables holding the API key, in lookup order. */
  readonly keyVariables: readonly string[];
  /** Whether the service refuses requests without a key. */
  readonly keyRequired: boolean;
  /** Model used when none is configured. */
  readonly defaultModel: string;
  /** Name of the output-token limit field the service accepts. */
  readonly maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  /** Whether the service accepts `stream_options: { include_usage: true }`. */
  readonly streamUsage: boolean;
  /** How to ask for JSON output. */
  readonly jsonMode: 'response_format' | 'instruction';
  /** How it produces structured output. */
  readonly structured: StructuredQuirks;
}

/**
 * The structured-output quirks of a compatible server: the preset's, with
 * `mode` replaced by an explicit `structuredOutput`; a server without a
 * preset gets JSON mode when it takes `response_format`, else the prompt only.
 */
function structuredQuirks(
  mode: Exclude<StructuredOutputMode, 'tool'> | undefined,
  preset: OpenAICompatiblePreset | undefined,
  jsonMode: 'response_format' | 'instruction',
): StructuredQuirks {
  const base: StructuredQuirks = preset?.structured ?? {
    mode: jsonMode === 'response_format' ? 'json_object' : 'instruction',
    streams: true,
    failedGeneration: false,
  };
  if (mode === undefined || mode === base.mode) return base;
  return mode === 'json_schema'
    ? { ...base, mode, strict: base.strict ?? OPENAI_STRICT_SCHEMA }
    : { mode, streams: base.streams, failedGeneration: base.failedGeneration };
}

/** Catalog providers served by this adapter. */
type CompatibleName = {
  [K in CatalogProviderName]: (typeof PROVIDER_CATALOG)[K]['wire'] extends 'openai-compatible' ? K : never;
}[CatalogProviderName];

function toPreset(name: string, entry: ProviderCatalogEntry): OpenAICompatiblePreset {
  const keyVariables = entry.keyVariables.length > 0 ? entry.keyVariables : [`${name.toUpperCase()}_API_KEY`];
  return Object.freeze({
    baseURL: entry.baseURL ?? '',
    apiKeyEnv: keyVariables[0] as string,
    keyVariables,
    keyRequired: entry.keyRequired,
    defaultModel: entry.defaultModel,
    ...entry.quirks,
  });
}

/**
 * Known OpenAI-compatible services, by provider name: the
 * {@link PROVIDER_CATALOG} entries served by this adapter.
 * `openaiCompatibleProvider({ name: 'mistral', model })` fills the base URL
 * and the key variables from here.
 */
export const OPENAI_COMPATIBLE_PRESETS: Readonly<Record<CompatibleName, OpenAICompatiblePreset>> =
  Object.freeze(
    Object.fromEntries(
      Object.entries(PROVIDER_CATALOG as Readonly<Record<string, ProviderCatalogEntry>>)
        .filter(([, entry]) => entry.wire === 'openai-compatible')
        .map(([name, entry]) => [name, toPreset(name, entry)]),
    ) as Record<CompatibleName, OpenAICompatiblePreset>,
  );

/** Names of the {@link OPENAI_COMPATIBLE_PRESETS}. */
export type OpenAICompatiblePresetName = keyof typeof OPENAI_COMPATIBLE_PRESETS;

/** The preset for `name`, if any. */
export function openaiCompatiblePreset(name: string): OpenAICompatiblePreset | undefined {
  return Object.hasOwn(OPENAI_COMPATIBLE_PRESETS, name)
    ? OPENAI_COMPATIBLE_PRESETS[name as OpenAICompatiblePresetName]
    : undefined;
}

/** Sent as the bearer token to servers that need none (the SDK requires some key). */
const NO_KEY = 'no-key';

/** Options of {@link openaiCompatibleProvider}. */
export interface OpenAICompatibleProviderOptions extends SdkAdapterOptions {
  /** Provider name in status reports and envelopes, e.g. `mistral`. A preset name fills the defaults. */
  name: string;
  /** Base URL of the Chat Completions API. @default the preset's, required for other names */
  baseURL?: string;
  /**
   * Environment variable to read the key from when `apiKey` is not given.
   * Never `OPENAI_API_KEY` implicitly: an OpenAI key is not sent to another host.
   * @default the preset's variables in order (e.g. `MISTRAL_API_KEY`; `GEMINI_API_KEY` then `GOOGLE_API_KEY`), none for other names
   */
  apiKeyEnv?: string;
  /** An existing `openai` client pointed at the server. */
  client?: ChatCompletionsClientLike;
  /** Output-token limit field. @default the preset's, else 'max_tokens' */
  maxTokensParam?: 'max_tokens' | 'max_completion_tokens';
  /** Send `stream_options: { include_usage: true }` when streaming. @default the preset's, else false */
  streamUsage?: boolean;
  /** How to ask for JSON. @default the preset's, else 'instruction' */
  jsonMode?: 'response_format' | 'instruction';
  /**
   * How to send structured output: `json_schema` for servers with OpenAI's
   * strict structured outputs (vLLM, recent Mistral, OpenRouter models),
   * `json_object` for JSON mode with the schema in the prompt, `instruction`
   * for the prompt only.
   * @default 'json_object' when `jsonMode` is 'response_format', else 'instruction'
   */
  structuredOutput?: Exclude<StructuredOutputMode, 'tool'>;
  /** Extra body fields sent with every request. */
  extraBody?: Record<string, unknown>;
}

/**
 * A {@link Provider} on any OpenAI-compatible Chat Completions server. Preset
 * names (`mistral`, `deepseek`, `perplexity`, `openrouter`, `google`,
 * `cohere`, `xai`, `ollama`) need no base URL; for a preset that requires a
 * key, a missing key is a configuration error naming its variable. The
 * provider never falls back to `OPENAI_API_KEY`, so an OpenAI key is never
 * sent to another host.
 *
 * @throws ProviderConfigurationError for a missing base URL or key (at
 * creation), or when `openai` is not installed (at the first call).
 * @example
 * ```ts
 * const mistral = openaiCompatibleProvider({ name: 'mistral', model: 'mistral-small-latest' }) // MISTRAL_API_KEY
 * const local = openaiCompatibleProvider({ name: 'ollama', model: 'llama3.2' })
 * const vllm = openaiCompatibleProvider({ name: 'vllm', baseURL: 'http://127.0.0.1:8000/v1', model: 'qwen2.5' })
 * ```
 */
export function openaiCompatibleProvider(options: OpenAICompatibleProviderOptions): Provider {
  const { name } = options;
  const preset = openaiCompatiblePreset(name);
  const baseURL = options.baseURL ?? preset?.baseURL;
  const client = options.client;
  let getClient: () => Promise<ChatCompletionsClientLike>;
  let secret: string | undefined;
  if (client) {
    getClient = async () => client;
    secret = clientApiKey(client);
  } else {
    if (!baseURL) {
      throw new ProviderConfigurationError(
        `The ${name} provider needs a baseURL (an OpenAI-compatible endpoint such as http://127.0.0.1:11434/v1). ` +
          `Known names that need none: ${Object.keys(OPENAI_COMPATIBLE_PRESETS).join(', ')}.`,
      );
    }
    const keyVariables = options.apiKeyEnv ? [options.apiKeyEnv] : (preset?.keyVariables ?? []);
    let apiKey =
      options.apiKey?.trim() ||
      keyVariables.map((variable) => readEnv(options.env, variable)).find((value) => value !== undefined);
    if (!apiKey) {
      if (preset?.keyRequired || options.apiKeyEnv) {
        throw new ProviderConfigurationError(
          `The ${name} provider has no API key: set ${keyVariables.join(' or ')} or pass { apiKey } (or an existing { client }).`,
        );
      }
      apiKey = NO_KEY;
    }
    const key = apiKey;
    if (key !== NO_KEY) secret = key;
    getClient = lazy(async () => {
      const OpenAI = defaultExport(await loadOptionalSdk('openai', name, () => import('openai')));
      return new OpenAI({
        apiKey: key,
        baseURL,
        // An OPENAI_ADMIN_KEY in the environment would replace the bearer token: never send it.
        adminAPIKey: null,
        // Do not send OpenAI account headers read from the environment to another host.
        organization: null,
        project: null,
        maxRetries: 0,
        timeout: options.timeoutMs ?? DEFAULT_SDK_TIMEOUT_MS,
        ...(options.defaultHeaders !== undefined && { defaultHeaders: options.defaultHeaders }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
      }) as unknown as ChatCompletionsClientLike;
    });
  }
  const jsonMode = options.jsonMode ?? preset?.jsonMode ?? 'instruction';
  return chatCompletionsProvider({
    name,
    model: options.model,
    client: getClient,
    maxTokensParam: options.maxTokensParam ?? preset?.maxTokensParam ?? 'max_tokens',
    streamUsage: options.streamUsage ?? preset?.streamUsage ?? false,
    jsonMode,
    structured: structuredQuirks(options.structuredOutput, preset, jsonMode),
    requestIdHeader: 'x-request-id',
    secrets: [secret],
    ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
    ...(options.temperature !== undefined && { temperature: options.temperature }),
    ...(options.extraBody !== undefined && { extraBody: options.extraBody }),
  });
}
