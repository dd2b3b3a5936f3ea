/**
 * Public types of the {@link ProviderChain}: options, results, attempts,
 * events and the status report.
 */
import type { ProviderErrorKind } from './errors.js';
import type { PriceTable } from './pricing.js';
import type { GenerateRequest, Provider, ProviderResult } from './types.js';

/**
 * An option name that was renamed. Setting it is a compile-time error, and a
 * {@link ProviderConfigurationError} at run time that names the new option.
 *
 * @deprecated Renamed in 0.2: see the CHANGELOG migration note.
 */
export type RenamedOption = never;

/**
 * One position in the chain: a provider with its own model and limits.
 *
 * @example
 * ```ts
 * { provider: openai, model: 'gpt-4o-mini', timeoutMs: 20_000, maxRetries: 1 }
 * ```
 */
export interface ChainEntry {
  /** The provider. */
  provider: Provider;
  /** Model to use with it. @default provider.model */
  model?: string;
  /** Per-attempt timeout for this provider, in ms. @default the chain's `timeoutMs` */
  timeoutMs?: number;
  /**
   * Retries on this provider for retryable failures, per call (its retry
   * budget). When to spend them is the chain's `retryBeforeFailover` policy.
   * @default the chain's `maxRetries`
   */
  maxRetries?: number;
  /** @deprecated Renamed `maxRetries` in 0.2. */
  retries?: RenamedOption;
}

/**
 * The failure-rate rule of the circuit breaker: the circuit opens when at
 * least `threshold` of the last `calls` calls, none older than `withinMs`,
 * failed, once at least `minCalls` of them are counted.
 *
 * @example
 * ```ts
 * circuit: { failureRate: { threshold: 0.5, calls: 10, withinMs: 30_000, minCalls: 5 } }
 * ```
 */
export interface FailureRateOptions {
  /** Share of failed calls (more than 0, at most 1) that opens the circuit. @default 0.5 */
  threshold?: number;
  /** How many of the most recent calls count. @default 10 */
  calls?: number;
  /** How old a call may be and still count, in ms. @default 30000 */
  withinMs?: number;
  /** Fewest counted calls before the rule applies. @default 5 */
  minCalls?: number;
}

/** Circuit breaker settings (one breaker per provider and model). */
export interface CircuitOptions {
  /** Consecutive provider failures that open the circuit. @default 3 */
  failureThreshold?: number;
  /**
   * The circuit also opens on a failure rate over a sliding window, so that
   * intermittent faults (every third call a 500) open it too. `false` turns
   * the rule off.
   * @default { threshold: 0.5, calls: 10, withinMs: 30000, minCalls: 5 }
   */
  failureRate?: FailureRateOptions | false;
  /**
   * A hedge loser (an attempt cancelled because another provider answered
   * first) that had already run this long counts as a slow failure (kind
   * `timeout`) for its health and circuit, so a black-holed provider opens its
   * circuit with hedging on too. Shorter losers count as nothing.
   * @default the chain's `hedgeAfterMs` (none when it is 0: racing every provider at once is no sign of slowness)
   */
  slowCallMs?: number;
  /** First cooldown before the half-open probe, in ms. @default 5000 */
  cooldownMs?: number;
  /** Factor the cooldown grows by each time a probe fails. @default 2 */
  cooldownMultiplier?: number;
  /** Longest cooldown, in ms. @default 300000 */
  maxCooldownMs?: number;
  /**
   * Kinds that open the circuit on the first occurrence: the key, the
   * account or the model is wrong, and retrying will not fix it.
   * @default ['auth', 'permission', 'quota', 'not_found', 'configuration']
   */
  openImmediatelyOn?: readonly ProviderErrorKind[];
}

/** Health thresholds of the reference model. */
export interface HealthOptions {
  /** Consecutive failures that make a provider `unhealthy`. @default 3 */
  unhealthyAfter?: number;
  /** Consecutive successes that make a provider `healthy`. @default 5 */
  healthyAfter?: number;
}

/** Retry backoff for retryable failures (exponential, full jitter). */
export interface BackoffOptions {
  /** Upper bound of the first delay, in ms. @default 250 */
  initialDelayMs?: number;
  /** Largest delay, in ms. @default 4000 */
  maxDelayMs?: number;
}

/**
 * Options of {@link ProviderChain}.
 *
 * @example
 * ```ts
 * new ProviderChain({
 *   providers: [{ provider: openai, model: 'gpt-4o-mini' }, anthropic, groq],
 *   timeoutMs: 30_000,
 *   deadlineMs: 60_000,
 *   hedgeAfterMs: 8_000,
 * })
 * ```
 */
