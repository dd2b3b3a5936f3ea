/**
 * The ProviderChain: ordered fallback across LLM providers with retries,
 * circuit breakers, deadlines, hedging, streaming and cost accounting.
 */
import { ExponentialBackoff, fullJitterGenerator, type IBackoff } from 'cockatiel';
import { raceAbort } from '../internal/index.js';
import {
  AllProvidersFailedError,
  ChainAbortedError,
  ChainTimeoutError,
  StreamInterruptedError,
} from './chain-errors.js';
import type {
  AttemptOutcome,
  AttemptRecord,
  ChainCallOptions,
  ChainEntry,
  ChainEventName,
  ChainEvents,
  ChainGenerateOptions,
  ChainResult,
  ChainStatus,
  CircuitGate,
  ProviderChainOptions,
  ProviderStatusReport,
} from './chain-types.js';
import { Circuit, type CircuitTransition } from './circuit.js';
import { describeProviderFailure, toProviderError } from './classify.js';
import { ProviderConfigurationError, ProviderError, type ProviderErrorKind } from './errors.js';
import { HealthTracker } from './health.js';
import { sleep } from './internal/async.js';
import { redactSecrets } from './internal/redact.js';
import { DEFAULT_PRICES, type PriceTable, priceUsage } from './pricing.js';
import type { GenerateRequest, Provider, ProviderResult, StreamChunk } from './types.js';
import { emptyUsage } from './usage.js';

/** Failures caused by the request itself: they say nothing about the provider's health. */
const REQUEST_FAULTS: ReadonlySet<ProviderErrorKind> = new Set([
  'bad_request',
  'content_policy',
  'context_length',
]);

/**
 * One chunk of {@link ProviderChain.stream}: text deltas, then one `done`
 * carrying the full {@link ChainResult}.
 */
export type ChainStreamChunk = { type: 'delta'; text: string } | { type: 'done'; result: ChainResult };

/** A configured provider + model with its state. @internal */
interface Slot {
  readonly index: number;
  readonly provider: Provider;
  readonly name: string;
  readonly model: string;
  readonly label: string;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly health: HealthTracker;
  readonly circuit: Circuit;
}

/** One provider's run within a call (its attempts and retries). @internal */
interface Branch {
  readonly slot: Slot;
  readonly gate: CircuitGate;
  readonly hedged: boolean;
  cancelled: boolean;
  /** Its run ended (success, failure or cancellation). */
  finished: boolean;
  controller: AbortController | undefined;
  wake: () => void;
}

/** State of one `generate` / `stream` call. @internal */
class Call {
  readonly startedAt = performance.now();
  readonly deadlineAt: number;
  readonly attempts: AttemptRecord[] = [];
  readonly errors: ProviderError[] = [];
  readonly warnings: string[] = [];
  /** Failed or skipped slots waiting for the next provider (one fallback each). */
  readonly pending: Array<{ slot: Slot; reason: ProviderErrorKind | 'circuit_open' }> = [];
  /** The call returned: late (detached probe) attempts no longer land in `attempts`. */
  closed = false;
  deadlineHit = false;

  constructor(
    readonly signal: AbortSignal | undefined,
    readonly deadlineMs: number,
  ) {
    this.deadlineAt = this.startedAt + deadlineMs;
  }

  remaining(): number {
    return this.deadlineAt - performance.now();
  }

  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  stopped(): boolean {
    return this.closed || this.deadlineHit || this.aborted;
  }
}

/** A successful run and the runs it beat. @internal */
interface Won {
  branch: Branch;
  result: ProviderResult;
  losers: Branch[];
}

type Listener<K extends ChainEventName> = (payload: ChainEvents[K]) => void;

function resolveEntry(entry: Provider | ChainEntry): ChainEntry {
  return 'provider' in entry && typeof (entry as ChainEntry).provider === 'object'
    ? (entry as ChainEntry)
    : { provider: entry as Provider };
}

function positive(value: number | undefined, fallback: number, name: string, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ProviderConfigurationError(
      `ProviderChain option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number.`,
    );
  }
  return value;
}

