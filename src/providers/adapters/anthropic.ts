/**
 * `anthropicProvider`: Claude through the official `@anthropic-ai/sdk` (an
 * optional peer dependency, loaded on first use).
 */

import { PROVIDER_CATALOG } from '../catalog.js';
import { toProviderError } from '../classify.js';
import type { ProviderError } from '../errors.js';
import { redactProviderError } from '../secrets/redact.js';
import { clientApiKey, registerSecrets } from '../secrets/secrets.js';
import type {
  FinishReason,
  GenerateRequest,
  Provider,
  ProviderResult,
  StreamChunk,
  TokenUsage,
} from '../types.js';
import { normalizeAnthropicUsage } from '../usage.js';
import {
  abortError,
  awaitWithRequestId,
  closeQuietly,
  conversationOf,
  DEFAULT_SDK_TIMEOUT_MS,
  defaultExport,
  lazy,
  loadOptionalSdk,
  malformedResponseError,
  refusalError,
  resolveApiKey,
  type SdkAdapterOptions,
  truncatedStreamError,
  unwrapJsonFence,
  withJsonInstruction,
} from './shared.js';

/** Default `max_tokens` (the Messages API requires one). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

/** Usage block of the Messages API (input excludes cache reads and writes). */
interface AnthropicUsageWire {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

interface MessageWire {
  id?: string;
  model?: string;
  content?: Array<{ type: string; text?: string; name?: string; input?: unknown }>;
  stop_reason?: string | null;
  usage?: AnthropicUsageWire | null;
}

type StreamEventWire =
  | { type: 'message_start'; message: MessageWire }
  | { type: 'content_block_delta'; index?: number; delta: { type: string; text?: string } }
  | { type: 'message_delta'; delta: { stop_reason?: string | null }; usage?: AnthropicUsageWire | null }
  | { type: 'message_stop' }
  | { type: 'error'; error?: unknown }
  | { type: string };

/**
 * The part of an `@anthropic-ai/sdk` client the adapter calls. A real
 * `Anthropic` client fits it, and so does a hand-written fake.
 */
export interface AnthropicClientLike {
  /** `client.messages.create(body, { signal })`. */
  messages: { create(body: never, options?: never): unknown };
}

interface AnthropicClient {
  messages: { create(body: Record<string, unknown>, options: { signal: AbortSignal }): unknown };
}

/** Options of {@link anthropicProvider}. */
export interface AnthropicProviderOptions extends SdkAdapterOptions {
  /** Name in status reports and envelopes. @default 'anthropic' */
  name?: string;
  /**
   * An existing `@anthropic-ai/sdk` client to use instead of building one.
   * Build it with `maxRetries: 0` so that the chain stays the one retry loop.
   */
  client?: AnthropicClientLike;
  /** `max_tokens` when the request sets none (the API requires one). @default 4096 */
  maxTokens?: number;
  /** Extra body fields sent with every request (e.g. `{ top_k: 40 }`). */
  extraBody?: Record<string, unknown>;
}

/** Maps a Messages API `stop_reason` to a normalized {@link FinishReason}. */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'unknown';
  }
}

function mergeUsage(base: AnthropicUsageWire | undefined, next: AnthropicUsageWire): AnthropicUsageWire {
  const merged: AnthropicUsageWire = { ...base };
  for (const key of Object.keys(next) as Array<keyof AnthropicUsageWire>) {
    const value = next[key];
    if (typeof value === 'number') merged[key] = value;
  }
  return merged;
}

/**
 * A {@link Provider} on Anthropic's Messages API. The SDK client is built
 * with `maxRetries: 0` and a generous timeout. The request's system text goes
 * to `system`; `max_tokens` defaults to 4096. The Messages API has no JSON
 * mode, so `json: true` adds an instruction to the system text and a Markdown
 * fence around the answer is removed. Usage is normalized so that
 * `inputTokens` includes cache reads and writes (Anthropic's `input_tokens`
 * excludes them). A `refusal` with no text is a `content_policy` error.
 * `temperature` is clamped to the API's 0–1 range. Structured output is a
 * forced tool call (`tools: [{ name, input_schema }]`, `tool_choice: { type:
 * 'tool', name }`); its input is the answer, streamed from `input_json_delta`
 * (text blocks are not part of it).
 *
 * @throws ProviderConfigurationError when no API key is given and
 * `ANTHROPIC_API_KEY` is unset (at creation), or when `@anthropic-ai/sdk` is
 * not installed (at the first call).
 * @example
 * ```ts
 * const claude = anthropicProvider({ model: 'claude-sonnet-4-6' }) // reads ANTHROPIC_API_KEY
 * for await (const chunk of claude.stream!({ prompt: 'Write a tagline' }, { signal })) { ... }
 * ```
 */
