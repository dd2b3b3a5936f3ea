/**
 * The one table of provider facts: for each provider name, its key
 * variables, base URL, default model, prices and wire quirks. The adapters,
 * `providerChainFromEnv`, the OpenAI-compatible presets and the price table
 * all read it, so they cannot disagree.
 */
import type { ModelPrice } from './pricing.js';
import type { StructuredOutputMode } from './types.js';

/** How an adapter talks to a provider. */
export type ProviderWire = 'openai' | 'anthropic' | 'groq' | 'openai-compatible';

/**
 * What a strict JSON Schema mode accepts (OpenAI structured outputs): the
 * keywords and string formats it takes, and its size limits. The schema
 * compiler moves other keywords into the description and refuses shapes
 * beyond the limits before any request.
 */
export interface StrictSchemaRules {
  /** Keywords the mode accepts; others are moved into the description or dropped. */
  readonly keywords: readonly string[];
  /** String formats the mode accepts; others are moved into the description. */
  readonly formats: readonly string[];
  /** Deepest nesting of objects and arrays. */
  readonly maxDepth: number;
  /** Most object properties in the whole schema. */
  readonly maxProperties: number;
  /** Most enum values in the whole schema. */
  readonly maxEnumValues: number;
}

/** OpenAI's strict `json_schema` rules (structured outputs guide, supported schemas). */
export const OPENAI_STRICT_SCHEMA: StrictSchemaRules = Object.freeze({
  keywords: Object.freeze([
    'type',
    'description',
    'properties',
    'required',
    'additionalProperties',
    'items',
    'anyOf',
    'enum',
    'const',
    '$ref',
    '$defs',
    'pattern',
    'format',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
    'minItems',
    'maxItems',
  ]),
  formats: Object.freeze([
    'date-time',
    'time',
    'date',
    'duration',
    'email',
    'hostname',
    'ipv4',
    'ipv6',
    'uuid',
  ]),
  maxDepth: 10,
  maxProperties: 5000,
  maxEnumValues: 1000,
});

/** How a provider produces structured output (`generateObject` / `streamObject`). */
export interface StructuredQuirks {
  /**
   * Its native mode: `json_schema` (OpenAI strict structured outputs),
   * `tool` (Anthropic forced tool use), `json_object` (JSON mode, the schema
   * in the prompt), `instruction` (the schema in the prompt only).
   */
  readonly mode: StructuredOutputMode;
  /** Whether the native mode works on a streamed request; when not, a stream sends the schema in the prompt only. */
  readonly streams: boolean;
  /**
   * Whether JSON mode checks the answer itself and refuses a bad one with a
   * 400 `json_validate_failed` whose `failed_generation` holds the text
   * (Groq): that text is then the repair input.
   */
  readonly failedGeneration: boolean;
  /** The schema rules of a strict mode (`json_schema` only). */
  readonly strict?: StrictSchemaRules;
}

/** What differs between services: Chat Completions fields and the structured-output mode. */
export interface ProviderQuirks {
  /** Name of the output-token limit field the service accepts. */
  readonly maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  /** Whether the service accepts `stream_options: { include_usage: true }`. */
  readonly streamUsage: boolean;
  /** How to ask for JSON output: the `response_format` field, or an instruction only. */
  readonly jsonMode: 'response_format' | 'instruction';
  /** How it produces structured output. */
  readonly structured: StructuredQuirks;
}

/**
 * One provider's facts.
 *
 * @example
 * ```ts
 * PROVIDER_CATALOG.google.keyVariables // ['GEMINI_API_KEY', 'GOOGLE_API_KEY']
 * ```
 */
export interface ProviderCatalogEntry {
  /** Which adapter (and SDK) serves it. */
  readonly wire: ProviderWire;
  /** Variables holding the API key, in lookup order. Empty for servers that need none. */
  readonly keyVariables: readonly string[];
  /** Whether the service refuses requests without a key. */
  readonly keyRequired: boolean;
  /** Base URL of its API; absent when the SDK's own default is right. */
  readonly baseURL?: string;
  /** Variable holding a base URL override. */
  readonly baseUrlVariable: string;
  /** Model used when none is configured. */
  readonly defaultModel: string;
  /** Wire quirks (Anthropic reads only `structured`). */
  readonly quirks: ProviderQuirks;
  /**
   * Prices of its models, USD per million tokens, standard tier, checked on
   * {@link PRICES_AS_OF}. A model missing here has no price: its cost is
   * reported as unknown, never 0.
   */
  readonly prices: Readonly<Record<string, ModelPrice>>;
}

