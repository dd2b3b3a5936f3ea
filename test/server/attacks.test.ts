/**
 * The hostile-client cases of issue 12 on real sockets: idle and slow
 * connections, a connection cap, `Expect` handling, a missing `Host`, a
 * large chunked upload refused with 413, shutdown with requests already
 * sent, and path tricks. Each failed on the server before the fix.
 */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { CAMPAIGN, stubChain } from './helpers.js';
import { envelopeIn, openRaw, requestHead, until, within } from './raw-http.js';

const PATH = '/api/v1/campaigns/generate';
const body = JSON.stringify(CAMPAIGN);
const json = { 'content-type': 'application/json' };

let server: RunningServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
});

describe('idle and slow connections', () => {
  it('a connection that sends nothing is answered 408 and closed after headersTimeoutMs', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, headersTimeoutMs: 300 });
    const idle = openRaw(server.url, sockets);
    const got = await within(idle.answer, 5_000, 'answer to an idle connection');
    expect(got.status).toBe(408);
    expect(envelopeIn(got).error?.type).toBe('REQUEST_TIMEOUT');
    await within(idle.closed, 5_000, 'close');
  });

  it('headers that never finish are answered 408 after headersTimeoutMs', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, headersTimeoutMs: 300 });
    const slow = openRaw(server.url, sockets);
    slow.socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n`);
    const got = await within(slow.answer, 5_000, 'answer to unfinished headers');
    expect(got.status).toBe(408);
    envelopeIn(got);
  });

  it('a second request whose headers never finish on a keep-alive connection is answered 408 too', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, headersTimeoutMs: 300 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(requestHead('GET', '/health'));
    expect((await conn.answer).status).toBe(200);
    const before = conn.received().length;
    conn.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await within(conn.closed, 5_000, 'close');
    expect(conn.received().slice(before)).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('an idle keep-alive connection is closed after keepAliveTimeoutMs', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, keepAliveTimeoutMs: 200 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(requestHead('GET', '/health'));
    expect((await conn.answer).status).toBe(200);
    await within(conn.closed, 5_000, 'keep-alive close');
  });

  it('past maxConnections a request gets a 503 envelope; once connections close the server serves again', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, maxConnections: 2 });
    const held = [openRaw(server.url, sockets), openRaw(server.url, sockets)];
    for (const h of held) h.socket.write('GET /health HTTP/1.1\r\n'); // unfinished: the connection stays open
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = openRaw(server.url, sockets);
    third.socket.write(requestHead('GET', '/health'));
    const refused = await within(third.answer, 5_000, 'answer past the cap');
    expect(refused.status).toBe(503);
    expect(envelopeIn(refused).error?.type).toBe('TOO_MANY_CONNECTIONS');
    expect(refused.headers.connection).toBe('close');
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await fetch(`${server.url}/health`, { headers: { connection: 'close' } })).status;
    }
    expect(status).toBe(200);
  });

  it('rejects a non-positive maxConnections, headersTimeoutMs or keepAliveTimeoutMs', async () => {
    for (const bad of [{ maxConnections: 0 }, { headersTimeoutMs: -1 }, { keepAliveTimeoutMs: 1.5 }]) {
      await expect(startReferenceServer({ chain: stubChain(), port: 0, ...bad })).rejects.toThrow(RangeError);
    }
  });
});

describe('Expect and Host', () => {
  it('Expect: 100-continue with a Content-Length over the limit gets 413 without a 100 Continue first', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, maxBodyBytes: 1024 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(requestHead('POST', PATH, { ...json, 'content-length': 5000, expect: '100-continue' }));
    const got = await conn.answer;
    expect(got.text.startsWith('HTTP/1.1 413 ')).toBe(true);
    expect(envelopeIn(got).error?.type).toBe('PAYLOAD_TOO_LARGE');
  });

  it('Expect: 100-continue with a non-JSON type gets 415 without a 100 Continue first', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(
      requestHead('POST', PATH, {
        'content-type': 'text/plain',
        'content-length': 10,
        expect: '100-continue',
      }),
    );
    const got = await conn.answer;
    expect(got.text.startsWith('HTTP/1.1 415 ')).toBe(true);
    envelopeIn(got);
  });

  it('Expect: 100-continue on a good request: 100 Continue, then the body, then 200', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(
      requestHead('POST', PATH, {
        ...json,
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      }),
    );
    await until(() => conn.received().startsWith('HTTP/1.1 100 Continue\r\n\r\n'), '100 Continue');
    conn.socket.write(body);
    const got = await conn.answer;
    expect(got.status).toBe(200);
    expect(envelopeIn(got).status).toBe('SUCCESS');
  });

  it('an unknown Expect gets a 417 FAILED envelope, not a bare 417', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(requestHead('POST', PATH, { ...json, 'content-length': 2, expect: 'tea' }));
    const got = await conn.answer;
    expect(got.status).toBe(417);
    expect(envelopeIn(got).error?.type).toBe('EXPECTATION_FAILED');
  });

  it('HTTP/1.1 without Host gets a 400 FAILED envelope; HTTP/1.0 without Host is served', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(requestHead('GET', '/health', {}, { host: false }));
    const got = await conn.answer;
    expect(got.status).toBe(400);
    expect(envelopeIn(got).error?.message).toContain('Host');
    const old = openRaw(server.url, sockets);
    old.socket.write(requestHead('GET', '/health', {}, { host: false, version: '1.0' }));
    expect((await old.answer).status).toBe(200);
  });
});

describe('a refused upload', () => {
  it('a 10 MB chunked upload sent in full before reading gets its 413, not EPIPE or a reset', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(requestHead('POST', PATH, { ...json, 'transfer-encoding': 'chunked' }));
    const piece = 'y'.repeat(64 * 1024);
    for (let sent = 0; sent < 10 * 1024 * 1024 && !conn.socket.destroyed; sent += piece.length) {
      if (!conn.socket.write(`${piece.length.toString(16)}\r\n${piece}\r\n`)) {
        await Promise.race([new Promise((resolve) => conn.socket.once('drain', resolve)), conn.closed]);
      }
    }
    conn.socket.write('0\r\n\r\n');
    const got = await conn.answer;
    expect(got.error).toBeUndefined();
    expect(got.status).toBe(413);
    expect(envelopeIn(got).error?.type).toBe('PAYLOAD_TOO_LARGE');
    // Drained, the connection is still usable.
    conn.socket.write(requestHead('GET', '/health', { connection: 'close' }));
    await within(conn.closed, 5_000, 'close');
    expect(conn.received()).toMatch(/HTTP\/1\.1 200 OK/);
  });
});

describe('shutdown', () => {
  it('a connection accepted but not yet read when close() starts gets a 503 envelope, not a reset', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const conn = openRaw(server.url, sockets);
    await new Promise<void>((resolve) => conn.socket.once('connect', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 50)); // accepted by the server
    conn.socket.write(
      requestHead('POST', PATH, { ...json, 'content-length': Buffer.byteLength(body) }) + body,
    );
    const closing = server.close();
    const got = await conn.answer;
    expect(got.status).toBe(503);
    expect(envelopeIn(got).error?.type).toBe('SHUTTING_DOWN');
    expect(got.headers['retry-after']).toBe('1');
    await closing;
    server = undefined;
  });

  it('a connection opened as close() starts (not yet accepted) gets a 503 envelope, not refused or reset', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    // Connecting while close() starts in the same tick: the server has not accepted it yet.
    const conn = openRaw(server.url, sockets);
    const closing = server.close();
    conn.socket.write(requestHead('GET', '/health'));
    const got = await within(conn.answer, 5_000, 'an answer');
    expect(got.error).toBeUndefined();
    expect(got.status).toBe(503);
    expect(envelopeIn(got).error?.type).toBe('SHUTTING_DOWN');
    await closing;
    server = undefined;
  });

  it('a request sent on an idle keep-alive connection as close() starts gets a 503 envelope', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const conn = openRaw(server.url, sockets);
    conn.socket.write(requestHead('GET', '/health'));
    expect((await conn.answer).status).toBe(200);
    const before = conn.received().length;
    conn.socket.write(requestHead('GET', '/health'));
    const closing = server.close();
    await within(conn.closed, 5_000, 'close');
    expect(conn.received().slice(before)).toMatch(/^HTTP\/1\.1 503 /);
    await closing;
    server = undefined;
  });
});

describe('path tricks', () => {
  it('encoded and raw dot segments are answered 400, never routed', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    for (const path of [
      '/api/v1/x/%2e%2e/campaigns/generate',
      '/api/v1/x/%2E%2e/campaigns/generate',
      '/api/v1/campaigns/%2e/generate',
      '/api/v1/x/../campaigns/generate',
      '/api/v1/x/..%5c../campaigns/generate'.replace('%5c', '\\'),
      'http://127.0.0.1/api/v1/x/%2e%2e/campaigns/generate',
    ]) {
      const conn = openRaw(server.url, sockets);
      conn.socket.write(
        requestHead('POST', path, {
          ...json,
          'content-length': Buffer.byteLength(body),
          connection: 'close',
        }) + body,
      );
      const got = await conn.answer;
      expect(got.status, path).toBe(400);
      expect(envelopeIn(got).error?.message).toContain('segments');
    }
  });

  it('with basePath the routes answer under it and nowhere else', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, basePath: '/aicmo/' });
    expect((await fetch(`${server.url}/aicmo/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(404);
    expect((await fetch(`${server.url}/aicmohealth`)).status).toBe(404);
    const response = await fetch(`${server.url}/aicmo${PATH}`, { method: 'POST', headers: json, body });
    expect(response.status).toBe(200);
    await expect(startReferenceServer({ chain: stubChain(), port: 0, basePath: 'aicmo' })).rejects.toThrow(
      RangeError,
    );
  });
});