/**
 * Ordered fallback across LLM providers that keeps generation working
 * through rate limits, 5xx storms, hung connections and revoked keys.
 *
 * - Providers are tried in configured order; one whose circuit is open is
 *   skipped without waiting (after a cooldown, a single probe runs alongside
 *   the next provider), and a provider never tried keeps its place.
 * - Retryable failures (rate limit, overloaded, 5xx, timeout, network) are
 *   retried on the same provider with exponential backoff and full jitter,
 *   honouring `Retry-After` up to `maxRetryAfterMs`, then the chain falls
 *   back; other failures move on at once; a caller abort stops everything.
 * - Every attempt gets the smaller of its timeout and what is left of the
 *   call's deadline, with its own `AbortController` linked to the caller's.
 *
 * @example
 * ```ts
 * const chain = new ProviderChain({ providers: [openai, { provider: anthropic, model: 'claude-3-5-haiku-latest' }] })
 * const result = await chain.generate({ prompt: 'Write a LinkedIn post about our launch' })
 * console.log(result.provider, result.costUsd, result.warnings)
 * ```
 */
export class ProviderChain {
  private readonly slots: readonly Slot[];
  private readonly deadlineMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly hedgeAfterMs: number | undefined;
  private readonly prices: PriceTable;
  private readonly secrets: readonly string[];
  private readonly lastResort: boolean;
  private readonly retryBackoff: ExponentialBackoff<number>;
  private readonly listeners: { [K in ChainEventName]: Set<Listener<K>> } = {
    attempt: new Set(),
    fallback: new Set(),
    circuitOpen: new Set(),
    circuitClose: new Set(),
  };

  constructor(options: ProviderChainOptions) {
    if (!options || !Array.isArray(options.providers) || options.providers.length === 0) {
      throw new ProviderConfigurationError(
        'ProviderChain needs at least one provider: pass { providers: [provider, ...] } or use providerChainFromEnv().',
      );
    }
    const timeoutMs = positive(options.timeoutMs, 60_000, 'timeoutMs');
    const retries = positive(options.retries, 2, 'retries', true);
    this.deadlineMs = positive(options.deadlineMs, 120_000, 'deadlineMs');
    this.maxRetryAfterMs = positive(options.maxRetryAfterMs, 10_000, 'maxRetryAfterMs', true);
    this.hedgeAfterMs =
      options.hedgeAfterMs === undefined
        ? undefined
        : positive(options.hedgeAfterMs, 0, 'hedgeAfterMs', true);
    this.prices = options.prices ? { ...DEFAULT_PRICES, ...options.prices } : DEFAULT_PRICES;
    this.secrets = options.redact ?? [];
    this.lastResort = options.tryOpenCircuitsAsLastResort ?? true;
    this.retryBackoff = new ExponentialBackoff({
      generator: fullJitterGenerator,
      initialDelay: positive(options.backoff?.initialDelayMs, 250, 'backoff.initialDelayMs'),
      maxDelay: positive(options.backoff?.maxDelayMs, 4_000, 'backoff.maxDelayMs'),
    });
    const circuit = {
      failureThreshold: positive(options.circuit?.failureThreshold, 3, 'circuit.failureThreshold'),
      cooldownMs: positive(options.circuit?.cooldownMs, 5_000, 'circuit.cooldownMs'),
      cooldownMultiplier: positive(options.circuit?.cooldownMultiplier, 2, 'circuit.cooldownMultiplier'),
      maxCooldownMs: positive(options.circuit?.maxCooldownMs, 300_000, 'circuit.maxCooldownMs'),
      openImmediatelyOn: new Set<ProviderErrorKind>(
        options.circuit?.openImmediatelyOn ?? ['auth', 'permission', 'quota', 'not_found', 'configuration'],
      ),
    };
    const unhealthyAfter = positive(options.health?.unhealthyAfter, 3, 'health.unhealthyAfter');
    const healthyAfter = positive(options.health?.healthyAfter, 5, 'health.healthyAfter');

    // One health tracker and circuit per provider AND model, shared by duplicate entries.
    const shared = new Map<string, { health: HealthTracker; circuit: Circuit }>();
    this.slots = options.providers.map((raw, index) => {
      const entry = resolveEntry(raw);
      const provider = entry.provider;
      if (!provider || typeof provider.generate !== 'function' || typeof provider.name !== 'string') {
        throw new ProviderConfigurationError(
          `ProviderChain providers[${index}] is not a Provider (it needs a name and a generate method).`,
        );
      }
      const model = entry.model ?? provider.model;
      const key = `${provider.name}\u0000${model}`;
      let state = shared.get(key);
      if (!state) {
        state = { health: new HealthTracker(unhealthyAfter, healthyAfter), circuit: new Circuit(circuit) };
        shared.set(key, state);
      }
      return {
        index,
        provider,
        name: provider.name,
        model,
        label: `${provider.name} (${model})`,
        timeoutMs: positive(entry.timeoutMs, timeoutMs, `providers[${index}].timeoutMs`),
        retries: positive(entry.retries, retries, `providers[${index}].retries`, true),
        ...state,
      };
    });
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
    const set = this.listeners[event] as Set<Listener<K>>;
    set.add(handler);
    return () => {
      set.delete(handler);
    };
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
    if (options.stream) return this.generateViaStream(request, options);
    const call = this.startCall(options);
    const { ordered, open } = this.plan();
    const skipped: Slot[] = [];
    for (const slot of open) call.pending.push({ slot, reason: 'circuit_open' });
    let won = ordered.length > 0 ? await this.runPhase(call, ordered, false, request, skipped) : undefined;
    if (!won && this.lastResort && !call.stopped()) {
      const rest = this.lastResortSlots(open, skipped);
      if (rest.length > 0) won = await this.runPhase(call, rest, true, request, []);
    }
    if (!won) throw this.failure(call);
    const extra = won.losers.map((loser) =>
      loser.gate === 'probe'
        ? `${loser.slot.label} circuit probe still running; ${won.branch.slot.label} answered first.`
        : `${won.branch.slot.label} answered a hedged request before ${loser.slot.label}, which was cancelled.`,
    );
    return this.finish(call, won.branch, won.result, extra);
  }

