/**
 * The reference server on a real socket under the faults an external harness
 * injects: disconnects mid-generation, slow-drip and never-ending bodies,
 * lying Content-Length, gzip bodies, deep JSON, huge bodies, 200 concurrent
 * requests, odd methods, non-UTF-8 and non-object JSON, shutdown with
 * requests in flight. Raw `node:net` sockets so the test controls every byte.
 */
import { createServer } from 'node:http';
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import {
  anthropicProvider,
  type ChainResult,
  type GenerateRequest,
  openaiProvider,
  ProviderChain,
} from '../../src/providers/index.js';
import { type ReferenceChain, type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { CAMPAIGN, stubChain } from './helpers.js';

const PATH = '/api/v1/campaigns/generate';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

let server: RunningServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.close();
  server = undefined;
  expect(unhandled).toEqual([]);
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (FIN or reset). */
  closed: boolean;
}

function parseAnswer(text: string, closed: boolean): RawAnswer | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = text.slice(end + 4);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (Buffer.byteLength(body) < length) return undefined;
    body = Buffer.from(body).subarray(0, length).toString();
  } else if (headers['transfer-encoding'] === 'chunked') {
    if (!body.includes('\r\n0\r\n\r\n') && !body.startsWith('0\r\n')) return undefined;
    let out = '';
    let rest = body;
    for (;;) {
      const nl = rest.indexOf('\r\n');
      const size = Number.parseInt(rest.slice(0, nl), 16);
      if (!size) break;
      out += rest.slice(nl + 2, nl + 2 + size);
      rest = rest.slice(nl + 2 + size + 2);
    }
    body = out;
  } else if (!closed) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body, closed };
}

/** Opens a socket; `answer` resolves with the first complete HTTP response (or what came before close). */
function open(url: string) {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  let text = '';
  const answer = new Promise<RawAnswer>((resolve) => {
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const parsed = parseAnswer(text, false);
      if (parsed) resolve(parsed);
    });
    socket.on('close', () => {
      resolve(parseAnswer(text, true) ?? { status: 0, headers: {}, body: text, closed: true });
    });
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, answer, closed };
}

function head(method: string, headers: Record<string, string | number>, path = PATH): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function envelope(answer: RawAnswer) {
  const json = JSON.parse(answer.body) as { status: string; error: { type: string; code?: number } | null };
  const check = validateDeliverablesEnvelope(json);
  expect(check.errors).toEqual([]);
  return json;
}

const body = JSON.stringify(CAMPAIGN);

