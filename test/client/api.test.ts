/**
 * The pure parts: getBackendUrl, trace ids, option checks, campaign request
 * validation (nothing sent), validateResponse, unwrap and smoke exit codes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BackendClientOptionsError,
  BackendRequestError,
  type BackendResult,
  backendErrorCategory,
  backendPostJson,
  createBackendClient,
  getBackendUrl,
  isValidTraceId,
  newTraceId,
  smokeExitCode,
  unwrapBackendResult,
  validateResponse,
} from '../../src/client/index.js';
import { isAicmoError } from '../../src/errors.js';
import { campaign, successEnvelope, UUID_V4 } from './helpers.js';

describe('getBackendUrl', () => {
  it('BACKEND_URL first, then AICMO_BACKEND_URL; trailing slashes stripped', () => {
    expect(getBackendUrl({ BACKEND_URL: 'http://a:8000/', AICMO_BACKEND_URL: 'http://b' })).toBe(
      'http://a:8000',
    );
    expect(getBackendUrl({ AICMO_BACKEND_URL: 'https://b.example/api///' })).toBe('https://b.example/api');
    expect(getBackendUrl({ BACKEND_URL: '', AICMO_BACKEND_URL: 'http://b' })).toBe('http://b');
    expect(getBackendUrl({ BACKEND_URL: '/' })).toBeUndefined();
    expect(getBackendUrl({})).toBeUndefined();
  });

  it('defaults to process.env, and survives a runtime without process or with a throwing env', () => {
    const saved = process.env.BACKEND_URL;
    process.env.BACKEND_URL = 'http://from-process/';
    try {
      expect(getBackendUrl()).toBe('http://from-process');
    } finally {
      if (saved === undefined) delete process.env.BACKEND_URL;
      else process.env.BACKEND_URL = saved;
    }
    const hostile = new Proxy({} as Record<string, string>, {
      get() {
        throw new Error('PermissionDenied');
      },
    });
    expect(getBackendUrl(hostile)).toBeUndefined();
  });
});

describe('trace ids', () => {
  it('newTraceId is a UUID v4, also without crypto.randomUUID', () => {
    expect(newTraceId()).toMatch(UUID_V4);
    const original = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = Array.from({ length: 200 }, newTraceId);
      for (const id of ids) expect(id).toMatch(UUID_V4);
      expect(new Set(ids).size).toBe(200);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: original, configurable: true });
    }
  });

  it('isValidTraceId accepts what a header can carry', () => {
    fc.assert(fc.property(fc.uuid(), (id) => isValidTraceId(id)));
    for (const bad of ['', 'a b', 'x\n', 'é', 'x'.repeat(201), 42]) expect(isValidTraceId(bad)).toBe(false);
  });
});

describe('createBackendClient options', () => {
  it('throws BackendClientOptionsError naming each unusable option (a programming error, before any request)', () => {
    let caught: unknown;
    try {
      createBackendClient({
        timeoutMs: -1,
        fetch: 'nope' as never,
        maxRetries: 1.5,
        retryStatusCodes: [200],
        headers: { 'bad header': 'x' },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BackendClientOptionsError);
    expect(isAicmoError(caught)).toBe(true);
    const error = caught as BackendClientOptionsError;
    expect(error.code).toBe('CLIENT_OPTIONS_INVALID');
    expect(error.issues.map((i) => i.split(':')[0])).toEqual([
      'timeoutMs',
      'maxRetries',
      'retryStatusCodes',
      'fetch',
      'headers',
    ]);
    expect(() => createBackendClient({ timeoutMs: 2 ** 31 })).toThrow(/timeoutMs/);
    expect(() => createBackendClient({ deadlineMs: 0 })).toThrow(/deadlineMs/);
  });

  it('an option renamed in 0.2 (retry) is an error that names what to use instead', async () => {
    const old = { retry: { limit: 2 } } as never;
    expect(() => createBackendClient(old)).toThrow(/retry: was removed: use maxRetries \(was retry\.limit\)/);
    const result = await backendPostJson('/x', {}, { baseUrl: 'http://127.0.0.1:9', ...(old as object) });
    expect(result.ok).toBe(false);
    expect(result.error?.type).toBe('VALIDATION_ERROR');
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['retry'],
        code: 'invalid_option',
        message: expect.stringMatching(/maxRetries/),
      }),
    ]);
  });

  it('backendPostJson never throws: bad options come back as VALIDATION_ERROR', async () => {
    const result = await backendPostJson('/x', {}, { baseUrl: 'http://127.0.0.1:9', timeoutMs: Number.NaN });
    expect(result.error).toMatchObject({ type: 'VALIDATION_ERROR', code: 422, field: 'timeoutMs' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const notJson = await backendPostJson('/x', cyclic, { baseUrl: 'http://127.0.0.1:9' });
    expect(notJson.error?.type).toBe('VALIDATION_ERROR');
    expect((await backendPostJson('/x', 10n, { baseUrl: 'http://127.0.0.1:9' })).error?.type).toBe(
      'VALIDATION_ERROR',
    );
    expect((await backendPostJson('', {}, { baseUrl: 'http://127.0.0.1:9' })).error?.field).toBe('path');
    // untyped callers: null options are reported, not thrown on
    const nullOptions = await backendPostJson('/x', {}, null as never);
    expect(nullOptions.error).toMatchObject({
      type: 'VALIDATION_ERROR',
      errors: ['(options): must be an object'],
      issues: [{ path: [], code: 'invalid_option', message: 'must be an object' }],
    });
  });
});

describe('generateCampaign input validation (nothing is sent)', () => {
  const client = createBackendClient({
    baseUrl: 'http://backend.test',
    fetch: () => {
      throw new Error('must not be called');
    },
  });

  it('names every bad field, the first one in error.field', async () => {
    const result = await client.generateCampaign({
      campaign_name: '  ',
      objectives: [],
      platforms: ['LinkedIn', ''],
      budget: -5,
      timeline_days: 2.5,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.type).toBe('VALIDATION_ERROR');
    expect(result.error.code).toBe(422);
    expect(result.error.field).toBe('campaign_name');
    expect(result.error.issues?.[2]).toEqual({
      path: ['platforms', 1],
      code: 'invalid_format',
      message: 'must not be blank',
    });
    expect(result.error.errors).toEqual([
      'campaign_name: must not be blank',
      'objectives: must list at least one objective',
      'platforms[1]: must not be blank',
      'budget: must not be negative',
      'timeline_days: must be a whole number',
    ]);
    expect(result.status).toBeUndefined();
  });

  it('missing fields and a non-object', async () => {
    const missing = await client.generateCampaign({ campaign_name: 'x' } as never);
    expect(missing.error?.issues).toContainEqual({
      path: ['objectives'],
      code: 'required',
      message: 'is required',
    });
    expect(missing.error?.errors).toEqual(expect.arrayContaining(['objectives: is required']));
    expect((await client.generateCampaign(null as never)).error?.type).toBe('VALIDATION_ERROR');
    // a request whose getter throws is reported, not thrown on
    const hostile = {
      ...campaign,
      get brand(): string {
        throw new Error('boom');
      },
    };
    const unreadable = await client.generateCampaign(hostile);
    expect(unreadable.error).toMatchObject({ type: 'VALIDATION_ERROR', code: 422 });
    expect(unreadable.error?.message).toContain('could not be read');
  });

  it('an unknown key is refused before sending, naming it with a hint', async () => {
    const client = createBackendClient({ baseUrl: 'http://127.0.0.1:9' });
    const result = await client.generateCampaign({ ...campaign, target_audiance: 'CTOs' } as never);
    expect(result.error?.type).toBe('VALIDATION_ERROR');
    expect(result.error?.errors).toEqual([
      'target_audiance: is not a field of the campaigns request; did you mean "target_audience"?',
    ]);
    expect(result.error?.issues).toEqual([
      {
        path: ['target_audiance'],
        code: 'unrecognized_key',
        message: 'is not a field of the campaigns request; did you mean "target_audience"?',
      },
    ]);
  });
});

const ok: BackendResult = { ok: true, envelope: successEnvelope(), traceId: 't', status: 200, durationMs: 1 };
const failed: BackendResult = {
  ok: false,
  error: { type: 'TIMEOUT', code: 504, message: 'slow', traceId: 't' },
  traceId: 't',
  durationMs: 1,
};

describe('validateResponse (Python validate_response)', () => {
  it('a successful result is valid', () => {
    expect(validateResponse(ok)).toEqual({ valid: true, error: null, errors: [] });
  });
  it('a failed result is invalid with its error', () => {
    expect(validateResponse(failed)).toMatchObject({ valid: false, error: 'TIMEOUT: slow' });
  });
  it('raw JSON is checked as an envelope', () => {
    expect(validateResponse(successEnvelope()).valid).toBe(true);
    const bad = validateResponse({ ...successEnvelope(), deliverables: [] });
    expect(bad.valid).toBe(false);
    expect(bad.error).toMatch(/deliverables/);
    expect(validateResponse(undefined).valid).toBe(false);
  });
});

describe('unwrapBackendResult, categories and smoke exit codes', () => {
  it('unwraps or throws a BackendRequestError carrying the type, code and trace id', () => {
    expect(unwrapBackendResult(ok).status).toBe('SUCCESS');
    try {
      unwrapBackendResult(failed);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BackendRequestError);
      expect(error).toMatchObject({ code: 'TIMEOUT', status: 504, traceId: 't' });
      expect(isAicmoError(error)).toBe(true);
    }
  });

  it('CONTRACT §3 families', () => {
    expect(smokeExitCode(ok)).toBe(0);
    const exit = (type: string) =>
      smokeExitCode({ ...failed, error: { ...failed.error, type: type as never } } as BackendResult);
    expect(exit('CONFIGURATION_ERROR')).toBe(1);
    expect([exit('CONNECTION_ERROR'), exit('TIMEOUT'), exit('HTTP_500'), exit('HTTP_404')]).toEqual([
      2, 2, 2, 2,
    ]);
    expect([exit('RESPONSE_PARSE_ERROR'), exit('CONTRACT_ERROR')]).toEqual([3, 3]);
    expect([exit('INTERNAL_ERROR'), exit('ABORTED'), exit('VALIDATION_ERROR')]).toEqual([4, 4, 4]);
    expect(backendErrorCategory('HTTP_X')).toBe('unexpected');
  });
});