  /**
   * Streams with fallback. The stream commits at its first content delta:
   * before it, failures fall back freely (nothing was shown yet); after it,
   * the chain never restarts and throws {@link StreamInterruptedError} with
   * the text received so far. The last chunk is `{ type: 'done', result }`.
   * A provider without `stream` is called with `generate` and its text sent
   * as one delta. Hedging does not apply to streams.
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
    return this.streamCalls(request, options, false);
  }

  /**
   * The status report: per provider and model, health, counts, average
   * latency, last success and failure, last error (secret-free) and circuit.
   * JSON-serializable.
   *
   * @example
   * ```ts
   * app.get('/health/providers', (_req, res) => res.json(chain.status()))
   * ```
   */
  status(): ChainStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const seen = new Set<HealthTracker>();
    const providers: ProviderStatusReport[] = [];
    for (const slot of this.slots) {
      if (seen.has(slot.health)) continue;
      seen.add(slot.health);
      const h = slot.health;
      const c = slot.circuit;
      providers.push({
        name: slot.name,
        model: slot.model,
        health: h.health,
        consecutive_failures: h.consecutiveFailures,
        consecutive_successes: h.consecutiveSuccesses,
        total_calls: h.totalCalls,
        total_failures: h.totalFailures,
        avg_latency_ms: h.avgLatencyMs === null ? null : Math.round(h.avgLatencyMs * 100) / 100,
        last_latency_ms: h.lastLatencyMs === null ? null : Math.round(h.lastLatencyMs * 100) / 100,
        last_success: iso(h.lastSuccessAt),
        last_failure: iso(h.lastFailureAt),
        error: h.lastError === null ? null : redactSecrets(h.lastError, this.secrets),
        error_kind: h.lastErrorKind,
        circuit: {
          state: c.state,
          opened_at: iso(c.openedAt),
          retry_at: c.state === 'closed' ? null : iso(c.retryAt),
          cooldown_ms: c.state === 'closed' ? null : c.cooldownMs,
          times_opened: c.timesOpened,
        },
      });
    }
    const overall = providers.some((p) => p.health === 'healthy')
      ? 'healthy'
      : providers.some((p) => p.health === 'degraded' || p.health === 'unhealthy')
        ? 'degraded'
        : 'unknown';
    return { overall_health: overall, generated_at: new Date().toISOString(), providers };
  }

  // ---------------------------------------------------------------- planning

  private startCall(options: ChainCallOptions): Call {
    const deadlineMs = positive(options.deadlineMs, this.deadlineMs, 'deadlineMs');
    if (options.signal?.aborted) throw new ChainAbortedError({ attempts: [], reason: options.signal.reason });
    return new Call(options.signal, deadlineMs);
  }

  /**
   * Configured order, minus open circuits (they go last-resort); a closed but
   * unhealthy provider moves after the others. Health never reorders the
   * rest: the configured order is the user's cost and quality preference,
   * and a never-tried provider keeps its place.
   */
  private plan(): { ordered: Slot[]; open: Slot[] } {
    const now = Date.now();
    const ordered: Slot[] = [];
    const demoted: Slot[] = [];
    const open: Slot[] = [];
    for (const slot of this.slots) {
      const view = slot.circuit.view(now);
      if (view === 'open') open.push(slot);
      else if (view === 'closed' && slot.health.health === 'unhealthy') demoted.push(slot);
      else ordered.push(slot);
    }
    return { ordered: demoted.length > 0 ? ordered.concat(demoted) : ordered, open };
  }

  private lastResortSlots(open: Slot[], skipped: Slot[]): Slot[] {
    if (skipped.length === 0) return open;
    const set = new Set([...open, ...skipped]);
    return this.slots.filter((slot) => set.has(slot));
  }

  // ---------------------------------------------------------------- generate

  /**
   * Runs slots in order; with hedging (or a half-open probe) a later slot may
   * start while an earlier one is still running. Resolves with the first
   * success, or `undefined` when every slot failed or the call stopped.
   */
  private runPhase(
    call: Call,
    slots: Slot[],
    forced: boolean,
    request: GenerateRequest,
    skipped: Slot[],
  ): Promise<Won | undefined> {
    return new Promise((resolve) => {
      let next = 0;
      let active = 0;
      let settled = false;
      let hedgeTimer: ReturnType<typeof setTimeout> | undefined;
      const branches: Branch[] = [];

      const settle = (value: { branch: Branch; result: ProviderResult } | undefined) => {
        if (settled) return;
        settled = true;
        if (hedgeTimer !== undefined) clearTimeout(hedgeTimer);
        if (!value) return resolve(undefined);
        const losers = branches.filter((branch) => branch !== value.branch && !branch.finished);
        for (const branch of losers) {
          // A losing probe may finish on its own: its outcome is what closes the circuit.
          if (branch.gate !== 'probe') this.cancel(branch);
        }
        resolve({ ...value, losers });
      };

      const launch = (hedged: boolean): void => {
        if (hedgeTimer !== undefined) {
          clearTimeout(hedgeTimer);
          hedgeTimer = undefined;
        }
        while (next < slots.length && !settled && !call.stopped()) {
          const slot = slots[next++]!;
          const gate: CircuitGate | undefined = forced ? 'forced' : slot.circuit.acquire(Date.now());
          if (!gate) {
            skipped.push(slot);
            call.pending.push({ slot, reason: 'circuit_open' });
            continue;
          }
          const branch: Branch = {
            slot,
            gate,
            hedged,
            cancelled: false,
            finished: false,
            controller: undefined,
            wake: noop,
          };
          this.noteFallback(call, slot);
          branches.push(branch);
          active++;
          this.runBranch(call, branch, request)
            .catch(() => undefined)
            .then((result) => {
              branch.finished = true;
              active--;
              if (settled) return;
              if (result) settle({ branch, result });
              else if (active === 0) launch(false);
            });
          if (next < slots.length) {
            // A probe never makes the call wait: the next provider starts alongside it.
            if (gate === 'probe') launch(true);
            else if (this.hedgeAfterMs !== undefined)
              hedgeTimer = setTimeout(() => launch(true), this.hedgeAfterMs);
          }
          return;
        }
        if (active === 0) settle(undefined);
      };
      launch(false);
    });
  }

  private cancel(branch: Branch): void {
    branch.cancelled = true;
    branch.controller?.abort(new DOMException('Another provider answered first', 'AbortError'));
    branch.wake();
  }

  /** One provider: its attempts, with backoff between retryable failures. */
  private async runBranch(
    call: Call,
    branch: Branch,
    request: GenerateRequest,
  ): Promise<ProviderResult | undefined> {
    const { slot } = branch;
    const providerRequest: GenerateRequest = { ...request, model: slot.model };
    let backoff: IBackoff<unknown> | undefined;
    for (let n = 1; ; n++) {
      const timeoutMs = this.attemptBudget(call, branch);
      if (timeoutMs === undefined) return undefined;
      const scope = new Attempt(this, call, branch, n, timeoutMs);
      let error: ProviderError | undefined;
      try {
        const result = await raceAbort(invoke(slot.provider, providerRequest, scope.signal), scope.signal);
        scope.succeed();
        return result;
      } catch (thrown) {
        error = scope.fail(thrown);
      } finally {
        scope.close();
      }
      if (!error) return undefined;
      const wait = this.retryWait(call, branch, error, n, backoff);
      if (wait === undefined) {
        call.pending.push({ slot, reason: error.kind });
        return undefined;
      }
      backoff = wait.backoff;
      const full = await sleep(wait.ms, call.signal, (wake) => {
        branch.wake = wake;
      });
      if (!full) return undefined;
    }
  }

  /** Timeout for the next attempt of `branch`, or `undefined` when it must not start. */
  private attemptBudget(call: Call, branch: Branch): number | undefined {
    if (branch.cancelled || call.stopped()) {
      branch.slot.circuit.releaseProbe(branch.gate);
      return undefined;
    }
    // Another call opened the circuit while this one was backing off: do not retry into it.
    if (branch.gate === 'closed' && branch.slot.circuit.state !== 'closed') return undefined;
    const remaining = call.remaining();
    if (remaining < 1) {
      call.deadlineHit = true;
      branch.slot.circuit.releaseProbe(branch.gate);
      return undefined;
    }
    return Math.min(branch.slot.timeoutMs, remaining);
  }

  /** How long to wait before retrying the same provider, or `undefined` to move on. */
  private retryWait(
    call: Call,
    branch: Branch,
    error: ProviderError,
    attempt: number,
    backoff: IBackoff<unknown> | undefined,
  ): { ms: number; backoff: IBackoff<unknown> | undefined } | undefined {
    const maxAttempts = branch.gate === 'closed' ? 1 + branch.slot.retries : 1;
    if (attempt >= maxAttempts || !error.retryable || branch.cancelled || call.stopped()) return undefined;
    // The failure opened the circuit: stop hammering this provider.
    if (branch.slot.circuit.state !== 'closed') return undefined;
    let ms: number;
    let next = backoff;
    if (error.retryAfterMs !== undefined) {
      if (error.retryAfterMs > this.maxRetryAfterMs) return undefined;
      ms = error.retryAfterMs;
    } else {
      next = backoff ? backoff.next(undefined) : this.retryBackoff.next();
      ms = next.duration;
    }
    // No time left to wait and still make a useful attempt: fall back now.
    if (ms >= call.remaining()) return undefined;
    return { ms, backoff: next };
  }

  // ---------------------------------------------------------------- streaming

  private async generateViaStream(request: GenerateRequest, options: ChainCallOptions): Promise<ChainResult> {
    for await (const chunk of this.streamCalls(request, options, true)) {
      if (chunk.type === 'done') return chunk.result;
    }
    /* c8 ignore next */
    throw new ProviderConfigurationError('Stream ended without a result.');
  }

  private async *streamCalls(
    request: GenerateRequest,
    options: ChainCallOptions,
    partialResult: boolean,
  ): AsyncGenerator<ChainStreamChunk, void, undefined> {
    const call = this.startCall(options);
    const { ordered, open } = this.plan();
    const skipped: Slot[] = [];
    for (const slot of open) call.pending.push({ slot, reason: 'circuit_open' });
    try {
      for (let phase = 0; phase < 2; phase++) {
        const forced = phase === 1;
        let slots = ordered;
        if (forced) {
          if (!this.lastResort || call.stopped()) break;
          slots = this.lastResortSlots(open, skipped);
        }
        for (const slot of slots) {
          if (call.stopped()) break;
          const gate: CircuitGate | undefined = forced ? 'forced' : slot.circuit.acquire(Date.now());
          if (!gate) {
            skipped.push(slot);
            call.pending.push({ slot, reason: 'circuit_open' });
            continue;
          }
          this.noteFallback(call, slot);
          const branch: Branch = {
            slot,
            gate,
            hedged: false,
            cancelled: false,
            finished: false,
            controller: undefined,
            wake: noop,
          };
          const providerRequest: GenerateRequest = { ...request, model: slot.model };
          let backoff: IBackoff<unknown> | undefined;
          for (let n = 1; ; n++) {
            const timeoutMs = this.attemptBudget(call, branch);
            if (timeoutMs === undefined) break;
            const scope = new Attempt(this, call, branch, n, timeoutMs);
            let text = '';
            let committed = false;
            let error: ProviderError | undefined;
            try {
              const stream = slot.provider.stream?.(providerRequest, { signal: scope.signal });
              if (!stream) {
                const result = await raceAbort(
                  invoke(slot.provider, providerRequest, scope.signal),
                  scope.signal,
                );
                scope.succeed();
                if (result.text) yield { type: 'delta', text: result.text };
                yield { type: 'done', result: this.finish(call, branch, result, []) };
                return;
              }
              let done: Extract<StreamChunk, { type: 'done' }> | undefined;
              let ended = false;
              const iterator = stream[Symbol.asyncIterator]();
              try {
                while (true) {
                  const step = await raceAbort(iterator.next(), scope.signal);
                  if (step.done) {
                    ended = true;
                    break;
                  }
                  const chunk = step.value;
                  if (chunk.type === 'delta') {
                    if (!chunk.text) continue;
                    committed = true;
                    text += chunk.text;
                    yield { type: 'delta', text: chunk.text };
                  } else if (chunk.type === 'done') {
                    done = chunk;
                  }
                }
              } finally {
                if (!ended) void Promise.resolve(iterator.return?.()).catch(noop);
              }
              scope.succeed();
              const result = {
                text,
                provider: slot.name,
                model: done?.model ?? slot.model,
                // Missing usage stays missing: finish() reports cost as unknown, never 0.
                usage: done?.usage,
                finishReason: done?.finishReason ?? 'stop',
                ...(done?.requestId !== undefined && { requestId: done.requestId }),
              } as ProviderResult;
              yield { type: 'done', result: this.finish(call, branch, result, []) };
              return;
            } catch (thrown) {
              if (!scope.open) throw thrown; // not a provider failure (e.g. the consumer threw)
              error = scope.fail(thrown);
            } finally {
              // The consumer stopped iterating mid-stream: cancel the request.
              if (scope.open) scope.cancelByConsumer();
              scope.close();
            }
            if (committed) {
              if (!error) throw this.failure(call);
              if (!partialResult) {
                call.closed = true;
                throw new StreamInterruptedError({ partialText: text, error, attempts: call.attempts });
              }
              const result: ProviderResult = {
                text,
                provider: slot.name,
                model: slot.model,
                usage: emptyUsage(),
                finishReason: 'error',
              };
              const warning = `${slot.label} stream failed (${error.kind}) after ${text.length} characters: the result is PARTIAL.`;
              yield { type: 'done', result: this.finish(call, branch, result, [warning], true) };
              return;
            }
            if (!error) break;
            const wait = this.retryWait(call, branch, error, n, backoff);
            if (wait === undefined) {
              call.pending.push({ slot, reason: error.kind });
              break;
            }
            backoff = wait.backoff;
            if (!(await sleep(wait.ms, call.signal, noop))) break;
          }
        }
      }
      throw this.failure(call);
    } finally {
      call.closed = true;
    }
  }

  // ---------------------------------------------------------------- results

  private noteFallback(call: Call, to: Slot): void {
    if (call.pending.length === 0) return;
    const later: Call['pending'] = [];
    for (const entry of call.pending.splice(0)) {
      const { slot, reason } = entry;
      if (slot === to) continue;
      // An open circuit further down the list is not a fallback from it (yet).
      if (reason === 'circuit_open' && slot.index > to.index) {
        later.push(entry);
        continue;
      }
      call.warnings.push(
        reason === 'circuit_open'
          ? `${slot.label} skipped (circuit open); fell back to ${to.label}.`
          : `${slot.label} failed (${reason}); fell back to ${to.label}.`,
      );
      this.emit('fallback', {
        from: { provider: slot.name, model: slot.model },
        to: { provider: to.name, model: to.model },
        reason,
      });
    }
    call.pending.push(...later);
  }

  private finish(
    call: Call,
    branch: Branch,
    result: ProviderResult,
    extra: string[],
    partial = false,
  ): ChainResult {
    call.closed = true;
    const provider = result.provider || branch.slot.name;
    const model = result.model || branch.slot.model;
    const reported = validUsage(result.usage);
    const usage = reported ?? emptyUsage();
    // Failures of providers that ran alongside the winner are fallbacks too.
    this.noteFallback(call, branch.slot);
    const warnings = [...call.warnings, ...extra];
    let costUsd: number | null = null;
    if (partial) {
      warnings.push(
        `Token usage of the interrupted ${branch.slot.label} stream is unknown: cost_usd is unknown.`,
      );
    } else if (!reported) {
      warnings.push(`${branch.slot.label} reported no valid token usage: cost_usd is unknown.`);
    } else {
      const priced = priceUsage(usage, branch.slot.name, model, this.prices);
      costUsd = priced.costUsd;
      if (priced.warning) warnings.push(priced.warning);
    }
    return {
      ...result,
      provider,
      model,
      usage,
      costUsd,
      latencyMs: Math.round((performance.now() - call.startedAt) * 1000) / 1000,
      attempts: call.attempts,
      warnings,
      partial,
    };
  }

  private failure(call: Call): Error {
    call.closed = true;
    const attempts = call.attempts;
    if (call.aborted) return new ChainAbortedError({ attempts, reason: call.signal?.reason });
    if (call.deadlineHit || call.remaining() < 1) {
      return new ChainTimeoutError({ attempts, errors: call.errors, deadlineMs: call.deadlineMs });
    }
    return new AllProvidersFailedError({ attempts, errors: call.errors });
  }

  // ---------------------------------------------------------------- internals used by Attempt

  /** @internal */
  emit<K extends ChainEventName>(event: K, payload: ChainEvents[K]): void {
    const set = this.listeners[event] as Set<Listener<K>>;
    if (set.size === 0) return;
    for (const handler of set) {
      try {
        handler(payload);
      } catch {
        // A listener must never break a call.
      }
    }
  }

  /** @internal */
  transition(slot: Slot, change: CircuitTransition, errorKind: ProviderErrorKind): void {
    if (!change) return;
    if (change.type === 'open') {
      this.emit('circuitOpen', {
        provider: slot.name,
        model: slot.model,
        errorKind,
        cooldownMs: change.cooldownMs,
        retryAt: new Date(change.retryAt).toISOString(),
      });
    } else {
      this.emit('circuitClose', { provider: slot.name, model: slot.model });
    }
  }

  /** @internal */
  sanitize(error: ProviderError): ProviderError {
    const message = redactSecrets(error.message, this.secrets);
    if (message === error.message) return error;
    return new ProviderError(message, {
      kind: error.kind,
      provider: error.provider,
      ...(error.model !== undefined && { model: error.model }),
      ...(error.status !== undefined && { status: error.status }),
      ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
      ...(error.requestId !== undefined && { requestId: error.requestId }),
    });
  }
}