/** A chain that waits until its signal aborts (or `release` is called), recording aborts. */
function slowChain() {
  const state = { calls: 0, aborts: 0, release: () => {} };
  let released = false;
  const waiters: Array<() => void> = [];
  state.release = () => {
    released = true;
    for (const wake of waiters.splice(0)) wake();
  };
  const inner = stubChain();
  const chain: ReferenceChain = {
    status: () => inner.status(),
    async generate(request: GenerateRequest, options) {
      state.calls++;
      const signal = options?.signal;
      await new Promise<void>((resolve, reject) => {
        if (released) return resolve();
        waiters.push(resolve);
        signal?.addEventListener('abort', () => {
          state.aborts++;
          reject(signal.reason);
        });
      });
      return (await inner.generate(request, options)) as ChainResult;
    },
  };
  return { chain, state };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('reference server: request-side faults on a real socket', () => {
  it('client disconnect mid-generation aborts every chain call, and the server stays up', async () => {
    const { chain, state } = slowChain();
    server = await startReferenceServer({ chain, port: 0 });
    const { socket } = open(server.url);
    socket.write(head('POST', { 'content-type': 'application/json', 'content-length': body.length }) + body);
    await until(() => state.calls > 0, 'the chain call');
    socket.destroy();
    await until(() => state.aborts === state.calls, 'every chain call to abort');
    state.release();
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it('a client that disconnects halfway through its body leaves the server up, with nothing unhandled', async () => {
    const { chain, state } = slowChain();
    server = await startReferenceServer({ chain, port: 0 });
    for (let i = 0; i < 20; i++) {
      const { socket, closed } = open(server.url);
      socket.write(head('POST', { 'content-type': 'application/json', 'content-length': body.length }));
      socket.write(body.slice(0, 20));
      await new Promise((resolve) => setTimeout(resolve, 5));
      socket.destroy();
      await closed;
    }
    expect(state.calls).toBe(0);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('oversized headers and pipelined requests on one socket', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const big = open(server.url);
    big.socket.write(head('POST', { 'content-type': 'application/json', 'x-padding': 'p'.repeat(20_000) }));
    const got = await big.answer;
    expect(got.status).toBe(431);
    expect(envelope(got).error?.type).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');

    const piped = open(server.url);
    let text = '';
    piped.socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
    });
    const one = head('POST', { 'content-type': 'application/json', 'content-length': body.length }) + body;
    piped.socket.write(one + head('GET', {}, '/health') + one.replace('POST', 'PUT'));
    await until(() => (text.match(/HTTP\/1\.1 /g) ?? []).length === 3, 'three pipelined answers');
    expect([...text.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => m[1])).toEqual(['200', '200', '405']);
  });

  it('a slow-drip body (one byte per 100 ms) is cut by the body time limit with a 408 FAILED envelope', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, bodyTimeoutMs: 400 });
    const { socket, answer } = open(server.url);
    socket.write(head('POST', { 'content-type': 'application/json', 'content-length': body.length }));
    let i = 0;
    const drip = setInterval(() => {
      if (i < body.length && !socket.destroyed) socket.write(body[i++] as string);
    }, 100);
    try {
      const got = await answer;
      expect(got.status).toBe(408);
      expect(envelope(got).error?.type).toBe('REQUEST_TIMEOUT');
      expect(got.headers.connection).toBe('close');
    } finally {
      clearInterval(drip);
    }
  });

  it('a body that never ends (Content-Length larger than what is sent) gets a 408 and the socket is closed', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, bodyTimeoutMs: 300 });
    const { socket, answer, closed } = open(server.url);
    socket.write(
      head('POST', { 'content-type': 'application/json', 'content-length': body.length + 50 }) + body,
    );
    const got = await answer;
    expect(got.status).toBe(408);
    expect(envelope(got).error?.code).toBe(408);
    await closed;
  });

  it('an endless chunked body gets a 408 too', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0, bodyTimeoutMs: 300 });
    const { socket, answer, closed } = open(server.url);
    socket.write(head('POST', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
    socket.write('1\r\n{\r\n');
    const got = await answer;
    expect(got.status).toBe(408);
    envelope(got);
    await closed;
  });

  it('a Content-Length smaller than the body: a 400 FAILED envelope, whichever of the two parts fails first', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const { socket, answer } = open(server.url);
    socket.write(
      `${head('POST', { 'content-type': 'application/json', 'content-length': body.length - 5 })}${body}`,
    );
    const got = await answer;
    expect(got.status).toBe(400);
    expect(['INVALID_JSON', 'BAD_REQUEST']).toContain(envelope(got).error?.type);
  });

  it('a gzip Content-Encoding body is refused with 415 and a FAILED envelope that says to send identity', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const zipped = gzipSync(body);
    const response = await fetch(`${server.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: zipped,
    });
    expect(response.status).toBe(415);
    const json = (await response.json()) as { error: { type: string; message: string } };
    expect(validateDeliverablesEnvelope(json).valid).toBe(true);
    expect(json.error.type).toBe('UNSUPPORTED_CONTENT_ENCODING');
    expect(response.headers.get('accept-encoding')).toBe('identity');
  });

  it('deeply nested JSON (100k levels) is a 400/422, not a crash', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    for (const deep of [
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `{"notes":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    ]) {
      const response = await fetch(`${server.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: deep,
      });
      expect([400, 422]).toContain(response.status);
      expect(validateDeliverablesEnvelope(await response.json()).valid).toBe(true);
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('a 50 MB body gets 413 without the server reading it all', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    // Declared: refused from the header alone; the client can read the answer before it sends the rest.
    const declared = open(server.url);
    declared.socket.write(
      head('POST', { 'content-type': 'application/json', 'content-length': 50 * 1024 * 1024 }),
    );
    declared.socket.write('x'.repeat(64 * 1024));
    const got = await declared.answer;
    expect(got.status).toBe(413);
    expect(envelope(got).error?.type).toBe('PAYLOAD_TOO_LARGE');
    await declared.closed;

    // Chunked: counted while streaming; the connection is closed instead of draining 50 MB.
    const chunked = open(server.url);
    chunked.socket.write(
      head('POST', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
    );
    const piece = 'y'.repeat(64 * 1024);
    let sent = 0;
    while (sent < 50 * 1024 * 1024 && !chunked.socket.destroyed) {
      const ok = chunked.socket.write(`${piece.length.toString(16)}\r\n${piece}\r\n`);
      sent += piece.length;
      if (!ok) {
        const drained = await Promise.race([
          new Promise<boolean>((resolve) => chunked.socket.once('drain', () => resolve(true))),
          chunked.closed.then(() => false),
        ]);
        if (!drained) break;
      }
    }
    const answer2 = await chunked.answer;
    expect(answer2.status).toBe(413);
    envelope(answer2);
    await chunked.closed;
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('200 concurrent requests on a stub chain all get valid envelopes', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const url = `${server.url}${PATH}`;
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-trace-id': `c-${i}` },
          body,
        }).then(async (r) => ({
          status: r.status,
          json: await r.json(),
          trace: r.headers.get('x-trace-id'),
        })),
      ),
    );
    answers.forEach((a, i) => {
      expect(a.status).toBe(200);
      expect(validateDeliverablesEnvelope(a.json).valid).toBe(true);
      expect(a.trace).toBe(`c-${i}`);
    });
  });

  it('HEAD, OPTIONS, PUT and an unknown method get proper answers', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const headAnswer = await fetch(`${server.url}${PATH}`, { method: 'HEAD' });
    expect(headAnswer.status).toBe(405);
    expect(headAnswer.headers.get('allow')).toBe('POST');
    for (const method of ['OPTIONS', 'PUT', 'DELETE']) {
      const response = await fetch(`${server.url}${PATH}`, { method });
      expect(response.status).toBe(405);
      expect(validateDeliverablesEnvelope(await response.json()).valid).toBe(true);
    }
    const odd = open(server.url);
    odd.socket.write(head('BREW', { 'content-length': 0 }));
    const got = await odd.answer;
    expect(got.status).toBe(400);
    expect(envelope(got).error?.type).toBe('BAD_REQUEST');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('TRACE and CONNECT get 405 FAILED envelopes, TRACK a 400; an absolute-form target is routed by its path', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    for (const [method, target] of [
      ['TRACE', PATH],
      ['CONNECT', '127.0.0.1:80'],
    ] as const) {
      const { socket, answer } = open(server.url);
      socket.write(head(method, { 'content-length': 0 }, target));
      const got = await answer;
      expect(got.status, method).toBe(405);
      expect(envelope(got).error?.type).toBe('METHOD_NOT_ALLOWED');
    }
    // A method Node's parser does not know is a parse error: 400.
    const track = open(server.url);
    track.socket.write(head('TRACK', { 'content-length': 0 }, '/health'));
    const tracked = await track.answer;
    expect(tracked.status).toBe(400);
    expect(envelope(tracked).error?.type).toBe('BAD_REQUEST');
    const absolute = open(server.url);
    absolute.socket.write(head('GET', {}, 'http://127.0.0.1/health?x=1'));
    const got = await absolute.answer;
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ status: 'ok' });
  });

  it('a non-UTF-8 body is a 400 and JSON arrays / null / numbers are a 422', async () => {
    server = await startReferenceServer({ chain: stubChain(), port: 0 });
    const latin1 = Buffer.from(body.replace('Spring', 'Spr\u00efng'), 'latin1');
    const bad = await fetch(`${server.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: latin1,
    });
    expect(bad.status).toBe(400);
    expect(validateDeliverablesEnvelope(await bad.json()).valid).toBe(true);
    for (const payload of ['[]', 'null', '42', '"x"', `[${body}]`]) {
      const response = await fetch(`${server.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload,
      });
      expect(response.status).toBe(422);
      const json = (await response.json()) as { error: { details: { issues: unknown[] } } };
      expect(validateDeliverablesEnvelope(json).valid).toBe(true);
      expect(json.error.details.issues).toEqual([
        { path: [], code: 'invalid_type', message: 'the campaigns request must be a JSON object' },
      ]);
    }
  });

  it('close() with requests in flight: they get a FAILED envelope after the grace, then it resolves', async () => {
    const { chain } = slowChain();
    server = await startReferenceServer({ chain, port: 0, shutdownGraceMs: 200 });
    const pending = fetch(`${server.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.close();
    const response = await pending;
    expect(response.status).toBe(503);
    const json = (await response.json()) as { error: { type: string } };
    expect(validateDeliverablesEnvelope(json).valid).toBe(true);
    expect(json.error.type).toBe('ABORTED');
    await closing;
    server = undefined;
  });

  it('close() lets an in-flight request that finishes within the grace answer normally', async () => {
    const { chain, state } = slowChain();
    server = await startReferenceServer({ chain, port: 0, shutdownGraceMs: 5_000 });
    const pending = fetch(`${server.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await until(() => state.calls > 0, 'the chain call');
    const closing = server.close();
    state.release();
    const response = await pending;
    expect(response.status).toBe(200);
    await closing;
    server = undefined;
  });

  it('providers that echo the key in a 401 and answer HTML 500s: a 503 FAILED envelope with no key in it', async () => {
    const OPENAI_KEY = 'sk-faults-OPENAI-0123456789abcdefABCDEF';
    const ANTHROPIC_KEY = 'sk-ant-faults-ANTHROPIC-0123456789abcdef';
    const peer = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.includes('/messages')) {
          res.writeHead(500, { 'content-type': 'text/html' });
          res.end(`<html>upstream key ${ANTHROPIC_KEY} failed</html>`);
          return;
        }
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: `Incorrect API key provided: ${OPENAI_KEY}.`, code: 'invalid_api_key' },
          }),
        );
      });
    });
    const origin = await listenOnLoopback(peer);
    try {
      const chain = new ProviderChain({
        providers: [
          openaiProvider({ apiKey: OPENAI_KEY, baseURL: `${origin}/v1`, model: 'gpt-4o-mini' }),
          anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: origin, model: 'claude-3-5-haiku-latest' }),
        ],
        maxRetries: 1,
        backoff: { initialDelayMs: 1, maxDelayMs: 2 },
      });
      server = await startReferenceServer({ chain, port: 0 });
      const response = await fetch(`${server.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      expect(response.status).toBe(503);
      expect(JSON.parse(text)).toMatchObject({ status: 'FAILED', error: { type: 'ALL_PROVIDERS_FAILED' } });
      const health = await (await fetch(`${server.url}/health`)).text();
      for (const key of [OPENAI_KEY, ANTHROPIC_KEY]) {
        expect(text).not.toContain(key);
        expect(health).not.toContain(key);
      }
    } finally {
      await closeServer(peer);
    }
  });
});
