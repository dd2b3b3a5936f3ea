import { describe, expect, it } from 'vitest';
import type { ChainStatus, ProviderStatusReport } from '../../../src/providers/index.js';
import { canServe, healthAnswer } from '../../../src/server/http/health.js';

function report(
  overrides: Partial<ProviderStatusReport> = {},
  circuit: Partial<ProviderStatusReport['circuit']> = {},
) {
  return {
    name: 'p',
    model: 'm',
    health: 'healthy',
    consecutive_failures: 0,
    consecutive_successes: 5,
    total_calls: 5,
    total_failures: 0,
    avg_latency_ms: 10,
    last_latency_ms: 10,
    last_success: null,
    last_failure: null,
    error: null,
    error_kind: null,
    ...overrides,
    circuit: {
      state: 'closed',
      opened_at: null,
      retry_at: null,
      cooldown_ms: null,
      times_opened: 0,
      ...circuit,
    },
  } as ProviderStatusReport;
}

const status = (providers: ProviderStatusReport[]): ChainStatus => ({
  overall_health: 'healthy',
  generated_at: new Date().toISOString(),
  providers,
});

describe('/health', () => {
  it('a provider cannot serve when unhealthy, or while its circuit is open and cooling down', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(canServe(report(), now)).toBe(true);
    expect(canServe(report({ health: 'degraded' }), now)).toBe(true);
    expect(canServe(report({ health: 'unknown' }), now)).toBe(true);
    expect(canServe(report({ health: 'unhealthy' }), now)).toBe(false);
    expect(canServe(report({}, { state: 'open', retry_at: '2026-01-01T00:00:30Z' }), now)).toBe(false);
    expect(canServe(report({}, { state: 'open', retry_at: '2025-12-31T23:59:59Z' }), now)).toBe(true);
    expect(canServe(report({}, { state: 'open', retry_at: null }), now)).toBe(false);
    expect(canServe(report({}, { state: 'half_open' }), now)).toBe(true);
  });

  it('is ok, degraded or unavailable (503) by how many providers can serve; no provider listed is ok', () => {
    const up = report({ name: 'up' });
    const down = report({ name: 'down', health: 'unhealthy', error: 'boom' });
    expect(healthAnswer(status([up, up]), false)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(healthAnswer(status([down, up]), false)).toMatchObject({
      status: 200,
      body: { status: 'degraded' },
    });
    expect(healthAnswer(status([down, down]), false)).toMatchObject({
      status: 503,
      body: { status: 'unavailable' },
    });
    expect(healthAnswer(status([]), false)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('lists names and states only, unless details are asked for', () => {
    const down = report({ name: 'down', health: 'unhealthy', error: 'boom' });
    expect(healthAnswer(status([down]), false).body.providers).toEqual([
      { name: 'down', health: 'unhealthy', circuit: 'closed', available: false },
    ]);
    expect(healthAnswer(status([down]), true).body.providers[0]).toMatchObject({
      name: 'down',
      model: 'm',
      error: 'boom',
      available: false,
    });
  });
});
