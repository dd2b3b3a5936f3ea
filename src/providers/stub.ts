/**
 * `stubProvider`: a deterministic, offline {@link Provider} for development,
 * examples and tests, with scriptable latency and failures.
 */

import { fnv1a } from '../internal/index.js';
import { abortError, sleep, untilAborted } from './adapters/shared.js';
import { ProviderError, type ProviderErrorKind } from './errors.js';
import type {
  FinishReason,
  GenerateRequest,
  Provider,
  ProviderCallOptions,
  ProviderResult,
  StreamChunk,
  TokenUsage,
} from './types.js';

/**
 * What one stub call does:
 * - `'ok'` (or `undefined`): answers normally;
 * - `'hang'`: never answers, until the call's signal aborts;
 * - a {@link ProviderErrorKind} such as `'rate_limit'`: throws a
 *   {@link ProviderError} of that kind with a realistic HTTP status;
 * - a {@link StubFailureSpec} for details (status, `Retry-After`, latency,
 *   failing mid-stream);
 * - an `Error`: thrown as is (to test how the chain classifies raw errors).
 */
export type StubOutcome = 'ok' | 'hang' | ProviderErrorKind | StubFailureSpec | Error | undefined;

/** A detailed {@link StubOutcome}. */
export interface StubFailureSpec {
  /** What happens. @default 'ok' */
  kind?: 'ok' | 'hang' | ProviderErrorKind;
  /** HTTP status on the error. @default a realistic one for the kind (429, 529, 500, 401 …) */
  status?: number;
  /** `retryAfterMs` on the error (what a `Retry-After` header would say). */
  retryAfterMs?: number;
  /** Latency of this call in ms, instead of the provider's `latencyMs`. */
  latencyMs?: number;
  /**
   * Streaming only: emit this many deltas before failing (a stream that
   * breaks after it was committed). @default 0 (fail before the first delta)
   */
  afterChunks?: number;
}

/** What a {@link StubScript} function is told about a call. */
export interface StubCallInfo {
  /** 0-based index of the call on this provider (generate and stream share the count). */
  index: number;
  /** The request. */
  request: GenerateRequest;
  /** Which method was called. */
  mode: 'generate' | 'stream';
}

/**
 * Decides each call's outcome: a list (call `i` gets entry `i`, calls past
 * the end succeed) or a function of the call.
 */
export type StubScript = readonly StubOutcome[] | ((call: StubCallInfo) => StubOutcome);

/** Options of {@link stubProvider}. */
export interface StubProviderOptions {
  /** Provider name. @default 'stub' */
  name?: string;
  /** Model name reported in results. @default 'stub-1' */
  model?: string;
  /** Latency of each call in ms (or a function of the call). Honours the abort signal. @default 0 */
  latencyMs?: number | ((call: StubCallInfo) => number);
  /** Delay between streamed deltas in ms. @default 0 */
  chunkDelayMs?: number;
  /** Scripted outcomes: failures, hangs, per-call latency. @default every call succeeds */
  failures?: StubScript;
  /** Mixed into the text seed: two stubs with different seeds write different text. @default 0 */
  seed?: string | number;
  /** Fixed answer text (or a function of the request) instead of the request's `demo` text or the generated marketing markdown. */
  text?: string | ((request: GenerateRequest) => string);
}

/** A stub {@link Provider} with a call counter for tests. */
export interface StubProvider extends Provider {
  /** How many calls (generate and stream) it has received. */
  readonly calls: number;
  /** Streams the answer in small deltas, then a `done` chunk with usage. */
  stream(request: GenerateRequest, options: ProviderCallOptions): AsyncIterable<StreamChunk>;
}

const DEFAULT_STATUS: Partial<Record<ProviderErrorKind, number>> = {
  rate_limit: 429,
  quota: 429,
  overloaded: 529,
  server: 500,
  auth: 401,
  permission: 403,
  bad_request: 400,
  not_found: 404,
  content_policy: 400,
  context_length: 400,
};

/** The whole text of a request, for seeding and kind inference. */
function requestText(request: GenerateRequest): string {
  const parts = [request.system ?? '', ...(request.messages ?? []).map((m) => `${m.role}: ${m.content}`)];
  if (request.prompt) parts.push(request.prompt);
  return parts.join('\n');
}

