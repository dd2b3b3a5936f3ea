/**
 * The reference health model (Python ProviderChain), per provider and model.
 * Internal: the chain exposes it through `status()`.
 */
import type { HealthState } from './chain-types.js';
import type { ProviderErrorKind } from './errors.js';

/** Weight of the old average in the latency moving average (reference: 0.7 old / 0.3 new). */
const EMA_OLD = 0.7;

/**
 * Health of one provider and model: `unknown` until the first outcome, which
 * makes it `degraded`; `unhealthy` after `unhealthyAfter` consecutive
 * failures, `healthy` after `healthyAfter` consecutive successes. One change
 * from the reference: a success lifts `unhealthy` to `degraded` (the reference
 * kept it unhealthy until five successes, which let a recovered provider sink
 * below the others and never earn its successes back).
 */
export class HealthTracker {
  health: HealthState = 'unknown';
  consecutiveFailures = 0;
  consecutiveSuccesses = 0;
  totalCalls = 0;
  totalFailures = 0;
  avgLatencyMs: number | null = null;
  lastLatencyMs: number | null = null;
  lastSuccessAt: number | null = null;
  lastFailureAt: number | null = null;
  lastError: string | null = null;
  lastErrorKind: ProviderErrorKind | null = null;

  constructor(
    private readonly unhealthyAfter: number,
    private readonly healthyAfter: number,
  ) {}

  /** Records a success and its latency. */
  recordSuccess(latencyMs: number, now: number): void {
    this.totalCalls++;
    this.consecutiveSuccesses++;
    this.consecutiveFailures = 0;
    this.lastLatencyMs = latencyMs;
    this.avgLatencyMs =
      this.avgLatencyMs === null ? latencyMs : EMA_OLD * this.avgLatencyMs + (1 - EMA_OLD) * latencyMs;
    this.lastSuccessAt = now;
    this.lastError = null;
    this.lastErrorKind = null;
    if (this.consecutiveSuccesses >= this.healthyAfter) this.health = 'healthy';
    else if (this.health === 'unknown' || this.health === 'unhealthy') this.health = 'degraded';
  }

  /**
   * Records a failure. `providerFault` is false for failures caused by the
   * request itself (bad request, content policy, context length): they are
   * counted and reported but do not move the health state.
   */
  recordFailure(kind: ProviderErrorKind, message: string, now: number, providerFault: boolean): void {
    this.totalCalls++;
    this.totalFailures++;
    this.lastFailureAt = now;
    this.lastError = message;
    this.lastErrorKind = kind;
    if (!providerFault) return;
    this.consecutiveFailures++;
    this.consecutiveSuccesses = 0;
    if (this.consecutiveFailures >= this.unhealthyAfter) this.health = 'unhealthy';
    else if (this.health === 'unknown') this.health = 'degraded';
  }
}
