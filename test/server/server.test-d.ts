import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import type { DeliverablesEnvelope } from '../../src/envelope/index.js';
import type { BuiltinModule, ModuleRequest } from '../../src/modules/index.js';
import type { ProviderChain } from '../../src/providers/index.js';

type CampaignRequest = ModuleRequest<BuiltinModule<'campaigns'>>;

import {
  type CampaignChain,
  createGenerateHandler,
  createReferenceHandler,
  type GenerateContext,
  generateCampaign,
  type NodeListenerOptions,
  type ReferenceChain,
  type ReferenceHandlerOptions,
  type RunningServer,
  type StartReferenceServerOptions,
  startReferenceServer,
  toNodeListener,
  type WebHandler,
} from '../../src/server/index.js';

describe('aicmo/server public types', () => {
  it('infers the generate input from the zod schema', () => {
    const handler = createGenerateHandler({
      module: 'm',
      input: z.object({ name: z.string(), count: z.number().default(1) }),
      generate: async (input, context) => {
        expectTypeOf(input).toEqualTypeOf<{ name: string; count: number }>();
        expectTypeOf(context).toEqualTypeOf<GenerateContext>();
        expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>();
        return {} as DeliverablesEnvelope;
      },
    });
    expectTypeOf(handler).toEqualTypeOf<WebHandler>();
    expectTypeOf(handler).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it('accepts a ProviderChain wherever a chain is needed', () => {
    expectTypeOf<ProviderChain>().toExtend<CampaignChain>();
    expectTypeOf<ProviderChain>().toExtend<ReferenceChain>();
    expectTypeOf(generateCampaign).returns.resolves.toEqualTypeOf<DeliverablesEnvelope>();
    expectTypeOf(createReferenceHandler).returns.toEqualTypeOf<WebHandler>();
  });

  it('types the campaign request in wire snake_case', () => {
    expectTypeOf<CampaignRequest['campaign_name']>().toEqualTypeOf<string>();
    expectTypeOf<CampaignRequest['platforms']>().toEqualTypeOf<string[]>();
    expectTypeOf<CampaignRequest['budget']>().toEqualTypeOf<number | null | undefined>();
  });

  it('resolves a running server with a url and close()', () => {
    expectTypeOf(startReferenceServer).returns.resolves.toEqualTypeOf<RunningServer>();
    expectTypeOf<RunningServer['close']>().toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(toNodeListener).parameter(0).toEqualTypeOf<WebHandler>();
  });

  it('types the limits and mounting options', () => {
    expectTypeOf<StartReferenceServerOptions['maxConnections']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StartReferenceServerOptions['headersTimeoutMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StartReferenceServerOptions['keepAliveTimeoutMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ReferenceHandlerOptions['basePath']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReferenceHandlerOptions['healthDetails']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<NodeListenerOptions['maxDrainBytes']>().toEqualTypeOf<number | undefined>();
  });
});
