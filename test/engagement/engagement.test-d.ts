import { describe, expectTypeOf, it } from 'vitest';
import { createBackendClient, type EngagementResult } from '../../src/client/index.js';
import {
  type Artifact,
  type ArtifactStatus,
  createEngagementService,
  createMemoryStore,
  type EngagementErrorCode,
  type EngagementModule,
  type EngagementView,
  type Lineage,
  type LineageEntry,
} from '../../src/engagement/index.js';
import type { DeliverablesEnvelope } from '../../src/envelope/index.js';

describe('engagement types', () => {
  it('statuses, modules and error codes are literal unions', () => {
    expectTypeOf<ArtifactStatus>().toEqualTypeOf<
      'draft' | 'revised' | 'approved' | 'flagged_for_review' | 'archived'
    >();
    expectTypeOf<'intake'>().toExtend<EngagementModule>();
    expectTypeOf<'marketing'>().not.toExtend<EngagementModule>();
    expectTypeOf<'GATING_BLOCKED' | 'CONFLICT' | 'INVALID_TRANSITION'>().toExtend<EngagementErrorCode>();
  });

  it('service calls resolve to artifacts with typed lineage and envelope', () => {
    const service = createEngagementService({
      store: createMemoryStore(),
      generate: async () => ({}) as DeliverablesEnvelope,
    });
    expectTypeOf(service.generate('e', 'intake', {})).toEqualTypeOf<Promise<Artifact>>();
    expectTypeOf(service.approve('e', 'a', { expectedVersion: 1 })).toEqualTypeOf<Promise<Artifact>>();
    expectTypeOf(service.getEngagement('e')).toEqualTypeOf<Promise<EngagementView>>();
    expectTypeOf<Artifact['lineage']>().toEqualTypeOf<Lineage>();
    expectTypeOf<NonNullable<Lineage['intake']>>().toEqualTypeOf<LineageEntry>();
    expectTypeOf<Artifact['envelope']>().toEqualTypeOf<DeliverablesEnvelope>();
    // @ts-expect-error expectedVersion is required on every artifact action
    void service.approve('e', 'a', {});
  });

  it('client.engagements calls never throw: a typed result', () => {
    const { engagements } = createBackendClient({ baseUrl: 'http://127.0.0.1:1' });
    expectTypeOf(engagements.approve('e', 'a', { expected_version: 2 })).toEqualTypeOf<
      Promise<EngagementResult<Artifact>>
    >();
    const result = {} as EngagementResult<Artifact>;
    if (result.ok) expectTypeOf(result.value.status).toEqualTypeOf<ArtifactStatus>();
    else expectTypeOf(result.error.type).toEqualTypeOf<string>();
  });
});
