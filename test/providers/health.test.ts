import { describe, expect, it } from 'vitest';
import { HealthTracker } from '../../src/providers/health.js';

describe('reference health model', () => {
  it('starts unknown; the first outcome makes it degraded', () => {
    const ok = new HealthTracker(3, 5);
    expect(ok.health).toBe('unknown');
    ok.recordSuccess(100, 1);
    expect(ok.health).toBe('degraded');
    const bad = new HealthTracker(3, 5);
    bad.recordFailure('server', 'x', 1, true);
    expect(bad.health).toBe('degraded');
  });

  it('is healthy after 5 consecutive successes and unhealthy after 3 consecutive failures', () => {
    const h = new HealthTracker(3, 5);
    for (let i = 0; i < 4; i++) h.recordSuccess(10, i);
    expect(h.health).toBe('degraded');
    h.recordSuccess(10, 5);
    expect(h.health).toBe('healthy');
    h.recordFailure('timeout', 'x', 6, true);
    h.recordFailure('timeout', 'x', 7, true);
    expect(h.health).toBe('healthy');
    h.recordFailure('timeout', 'x', 8, true);
    expect(h.health).toBe('unhealthy');
    expect(h.consecutiveFailures).toBe(3);
    expect(h.consecutiveSuccesses).toBe(0);
  });

  it('a success lifts unhealthy to degraded (fix over the reference)', () => {
    const h = new HealthTracker(3, 5);
    for (let i = 0; i < 3; i++) h.recordFailure('server', 'x', i, true);
    h.recordSuccess(10, 9);
    expect(h.health).toBe('degraded');
    expect(h.lastError).toBeNull();
  });

  it('keeps an exponential moving average of latency (0.7 old, 0.3 new)', () => {
    const h = new HealthTracker(3, 5);
    h.recordSuccess(100, 1);
    expect(h.avgLatencyMs).toBe(100);
    h.recordSuccess(200, 2);
    expect(h.avgLatencyMs).toBeCloseTo(130, 10);
    h.recordSuccess(30, 3);
    expect(h.avgLatencyMs).toBeCloseTo(0.7 * 130 + 0.3 * 30, 10);
    expect(h.lastLatencyMs).toBe(30);
  });

  it('request faults are counted but do not move health', () => {
    const h = new HealthTracker(3, 5);
    for (let i = 0; i < 5; i++) h.recordFailure('bad_request', 'x', i, false);
    expect(h.health).toBe('unknown');
    expect(h.totalFailures).toBe(5);
    expect(h.consecutiveFailures).toBe(0);
    expect(h.lastErrorKind).toBe('bad_request');
  });
});
