/**
 * The provider contract: anything that can turn a normalized request into a
 * normalized result can join a {@link ProviderChain}.
 */

/** A chat message. */
export interface ChatMessage {
  /** Who speaks. */
  role: 'user' | 'assistant';
  /** Plain text content. */
  content: string;
}

/**
 * A normalized generation request. Give either `messages` or `prompt` (a
 * prompt is one user message).
 *
 * @example
 * ```ts
 * const request: GenerateRequest = { system: 'You are a CMO.', prompt: 'Write a LinkedIn post about ...', maxTokens: 800 }
 * ```
 */
export interface GenerateRequest {
  /** System instructions. */
  system?: string;
  /** Conversation so far. */
  messages?: ChatMessage[];
  /** Shorthand for a single user message. */
  prompt?: string;
  /** Model override; otherwise the provider's configured model. */
  model?: string;
  /** Sampling temperature. */
  temperature?: number;
  /** Upper bound on output tokens. */
  maxTokens?: number;
  /** Ask for a JSON object as output. @default false */
  json?: boolean;
  /**
   * Ask for output matching a JSON Schema, in the provider's native
   * structured mode (see {@link Provider.structuredOutput}). Set by
   * `generateObject` / `streamObject`, with the schema already compiled for
   * this provider.
   */
  structured?: StructuredOutputRequest;
  /** Free-form tags for logs and routing (never sent upstream). */
  metadata?: Record<string, string>;
  /**
   * Deterministic sample answer for offline stub providers: a stub answers
   * with it when set (modules put their plausible sample Markdown here).
   * Never sent upstream by the real adapters.
   */
  demo?: string;
}

/**
 * How a provider asks its API for structured output:
 * - `json_schema`: OpenAI `response_format: { type: 'json_schema', json_schema: { name, schema, strict: true } }`;
 * - `tool`: Anthropic tool use, the schema as the tool's `input_schema`, forced with `tool_choice`;
 * - `json_object`: JSON mode (`response_format: { type: 'json_object' }`) with the schema in the system text (Groq, most OpenAI-compatible servers);
 * - `instruction`: the schema in the system text only.
 */
export type StructuredOutputMode = 'json_schema' | 'tool' | 'json_object' | 'instruction';

/** The structured part of a {@link GenerateRequest}. */
export interface StructuredOutputRequest {
  /** Name of the output (json_schema name, tool name): letters, digits, `_` and `-`, at most 64. */
  name: string;
  /** What the output is, for the model. */
  description?: string;
  /** The JSON Schema, already compiled for this provider's {@link StructuredOutputMode}. */
  schema: Record<string, unknown>;
}

/** Token usage, normalized across providers (input includes cached tokens). */
export interface TokenUsage {
  /** Prompt tokens, including cache reads and writes. */
  inputTokens: number;
  /** Completion tokens. */
  outputTokens: number;
  /** `inputTokens + outputTokens`. */
  totalTokens: number;
  /** Of `inputTokens`, how many were read from a prompt cache, when reported. */
  cachedInputTokens?: number;
  /** Of `inputTokens`, how many were written to a prompt cache (Anthropic cache creation), when reported. */
  cacheWriteInputTokens?: number;
}

/** Why the model stopped. */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'unknown';

/** What one provider returns for one request. */
export interface ProviderResult {
  /** Generated text. */
  text: string;
  /** Provider name, e.g. `openai`. */
  provider: string;
  /** Model that answered. */
  model: string;
  /** Normalized usage. */
  usage: TokenUsage;
  /** Why the model stopped. */
  finishReason: FinishReason;
  /** Upstream request id, when the SDK reports one. */
  requestId?: string;
}

/** Per-call options a provider receives. */
export interface ProviderCallOptions {
  /** Aborts the request (per-attempt timeout, deadline or caller abort). */
  signal: AbortSignal;
}

/** One streamed piece of output. */
export type StreamChunk =
  | { type: 'delta'; text: string }
  | { type: 'done'; usage?: TokenUsage; finishReason?: FinishReason; model?: string; requestId?: string };

/**
 * A text-generation backend. Implement `generate`; implement `stream` too if
 * the backend can stream.
 *
 * @example
 * ```ts
 * const echo: Provider = {
 *   name: 'echo',
 *   model: 'echo-1',
 *   async generate(req) {
 *     const text = req.prompt ?? ''
 *     return { text, provider: 'echo', model: 'echo-1', finishReason: 'stop',
 *       usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } }
 *   },
 * }
 * ```
 */
export interface Provider {
  /** Stable name used in status reports and envelopes, e.g. `openai`. */
  readonly name: string;
  /** Default model. */
  readonly model: string;
  /**
   * The provider's native structured-output mode. Providers without one get
   * the schema in the system text and `json: true` instead of `structured`.
   */
  readonly structuredOutput?: StructuredOutputMode;
  /** Generates a full answer. Must honour `options.signal`. */
  generate(request: GenerateRequest, options: ProviderCallOptions): Promise<ProviderResult>;
  /** Streams an answer. Must honour `options.signal`. */
  stream?(request: GenerateRequest, options: ProviderCallOptions): AsyncIterable<StreamChunk>;
}
