/**
 * The transport's bounds against real node:http servers on 127.0.0.1: the
 * body cap (counted while streaming, after decompression), the redirect
 * policy, credentials in the URL, a connection broken mid-body, and the field
 * list of a 422 from aicmo's own server.
 */

import type { IncomingMessage } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { backendPostJson, createBackendClient, DEFAULT_MAX_RESPONSE_BYTES } from '../../src/client/index.js';
import { createReferenceHandler } from '../../src/server/index.js';
import { loopbackServers } from '../helpers/loopback.js';
import { stubChain } from '../server/helpers.js';
import { campaign, successEnvelope } from './helpers.js';

const listen = loopbackServers();

/** The body a request carried. */
function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
  });
}

describe('maxResponseBytes', () => {
  it('is 10 MB by default', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(10 * 1024 * 1024);
  });

  it('an endless 200 body ends as RESPONSE_TOO_LARGE once the cap is passed', async () => {
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
    const result = await createBackendClient({ baseUrl: url, maxResponseBytes: 1024 * 1024 }).postJson(
      '/x',
      {},
    );
    expect(result.error).toMatchObject({ type: 'RESPONSE_TOO_LARGE', code: 200 });
    expect(result.error?.message).toMatch(/larger than 1048576 bytes \(maxResponseBytes\)/);
    expect(result.status).toBe(200);
    // the read stopped: the server could not push far past the cap
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('counts decompressed bytes: a small gzip body that inflates past the cap is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES / 100);
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const result = await createBackendClient({ baseUrl: url }).postJson('/x', {});
    expect(result.error?.type).toBe('RESPONSE_TOO_LARGE');
  });

  it('a declared content-length above the cap is refused before reading', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5000) });
      res.write('{');
    });
    const result = await createBackendClient({ baseUrl: url, maxResponseBytes: 100 }).postJson('/x', {});
    expect(result.error?.type).toBe('RESPONSE_TOO_LARGE');
  });

  it('a body under the cap passes', async () => {
    const url = await listen((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(successEnvelope(String(req.headers['x-trace-id']))));
    });
    const result = await createBackendClient({ baseUrl: url, maxResponseBytes: 64 * 1024 }).postJson(
      '/x',
      {},
    );
    expect(result.ok).toBe(true);
  });

  it('a bad maxResponseBytes is an option error', () => {
    expect(() => createBackendClient({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
  });
});

describe('a large invalid answer under the cap', () => {
  it('is a CONTRACT_ERROR whose issue list is capped (100 entries, the last one counting the rest)', async () => {
    const bad = { ...successEnvelope(), deliverables: Array.from({ length: 50_000 }, () => ({ id: 1 })) };
    const body = JSON.stringify(bad);
    expect(body.length).toBeGreaterThan(64 * 1024);
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    const result = await createBackendClient({ baseUrl: url }).postJson('/x', {});
    expect(result.error?.type).toBe('CONTRACT_ERROR');
    expect(result.error?.issues).toHaveLength(100);
    expect(result.error?.errors?.[99]).toMatch(/^… and (at least )?\d+ more$/);
  });
});

describe('redirects', () => {
  it('a same-origin 307 is followed: the POST and its body are repeated at the new path', async () => {
    const seen: Array<{ path: string | undefined; method: string | undefined; body: string }> = [];
    const url = await listen(async (req, res) => {
      seen.push({ path: req.url, method: req.method, body: await bodyOf(req) });
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(successEnvelope(String(req.headers['x-trace-id']))));
    });
    const result = await createBackendClient({ baseUrl: url }).postJson('/old', { a: 1 });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([
      { path: '/old', method: 'POST', body: '{"a":1}' },
      { path: '/new', method: 'POST', body: '{"a":1}' },
    ]);
  });

  it('a cross-origin redirect is REDIRECT_BLOCKED with its location; the other origin receives nothing', async () => {
    const elsewhere: string[] = [];
    const other = await listen(async (req, res) => {
      elsewhere.push(String(req.headers['x-api-key']));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(successEnvelope()));
    });
    const url = await listen((_req, res) => {
      res.writeHead(308, { location: `${other}/steal` });
      res.end();
    });
    const client = createBackendClient({ baseUrl: url, headers: { 'X-API-Key': 'secret' } });
    const result = await client.postJson('/x', {});
    expect(result.error).toMatchObject({ type: 'REDIRECT_BLOCKED', code: 308, location: `${other}/steal` });
    expect(result.error?.message).toMatch(/allowCrossOriginRedirects/);
    expect(result.error?.message).not.toContain('secret');
    expect(elsewhere).toEqual([]);

    const opted = await createBackendClient({ baseUrl: url, allowCrossOriginRedirects: true }).postJson(
      '/x',
      {},
    );
    expect(opted.ok).toBe(true);
    expect(elsewhere).toHaveLength(1);
  });

  it('a redirect loop ends as REDIRECT_BLOCKED', async () => {
    const url = await listen((req, res) => {
      res.writeHead(307, { location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const result = await createBackendClient({ baseUrl: url }).postJson('/a', {});
    expect(result.error?.type).toBe('REDIRECT_BLOCKED');
    expect(result.error?.message).toMatch(/more than 5 times/);
  });
});

describe('deadlines over the body', () => {
  // On real sockets: under MSW's socket emulation an abort mid-body trips an undici assertion later.
  it('a body slower than timeoutMs is a TIMEOUT with the status, with or without an explicit maxRetries: 0', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    });
    for (const options of [{ timeoutMs: 80 }, { timeoutMs: 80, maxRetries: 0 }]) {
      const result = await backendPostJson('/x', {}, { baseUrl: url, ...options });
      expect(result).toMatchObject({ ok: false, status: 200, error: { type: 'TIMEOUT', code: 504 } });
      expect(result.error?.message).toMatch(/80 ms/);
    }
  });

  it('deadlineMs bounds the body read too, and the message names it', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":');
    });
    const result = await backendPostJson('/x', {}, { baseUrl: url, deadlineMs: 80 });
    expect(result.error?.type).toBe('TIMEOUT');
    expect(result.error?.message).toMatch(/within 80 ms \(deadlineMs\)/);
  });
});

