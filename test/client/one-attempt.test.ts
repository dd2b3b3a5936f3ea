/**
 * One attempt, however it is asked for: every row of CONTRACT §2 runs once
 * with the defaults and once with an explicit `maxRetries: 0` (the one ky
 * transport either way), and the results must match, trace id and duration
 * aside.
 */
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { type BackendPostOptions, type BackendResult, backendPostJson } from '../../src/client/index.js';
import {
  BASE,
  campaign,
  failedEnvelope,
  GENERATE,
  type Reply,
  successEnvelope,
  useFakeBackend,
} from './helpers.js';

const { backend } = useFakeBackend();

/** A result without what differs from call to call. */
function comparable(result: BackendResult) {
  const { traceId: _traceId, durationMs: _durationMs, ...rest } = result;
  if (rest.ok) return rest;
  const { traceId: _errorTraceId, ...error } = rest.error;
  return { ...rest, error };
}

async function bothPaths(reply: Reply, options: BackendPostOptions = {}) {
  backend.reset(reply);
  const single = await backendPostJson(GENERATE, campaign, { baseUrl: BASE, timeoutMs: 2_000, ...options });
  const viaKy = await backendPostJson(GENERATE, campaign, {
    baseUrl: BASE,
    timeoutMs: 2_000,
    ...options,
    maxRetries: 0,
  });
  expect(backend.seen).toHaveLength(2);
  expect(backend.seen[0]).toEqual({ ...backend.seen[1], traceId: backend.seen[0]?.traceId });
  expect(comparable(single)).toEqual(comparable(viaKy));
  return single;
}

// Built once: an envelope has a fresh run id and timestamp each time.
const success = successEnvelope();
const failed = failedEnvelope();
const quota = failedEnvelope('quota', 503);
const down = failedEnvelope('down', 503);

const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x66, 0x65, 0x72, 0x6d, 0xe9]);

describe('single attempt and ky agree', () => {
  it.each<[string, Reply, string]>([
    ['a SUCCESS envelope', () => HttpResponse.json(success), 'ok'],
    ['a FAILED envelope with 200', () => HttpResponse.json(quota), 'ok'],
    ['200 with HTML', () => HttpResponse.html('<html>proxy</html>'), 'RESPONSE_PARSE_ERROR'],
    ['200 with an empty body', () => new HttpResponse(null, { status: 200 }), 'RESPONSE_PARSE_ERROR'],
    ['200 with JSON that is no envelope', () => HttpResponse.json({ x: 1 }), 'CONTRACT_ERROR'],
    ['500 with a JSON detail', () => HttpResponse.json({ detail: 'boom' }, { status: 500 }), 'HTTP_500'],
    ['502 with text', () => HttpResponse.text('Bad gateway', { status: 502 }), 'HTTP_502'],
    ['503 with a FAILED envelope', () => HttpResponse.json(down, { status: 503 }), 'HTTP_503'],
    ['404 with no body', () => new HttpResponse(null, { status: 404 }), 'HTTP_404'],
    [
      '500 with a latin-1 body',
      () =>
        new HttpResponse(latin1, {
          status: 500,
          headers: { 'content-type': 'text/plain; charset=iso-8859-1' },
        }),
      'HTTP_500',
    ],
    ['a network error', () => HttpResponse.error(), 'CONNECTION_ERROR'],
  ])('%s', async (_name, reply, type) => {
    const result = await bothPaths(reply, { includeRawText: true });
    expect(result.ok ? 'ok' : result.error.type).toBe(type);
  });

  it('a latin-1 error body is decoded with its charset', async () => {
    const result = await bothPaths(
      () =>
        new HttpResponse(latin1, {
          status: 500,
          headers: { 'content-type': 'text/plain; charset=iso-8859-1' },
        }),
      { includeRawText: true },
    );
    expect(result.ok ? undefined : result.rawText).toBe('café fermé');
  });

  it('headers too late → TIMEOUT, no status', async () => {
    const result = await bothPaths(
      async () => {
        await delay(1_000);
        return HttpResponse.json(failed);
      },
      { timeoutMs: 60 },
    );
    expect(result).toMatchObject({ ok: false, error: { type: 'TIMEOUT', code: 504 } });
    expect(result.status).toBeUndefined();
  });

  it("the caller's signal → ABORTED", async () => {
    const slow: Reply = async () => {
      await delay(1_000);
      return HttpResponse.json(failed);
    };
    backend.reset(slow);
    const single = await backendPostJson(GENERATE, campaign, {
      baseUrl: BASE,
      signal: AbortSignal.timeout(40),
    });
    const viaKy = await backendPostJson(GENERATE, campaign, {
      baseUrl: BASE,
      signal: AbortSignal.timeout(40),
      maxRetries: 0,
    });
    expect(comparable(single)).toEqual(comparable(viaKy));
    expect(single).toMatchObject({ ok: false, error: { type: 'ABORTED', code: 499 } });
  });
});