export interface ProviderChainOptions {
  /** Providers in order of preference. A bare `Provider` uses its own model. */
  providers: ReadonlyArray<Provider | ChainEntry>;
  /** Per-attempt timeout, in ms (each attempt gets the smaller of this and what is left of the deadline). @default 60000 */
  timeoutMs?: number;
  /** Overall deadline of one call, shared by all attempts, in ms. @default 120000 */
  deadlineMs?: number;
  /**
   * Retries per provider and call for retryable failures (rate limit,
   * overloaded, 5xx, timeout, network). By default they are spent only after
   * every other provider has had its try (see `retryBeforeFailover`).
   * @default 2
   */
  maxRetries?: number;
  /** @deprecated Renamed `maxRetries` in 0.2. */
  retries?: RenamedOption;
  /**
   * When to retry a provider that failed with a retryable error.
   *
   * - `false` (fail over first): the chain moves to the next available
   *   provider at once; a provider is retried only when no other provider is
   *   left to try (every other one failed, is running, or has an open
   *   circuit), in configured order, each after its own backoff or
   *   `Retry-After`.
   * - `true` (retry first): the provider's retries are spent, with backoff,
   *   before the chain moves on, as in 0.1. Use it when the first provider is
   *   much cheaper or better and latency matters less.
   * @default false
   */
  retryBeforeFailover?: boolean;
  /** Retry backoff (exponential, full jitter). A wait ends early when the provider's circuit opens. */
  backoff?: BackoffOptions;
  /**
   * Longest `Retry-After` the chain waits for, in ms. A provider asking for
   * longer is left for the next one at once.
   * @default 10000
   */
  maxRetryAfterMs?: number;
  /** Circuit breaker settings. */
  circuit?: CircuitOptions;
  /** Health thresholds. */
  health?: HealthOptions;
  /**
   * Start the next provider when the current one has not answered after this
   * many ms, take the first success and cancel the rest. Off when unset.
   * Applies to `generate` and to `stream` (the first stream to send content
   * wins; only one is ever shown).
   */
  hedgeAfterMs?: number;
  /** Prices merged over {@link DEFAULT_PRICES} (model id or `provider:model` keys). */
  prices?: PriceTable;
  /**
   * More secret values to redact, by value, from everything upstream text
   * can reach (errors, status, events, request ids, results), e.g. the key
   * of your own provider or a proxy token. The keys of the built-in adapters
   * are known already, and key-shaped strings are scrubbed anyway.
   * @default []
   */
  redact?: readonly string[];
  /**
   * When every circuit is open, or every available provider failed, still try
   * the providers with an open circuit, in order, one attempt each.
   * @default true
   */
  tryOpenCircuitsAsLastResort?: boolean;
}

/** One configured provider and model of a chain. */
export interface ChainTarget {
  /** The provider. */
  readonly provider: Provider;
  /** Provider name. */
  readonly name: string;
  /** Model configured for it. */
  readonly model: string;
}

/** Per-call options of {@link ProviderChain.generate}. */
export interface ChainCallOptions {
  /** Cancels the call: the in-flight request is aborted and no new attempt starts. */
  signal?: AbortSignal;
  /** Overall deadline for this call, in ms. @default the chain's `deadlineMs` */
  deadlineMs?: number;
  /**
   * The request to send to one provider and model, or `null` to leave it out
   * of this call (a per-provider prompt, or a call restricted to some
   * providers). The chain sets `model`. Structured output uses it to send
   * each provider its own compiled schema.
   * @default the call's request, for every provider
   */
  requestFor?: (target: ChainTarget) => GenerateRequest | null;
}

/** Per-call options of {@link ProviderChain.generate}. */
export interface ChainGenerateOptions extends ChainCallOptions {
  /**
   * Generate through the providers' `stream` (when they have one): failures
   * before the first delta fall back as usual; a failure after it returns a
   * PARTIAL result (`partial: true`, a warning) instead of throwing.
   * @default false
   */
  stream?: boolean;
}

/**
 * How the chain got to try a provider: `closed` (normal), `probe` (the single
 * half-open trial after a cooldown) or `forced` (its circuit was open but no
 * other provider was left).
 */
export type CircuitGate = 'closed' | 'probe' | 'forced';

/** What one attempt on one provider ended in. */
export type AttemptOutcome = 'success' | 'failure' | 'cancelled';

/**
 * One attempt on one provider (a retry is a new attempt). Plain data,
 * JSON-serializable.
 */
