/**
 * X-Trace-ID (fresh v4 per request, the caller's honoured, echoed) and
 * retries (off for POST by default; opt-in, limited to safe statuses and
 * connection failures, honouring Retry-After), against MSW.
 */
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createBackendClient } from '../../src/client/index.js';
import { BASE, campaign, captureLogger, successEnvelope, UUID_V4, useFakeBackend } from './helpers.js';

const { backend } = useFakeBackend();

const client = createBackendClient({ baseUrl: BASE, timeoutMs: 5_000 });
const unavailable = (headers: Record<string, string> = {}) =>
  HttpResponse.json({ detail: 'try later' }, { status: 503, headers });

describe('X-Trace-ID', () => {
  it('is a fresh UUID v4 per request, sent, echoed in meta.trace_id and returned', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => client.generateCampaign(campaign)));
    const sent = backend.seen.map((s) => s.traceId);
    expect(new Set(sent).size).toBe(20);
    for (const id of sent) expect(id).toMatch(UUID_V4);
    for (const result of results) {
      expect(sent).toContain(result.traceId);
      expect(result.ok && result.envelope.meta.trace_id).toBe(result.traceId);
    }
  });

  it("honours the caller's trace id, over any X-Trace-ID header", async () => {
    const result = await client.generateCampaign(campaign, {
      traceId: 'req-42',
      headers: { 'X-Trace-ID': 'from-header' },
    });
    expect(result.traceId).toBe('req-42');
    expect(backend.seen[0]?.traceId).toBe('req-42');
  });

  it('a fixed X-Trace-ID in client headers does not defeat freshness', async () => {
    const fixed = createBackendClient({ baseUrl: BASE, headers: { 'x-trace-id': 'stuck' } });
    await fixed.generateCampaign(campaign);
    await fixed.generateCampaign(campaign);
    expect(backend.seen.map((s) => s.traceId)).not.toContain('stuck');
  });

  it('every failure carries the trace id too (error.traceId === result.traceId)', async () => {
    backend.reset(() => HttpResponse.json({ message: 'no' }, { status: 500 }));
    const result = await client.generateCampaign(campaign, { traceId: 'abc' });
    expect(result.error?.traceId).toBe('abc');
    expect(result.traceId).toBe('abc');
  });

  it('an unusable trace id is rejected before sending (VALIDATION_ERROR naming traceId)', async () => {
    const result = await client.generateCampaign(campaign, { traceId: 'has space\n' });
    expect(result.error).toMatchObject({ type: 'VALIDATION_ERROR', field: 'traceId' });
    expect(result.traceId).toMatch(UUID_V4);
    expect(backend.seen).toHaveLength(0);
  });
});

