/**
 * The Chat Completions wire shared by OpenAI, Groq and every OpenAI-compatible
 * server: request building, result and stream normalization.
 *
 * @internal Used by `openaiProvider`, `groqProvider` and `openaiCompatibleProvider`.
 */
import type { StructuredQuirks } from '../catalog.js';
import { toProviderError } from '../classify.js';
import type { ProviderError } from '../errors.js';
import { redactProviderError } from '../secrets/redact.js';
import { registerSecrets } from '../secrets/secrets.js';
import { withStructuredInstruction } from '../structured/prompt.js';
import type {
  FinishReason,
  GenerateRequest,
  Provider,
  ProviderResult,
  StreamChunk,
  StructuredOutputMode,
  TokenUsage,
} from '../types.js';
import { normalizeOpenAIUsage } from '../usage.js';
import {
  abortError,
  awaitWithRequestId,
  closeQuietly,
  conversationOf,
  malformedResponseError,
  refusalError,
  truncatedStreamError,
  unwrapJsonFence,
  withJsonInstruction,
} from './shared.js';

/** Usage block of the Chat Completions wire. */
export interface ChatUsageWire {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
}

interface ChatCompletionWire {
  id?: string;
  model?: string;
  choices?: Array<{
    message?: { content?: string | null; refusal?: string | null } | null;
    finish_reason?: string | null;
  }>;
  usage?: ChatUsageWire | null;
  x_groq?: { id?: string | null; usage?: ChatUsageWire | null } | null;
}

interface ChatChunkWire {
  model?: string;
  choices?: Array<{
    delta?: { content?: string | null; refusal?: string | null } | null;
    finish_reason?: string | null;
  }>;
  usage?: ChatUsageWire | null;
  x_groq?: { id?: string | null; usage?: ChatUsageWire | null; error?: string | null } | null;
}

/**
 * The part of an OpenAI-style SDK client the adapters call. Real `openai` and
 * `groq-sdk` clients fit it, and so does a hand-written fake.
 */
export interface ChatCompletionsClientLike {
  /** `client.chat.completions.create(body, { signal })`. */
  chat: { completions: { create(body: never, options?: never): unknown } };
}

interface ChatClient {
  chat: { completions: { create(body: Record<string, unknown>, options: { signal: AbortSignal }): unknown } };
}

/** How one Chat Completions provider differs from the others. */
export interface ChatCompletionsConfig {
  /** Provider name. */
  name: string;
  /** Default model. */
  model: string;
  /** Gives the SDK client (built lazily on first use). */
  client: () => Promise<ChatCompletionsClientLike>;
  /** Name of the output-token limit field. */
  maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  /** Send `stream_options: { include_usage: true }` when streaming. */
  streamUsage: boolean;
  /** How to ask for JSON: the `response_format` field, or an instruction only. */
  jsonMode: 'response_format' | 'instruction';
  /** Header carrying the upstream request id. */
  requestIdHeader: string;
  /** Default output-token limit. */
  maxTokens?: number;
  /** Default temperature. */
  temperature?: number;
  /** Extra body fields sent with every request. */
  extraBody?: Record<string, unknown>;
  /** Whether `model` accepts a temperature (reasoning models reject it). @default always */
  acceptsTemperature?: (model: string) => boolean;
  /** Secret values (the API key) redacted from every error, and registered for the chain to redact. */
  secrets?: ReadonlyArray<string | undefined>;
  /**
   * How to send `request.structured`: the service's structured-output quirks
   * from the catalog (`tool` is not a Chat Completions mode).
   * @default the schema in the prompt only
   */
  structured?: StructuredQuirks;
}

/** The Chat Completions structured mode of a config (`tool` is Anthropic's; it never reaches here). */
export function chatStructuredMode(config: ChatCompletionsConfig): Exclude<StructuredOutputMode, 'tool'> {
  const mode = config.structured?.mode ?? 'instruction';
  return mode === 'tool' ? 'instruction' : mode;
}

/** Maps a Chat Completions `finish_reason` to a normalized {@link FinishReason}. */
export function mapChatFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'end_turn':
    case 'eos':
      return 'stop';
    case 'length':
    case 'model_length':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'error':
      return 'error';
    default:
      return 'unknown';
  }
}

function mentionsJson(system: string | undefined, contents: string[]): boolean {
  return [system ?? '', ...contents].some((text) => /json/i.test(text));
}

