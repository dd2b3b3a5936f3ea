import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  type BackendClient,
  type BackendErrorInfo,
  type BackendErrorType,
  type BackendResult,
  backendPostJson,
  type CampaignGenerateRequest,
  createBackendClient,
  getBackendUrl,
  type ModuleResult,
  validateResponse,
} from '../../src/client/index.js';
import type { DeliverablesEnvelope } from '../../src/envelope/index.js';
import { defineModule, text } from '../../src/index.js';

declare const client: BackendClient;
declare const result: BackendResult;

describe('aicmo/client public types', () => {
  it('every call resolves to a BackendResult', () => {
    expectTypeOf(createBackendClient).returns.toEqualTypeOf<BackendClient>();
    expectTypeOf(client.generateCampaign).returns.resolves.toEqualTypeOf<ModuleResult<'campaigns'>>();
    expectTypeOf(client.postJson).returns.resolves.toEqualTypeOf<BackendResult>();
    expectTypeOf(backendPostJson).returns.resolves.toEqualTypeOf<BackendResult>();
    expectTypeOf(getBackendUrl).returns.toEqualTypeOf<string | undefined>();
  });

  it('ok narrows to the envelope, !ok to the error', () => {
    if (result.ok) {
      expectTypeOf(result.envelope).toEqualTypeOf<DeliverablesEnvelope>();
      expectTypeOf(result.status).toEqualTypeOf<number>();
      expectTypeOf(result.error).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.error).toEqualTypeOf<BackendErrorInfo>();
      expectTypeOf(result.envelope).toEqualTypeOf<undefined>();
      expectTypeOf(result.status).toEqualTypeOf<number | undefined>();
    }
    expectTypeOf(result.traceId).toEqualTypeOf<string>();
    expectTypeOf(result.durationMs).toEqualTypeOf<number>();
    expectTypeOf(result.rawText).toEqualTypeOf<string | undefined>();
  });

  it('error types are literal, with HTTP_<status> as a template', () => {
    expectTypeOf<'TIMEOUT'>().toExtend<BackendErrorType>();
    expectTypeOf<'HTTP_502'>().toExtend<BackendErrorType>();
    expectTypeOf<'HTTP_X'>().not.toExtend<BackendErrorType>();
    expectTypeOf<'TIMEOUTS'>().not.toExtend<BackendErrorType>();
    expectTypeOf<BackendErrorInfo['code']>().toEqualTypeOf<number>();
  });

  it('the campaign request is the wire body, inferred from the module definition', () => {
    expectTypeOf<CampaignGenerateRequest['campaign_name']>().toEqualTypeOf<string>();
    expectTypeOf<CampaignGenerateRequest['objectives']>().toEqualTypeOf<string[]>();
    expectTypeOf<CampaignGenerateRequest['budget']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<CampaignGenerateRequest['timeline_days']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<CampaignGenerateRequest['brand']>().toEqualTypeOf<string | null | undefined>();
    // budget and timeline_days are optional, as the server reads them
    client.generateCampaign({ campaign_name: 'x', objectives: ['a'], platforms: ['b'] });
    // @ts-expect-error objectives is required
    client.generateCampaign({ campaign_name: 'x', platforms: ['b'] });
  });

  it('generate is typed per module: input from the definition, the envelope carries the literal name', async () => {
    const intake = await client.generate('intake', {
      client_name: 'Acme',
      website: 'https://acme.example',
      industry: 'Software',
      geography: 'US',
      primary_offer: 'Analytics',
      objective: 'Leads',
    });
    if (intake.ok) expectTypeOf(intake.envelope.module).toEqualTypeOf<'intake'>();
    const strategy = await client.generate('strategy', { campaign_name: 'Spring' });
    if (strategy.ok) expectTypeOf(strategy.envelope.module).toEqualTypeOf<'strategy'>();
    // @ts-expect-error a misspelt key does not compile
    client.generate('strategy', { campaign_name: 'Spring', objectivs: ['x'] });
    // @ts-expect-error a required field is missing
    client.generate('intake', { client_name: 'Acme' });
    // @ts-expect-error an unknown module name does not compile
    client.generate('strategyy', {});
  });

  it('a custom module is called the same way', async () => {
    const pressRelease = defineModule({
      name: 'press-release',
      description: 'A press release.',
      input: z.object({ product: text(100) }),
      deliverables: [{ kind: 'press_release', title: 'Press release' }],
    });
    const result = await client.generate(pressRelease, { product: 'Widget' });
    if (result.ok) expectTypeOf(result.envelope.module).toEqualTypeOf<'press-release'>();
    // @ts-expect-error a misspelt key does not compile on a custom module either
    client.generate(pressRelease, { prodcut: 'Widget' });
  });

  it('validateResponse mirrors (is_valid, error)', () => {
    const check = validateResponse(result);
    if (check.valid) expectTypeOf(check.error).toEqualTypeOf<null>();
    else expectTypeOf(check.error).toEqualTypeOf<string>();
  });
});
