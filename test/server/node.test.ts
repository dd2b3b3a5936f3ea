import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSuccessEnvelope, validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { ChainAbortedError } from '../../src/providers/index.js';
import {
  createGenerateHandler,
  type RunningServer,
  startReferenceServer,
  toNodeListener,
} from '../../src/server/index.js';
import { CAMPAIGN, EchoInput, stubChain } from './helpers.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A raw HTTP request (so the test controls chunking and headers). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: string[] },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe('startReferenceServer + toNodeListener', () => {
  it('serves the reference endpoints over a real socket', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/api/v1/campaigns/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trace-id': 'node-1' },
      body: JSON.stringify(CAMPAIGN),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace-id')).toBe('node-1');
    const body = await response.json();
    expect(validateDeliverablesEnvelope(body).valid).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('answers 413 to a chunked body without Content-Length that grows past the limit', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, maxBodyBytes: 1024 });
    const chunks = Array.from({ length: 64 }, () => 'x'.repeat(256));
    const response = await raw(`${server.url}/api/v1/campaigns/generate`, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks,
    });
    expect(response.status).toBe(413);
    const body = JSON.parse(response.body);
    expect(body.error.type).toBe('PAYLOAD_TOO_LARGE');
    expect(validateDeliverablesEnvelope(body).valid).toBe(true);
  });

  it('answers HEAD without a body and rejects bad requests with valid FAILED envelopes', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const head = await raw(`${server.url}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const cases: Array<[number, { method?: string; headers: Record<string, string>; chunks: string[] }]> = [
      [415, { headers: { 'content-type': 'text/plain' }, chunks: ['hi'] }],
      [400, { headers: { 'content-type': 'application/json' }, chunks: ['{oops'] }],
      [405, { method: 'PUT', headers: { 'content-type': 'application/json' }, chunks: ['{}'] }],
    ];
    for (const [status, options] of cases) {
      const response = await raw(`${server.url}/api/v1/campaigns/generate`, options);
      expect(response.status).toBe(status);
      expect(validateDeliverablesEnvelope(JSON.parse(response.body)).valid).toBe(true);
      expect(response.headers['x-trace-id']).toBeTruthy();
    }
  });

  it('aborts the request signal when the client disconnects', async () => {
    const { createServer } = await import('node:http');
    let sawAbort: (value: boolean) => void = () => {};
    const aborted = new Promise<boolean>((resolve) => {
      sawAbort = resolve;
    });
    let started: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      started = resolve;
    });
    const handler = createGenerateHandler({
      module: 'echo',
      input: EchoInput,
      generate: (_input, { signal }) =>
        new Promise((_resolve, reject) => {
          started();
          signal.addEventListener('abort', () => {
            sawAbort(true);
            reject(new ChainAbortedError({ attempts: [], reason: signal.reason }));
          });
        }),
    });
    const http = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as { port: number };
    const req = httpRequest(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => {});
    req.end('{"name":"a"}');
    await inHandler;
    req.destroy();
    expect(await aborted).toBe(true);
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it('answers a bare 500 envelope when a handler throws', async () => {
    const { createServer } = await import('node:http');
    const errors: unknown[] = [];
    const http = createServer(
      toNodeListener(
        async () => {
          throw new Error('bug with sk-proj-abcdefghijklmnopqrstuvwx');
        },
        { onError: (error) => errors.push(error) },
      ),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as { port: number };
    const response = await raw(`http://127.0.0.1:${port}/`, { method: 'GET' });
    expect(response.status).toBe(500);
    expect(response.body).not.toContain('sk-proj');
    expect(validateDeliverablesEnvelope(JSON.parse(response.body)).valid).toBe(true);
    expect(errors).toHaveLength(1);
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it('reports a busy port as a listen error, and close() is idempotent', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    await expect(startReferenceServer({ chain: stubChain(), port: server.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await Promise.all([server.close(), server.close()]);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    server = undefined;
  });
});

describe('toNodeListener on a plain node:http server', () => {
  const echo = createGenerateHandler({
    module: 'echo',
    input: EchoInput,
    maxBodyBytes: 64,
    generate: async (input) =>
      createSuccessEnvelope({
        module: 'echo',
        provider: 'stub',
        deliverables: [{ kind: 'note', title: input.name, contentMarkdown: `Hello ${input.name}` }],
      }),
  });
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function listen(server: import('node:http').Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  it('once its signal aborts, new requests get 503 SHUTTING_DOWN with Retry-After', async () => {
    const { createServer } = await import('node:http');
    const shutdown = new AbortController();
    const url = await listen(createServer(toNodeListener(echo, { signal: shutdown.signal })));
    shutdown.abort();
    const response = await raw(`${url}/`, {
      headers: { 'content-type': 'application/json' },
      chunks: ['{"name":"a"}'],
    });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body).error.type).toBe('SHUTTING_DOWN');
    expect(response.headers['retry-after']).toBe('1');
  });

  it('registered for checkContinue, it sends 100 Continue only when the body is read', async () => {
    const { createServer } = await import('node:http');
    const server = createServer();
    const listener = toNodeListener(echo);
    server.on('request', listener);
    server.on('checkContinue', listener);
    const url = await listen(server);
    const continues: number[] = [];
    const ask = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${url}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            expect: '100-continue',
          },
        });
        req.on('continue', () => {
          continues.push(body.length);
          req.end(body);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
      });
    expect(await ask('{"name":"a"}')).toBe(200);
    expect(await ask(`{"name":"${'a'.repeat(100)}"}`)).toBe(413);
    expect(continues).toEqual([12]);
  });

  it('uses the body express.text() and express.raw() left (a string, a Buffer)', async () => {
    const { createServer } = await import('node:http');
    const { default: express } = await import('express');
    const app = express();
    app.use(express.text({ type: 'application/json' }));
    app.use(toNodeListener(echo));
    const textUrl = await listen(createServer(app));
    const viaText = await raw(`${textUrl}/`, {
      headers: { 'content-type': 'application/json' },
      chunks: ['{"name":"t"}'],
    });
    expect(viaText.status).toBe(200);
    expect(JSON.parse(viaText.body).deliverables[0].title).toBe('t');
    const rawApp = express();
    rawApp.use(express.raw({ type: 'application/json' }));
    rawApp.use(toNodeListener(echo));
    const rawUrl = await listen(createServer(rawApp));
    const viaRaw = await raw(`${rawUrl}/`, {
      headers: { 'content-type': 'application/json' },
      chunks: ['{"name":"r"}'],
    });
    expect(viaRaw.status).toBe(200);
    expect(JSON.parse(viaRaw.body).deliverables[0].title).toBe('r');
  });
});

describe('toNodeListener options', () => {
  it('rejects a negative or fractional maxDrainBytes or drainTimeoutMs', () => {
    const handler = async () => new Response(null);
    expect(() => toNodeListener(handler, { maxDrainBytes: -1 })).toThrow(RangeError);
    expect(() => toNodeListener(handler, { drainTimeoutMs: 1.5 })).toThrow(RangeError);
    expect(() => toNodeListener(handler, { maxDrainBytes: 0, drainTimeoutMs: 0 })).not.toThrow();
  });
});