/** Builds the Chat Completions request body (`streaming`: for a streamed request). */
export function buildChatBody(
  config: ChatCompletionsConfig,
  request: GenerateRequest,
  model: string,
  streaming = false,
): Record<string, unknown> {
  const { system: rawSystem, messages } = conversationOf(request, { provider: config.name, model });
  let system = rawSystem;
  const structured = request.structured;
  const structuredMode = structured ? chatStructuredMode(config) : undefined;
  let responseFormat: Record<string, unknown> | undefined;
  if (structured && structuredMode === 'json_schema') {
    responseFormat = {
      type: 'json_schema',
      json_schema: {
        name: structured.name,
        ...(structured.description !== undefined && { description: structured.description }),
        schema: structured.schema,
        strict: true,
      },
    };
  } else if (structured) {
    // JSON mode needs the word "JSON" in the messages: the instruction carries it, with the schema.
    system = withStructuredInstruction(system, structured);
    if (structuredMode === 'json_object' && !(streaming && config.structured?.streams === false)) {
      responseFormat = { type: 'json_object' };
    }
  } else if (request.json) {
    // `response_format: json_object` is rejected unless the word "JSON" appears in the messages.
    const needsInstruction =
      config.jsonMode === 'instruction' ||
      !mentionsJson(
        system,
        messages.map((m) => m.content),
      );
    if (needsInstruction) system = withJsonInstruction(system);
  }
  const wireMessages = [
    ...(system !== undefined ? [{ role: 'system', content: system }] : []),
    ...messages.map((m) => ({ role: m.role, content: m.content })),
  ];
  const body: Record<string, unknown> = { ...config.extraBody, model, messages: wireMessages };
  const temperature = request.temperature ?? config.temperature;
  if (temperature !== undefined && (config.acceptsTemperature?.(model) ?? true))
    body.temperature = temperature;
  const maxTokens = request.maxTokens ?? config.maxTokens;
  if (maxTokens !== undefined) body[config.maxTokensParam] = maxTokens;
  if (responseFormat) body.response_format = responseFormat;
  else if (!structured && request.json && config.jsonMode === 'response_format') {
    body.response_format = { type: 'json_object' };
  }
  return body;
}

function usageOf(wire: ChatUsageWire | null | undefined): TokenUsage | undefined {
  if (!wire) return undefined;
  return normalizeOpenAIUsage(wire);
}

const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/**
 * The rejected text of a JSON-mode 400 `json_validate_failed` (Groq's
 * `failed_generation`), from an SDK error whose `error` is the body or its
 * `error` field.
 */
export function failedGeneration(error: unknown): string | undefined {
  const body = (error as { status?: unknown; error?: unknown } | null)?.error;
  if ((error as { status?: unknown } | null)?.status !== 400 || body === null || typeof body !== 'object') {
    return undefined;
  }
  const inner = (body as { error?: unknown }).error;
  const detail = (inner !== null && typeof inner === 'object' ? inner : body) as {
    code?: unknown;
    failed_generation?: unknown;
  };
  return detail.code === 'json_validate_failed' && typeof detail.failed_generation === 'string'
    ? detail.failed_generation
    : undefined;
}