export interface AttemptRecord {
  /** Provider name. */
  provider: string;
  /** Model used. */
  model: string;
  /** 1-based attempt number on this provider within the call. */
  attempt: number;
  /** `success`, `failure`, or `cancelled` (lost a hedge race, or the caller aborted). */
  outcome: AttemptOutcome;
  /** Failure kind, on failure. */
  errorKind?: ProviderErrorKind;
  /** HTTP status, when the provider answered with one. */
  status?: number;
  /** Time spent on this attempt, in ms. */
  latencyMs: number;
  /** How the circuit let the attempt through. */
  gate: CircuitGate;
  /** True when the attempt was started by hedging. */
  hedged?: boolean;
  /**
   * True when the attempt lost a hedge race after running past the
   * slow-call threshold (`circuit.slowCallMs`): `outcome` is `cancelled`,
   * `errorKind` is `timeout`, and it counted as a failure for the provider.
   */
  slow?: boolean;
}

/**
 * A {@link ProviderResult} plus what the chain knows about how it was made.
 */
export interface ChainResult extends ProviderResult {
  /** Cost in USD, or `null` when the model has no price (see `warnings`). Never a made-up 0. */
  costUsd: number | null;
  /** Wall time of the whole call, in ms. */
  latencyMs: number;
  /** Every attempt, in order. */
  attempts: AttemptRecord[];
  /** One per fallback taken, plus cost and partial-result warnings. */
  warnings: string[];
  /** True when a stream was interrupted after its first delta and `text` is incomplete. */
  partial: boolean;
}

/** Event payloads of {@link ProviderChain.on}. */
export interface ChainEvents {
  /** After every attempt. */
  attempt: AttemptRecord;
  /** When the chain moves on from one provider to the next. */
  fallback: {
    from: { provider: string; model: string };
    to: { provider: string; model: string };
    /** Why: the last failure kind of `from`, or `circuit_open` when it was skipped. */
    reason: ProviderErrorKind | 'circuit_open';
  };
  /** When a circuit opens (or re-opens after a failed probe). */
  circuitOpen: {
    provider: string;
    model: string;
    /** Failure kind that opened it. */
    errorKind: ProviderErrorKind;
    /** How long until the half-open probe, in ms. */
    cooldownMs: number;
    /** When the probe becomes possible (ISO 8601). */
    retryAt: string;
  };
  /** When a circuit closes after a successful probe (or a successful forced attempt). */
  circuitClose: { provider: string; model: string };
}

/** Name of a chain event. */
export type ChainEventName = keyof ChainEvents;

/** The reference health states. */
export type HealthState = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

/** Circuit state of one provider and model. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Status of one provider and model (snake_case, like the reference report,
 * ready to serve as JSON).
 */
export interface ProviderStatusReport {
  /** Provider name. */
  name: string;
  /** Model. */
  model: string;
  /** Health per the reference model. */
  health: HealthState;
  /** Consecutive failures. */
  consecutive_failures: number;
  /** Consecutive successes. */
  consecutive_successes: number;
  /** Attempts made (all calls). */
  total_calls: number;
  /** Failed attempts (all calls). */
  total_failures: number;
  /** Moving average latency of successes (0.7 old / 0.3 new), in ms. */
  avg_latency_ms: number | null;
  /** Latency of the last success, in ms. */
  last_latency_ms: number | null;
  /** Last success (ISO 8601). */
  last_success: string | null;
  /** Last failure (ISO 8601). */
  last_failure: string | null;
  /** Last error message (secret-free), cleared by a success. */
  error: string | null;
  /** Last error kind, cleared by a success. */
  error_kind: ProviderErrorKind | null;
  /** Circuit breaker. */
  circuit: {
    /** State. */
    state: CircuitState;
    /** When it last opened (ISO 8601). */
    opened_at: string | null;
    /** When the next probe is allowed (ISO 8601), while open. */
    retry_at: string | null;
    /** Current cooldown, in ms, while open. */
    cooldown_ms: number | null;
    /** How many times it has opened. */
    times_opened: number;
  };
}

/**
 * The state-only summary of {@link ProviderChain.summary}: names and states,
 * no error text, no counts. Safe to serve unauthenticated (e.g. `/health`).
 */
export interface ChainSummary {
  /**
   * True when at least one provider can take a call now (its circuit is
   * closed, or its cooldown has passed and it may probe). False when every
   * circuit is open: a call would only try them as a last resort.
   */
  serving: boolean;
  /** One entry per provider and model, in configured order. */
  providers: Array<{
    /** Provider name. */
    name: string;
    /** Model. */
    model: string;
    /** Health per the reference model. */
    health: HealthState;
    /** Circuit state. */
    circuit: CircuitState;
  }>;
}

/** The chain's status report (JSON-serializable). */
export interface ChainStatus {
  /** `healthy` if any provider is healthy, else `degraded` if any was tried, else `unknown` (as the reference). */
  overall_health: 'healthy' | 'degraded' | 'unknown';
  /** When the report was made (ISO 8601). */
  generated_at: string;
  /** One entry per provider and model, in configured order. */
  providers: ProviderStatusReport[];
}
