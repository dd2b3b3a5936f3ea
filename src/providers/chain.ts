/**
 * The ProviderChain: ordered fallback across LLM providers with retries,
 * circuit breakers, deadlines, hedging, streaming and cost accounting.
 *
 * This file is the public class; the parts live beside it: options
 * (`chain-settings.ts`), the shared attempt-and-retry loop
 * (`chain-loop.ts`), one attempt's accounting (`chain-attempt.ts`),
 * streaming (`chain-stream.ts`), results (`chain-result.ts`) and the status
 * report (`chain-status.ts`).
 */
import type * as z from 'zod';
import { Call, targetOf } from './chain-attempt.js';
import { ChainCore } from './chain-core.js';
import { ChainAbortedError } from './chain-errors.js';
import { runAttempts } from './chain-loop.js';
import { failure, finish, loserWarnings } from './chain-result.js';
import { positive, resolveChainOptions } from './chain-settings.js';
import { statusReport, summary } from './chain-status.js';
import { type ChainStreamChunk, generateRunner, streamCall } from './chain-stream.js';
import type {
  ChainCallOptions,
  ChainEventName,
  ChainEvents,
  ChainGenerateOptions,
  ChainResult,
  ChainStatus,
  ChainSummary,
  ChainTarget,
  ProviderChainOptions,
} from './chain-types.js';
import { generateObject } from './structured/generate-object.js';
import { streamObject } from './structured/stream-object.js';
import type {
  GenerateObjectOptions,
  GenerateObjectResult,
  StreamObjectEvent,
  StreamObjectOptions,
} from './structured/types.js';
import type { GenerateRequest } from './types.js';

export type { ChainStreamChunk } from './chain-stream.js';

/**
 * Ordered fallback across LLM providers that keeps generation working
 * through rate limits, 5xx storms, hung connections and revoked keys.
 *
 * - Providers are tried in configured order; one whose circuit is open is
 *   skipped without waiting (after a cooldown, a single probe runs alongside
 *   the next provider), and a provider never tried keeps its place.
 * - Fail over first: a retryable failure (rate limit, overloaded, 5xx,
 *   timeout, network) moves to the next available provider at once. A
 *   provider is retried (exponential backoff with full jitter, `Retry-After`
 *   honoured up to `maxRetryAfterMs`) only when no other provider is left,
 *   or first when `retryBeforeFailover` is set. A wait ends early when the
 *   provider's circuit opens, and is skipped when the deadline is nearer.
 *   Other failures move on at once; a caller abort stops everything.
 * - A circuit opens after consecutive failures, or on a failure rate over
 *   the recent calls; a hedge loser that was slow counts as a failure.
 * - Every attempt gets the smaller of its timeout and what is left of the
 *   call's deadline, with its own `AbortController` linked to the caller's.
 * - Configured key values (and key-shaped strings) are redacted from every
 *   error, event, status report and result field that upstream text reaches.
 *
 * @example
 * ```ts
 * const chain = new ProviderChain({ providers: [openai, { provider: anthropic, model: 'claude-3-5-haiku-latest' }] })
 * const result = await chain.generate({ prompt: 'Write a LinkedIn post about our launch' })
 * console.log(result.provider, result.costUsd, result.warnings)
 * ```
 */
export class ProviderChain {
  readonly #core: ChainCore;

  constructor(options: ProviderChainOptions) {
    const { settings, slots } = resolveChainOptions(options);
    this.#core = new ChainCore(settings, slots, options.redact ?? []);
  }

  /**
   * Subscribes to an event; returns the unsubscribe function. Handlers run
   * synchronously; an exception in a handler is swallowed (it never breaks a call).
   *
   * @example
   * ```ts
   * const off = chain.on('fallback', (e) => log.warn(`${e.from.provider} -> ${e.to.provider}: ${e.reason}`))
   * off()
   * ```
   */
  on<K extends ChainEventName>(event: K, handler: (payload: ChainEvents[K]) => void): () => void {
    return this.#core.on(event, handler);
  }

