import { describe, expectTypeOf, it } from 'vitest';
import {
  type BackendClient,
  type BackendErrorInfo,
  type BackendErrorType,
  type BackendResult,
  backendPostJson,
  type CampaignGenerateRequest,
  createBackendClient,
  getBackendUrl,
  validateResponse,
} from '../../src/client/index.js';
import type { DeliverablesEnvelope } from '../../src/envelope/index.js';

declare const client: BackendClient;
declare const result: BackendResult;

describe('aicmo/client public types', () => {
  it('every call resolves to a BackendResult', () => {
    expectTypeOf(createBackendClient).returns.toEqualTypeOf<BackendClient>();
    expectTypeOf(client.generateCampaign).returns.resolves.toEqualTypeOf<BackendResult>();
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

  it('the campaign request is the wire body, inferred from zod', () => {
    expectTypeOf<CampaignGenerateRequest['campaign_name']>().toEqualTypeOf<string>();
    expectTypeOf<CampaignGenerateRequest['objectives']>().toEqualTypeOf<string[]>();
    expectTypeOf<CampaignGenerateRequest['budget']>().toEqualTypeOf<number>();
    expectTypeOf<CampaignGenerateRequest['timeline_days']>().toEqualTypeOf<number>();
    expectTypeOf<CampaignGenerateRequest['brand']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error budget is required
    client.generateCampaign({ campaign_name: 'x', objectives: ['a'], platforms: ['b'], timeline_days: 3 });
  });

  it('validateResponse mirrors (is_valid, error)', () => {
    const check = validateResponse(result);
    if (check.valid) expectTypeOf(check.error).toEqualTypeOf<null>();
    else expectTypeOf(check.error).toEqualTypeOf<string>();
  });
});
