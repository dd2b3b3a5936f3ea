/**
 * `client.engagements` goes through the client's one transport: the body cap,
 * the redirect policy, the URL checks, the deadlines, the retries and the
 * logging of every other call apply to it too. Real node:http servers on
 * 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { createBackendClient } from '../../src/client/index.js';
import { loopbackServers } from '../helpers/loopback.js';
import { captureLogger } from './helpers.js';

const listen = loopbackServers();

const engagement = { id: 'eng_1', client_name: 'Acme', created_at: '2026-01-01T00:00:00Z' };
const view = { engagement, artifacts: [], versions: {} };

describe('engagement calls share the transport', () => {
  it('an answer past maxResponseBytes is RESPONSE_TOO_LARGE, and the read stops', async () => {
    let written = 0;
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const { engagements } = createBackendClient({ baseUrl: url, maxResponseBytes: 256 * 1024 });
    const result = await engagements.get('eng_1');
    expect(result).toMatchObject({
      ok: false,
      status: 200,
      error: { type: 'RESPONSE_TOO_LARGE', code: 200 },
    });
    expect(result.ok || result.error.message).toMatch(/larger than 262144 bytes \(maxResponseBytes\)/);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('a per-call cap applies as well, to a POST', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...engagement, client_name: 'x'.repeat(4096) }));
    });
    const { engagements } = createBackendClient({ baseUrl: url });
    const small = await engagements.create({ client_name: 'Acme' }, { timeoutMs: 5_000 });
    expect(small.ok).toBe(true);
    const capped = createBackendClient({ baseUrl: url, maxResponseBytes: 1024 }).engagements;
    expect(await capped.create({ client_name: 'Acme' })).toMatchObject({
      ok: false,
      error: { type: 'RESPONSE_TOO_LARGE' },
    });
  });

  it('a cross-origin redirect is REDIRECT_BLOCKED; the other origin sees neither the body nor the key', async () => {
    const elsewhere: string[] = [];
    const other = await listen((req, res) => {
      elsewhere.push(String(req.headers['x-api-key']));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify(engagement));
    });
    const url = await listen((_req, res) => {
      res.writeHead(307, { location: `${other}/steal` });
      res.end();
    });
    const client = createBackendClient({ baseUrl: url, headers: { 'X-API-Key': 'secret' } });
    const result = await client.engagements.create({ client_name: 'Acme' });
    expect(result).toMatchObject({ ok: false, status: 307, error: { type: 'REDIRECT_BLOCKED', code: 307 } });
    expect(result.ok || result.error.message).toMatch(/allowCrossOriginRedirects/);
    expect(elsewhere).toEqual([]);

    const opted = createBackendClient({ baseUrl: url, allowCrossOriginRedirects: true });
    expect((await opted.engagements.create({ client_name: 'Acme' })).ok).toBe(true);
    expect(elsewhere).toHaveLength(1);
  });

  it('a same-origin redirect of a GET is followed', async () => {
    const url = await listen((req, res) => {
      if (req.url === '/api/v1/engagements/old') {
        res.writeHead(301, { location: '/api/v1/engagements/eng_1' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(view));
    });
    const result = await createBackendClient({ baseUrl: url }).engagements.get('old');
    expect(result).toMatchObject({ ok: true, status: 200 });
  });

  it('credentials in the URL are a CONFIGURATION_ERROR; nothing is sent', async () => {
    let hits = 0;
    const url = await listen((_req, res) => {
      hits += 1;
      res.end();
    });
    const { engagements } = createBackendClient({ baseUrl: url.replace('http://', 'http://user:pa55@') });
    const result = await engagements.list();
    expect(result).toMatchObject({ ok: false, error: { type: 'CONFIGURATION_ERROR', code: 503 } });
    expect(result.ok || result.error.message).toMatch(/Authorization/);
    expect(hits).toBe(0);
  });

  it('a body slower than timeoutMs is a TIMEOUT carrying the status', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"engagement":');
    });
    const result = await createBackendClient({ baseUrl: url }).engagements.get('eng_1', { timeoutMs: 80 });
    expect(result).toMatchObject({ ok: false, status: 200, error: { type: 'TIMEOUT', code: 504 } });
  });

  it('a bad call option is a VALIDATION_ERROR, and nothing is sent', async () => {
    let hits = 0;
    const url = await listen((_req, res) => {
      hits += 1;
      res.end();
    });
    const result = await createBackendClient({ baseUrl: url }).engagements.get('eng_1', { timeoutMs: -1 });
    expect(result).toMatchObject({ ok: false, error: { type: 'VALIDATION_ERROR' } });
    expect(hits).toBe(0);
  });

  it('retries as the client says, with one trace id, and logs like every call', async () => {
    const traceIds: string[] = [];
    const url = await listen((req, res) => {
      traceIds.push(String(req.headers['x-trace-id']));
      if (traceIds.length === 1) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":{"type":"UNAVAILABLE","message":"busy"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(view));
    });
    const logger = captureLogger();
    const client = createBackendClient({
      baseUrl: url,
      logger,
      maxRetries: 1,
      backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const result = await client.engagements.get('eng_1', { traceId: 'trace-eng-1' });
    expect(result).toMatchObject({ ok: true, traceId: 'trace-eng-1' });
    expect(traceIds).toEqual(['trace-eng-1', 'trace-eng-1']);
    expect(logger.lines.map((l) => [l.level, l.message])).toEqual([
      ['debug', 'backend request'],
      ['debug', 'backend request retry'],
      ['info', 'backend request done'],
    ]);
    expect(logger.lines.every((l) => l.fields.path === '/api/v1/engagements/eng_1')).toBe(true);
  });

  it("a server error keeps the server's type and details, and is logged as a failure", async () => {
    const url = await listen((_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { type: 'CONFLICT', code: 409, message: 'stale', details: { current_version: 2 } },
        }),
      );
    });
    const logger = captureLogger();
    const result = await createBackendClient({ baseUrl: url, logger }).engagements.approve('eng_1', 'art_1', {
      expected_version: 1,
    });
    expect(result).toMatchObject({
      ok: false,
      status: 409,
      error: { type: 'CONFLICT', code: 409, message: 'stale', details: { current_version: 2 } },
    });
    expect(logger.lines.at(-1)).toMatchObject({
      level: 'warn',
      message: 'backend request failed',
      fields: { status: 409, errorType: 'CONFLICT' },
    });
  });
});