describe('credentials in the URL', () => {
  it('are a CONFIGURATION_ERROR that says to use an Authorization header; nothing is sent', async () => {
    let hits = 0;
    const url = await listen((_req, res) => {
      hits += 1;
      res.end();
    });
    const withUser = url.replace('http://', 'http://user:pa55@');
    const result = await backendPostJson('/x', {}, { baseUrl: withUser });
    expect(result.error).toMatchObject({ type: 'CONFIGURATION_ERROR', code: 503 });
    expect(result.error?.message).toMatch(/Authorization/);
    expect(result.error?.message).not.toContain('pa55');
    expect(hits).toBe(0);
  });
});

describe('a connection broken mid-body', () => {
  it('says the connection broke, not that the backend cannot be reached', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"status":"SUCCESS",');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const result = await createBackendClient({ baseUrl: url }).generateCampaign(campaign);
    expect(result.error?.type).toBe('CONNECTION_ERROR');
    expect(result.error?.message).toMatch(/broke while its answer was being read/);
    expect(result.error?.message).not.toMatch(/Is it running/);
    expect(result.status).toBe(200);
  });
});

describe("a 422 from aicmo's own server", () => {
  it("keeps the server's field list in error.issues and error.errors", async () => {
    const handler = createReferenceHandler({ chain: stubChain() });
    const client = createBackendClient({
      baseUrl: 'http://api.test',
      fetch: (input) => handler(input instanceof Request ? input : new Request(input)),
    });
    const result = await client.postJson('/api/v1/campaigns/generate', {
      campaign_name: 'x',
      platforms: ['a', ''],
    });
    expect(result.error?.type).toBe('HTTP_422');
    expect(result.error?.issues).toEqual([
      { path: ['objectives'], code: 'required', message: 'is required' },
      expect.objectContaining({ path: ['platforms', 1] }),
    ]);
    expect(result.error?.errors?.[0]).toBe('objectives: is required');
    expect(result.error?.envelope?.status).toBe('FAILED');
  });

  it('reads FastAPI detail lists the same way', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ detail: [{ loc: ['body', 'budget'], msg: 'Field required', type: 'missing' }] }),
      );
    });
    const result = await createBackendClient({ baseUrl: url }).postJson('/x', {});
    expect(result.error?.issues).toEqual([{ path: ['budget'], code: 'missing', message: 'Field required' }]);
  });
});