  /**
   * Generates with fallback. Resolves with the first successful provider's
   * result; rejects with {@link AllProvidersFailedError},
   * {@link ChainTimeoutError} (deadline) or {@link ChainAbortedError}.
   *
   * With `{ stream: true }` it generates through the providers' streams, and a
   * stream that breaks after its first delta gives a PARTIAL result
   * (`partial: true`, a warning) instead of an error.
   *
   * @example
   * ```ts
   * const result = await chain.generate({ system, prompt }, { signal: req.signal, deadlineMs: 30_000 })
   * ```
   */
  async generate(request: GenerateRequest, options: ChainGenerateOptions = {}): Promise<ChainResult> {
    const core = this.#core;
    const call = this.#startCall(options);
    if (options.stream) {
      for await (const chunk of streamCall(core, call, request, true)) {
        if (chunk.type === 'done') return chunk.result;
      }
      /* c8 ignore next */
      throw failure(call);
    }
    const won = await runAttempts(core, call, request, generateRunner);
    if (!won) throw failure(call);
    return finish(core, call, won.branch, won.value, loserWarnings(won.branch, won.losers));
  }

  /**
   * Streams with fallback. The stream commits at its first content delta:
   * before it, failures fall back freely (nothing was shown yet), and with
   * `hedgeAfterMs` the first provider to send content wins; after it, the
   * chain never restarts and throws {@link StreamInterruptedError} with the
   * text received so far. The last chunk is `{ type: 'done', result }`. A
   * provider without `stream` is called with `generate` and its text sent as
   * one delta.
   *
   * @example
   * ```ts
   * for await (const chunk of chain.stream({ prompt }, { signal })) {
   *   if (chunk.type === 'delta') res.write(chunk.text)
   *   else console.log(chunk.result.costUsd)
   * }
   * ```
   */
  stream(
    request: GenerateRequest,
    options: ChainCallOptions = {},
  ): AsyncGenerator<ChainStreamChunk, void, undefined> {
    const core = this.#core;
    const start = () => this.#startCall(options);
    return (async function* () {
      yield* streamCall(core, start(), request, false);
    })();
  }

  /**
   * Generates an object matching a zod schema through each provider's native
   * structured mode, validated, repaired once, then failed over. See
   * {@link generateObject}.
   *
   * @example
   * ```ts
   * const { object } = await chain.generateObject({ schema: Post, prompt: 'A LinkedIn post about our launch' })
   * ```
   */
  generateObject<S extends z.ZodType>(
    options: GenerateObjectOptions<S>,
  ): Promise<GenerateObjectResult<z.output<S>>> {
    return generateObject(this, options);
  }

  /**
   * Streams validated partial objects, then one validated object. See
   * {@link streamObject}.
   *
   * @example
   * ```ts
   * for await (const event of chain.streamObject({ schema: Post, prompt })) if (event.type === 'partial') render(event.partial)
   * ```
   */
  streamObject<S extends z.ZodType>(
    options: StreamObjectOptions<S>,
  ): AsyncGenerator<StreamObjectEvent<S>, void, undefined> {
    return streamObject(this, options);
  }

  /**
   * The status report: per provider and model, health, counts, average
   * latency, last success and failure, last error and circuit. Every string
   * is redacted by value (the configured keys) and by shape. JSON-serializable.
   * For an unauthenticated endpoint, serve {@link ProviderChain.summary} instead.
   *
   * @example
   * ```ts
   * app.get('/admin/providers', (_req, res) => res.json(chain.status()))
   * ```
   */
  status(): ChainStatus {
    return statusReport(this.#core);
  }

  /**
   * Names and states only (no error text, no counts), and whether any
   * provider can take a call now: what a public `/health` may show.
   *
   * @example
   * ```ts
   * const { serving, providers } = chain.summary()
   * res.status(serving ? 200 : 503).json({ providers })
   * ```
   */
  summary(): ChainSummary {
    return summary(this.#core);
  }

  /** The configured providers and models, in order. */
  get targets(): readonly ChainTarget[] {
    return this.#core.slots.map(targetOf);
  }

  /** The default deadline of one call, in ms (the `deadlineMs` option). */
  get defaultDeadlineMs(): number {
    return this.#core.settings.deadlineMs;
  }

  #startCall(options: ChainCallOptions): Call {
    const deadlineMs = positive(options.deadlineMs, this.#core.settings.deadlineMs, 'deadlineMs');
    if (options.signal?.aborted) throw new ChainAbortedError({ attempts: [], reason: options.signal.reason });
    return new Call(options.signal, deadlineMs, options.requestFor);
  }
}