export function anthropicProvider(options: AnthropicProviderOptions): Provider {
  const name = options.name ?? 'anthropic';
  const client = options.client;
  let getClient: () => Promise<AnthropicClientLike>;
  const secrets: string[] = [];
  if (client) {
    getClient = async () => client;
    const key = clientApiKey(client);
    if (key) secrets.push(key);
  } else {
    const apiKey = resolveApiKey(options.apiKey, PROVIDER_CATALOG.anthropic.keyVariables, name, options.env);
    secrets.push(apiKey);
    getClient = lazy(async () => {
      const Anthropic = defaultExport(
        await loadOptionalSdk('@anthropic-ai/sdk', name, () => import('@anthropic-ai/sdk')),
      );
      return new Anthropic({
        apiKey,
        maxRetries: 0,
        timeout: options.timeoutMs ?? DEFAULT_SDK_TIMEOUT_MS,
        ...(options.baseURL !== undefined && { baseURL: options.baseURL }),
        ...(options.defaultHeaders !== undefined && { defaultHeaders: options.defaultHeaders }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
      }) as unknown as AnthropicClientLike;
    });
  }

  const fail = (error: unknown, signal: AbortSignal, model: string): ProviderError => {
    const context = { provider: name, model };
    return redactProviderError(
      signal.aborted ? abortError(signal, context) : toProviderError(error, context),
      secrets,
    );
  };

  function buildBody(request: GenerateRequest, model: string): Record<string, unknown> {
    const conversation = conversationOf(request, { provider: name, model });
    const system = request.json ? withJsonInstruction(conversation.system) : conversation.system;
    const body: Record<string, unknown> = {
      ...options.extraBody,
      model,
      max_tokens: request.maxTokens ?? options.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: conversation.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (system !== undefined) body.system = system;
    const structured = request.structured;
    if (structured) {
      // Structured output is a forced tool call: the schema is the tool's input_schema.
      body.tools = [
        {
          name: structured.name,
          ...(structured.description !== undefined && { description: structured.description }),
          input_schema: structured.schema,
        },
      ];
      body.tool_choice = { type: 'tool', name: structured.name };
    }
    const temperature = request.temperature ?? options.temperature;
    // The Messages API accepts 0..1 (OpenAI-style 0..2 values would be a 400).
    if (temperature !== undefined) body.temperature = Math.min(1, Math.max(0, temperature));
    return body;
  }

  async function generate(
    request: GenerateRequest,
    callOptions: { signal: AbortSignal },
  ): Promise<ProviderResult> {
    const model = request.model ?? options.model;
    const body = buildBody(request, model);
    const sdk = (await getClient()) as unknown as AnthropicClient;
    let response: { data: MessageWire; requestId: string | undefined };
    try {
      response = await awaitWithRequestId<MessageWire>(
        sdk.messages.create(body, { signal: callOptions.signal }),
        'request-id',
      );
    } catch (error) {
      throw fail(error, callOptions.signal, model);
    }
    const { data } = response;
    // A proxy's HTML page parses to a string; a broken server may leave out `content`.
    if (data === null || typeof data !== 'object') {
      throw malformedResponseError({ provider: name, model }, 'not a JSON object', response.requestId);
    }
    const requestId = response.requestId ?? data.id;
    if (!Array.isArray(data.content)) {
      throw malformedResponseError({ provider: name, model }, 'no content array', requestId);
    }
    const toolUse = request.structured
      ? data.content.find((block) => block.type === 'tool_use' && block.name === request.structured?.name)
      : undefined;
    const text = toolUse
      ? JSON.stringify(toolUse.input ?? null)
      : data.content
          .filter((block) => block.type === 'text' && typeof block.text === 'string')
          .map((block) => block.text)
          .join('');
    const finishReason = mapAnthropicStopReason(data.stop_reason);
    const answered = data.model || model;
    if (text === '' && finishReason === 'content_filter')
      throw refusalError({ provider: name, model: answered }, requestId);
    return {
      text: request.json ? unwrapJsonFence(text) : text,
      provider: name,
      model: answered,
      usage: normalizeAnthropicUsage(data.usage ?? {}),
      finishReason,
      ...(requestId !== undefined && { requestId }),
    };
  }

  async function* stream(
    request: GenerateRequest,
    callOptions: { signal: AbortSignal },
  ): AsyncGenerator<StreamChunk> {
    const model = request.model ?? options.model;
    const body = { ...buildBody(request, model), stream: true };
    const sdk = (await getClient()) as unknown as AnthropicClient;
    let events: AsyncIterable<StreamEventWire>;
    let requestId: string | undefined;
    try {
      const response = await awaitWithRequestId<AsyncIterable<StreamEventWire>>(
        sdk.messages.create(body, { signal: callOptions.signal }),
        'request-id',
      );
      events = response.data;
      requestId = response.requestId;
    } catch (error) {
      throw fail(error, callOptions.signal, model);
    }
    let usage: AnthropicUsageWire | undefined;
    let stopReason: string | null | undefined;
    let answered = model;
    let stopped = false;
    let sawText = false;
    const iterator = events[Symbol.asyncIterator]();
    try {
      while (true) {
        let next: IteratorResult<StreamEventWire>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw fail(error, callOptions.signal, answered);
        }
        if (next.done) break;
        const event = next.value;
        if (event.type === 'message_start' && 'message' in event) {
          answered = event.message.model || answered;
          requestId ??= event.message.id;
          if (event.message.usage) usage = mergeUsage(usage, event.message.usage);
        } else if (event.type === 'content_block_delta' && 'delta' in event) {
          const delta = event.delta as { type: string; text?: string; partial_json?: string };
          if (delta.type === 'text_delta' && delta.text && !request.structured) {
            sawText = true;
            yield { type: 'delta', text: delta.text };
          } else if (delta.type === 'input_json_delta' && request.structured && delta.partial_json) {
            // The forced tool's input arrives as JSON fragments: they are the answer.
            sawText = true;
            yield { type: 'delta', text: delta.partial_json };
          }
        } else if (event.type === 'message_delta' && 'delta' in event) {
          const delta = event.delta as { stop_reason?: string | null };
          if (delta.stop_reason) stopReason = delta.stop_reason;
          const eventUsage = (event as { usage?: AnthropicUsageWire | null }).usage;
          if (eventUsage) usage = mergeUsage(usage, eventUsage);
        } else if (event.type === 'message_stop') {
          stopped = true;
        } else if (event.type === 'error') {
          throw fail(event, callOptions.signal, answered);
        }
      }
    } finally {
      // Stops the SDK stream (and its HTTP body) when the consumer leaves early.
      await closeQuietly(iterator);
    }
    const context = { provider: name, model: answered };
    // The SDKs end a stream silently when its signal aborts: report the abort, not a truncation.
    if (!stopped) {
      throw callOptions.signal.aborted
        ? abortError(callOptions.signal, context)
        : truncatedStreamError(context);
    }
    const finishReason = mapAnthropicStopReason(stopReason);
    if (!sawText && finishReason === 'content_filter') throw refusalError(context, requestId);
    const normalized: TokenUsage | undefined = usage ? normalizeAnthropicUsage(usage) : undefined;
    yield {
      type: 'done',
      finishReason,
      model: answered,
      ...(normalized !== undefined && { usage: normalized }),
      ...(requestId !== undefined && { requestId }),
    };
  }

  return registerSecrets(
    Object.freeze({
      name,
      model: options.model,
      // Forced tool use, from the catalog.
      structuredOutput: PROVIDER_CATALOG.anthropic.quirks.structured.mode,
      generate,
      stream,
    }),
    secrets,
  );
}