/** Turns a Chat Completions provider config into a {@link Provider}. */
export function chatCompletionsProvider(config: ChatCompletionsConfig): Provider {
  const secrets = (config.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
  const fail = (error: unknown, signal: AbortSignal, model: string): ProviderError => {
    const context = { provider: config.name, model };
    return redactProviderError(
      signal.aborted ? abortError(signal, context) : toProviderError(error, context),
      secrets,
    );
  };

  async function generate(
    request: GenerateRequest,
    options: { signal: AbortSignal },
  ): Promise<ProviderResult> {
    const model = request.model ?? config.model;
    const body = buildChatBody(config, request, model);
    const client = (await config.client()) as unknown as ChatClient;
    let response: { data: ChatCompletionWire; requestId: string | undefined };
    try {
      response = await awaitWithRequestId<ChatCompletionWire>(
        client.chat.completions.create(body, { signal: options.signal }),
        config.requestIdHeader,
      );
    } catch (error) {
      const rejected =
        request.structured && config.structured?.failedGeneration === true && !options.signal.aborted
          ? failedGeneration(error)
          : undefined;
      if (rejected !== undefined) {
        // JSON mode refused the model's own output: hand it back so the repair round can fix it.
        return { text: rejected, provider: config.name, model, usage: ZERO_USAGE, finishReason: 'error' };
      }
      throw fail(error, options.signal, model);
    }
    const { data } = response;
    // A proxy's HTML page parses to a string; a broken server may leave out `choices`.
    if (data === null || typeof data !== 'object') {
      throw malformedResponseError({ provider: config.name, model }, 'not a JSON object', response.requestId);
    }
    const requestId = response.requestId ?? data.x_groq?.id ?? data.id ?? undefined;
    const choice = Array.isArray(data.choices) ? data.choices[0] : undefined;
    if (
      choice === null ||
      typeof choice !== 'object' ||
      choice.message === null ||
      typeof choice.message !== 'object'
    ) {
      throw malformedResponseError({ provider: config.name, model }, 'no choices[0].message', requestId);
    }
    const finishReason = mapChatFinishReason(choice.finish_reason);
    const text = choice.message.content ?? '';
    const context = { provider: config.name, model: data.model ?? model };
    if (text === '' && (choice.message.refusal || finishReason === 'content_filter')) {
      throw refusalError(context, requestId);
    }
    return {
      text: request.json && config.jsonMode === 'instruction' ? unwrapJsonFence(text) : text,
      provider: config.name,
      model: data.model || model,
      usage: usageOf(data.usage ?? data.x_groq?.usage) ?? ZERO_USAGE,
      finishReason,
      ...(requestId !== undefined && { requestId }),
    };
  }

  async function* stream(
    request: GenerateRequest,
    options: { signal: AbortSignal },
  ): AsyncGenerator<StreamChunk> {
    const model = request.model ?? config.model;
    const body = buildChatBody(config, request, model, true);
    body.stream = true;
    if (config.streamUsage) body.stream_options = { include_usage: true };
    const client = (await config.client()) as unknown as ChatClient;
    let events: AsyncIterable<ChatChunkWire>;
    let requestId: string | undefined;
    try {
      const response = await awaitWithRequestId<AsyncIterable<ChatChunkWire>>(
        client.chat.completions.create(body, { signal: options.signal }),
        config.requestIdHeader,
      );
      events = response.data;
      requestId = response.requestId;
    } catch (error) {
      throw fail(error, options.signal, model);
    }
    let usage: TokenUsage | undefined;
    let finishReason: FinishReason | undefined;
    let answeredModel: string | undefined;
    let refused = false;
    let sawText = false;
    const iterator = events[Symbol.asyncIterator]();
    try {
      while (true) {
        let next: IteratorResult<ChatChunkWire>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw fail(error, options.signal, answeredModel ?? model);
        }
        if (next.done) break;
        const chunk = next.value;
        if (chunk.model) answeredModel = chunk.model;
        if (chunk.x_groq?.id) requestId ??= chunk.x_groq.id;
        if (chunk.x_groq?.error) {
          throw toProviderError(
            { message: 'stream stopped early', error: { type: 'server_error' } },
            { provider: config.name, model: answeredModel ?? model },
          );
        }
        const usageWire = chunk.usage ?? chunk.x_groq?.usage;
        if (usageWire) usage = usageOf(usageWire);
        const choice = chunk.choices?.[0];
        if (choice?.delta?.refusal) refused = true;
        const text = choice?.delta?.content;
        if (text) {
          sawText = true;
          yield { type: 'delta', text };
        }
        if (choice?.finish_reason) finishReason = mapChatFinishReason(choice.finish_reason);
      }
    } finally {
      // Stops the SDK stream (and its HTTP body) when the consumer leaves early.
      await closeQuietly(iterator);
    }
    const context = { provider: config.name, model: answeredModel ?? model };
    // The SDKs end a stream silently when its signal aborts: report the abort, not a truncation.
    if (finishReason === undefined) {
      throw options.signal.aborted ? abortError(options.signal, context) : truncatedStreamError(context);
    }
    if (!sawText && (refused || finishReason === 'content_filter')) throw refusalError(context, requestId);
    yield {
      type: 'done',
      finishReason,
      model: answeredModel ?? model,
      ...(usage !== undefined && { usage }),
      ...(requestId !== undefined && { requestId }),
    };
  }

  return registerSecrets(
    Object.freeze({
      name: config.name,
      model: config.model,
      ...(config.structured !== undefined && { structuredOutput: chatStructuredMode(config) }),
      generate,
      stream,
    }),
    secrets,
  );
}
