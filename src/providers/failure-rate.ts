/**
 * The breaker's failure-rate window. Internal.
 *
 * Written here rather than taken from cockatiel: its `CountBreaker` keeps the
 * last N outcomes but has no age limit (an hour-old failure still counts) and
 * trips only strictly above the ratio; its `SamplingBreaker` samples by time
 * and a minimum request rate, not by a count of calls. The policy asks for
 * "at least X% of the last N calls within T ms, once there are M of them".
 */

/** Resolved settings of the failure-rate rule. */
export interface FailureRateSettings {
  /** Share of failures (0 < threshold <= 1) that opens the circuit. */
  threshold: number;
  /** How many of the most recent calls count. */
  calls: number;
  /** How old a call may be and still count, in ms. */
  withinMs: number;
  /** Fewest counted calls before the rule may open the circuit. */
  minCalls: number;
}

/** The last `calls` outcomes (at most `withinMs` old) of one provider and model. */
export class FailureRateWindow {
  private readonly at: number[] = [];
  private readonly failed: boolean[] = [];

  constructor(private readonly settings: FailureRateSettings) {}

  /** Records an outcome; returns true when the failure rate now opens the circuit. */
  record(failed: boolean, now: number): boolean {
    this.at.push(now);
    this.failed.push(failed);
    this.prune(now);
    if (!failed || this.at.length < this.settings.minCalls) return false;
    let failures = 0;
    for (const f of this.failed) if (f) failures++;
    return failures >= this.settings.threshold * this.at.length;
  }

  /** Forgets every outcome (the circuit opened or closed: a new period starts). */
  clear(): void {
    this.at.length = 0;
    this.failed.length = 0;
  }

  /** The current failure share and count, for tests and the status report. */
  snapshot(now: number): { calls: number; failures: number } {
    this.prune(now);
    return { calls: this.at.length, failures: this.failed.filter(Boolean).length };
  }

  private prune(now: number): void {
    let drop = Math.max(0, this.at.length - this.settings.calls);
    while (drop < this.at.length && now - (this.at[drop] as number) > this.settings.withinMs) drop++;
    if (drop > 0) {
      this.at.splice(0, drop);
      this.failed.splice(0, drop);
    }
  }
}