/** True when `text` is a JSON object (a structured demo), not sample Markdown. */
function isJsonObjectText(text: string): boolean {
  if (!text.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A plausible token count for a text (about four characters per token). */
function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

function normalizeOutcome(outcome: StubOutcome): StubFailureSpec | Error {
  if (outcome === undefined) return { kind: 'ok' };
  if (outcome instanceof Error) return outcome;
  if (typeof outcome === 'string') return { kind: outcome };
  return outcome;
}

/**
 * A deterministic offline provider. It writes realistic marketing markdown
 * for each deliverable kind (campaign brief, LinkedIn / Instagram / X posts,
 * email, ad copy, landing page, blog post, image prompt, video script,
 * carousel, strategy, content calendar, audience segment, persona card):
 * the kind comes from `request.metadata.deliverableKind` when given, else it
 * is inferred from the prompt. The same request always gives the same text.
 * Usage is estimated (about four characters per token); `maxTokens` truncates
 * the text with finish reason `length`; `json: true` returns a JSON object.
 *
 * Tests script latency and failures per call, and every wait honours the
 * call's abort signal.
 *
 * @example
 * ```ts
 * const flaky = stubProvider({ name: 'flaky', failures: ['rate_limit', 'hang'] })
 * // call 1 throws a rate_limit ProviderError, call 2 hangs until aborted, call 3+ succeed
 * const result = await stubProvider().generate(
 *   { prompt: 'Write a LinkedIn post about our new running shoes' },
 *   { signal: AbortSignal.timeout(1000) },
 * )
 * ```
 */
export function stubProvider(options: StubProviderOptions = {}): StubProvider {
  const name = options.name ?? 'stub';
  const defaultModel = options.model ?? 'stub-1';
  let calls = 0;

  function outcomeOf(call: StubCallInfo): StubFailureSpec | Error {
    const script = options.failures;
    if (script === undefined) return { kind: 'ok' };
    if (typeof script === 'function') return normalizeOutcome(script(call));
    return normalizeOutcome(script[call.index]);
  }

  function latencyOf(call: StubCallInfo, spec: StubFailureSpec): number {
    if (spec.latencyMs !== undefined) return spec.latencyMs;
    const latency = options.latencyMs;
    return typeof latency === 'function' ? latency(call) : (latency ?? 0);
  }

  function scriptedError(spec: StubFailureSpec, model: string): ProviderError {
    const kind = spec.kind as ProviderErrorKind;
    const status = spec.status ?? DEFAULT_STATUS[kind];
    return new ProviderError(`${name} (${model}): scripted ${kind} failure`, {
      kind,
      provider: name,
      model,
      ...(status !== undefined && { status }),
      ...(spec.retryAfterMs !== undefined && { retryAfterMs: spec.retryAfterMs }),
      requestId: `stub-req-${calls}`,
    });
  }

  // The sample marketing copy is loaded on first use: importing the providers entry does not load it.
  async function compose(request: GenerateRequest, model: string, index: number): Promise<ProviderResult> {
    const text = requestText(request);
    let body: string;
    if (options.text !== undefined) {
      body = typeof options.text === 'function' ? options.text(request) : options.text;
    } else if (request.demo !== undefined && (!request.json || isJsonObjectText(request.demo))) {
      // A JSON demo is a structured call's sample object (`generateObject` with `demo`).
      body = request.demo;
    } else {
      const { generateStubContent } = await import('./stub-content.js');
      const content = generateStubContent(text, {
        ...(request.metadata?.deliverableKind !== undefined && { kind: request.metadata.deliverableKind }),
        seed: options.seed ?? 0,
      });
      body = request.json
        ? JSON.stringify({
            kind: content.kind,
            title: content.title,
            content_markdown: content.markdown,
            hashtags: content.hashtags,
          })
        : content.markdown;
    }
    let finishReason: FinishReason = 'stop';
    if (request.maxTokens !== undefined && estimateTokens(body) > request.maxTokens && !request.json) {
      body = body.slice(0, Math.max(0, request.maxTokens * 4));
      finishReason = 'length';
    }
    const inputTokens = estimateTokens(text);
    const outputTokens = estimateTokens(body);
    const usage: TokenUsage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    return {
      text: body,
      provider: name,
      model,
      usage,
      finishReason,
      requestId: `stub-${fnv1a(`${options.seed ?? 0}\u0000${text}`).toString(16)}-${index}`,
    };
  }

  /** Runs the scripted prelude of a call: latency, hang or failure (before any output). */
  async function prelude(
    request: GenerateRequest,
    signal: AbortSignal,
    mode: 'generate' | 'stream',
  ): Promise<{ spec: StubFailureSpec; model: string; index: number }> {
    const index = calls++;
    const model = request.model ?? defaultModel;
    const context = { provider: name, model };
    if (signal.aborted) throw abortError(signal, context);
    const call: StubCallInfo = { index, request, mode };
    const outcome = outcomeOf(call);
    if (outcome instanceof Error) {
      await sleep(latencyOf(call, {}), signal, context);
      throw outcome;
    }
    await sleep(latencyOf(call, outcome), signal, context);
    const kind = outcome.kind ?? 'ok';
    if (kind === 'hang') await untilAborted(signal, context);
    if (kind !== 'ok' && kind !== 'hang' && (mode === 'generate' || !outcome.afterChunks)) {
      throw scriptedError(outcome, model);
    }
    return { spec: outcome, model, index };
  }

  async function generate(
    request: GenerateRequest,
    callOptions: ProviderCallOptions,
  ): Promise<ProviderResult> {
    const { model, index } = await prelude(request, callOptions.signal, 'generate');
    return await compose(request, model, index);
  }

  async function* stream(
    request: GenerateRequest,
    callOptions: ProviderCallOptions,
  ): AsyncGenerator<StreamChunk> {
    const { signal } = callOptions;
    const { spec, model, index } = await prelude(request, signal, 'stream');
    const context = { provider: name, model };
    const result = await compose(request, model, index);
    const pieces = result.text.match(/\S+\s*|\s+/g) ?? [];
    const failAfter =
      spec.kind !== undefined && spec.kind !== 'ok' && spec.kind !== 'hang' ? spec.afterChunks : undefined;
    let emitted = 0;
    for (let i = 0; i < pieces.length; i += 3) {
      if (failAfter !== undefined && emitted >= failAfter) throw scriptedError(spec, model);
      if (i > 0) await sleep(options.chunkDelayMs ?? 0, signal, context);
      if (signal.aborted) throw abortError(signal, context);
      emitted++;
      yield { type: 'delta', text: pieces.slice(i, i + 3).join('') };
    }
    if (failAfter !== undefined) throw scriptedError(spec, model);
    yield {
      type: 'done',
      usage: result.usage,
      finishReason: result.finishReason,
      model,
      ...(result.requestId !== undefined && { requestId: result.requestId }),
    };
  }

  return Object.freeze({
    name,
    model: defaultModel,
    get calls() {
      return calls;
    },
    generate,
    stream,
  });
}
