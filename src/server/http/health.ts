/**
 * The body and status of `GET /health`: 503 when no provider can serve,
 * 200 otherwise; provider names and states only, unless details are asked for.
 * @internal
 */
import type { ChainStatus, CircuitState, HealthState, ProviderStatusReport } from '../../providers/index.js';

/** One provider in the default `/health` body: its name and states, nothing else. */
export interface ProviderHealthSummary {
  /** Provider name. */
  name: string;
  /** Health per the reference model. */
  health: HealthState;
  /** Circuit breaker state. */
  circuit: CircuitState;
  /** False when it is `unhealthy` or its circuit is open and cooling down. */
  available: boolean;
}

/** The `/health` answer: HTTP status and JSON body. */
export interface HealthAnswer {
  /** 503 when the chain lists providers and none can serve, else 200. */
  status: 200 | 503;
  /** `ok` (every provider can serve), `degraded` (some can) or `unavailable` (none can). */
  body: {
    status: 'ok' | 'degraded' | 'unavailable';
    service: 'aicmo';
    timestamp: string;
    providers: Array<ProviderHealthSummary | (ProviderStatusReport & { available: boolean })>;
  };
}

/** True when the chain would get an answer from this provider now (not unhealthy, circuit not cooling down). */
export function canServe(report: ProviderStatusReport, now = Date.now()): boolean {
  if (report.health === 'unhealthy') return false;
  if (report.circuit.state !== 'open') return true;
  const retryAt = report.circuit.retry_at === null ? Number.NaN : Date.parse(report.circuit.retry_at);
  return Number.isFinite(retryAt) && retryAt <= now;
}

/**
 * The `/health` answer for a chain status. `details: false` lists each
 * provider's name, health, circuit state and availability; `details: true`
 * adds the whole status report (latencies, counters, last error).
 */
export function healthAnswer(status: ChainStatus, details: boolean): HealthAnswer {
  const now = Date.now();
  const providers = status.providers.map((report) => {
    const available = canServe(report, now);
    return details
      ? { ...report, available }
      : { name: report.name, health: report.health, circuit: report.circuit.state, available };
  });
  const serving = providers.filter((p) => p.available).length;
  // A chain that lists no provider (a test double) says nothing is down.
  const down = providers.length > 0 && serving === 0;
  const state = down ? 'unavailable' : serving === providers.length ? 'ok' : 'degraded';
  return {
    status: down ? 503 : 200,
    body: { status: state, service: 'aicmo', timestamp: new Date(now).toISOString(), providers },
  };
}
