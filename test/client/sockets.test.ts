/**
 * Real sockets, no MSW: a node:http server on 127.0.0.1 (port 0). Connection
 * refused on a closed port, a server that hangs, a connection cut mid-body,
 * and a full round trip.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackendClient } from '../../src/client/index.js';
import { campaign, successEnvelope, UUID_V4 } from './helpers.js';

const servers: Server[] = [];

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

describe('against a real node:http server on 127.0.0.1', () => {
  it('round trip: JSON body and headers arrive, the envelope comes back with the echoed trace id', async () => {
    const seen: { traceId?: string; contentType?: string; body?: unknown } = {};
    const url = await listen((req, res) => {
      let data = '';
      req.on('data', (chunk) => {
        data += chunk;
      });
      req.on('end', () => {
        seen.traceId = String(req.headers['x-trace-id']);
        seen.contentType = req.headers['content-type'];
        seen.body = JSON.parse(data);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(successEnvelope(seen.traceId)));
      });
    });
    const result = await createBackendClient({ baseUrl: `${url}/` }).generateCampaign(campaign);
    expect(result.ok).toBe(true);
    expect(seen.traceId).toMatch(UUID_V4);
    expect(result.traceId).toBe(seen.traceId);
    expect(result.ok && result.envelope.meta.trace_id).toBe(seen.traceId);
    expect(seen.contentType).toBe('application/json');
    expect(seen.body).toEqual(campaign);
  });

  it('connection refused on a closed port → CONNECTION_ERROR 503', async () => {
    const url = await listen(() => {});
    await close(servers.pop()!);
    const result = await createBackendClient({ baseUrl: url, timeoutMs: 5_000 }).generateCampaign(campaign);
    expect(result.error).toMatchObject({ type: 'CONNECTION_ERROR', code: 503 });
    expect(result.error?.message).toContain(url);
  });

  it('a server that accepts and never answers → TIMEOUT 504', async () => {
    const url = await listen(() => {
      // hang: never respond
    });
    const result = await createBackendClient({ baseUrl: url, timeoutMs: 150 }).generateCampaign(campaign);
    expect(result.error).toMatchObject({ type: 'TIMEOUT', code: 504 });
  });

  it('a server that sends headers then hangs mid-body → TIMEOUT 504', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":"SUCCESS",');
    });
    const result = await createBackendClient({ baseUrl: url, timeoutMs: 150 }).generateCampaign(campaign);
    expect(result.error).toMatchObject({ type: 'TIMEOUT', code: 504 });
  });

  it('a connection cut mid-body → CONNECTION_ERROR', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"status":"SUCCESS",');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const result = await createBackendClient({ baseUrl: url, timeoutMs: 5_000 }).generateCampaign(campaign);
    expect(result.error).toMatchObject({ type: 'CONNECTION_ERROR', code: 503 });
  });

  it('HTTP 422 FastAPI-style from a real server', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ detail: [{ loc: ['body', 'budget'], msg: 'Field required', type: 'missing' }] }),
      );
    });
    const result = await createBackendClient({ baseUrl: url }).generateCampaign(campaign);
    expect(result.error).toMatchObject({
      type: 'HTTP_422',
      code: 422,
      message: 'body.budget: Field required',
    });
  });
});
