import { describe, expect, it } from 'vitest';
import {
  downstreamOf,
  ENGAGEMENT_MODULES,
  GATING_MAP,
  isEngagementModule,
} from '../../src/engagement/index.js';
import { MODULES } from '../../src/modules/index.js';

describe('gating map', () => {
  it('is the operator map from the issue', () => {
    expect(GATING_MAP).toMatchObject({
      strategy: ['intake'],
      creatives: ['strategy'],
      execution: ['strategy', 'creatives'],
      monitoring: ['execution'],
      delivery: ['intake', 'strategy', 'creatives', 'execution'],
    });
    expect(
      Object.entries(GATING_MAP)
        .filter(([, up]) => up.length === 0)
        .map(([m]) => m),
    ).toEqual(['intake', 'leadgen', 'campaigns', 'autonomy', 'learn']);
  });

  it('agrees with the upstream of every module definition (one source of truth, no drift)', () => {
    for (const [name, definition] of Object.entries(MODULES)) {
      expect(isEngagementModule(name), name).toBe(true);
      if (isEngagementModule(name)) expect([...definition.upstream], name).toEqual([...GATING_MAP[name]]);
    }
  });

  it('finds the transitive downstream modules in pipeline order', () => {
    expect(downstreamOf('intake')).toEqual(['strategy', 'creatives', 'execution', 'monitoring', 'delivery']);
    expect(downstreamOf('creatives')).toEqual(['execution', 'monitoring', 'delivery']);
    expect(downstreamOf('monitoring')).toEqual([]);
    expect(ENGAGEMENT_MODULES).toHaveLength(10);
  });
});