describe('retries', () => {
  it('POST is not retried by default, even on 503 with Retry-After or a network error', async () => {
    backend.reset(() => unavailable({ 'retry-after': '0' }));
    expect((await client.generateCampaign(campaign)).error?.type).toBe('HTTP_503');
    expect(backend.seen).toHaveLength(1);
    backend.reset(() => HttpResponse.error());
    expect((await client.generateCampaign(campaign)).error?.type).toBe('CONNECTION_ERROR');
    expect(backend.seen).toHaveLength(1);
  });

  it('opt-in: 503 then 200 succeeds on the retry, with the same trace id on both attempts', async () => {
    backend.reset((_r, seen, call) =>
      call === 1 ? unavailable() : HttpResponse.json(successEnvelope(seen.traceId ?? undefined)),
    );
    const logger = captureLogger();
    const retrying = createBackendClient({
      baseUrl: BASE,
      maxRetries: 2,
      backoff: { maxDelayMs: 1 },
      logger,
    });
    const result = await retrying.generateCampaign(campaign);
    expect(result.ok).toBe(true);
    expect(backend.seen).toHaveLength(2);
    expect(backend.seen[0]?.traceId).toBe(backend.seen[1]?.traceId);
    expect(backend.seen[1]?.body).toEqual(campaign);
    expect(logger.lines.filter((l) => l.message === 'backend request retry')).toEqual([
      expect.objectContaining({ level: 'debug', fields: expect.objectContaining({ retry: 1, status: 503 }) }),
    ]);
  });

  it('opt-in per call (a number is the limit); the limit bounds the attempts', async () => {
    backend.reset(() => HttpResponse.json({ message: 'rate limited' }, { status: 429 }));
    const result = await client.generateCampaign(campaign, { maxRetries: 2, backoff: { maxDelayMs: 1 } });
    expect(result.error?.type).toBe('HTTP_429');
    expect(result.error?.message).toBe('rate limited');
    expect(backend.seen).toHaveLength(3);
  });

  it('only safe statuses by default: 500, 502, 400 and 422 are not retried', async () => {
    for (const status of [500, 502, 400, 422]) {
      backend.reset(() => HttpResponse.json({ message: 'x' }, { status }));
      await client.generateCampaign(campaign, { maxRetries: 3, backoff: { maxDelayMs: 1 } });
      expect(backend.seen).toHaveLength(1);
    }
  });

  it('statusCodes widens what is retried', async () => {
    backend.reset((_r, seen, call) =>
      call === 1
        ? HttpResponse.json({}, { status: 502 })
        : HttpResponse.json(successEnvelope(seen.traceId ?? '')),
    );
    const result = await client.generateCampaign(campaign, {
      maxRetries: 1,
      retryStatusCodes: [502],
      backoff: { maxDelayMs: 1 },
    });
    expect(result.ok).toBe(true);
    expect(backend.seen).toHaveLength(2);
  });

  it('connection failures are retried when opted in', async () => {
    backend.reset((_r, seen, call) =>
      call < 3 ? HttpResponse.error() : HttpResponse.json(successEnvelope(seen.traceId ?? '')),
    );
    const result = await client.generateCampaign(campaign, { maxRetries: 3, backoff: { maxDelayMs: 1 } });
    expect(result.ok).toBe(true);
    expect(backend.seen).toHaveLength(3);
  });

  it('Retry-After is honoured: a wait longer than the deadline ends in TIMEOUT without a second attempt', async () => {
    backend.reset(() => unavailable({ 'retry-after': '3600' }));
    const result = await client.generateCampaign(campaign, {
      deadlineMs: 150,
      maxRetries: 3,
      backoff: { maxDelayMs: 0 },
      maxRetryAfterMs: 3_600_000,
    });
    expect(result.error?.type).toBe('TIMEOUT');
    expect(backend.seen).toHaveLength(1);
  });

  it('... and without Retry-After the same settings retry at once', async () => {
    backend.reset((_r, seen, call) =>
      call === 1 ? unavailable() : HttpResponse.json(successEnvelope(seen.traceId ?? '')),
    );
    const result = await client.generateCampaign(campaign, {
      deadlineMs: 2_000,
      maxRetries: 3,
      backoff: { maxDelayMs: 0 },
      maxRetryAfterMs: 3_600_000,
    });
    expect(result.ok).toBe(true);
    expect(backend.seen).toHaveLength(2);
  });

  it('a timed-out attempt is not retried unless retryOnTimeout', async () => {
    backend.reset(async (_r, seen, call) => {
      if (call === 1) await delay(2_000);
      return HttpResponse.json(successEnvelope(seen.traceId ?? ''));
    });
    const noRetry = await client.generateCampaign(campaign, {
      deadlineMs: 2_000,
      maxRetries: 2,
      timeoutMs: 50,
      backoff: { maxDelayMs: 1 },
    });
    expect(noRetry.error?.type).toBe('TIMEOUT');
    expect(backend.seen).toHaveLength(1);

    backend.reset(async (_r, seen, call) => {
      if (call === 1) await delay(2_000);
      return HttpResponse.json(successEnvelope(seen.traceId ?? ''));
    });
    const withRetry = await client.generateCampaign(campaign, {
      deadlineMs: 2_000,
      maxRetries: 2,
      timeoutMs: 50,
      backoff: { maxDelayMs: 1 },
      retryOnTimeout: true,
    });
    expect(withRetry.ok).toBe(true);
    expect(backend.seen).toHaveLength(2);
  });

  it('aborting during a retry wait ends the call as ABORTED', async () => {
    backend.reset(() => unavailable({ 'retry-after': '60' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await client.generateCampaign(campaign, {
      signal: controller.signal,
      maxRetries: 2,
      maxRetryAfterMs: 60_000,
    });
    expect(result.error?.type).toBe('ABORTED');
    expect(backend.seen).toHaveLength(1);
  });
});
