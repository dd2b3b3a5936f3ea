import { describe, expectTypeOf, it } from 'vitest';
import type { BackendClient, ModuleResult, RunEvent, RunStream } from '../../src/client/index.js';
import type { Deliverable, FailedEnvelope } from '../../src/envelope/index.js';

declare const client: BackendClient;

describe('client.stream types', () => {
  it('is typed per module, as generate is', () => {
    const run = client.stream('strategy', { campaign_name: 'Spring Launch' });
    expectTypeOf(run).toEqualTypeOf<RunStream<'strategy'>>();
    expectTypeOf(run.result).resolves.toEqualTypeOf<ModuleResult<'strategy'>>();
    expectTypeOf(run.stop).returns.resolves.toBeVoid();
    // @ts-expect-error a misspelt key does not compile
    client.stream('strategy', { campaign_nam: 'x' });
    // @ts-expect-error an unknown module does not compile
    client.stream('strateg', {});
  });

  it('narrows events by type', async () => {
    for await (const event of client.stream('campaigns', {
      campaign_name: 'x',
      objectives: ['a'],
      platforms: ['LinkedIn'],
    })) {
      expectTypeOf(event).toEqualTypeOf<RunEvent>();
      if (event.type === 'deliverable.delta') expectTypeOf(event.text).toBeString();
      if (event.type === 'deliverable.completed')
        expectTypeOf(event.deliverable).toMatchTypeOf<Deliverable>();
      if (event.type === 'run.failed') expectTypeOf(event.envelope).toMatchTypeOf<FailedEnvelope>();
    }
  });

  it('onProgress receives the same events', () => {
    client.generate(
      'strategy',
      { campaign_name: 'x' },
      { onProgress: (event) => expectTypeOf(event).toEqualTypeOf<RunEvent>() },
    );
  });
});