function noop(): void {}

/** The usage when it is well-formed (finite, non-negative counts), else `undefined`. */
function validUsage(usage: ProviderResult['usage'] | undefined): ProviderResult['usage'] | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const counts = [usage.inputTokens, usage.outputTokens, usage.totalTokens];
  return counts.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0) ? usage : undefined;
}

/** Calls `provider.generate` now (no microtask gap after the circuit check), turning a synchronous throw into a rejection. */
function invoke(provider: Provider, request: GenerateRequest, signal: AbortSignal): Promise<ProviderResult> {
  try {
    return Promise.resolve(provider.generate(request, { signal }));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * One attempt on one provider: its AbortController (linked to the caller's
 * signal, aborted by its own timeout or by a hedge cancellation), its
 * classification and its accounting (health, circuit, record, events).
 * @internal
 */
class Attempt {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly started = performance.now();
  private timedOut: 'timeout' | 'deadline' | undefined;
  /** True until the attempt is settled (success, failure or cancellation). */
  open = true;

  constructor(
    private readonly chain: ProviderChain,
    private readonly call: Call,
    private readonly branch: Branch,
    private readonly n: number,
    private readonly timeoutMs: number,
  ) {
    const clamped = timeoutMs < branch.slot.timeoutMs;
    this.timer = setTimeout(() => {
      this.timedOut = clamped ? 'deadline' : 'timeout';
      this.controller.abort(
        new DOMException(`Attempt timed out after ${Math.round(timeoutMs)} ms`, 'TimeoutError'),
      );
    }, timeoutMs);
    branch.controller = this.controller;
    call.signal?.addEventListener('abort', this.onCallerAbort);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onCallerAbort = (): void => {
    this.controller.abort(this.call.signal?.reason);
  };

  close(): void {
    clearTimeout(this.timer);
    this.call.signal?.removeEventListener('abort', this.onCallerAbort);
    if (this.branch.controller === this.controller) this.branch.controller = undefined;
  }

  succeed(): void {
    if (!this.open) return;
    this.open = false;
    const { slot, gate } = this.branch;
    const latencyMs = performance.now() - this.started;
    slot.health.recordSuccess(latencyMs, Date.now());
    this.chain.transition(slot, slot.circuit.success(gate, Date.now()), 'unknown');
    this.record('success', latencyMs);
  }

  /** The consumer of a stream went away: abort the request, count nothing against the provider. */
  cancelByConsumer(): void {
    if (!this.open) return;
    this.open = false;
    this.controller.abort(new DOMException('The stream consumer stopped reading', 'AbortError'));
    this.branch.slot.circuit.releaseProbe(this.branch.gate);
    this.record('cancelled', performance.now() - this.started, 'aborted');
  }

  /** Classifies a failure and accounts for it; `undefined` when it was a cancellation. */
  fail(thrown: unknown): ProviderError | undefined {
    if (!this.open) return undefined;
    this.open = false;
    const { slot, gate } = this.branch;
    const latencyMs = performance.now() - this.started;
    if (!this.timedOut && (this.call.aborted || this.branch.cancelled)) {
      slot.circuit.releaseProbe(gate);
      this.record('cancelled', latencyMs, this.call.aborted ? 'aborted' : undefined);
      return undefined;
    }
    let error: ProviderError;
    if (this.timedOut) {
      if (this.timedOut === 'deadline') this.call.deadlineHit = true;
      error = new ProviderError(
        `${describeProviderFailure('timeout', { provider: slot.name, model: slot.model })} (no answer within ${Math.round(this.timeoutMs)} ms${this.timedOut === 'deadline' ? ', the rest of the deadline' : ''})`,
        { kind: 'timeout', provider: slot.name, model: slot.model },
      );
    } else {
      error = this.chain.sanitize(toProviderError(thrown, { provider: slot.name, model: slot.model }));
    }
    const kind = error.kind;
    const now = Date.now();
    if (REQUEST_FAULTS.has(kind)) {
      // The provider answered: it is alive, the request was the problem.
      slot.health.recordFailure(kind, error.message, now, false);
      this.chain.transition(slot, slot.circuit.success(gate, Date.now()), kind);
    } else if (kind === 'aborted') {
      slot.health.recordFailure(kind, error.message, now, false);
      slot.circuit.releaseProbe(gate);
    } else {
      slot.health.recordFailure(kind, error.message, now, true);
      this.chain.transition(slot, slot.circuit.failure(gate, kind, now, error.retryAfterMs), kind);
    }
    if (!this.call.closed) this.call.errors.push(error);
    this.record('failure', latencyMs, kind, error.status);
    return error;
  }

  private record(
    outcome: AttemptOutcome,
    latencyMs: number,
    errorKind?: ProviderErrorKind,
    status?: number,
  ): void {
    const { slot, gate, hedged } = this.branch;
    const record: AttemptRecord = {
      provider: slot.name,
      model: slot.model,
      attempt: this.n,
      outcome,
      latencyMs: Math.round(latencyMs * 1000) / 1000,
      gate,
    };
    if (errorKind !== undefined) record.errorKind = errorKind;
    if (status !== undefined) record.status = status;
    if (hedged) record.hedged = true;
    if (!this.call.closed) this.call.attempts.push(record);
    this.chain.emit('attempt', record);
  }
}
