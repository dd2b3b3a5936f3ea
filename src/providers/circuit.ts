/**
 * Circuit breaker of one provider and model. Internal.
 *
 * Hand-written rather than cockatiel's `CircuitBreakerPolicy` because the
 * chain needs what that policy does not offer: callers must never wait on a
 * half-open probe (cockatiel queues them behind it), some failure kinds open
 * the circuit at once (auth), a forced attempt while open (every circuit open)
 * must be able to close it, `Retry-After` must stretch the cooldown, waits on
 * the provider must end the moment it opens, and the status report needs the
 * time of the next probe. The growing cooldown itself is cockatiel's
 * `ExponentialBackoff`.
 */
import { ExponentialBackoff, type GeneratorFn, type IBackoff } from 'cockatiel';
import type { CircuitGate, CircuitState } from './chain-types.js';
import type { ProviderErrorKind } from './errors.js';
import { type FailureRateSettings, FailureRateWindow } from './failure-rate.js';

/** cockatiel's `noJitterGenerator` always doubles; this one honours `exponent` (the cooldown multiplier). */
const growing: GeneratorFn<number> = (attempt = 0, options) => [
  Math.min(options.maxDelay, options.initialDelay * options.exponent ** attempt),
  attempt + 1,
];

/** Resolved circuit settings. */
export interface CircuitSettings {
  failureThreshold: number;
  cooldownMs: number;
  cooldownMultiplier: number;
  maxCooldownMs: number;
  openImmediatelyOn: ReadonlySet<ProviderErrorKind>;
  /** The failure-rate rule; `undefined` turns it off. */
  failureRate?: FailureRateSettings | undefined;
}

/** What the circuit says about a provider right now, without changing it. */
export type CircuitView = 'closed' | 'probe' | 'open';

/** A transition the chain reports as an event. */
export type CircuitTransition =
  | { type: 'open'; cooldownMs: number; retryAt: number }
  | { type: 'close' }
  | undefined;

/**
 * Closed → open after N consecutive failures, or when the failure rate over
 * the recent calls reaches its threshold → one probe after a cooldown →
 * closed. The cooldown grows after each failed probe, and also when the
 * provider fails again within twice its last cooldown of recovering
 * (flapping); otherwise it starts over.
 */
export class Circuit {
  state: CircuitState = 'closed';
  consecutiveFailures = 0;
  openedAt: number | null = null;
  retryAt: number | null = null;
  cooldownMs: number | null = null;
  timesOpened = 0;
  private closedAt: number | null = null;
  private backoff: IBackoff<unknown> | undefined;
  private readonly factory: ExponentialBackoff<number>;
  private readonly window: FailureRateWindow | undefined;
  private readonly openListeners = new Set<() => void>();
  /** Start times (`performance.now()`) of the closed-gate attempts still waiting for an answer. */
  private readonly waiting = new Map<object, number>();

  constructor(private readonly settings: CircuitSettings) {
    this.window = settings.failureRate ? new FailureRateWindow(settings.failureRate) : undefined;
    this.factory = new ExponentialBackoff({
      generator: growing,
      initialDelay: settings.cooldownMs,
      maxDelay: settings.maxCooldownMs,
      exponent: settings.cooldownMultiplier,
    });
  }

  /** Current view: `probe` when open and the cooldown has passed with no probe in flight. */
  view(now: number): CircuitView {
    if (this.state === 'closed') return 'closed';
    if (this.state === 'open' && this.retryAt !== null && now >= this.retryAt) return 'probe';
    return 'open';
  }

  /**
   * Asks to call the provider: `closed`, `probe` (this caller is the single
   * half-open probe), or `undefined` (skip it, do not wait).
   */
  acquire(now: number): Exclude<CircuitGate, 'forced'> | undefined {
    const view = this.view(now);
    if (view === 'closed') return 'closed';
    if (view === 'probe') {
      this.state = 'half_open';
      return 'probe';
    }
    return undefined;
  }

  /** The probe was cancelled before it could tell anything: the next caller may probe. */
  releaseProbe(gate: CircuitGate): void {
    if (gate === 'probe' && this.state === 'half_open') this.state = 'open';
  }