/** The schema in the prompt only: services without a JSON mode. */
const PROMPT_ONLY: StructuredQuirks = { mode: 'instruction', streams: true, failedGeneration: false };
/** JSON mode with the schema in the prompt: most OpenAI-compatible services. */
const JSON_MODE: StructuredQuirks = { mode: 'json_object', streams: true, failedGeneration: false };

const CHAT: ProviderQuirks = {
  maxTokensParam: 'max_tokens',
  streamUsage: false,
  jsonMode: 'instruction',
  structured: PROMPT_ONLY,
};

/**
 * Every provider `aicmo` knows by name. `gemini`, `grok` and `claude` are
 * aliases of `google`, `xai` and `anthropic` ({@link PROVIDER_ALIASES}).
 */
export const PROVIDER_CATALOG = Object.freeze({
  openai: {
    wire: 'openai',
    keyVariables: ['OPENAI_API_KEY'],
    keyRequired: true,
    baseUrlVariable: 'OPENAI_BASE_URL',
    defaultModel: 'gpt-4.1-mini',
    // Current OpenAI models (o-series, GPT-5) accept only max_completion_tokens.
    quirks: {
      maxTokensParam: 'max_completion_tokens',
      streamUsage: true,
      jsonMode: 'response_format',
      structured: {
        mode: 'json_schema',
        streams: true,
        failedGeneration: false,
        strict: OPENAI_STRICT_SCHEMA,
      },
    },
    prices: {
      'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
      'gpt-5.1': { input: 1.25, output: 10, cachedInput: 0.125 },
      'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
      'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
      'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
      'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
      'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
      'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
      'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
      'gpt-4-turbo': { input: 10, output: 30 },
      'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
      o1: { input: 15, output: 60, cachedInput: 7.5 },
      o3: { input: 2, output: 8, cachedInput: 0.5 },
      'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
      'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
    },
  },
  anthropic: {
    wire: 'anthropic',
    keyVariables: ['ANTHROPIC_API_KEY'],
    keyRequired: true,
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    defaultModel: 'claude-haiku-4-5',
    // The schema is the forced tool's input_schema; its input streams as input_json_delta.
    quirks: { ...CHAT, structured: { mode: 'tool', streams: true, failedGeneration: false } },
    // Cache write = 5-minute TTL price.
    prices: {
      'claude-opus-4-5': { input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25 },
      'claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
      'claude-opus-4': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
      'claude-sonnet-4-6': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
      'claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
      'claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
      'claude-3-7-sonnet': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
      'claude-3-5-sonnet': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
      'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 },
      'claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08, cacheWrite: 1 },
      'claude-3-haiku': { input: 0.25, output: 1.25, cachedInput: 0.03, cacheWrite: 0.3 },
      'claude-3-opus': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
    },
  },
  groq: {
    wire: 'groq',
    keyVariables: ['GROQ_API_KEY'],
    keyRequired: true,
    baseUrlVariable: 'GROQ_BASE_URL',
    defaultModel: 'llama-3.3-70b-versatile',
    // Usage of a stream comes in x_groq.usage on the final chunk.
    // JSON mode refuses streaming, and refuses a bad answer with 400 json_validate_failed + failed_generation.
    quirks: {
      maxTokensParam: 'max_completion_tokens',
      streamUsage: false,
      jsonMode: 'response_format',
      structured: { mode: 'json_object', streams: false, failedGeneration: true },
    },
    prices: {
      'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
      'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
      'meta-llama/llama-4-scout-17b-16e-instruct': { input: 0.11, output: 0.34 },
      'meta-llama/llama-4-maverick-17b-128e-instruct': { input: 0.2, output: 0.6 },
      'openai/gpt-oss-120b': { input: 0.15, output: 0.75 },
      'qwen/qwen3-32b': { input: 0.29, output: 0.59 },
      'moonshotai/kimi-k2-instruct': { input: 1, output: 3 },
    },
  },
  mistral: {
    wire: 'openai-compatible',
    keyVariables: ['MISTRAL_API_KEY'],
    keyRequired: true,
    baseURL: 'https://api.mistral.ai/v1',
    baseUrlVariable: 'MISTRAL_BASE_URL',
    defaultModel: 'mistral-small-latest',
    quirks: {
      maxTokensParam: 'max_tokens',
      streamUsage: false,
      jsonMode: 'response_format',
      structured: JSON_MODE,
    },
    prices: {
      'mistral-large-latest': { input: 2, output: 6 },
      'mistral-medium-latest': { input: 0.4, output: 2 },
      'mistral-small-latest': { input: 0.1, output: 0.3 },
      'codestral-latest': { input: 0.3, output: 0.9 },
      'open-mistral-nemo': { input: 0.15, output: 0.15 },
      'ministral-8b-latest': { input: 0.1, output: 0.1 },
      'ministral-3b-latest': { input: 0.04, output: 0.04 },
    },
  },
  deepseek: {
    wire: 'openai-compatible',
    keyVariables: ['DEEPSEEK_API_KEY'],
    keyRequired: true,
    baseURL: 'https://api.deepseek.com',
    baseUrlVariable: 'DEEPSEEK_BASE_URL',
    defaultModel: 'deepseek-chat',
    quirks: {
      maxTokensParam: 'max_tokens',
      streamUsage: true,
      jsonMode: 'response_format',
      structured: JSON_MODE,
    },
    // V3.2 pricing: cache hit 0.028.
    prices: {
      'deepseek-chat': { input: 0.28, output: 0.42, cachedInput: 0.028 },
      'deepseek-reasoner': { input: 0.28, output: 0.42, cachedInput: 0.028 },
    },
  },
  google: {
    wire: 'openai-compatible',
    // Google's docs name GEMINI_API_KEY; its SDKs also read GOOGLE_API_KEY.
    keyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    keyRequired: true,
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    baseUrlVariable: 'GEMINI_BASE_URL',
    defaultModel: 'gemini-2.5-flash',
    quirks: {
      maxTokensParam: 'max_tokens',
      streamUsage: true,
      jsonMode: 'instruction',
      structured: PROMPT_ONLY,
    },
    prices: {},
  },
  xai: {
    wire: 'openai-compatible',
    keyVariables: ['XAI_API_KEY'],
    keyRequired: true,
    baseURL: 'https://api.x.ai/v1',
    baseUrlVariable: 'XAI_BASE_URL',
    defaultModel: 'grok-3-mini',
    quirks: {
      maxTokensParam: 'max_tokens',
      streamUsage: true,
      jsonMode: 'response_format',
      structured: JSON_MODE,
    },
    prices: {},
  },
  openrouter: {
    wire: 'openai-compatible',
    keyVariables: ['OPENROUTER_API_KEY'],
    keyRequired: true,
    baseURL: 'https://openrouter.ai/api/v1',
    baseUrlVariable: 'OPENROUTER_BASE_URL',
    defaultModel: 'openai/gpt-4.1-mini',
    quirks: {
      maxTokensParam: 'max_tokens',
      streamUsage: true,
      jsonMode: 'response_format',
      structured: JSON_MODE,
    },
    prices: {},
  },
  perplexity: {
    wire: 'openai-compatible',
    keyVariables: ['PERPLEXITY_API_KEY'],
    keyRequired: true,
    baseURL: 'https://api.perplexity.ai',
    baseUrlVariable: 'PERPLEXITY_BASE_URL',
    defaultModel: 'sonar',
    quirks: CHAT,
    prices: {},
  },
  cohere: {
    wire: 'openai-compatible',
    keyVariables: ['COHERE_API_KEY'],
    keyRequired: true,
    baseURL: 'https://api.cohere.ai/compatibility/v1',
    baseUrlVariable: 'COHERE_BASE_URL',
    defaultModel: 'command-r-08-2024',
    quirks: CHAT,
    prices: {},
  },
  ollama: {
    wire: 'openai-compatible',
    keyVariables: [],
    keyRequired: false,
    baseURL: 'http://localhost:11434/v1',
    baseUrlVariable: 'OLLAMA_BASE_URL',
    defaultModel: 'llama3.2',
    quirks: {
      maxTokensParam: 'max_tokens',
      streamUsage: true,
      jsonMode: 'response_format',
      structured: JSON_MODE,
    },
    prices: {},
  },
} as const satisfies Record<string, ProviderCatalogEntry>);

/** A provider name of the {@link PROVIDER_CATALOG}. */
export type CatalogProviderName = keyof typeof PROVIDER_CATALOG;

/** Other names accepted for catalog providers. */
export const PROVIDER_ALIASES: Readonly<Record<string, CatalogProviderName>> = Object.freeze({
  gemini: 'google',
  grok: 'xai',
  claude: 'anthropic',
});

/**
 * The catalog entry of `name` (or of the provider it is an alias of), if any.
 *
 * @example
 * ```ts
 * catalogEntry('gemini')?.keyVariables // ['GEMINI_API_KEY', 'GOOGLE_API_KEY']
 * ```
 */
export function catalogEntry(name: string): ProviderCatalogEntry | undefined {
  const canonical = Object.hasOwn(PROVIDER_ALIASES, name) ? PROVIDER_ALIASES[name] : name;
  return canonical !== undefined && Object.hasOwn(PROVIDER_CATALOG, canonical)
    ? (PROVIDER_CATALOG as Readonly<Record<string, ProviderCatalogEntry>>)[canonical]
    : undefined;
}
