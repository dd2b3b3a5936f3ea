/**
 * The chain's status report and its state-only summary, both redacted.
 * Internal: {@link ProviderChain.status} and {@link ProviderChain.summary}
 * return them.
 */
import type { ChainCore } from './chain-core.js';
import type { ChainStatus, ChainSummary, ProviderStatusReport } from './chain-types.js';
import type { HealthTracker } from './health.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 100) / 100);

/** The full report, one entry per provider and model; every string redacted by value. */
export function statusReport(core: ChainCore): ChainStatus {
  const seen = new Set<HealthTracker>();
  const providers: ProviderStatusReport[] = [];
  for (const slot of core.slots) {
    if (seen.has(slot.health)) continue;
    seen.add(slot.health);
    const h = slot.health;
    const c = slot.circuit;
    providers.push({
      name: core.redact(slot.name),
      model: core.redact(slot.model),
      health: h.health,
      consecutive_failures: h.consecutiveFailures,
      consecutive_successes: h.consecutiveSuccesses,
      total_calls: h.totalCalls,
      total_failures: h.totalFailures,
      avg_latency_ms: round(h.avgLatencyMs),
      last_latency_ms: round(h.lastLatencyMs),
      last_success: iso(h.lastSuccessAt),
      last_failure: iso(h.lastFailureAt),
      error: h.lastError === null ? null : core.redact(h.lastError),
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

/** Names and states only, and whether any provider can take a call now. */
export function summary(core: ChainCore): ChainSummary {
  const now = Date.now();
  const seen = new Set<HealthTracker>();
  const providers: ChainSummary['providers'] = [];
  let serving = false;
  for (const slot of core.slots) {
    if (slot.circuit.view(now) !== 'open') serving = true;
    if (seen.has(slot.health)) continue;
    seen.add(slot.health);
    providers.push({
      name: core.redact(slot.name),
      model: core.redact(slot.model),
      health: slot.health.health,
      circuit: slot.circuit.state,
    });
  }
  return { serving, providers };
}