  /**
   * Calls `listener` once, the next time the circuit opens; returns the
   * unsubscribe function. A wait on this provider uses it to end early.
   */
  onNextOpen(listener: () => void): () => void {
    this.openListeners.add(listener);
    return () => {
      this.openListeners.delete(listener);
    };
  }

  /** An attempt through the closed gate started; `token` identifies it until {@link answered}. */
  started(token: object, at: number): void {
    this.waiting.set(token, at);
  }

  /** The attempt answered, failed or was cancelled: it no longer waits. */
  answered(token: object): void {
    this.waiting.delete(token);
  }

  /**
   * True while the circuit is closed but its calls in flight say it is about
   * to open: most of the attempts still waiting are already past
   * `slowCallMs`, and consecutive failures plus those slow attempts reach the
   * failure threshold. The chain then tries the provider after the others
   * instead of sending it more calls that the pending failures are about to
   * turn away (a black-holed primary under hedging would otherwise take a
   * new call from every caller whose hedge won before the circuit opened).
   * A provider that is slow only now and then (a minority of its calls in
   * flight) keeps its place.
   */
  suspect(slowCallMs: number, at: number): boolean {
    if (this.state !== 'closed') return false;
    let slow = 0;
    for (const startedAt of this.waiting.values()) if (at - startedAt >= slowCallMs) slow++;
    return slow * 2 > this.waiting.size && this.consecutiveFailures + slow >= this.settings.failureThreshold;
  }

  /** The failure-rate window's current counts (closed state only). */
  rate(now: number): { calls: number; failures: number } | undefined {
    return this.window?.snapshot(now);
  }

  /** A call succeeded (or the provider answered, even with a request error). */
  success(gate: CircuitGate, now: number): CircuitTransition {
    this.consecutiveFailures = 0;
    if (this.state === 'closed') {
      if (gate === 'closed') this.window?.record(false, now);
      return undefined;
    }
    // A probe, or a forced attempt that proves the provider is back.
    if (gate === 'closed' && this.state === 'open') return undefined;
    this.state = 'closed';
    this.openedAt = null;
    this.retryAt = null;
    this.cooldownMs = null;
    // Kept: if the provider fails again soon (flapping), the next cooldown keeps growing.
    this.closedAt = now;
    return { type: 'close' };
  }

  /** A call failed because of the provider. */
  failure(gate: CircuitGate, kind: ProviderErrorKind, now: number, retryAfterMs?: number): CircuitTransition {
    this.consecutiveFailures++;
    if (gate === 'forced') return undefined; // already open: no extension from last-resort tries
    if (gate === 'probe') {
      if (this.state !== 'half_open') return undefined;
      this.backoff = this.backoff ? this.backoff.next(undefined) : this.factory.next();
      return this.open(now, retryAfterMs);
    }
    if (this.state !== 'closed') return undefined;
    const rateTripped = this.window?.record(true, now) === true;
    if (
      rateTripped ||
      this.settings.openImmediatelyOn.has(kind) ||
      this.consecutiveFailures >= this.settings.failureThreshold
    ) {
      const flapping =
        this.backoff !== undefined &&
        this.closedAt !== null &&
        now - this.closedAt < 2 * this.backoff.duration;
      this.backoff = flapping && this.backoff ? this.backoff.next(undefined) : this.factory.next();
      return this.open(now, retryAfterMs);
    }
    return undefined;
  }

  private open(now: number, retryAfterMs?: number): CircuitTransition {
    const base = this.backoff?.duration ?? this.settings.cooldownMs;
    const cooldown = Math.max(base, Math.min(retryAfterMs ?? 0, this.settings.maxCooldownMs));
    this.state = 'open';
    this.openedAt = now;
    this.cooldownMs = cooldown;
    this.retryAt = now + cooldown;
    this.timesOpened++;
    // A new period starts: old outcomes must not re-open the circuit right after the probe closes it.
    this.window?.clear();
    const listeners = [...this.openListeners];
    this.openListeners.clear();
    for (const listener of listeners) listener();
    return { type: 'open', cooldownMs: cooldown, retryAt: this.retryAt };
  }
}
