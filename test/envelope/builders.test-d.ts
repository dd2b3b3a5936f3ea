import { describe, expectTypeOf, it } from 'vitest';
import {
  createDeliverable,
  createFailedEnvelope,
  createPartialEnvelope,
  createSuccessEnvelope,
  type Deliverable,
  type DeliverableInput,
  type DeliverableKind,
  type DeliverablesEnvelope,
  type FailedEnvelope,
  type KnownDeliverableKind,
  type PartialEnvelope,
  type ResponseError,
  type SuccessEnvelope,
} from '../../src/index.js';

const post = { kind: 'linkedin_post', title: 'T', contentMarkdown: 'x' } as const;

describe('builder inference', () => {
  it('createSuccessEnvelope returns the SUCCESS branch', () => {
    const e = createSuccessEnvelope({ module: 'm', provider: 'p', deliverables: [post] });
    expectTypeOf(e).toEqualTypeOf<SuccessEnvelope>();
    expectTypeOf(e.status).toEqualTypeOf<'SUCCESS'>();
    expectTypeOf(e.deliverables).toEqualTypeOf<Deliverable[]>();
    expectTypeOf(e).toExtend<DeliverablesEnvelope>();
  });

  it('createPartialEnvelope returns the PARTIAL branch with an optional error', () => {
    const e = createPartialEnvelope({ module: 'm', provider: 'p', deliverables: [] });
    expectTypeOf(e).toEqualTypeOf<PartialEnvelope>();
    expectTypeOf(e.status).toEqualTypeOf<'PARTIAL'>();
    expectTypeOf(e.error).toExtend<ResponseError | null | undefined>();
  });

  it('createFailedEnvelope returns the FAILED branch whose error is required', () => {
    const e = createFailedEnvelope({ module: 'm', errorType: 'TIMEOUT', message: 'late' });
    expectTypeOf(e).toEqualTypeOf<FailedEnvelope>();
    expectTypeOf(e.status).toEqualTypeOf<'FAILED'>();
    expectTypeOf(e.error.type).toBeString();
    expectTypeOf(e.error.message).toBeString();
    expectTypeOf(e.error.code).toEqualTypeOf<number | null | undefined>();
  });

  it('createDeliverable returns the wire shape (snake_case)', () => {
    const d = createDeliverable(post);
    expectTypeOf(d).toEqualTypeOf<Deliverable>();
    expectTypeOf(d.content_markdown).toBeString();
    expectTypeOf(d.kind).toEqualTypeOf<DeliverableKind>();
    expectTypeOf(d.platform).toEqualTypeOf<string | null | undefined>();
  });

  it('narrows a DeliverablesEnvelope on status', () => {
    const e = {} as DeliverablesEnvelope;
    if (e.status === 'FAILED') expectTypeOf(e).toEqualTypeOf<FailedEnvelope>();
    else expectTypeOf(e).toEqualTypeOf<SuccessEnvelope | PartialEnvelope>();
  });

  it('gives known kinds a literal type while accepting any string', () => {
    expectTypeOf<'linkedin_post'>().toExtend<KnownDeliverableKind>();
    expectTypeOf<KnownDeliverableKind>().toExtend<DeliverableKind>();
    expectTypeOf<'hologram'>().toExtend<DeliverableKind>();
    expectTypeOf<DeliverableInput['kind']>().toEqualTypeOf<DeliverableKind>();
  });

  it('takes camelCase options and refuses wire names or wrong types', () => {
    createSuccessEnvelope({
      module: 'm',
      provider: 'p',
      runId: 'r',
      costUsd: 1,
      tokensUsed: 2,
      traceId: 't',
      deliverables: [post],
    });
    // @ts-expect-error run_id is the wire name; options are camelCase
    createSuccessEnvelope({ module: 'm', provider: 'p', run_id: 'r', deliverables: [post] });
    // @ts-expect-error provider is required
    createSuccessEnvelope({ module: 'm', deliverables: [post] });
    // @ts-expect-error costUsd is a number
    createSuccessEnvelope({ module: 'm', provider: 'p', costUsd: '1', deliverables: [post] });
    // @ts-expect-error errorType and message are required
    createFailedEnvelope({ module: 'm' });
    // @ts-expect-error contentMarkdown is required
    createDeliverable({ kind: 'blog_post', title: 't' });
  });
});
