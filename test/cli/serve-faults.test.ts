/**
 * `aicmo serve` (from source) wired to a real OpenAI-wire peer on 127.0.0.1
 * through OPENAI_BASE_URL, and `aicmo smoke` against misbehaving backends:
 * a client that disconnects mid-generation cancels the upstream requests,
 * SIGTERM with requests in flight lets them finish and exits 0, and smoke
 * maps resets, hangs, HTML and FAILED envelopes to the CONTRACT §3 codes.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve.js';
import { smokeCommand } from '../../src/cli/smoke.js';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { fakeIo } from './helpers.js';

const KEY = 'sk-servefaults-KEY-0123456789abcdefABCDEF';
const PATH = '/api/v1/campaigns/generate';
const BODY = JSON.stringify({
  campaign_name: 'Spring Launch',
  objectives: ['Awareness'],
  platforms: ['LinkedIn'],
  budget: 5000,
  timeline_days: 30,
});

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await closeServer(server);
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  return listenOnLoopback(server);
}

/** An OpenAI-wire peer that answers after `delayMs`, recording requests and early closes. */
async function peer(delayMs: number) {
  const state = { requests: 0, closedEarly: 0 };
  const url = await listen((req, res) => {
    state.requests++;
    req.resume();
    const timer = setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          model: 'gpt-4o-mini',
          choices: [
            { index: 0, message: { role: 'assistant', content: 'A post. #launch' }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
    }, delayMs);
    res.on('close', () => {
      if (!res.writableFinished) {
        clearTimeout(timer);
        state.closedEarly++;
      }
    });
  });
  return { url, state };
}

/** Runs `aicmo serve` in-process; `stop()` plays the SIGTERM. */
async function serve(env: Record<string, string>, args: string[] = []) {
  let signal: (name: string) => void = () => {};
  const io = fakeIo({ env });
  io.waitForShutdownSignal = () =>
    new Promise((resolve) => {
      signal = resolve;
    });
  const exited = serveCommand(['--port', '0', '--quiet', ...args], io);
  for (let i = 0; i < 200 && !io.stdout.some((line) => line.startsWith('Listening on ')); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  const line = io.stdout.find((l) => l.startsWith('Listening on '));
  if (!line) throw new Error(`serve did not start: ${io.text()}`);
  return { url: line.slice('Listening on '.length), io, exited, stop: () => signal('SIGTERM') };
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('aicmo serve over a real provider peer', () => {
  it('a client that disconnects mid-generation cancels every upstream request; the server stays up', async () => {
    const upstream = await peer(60_000);
    const server = await serve({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${upstream.url}/v1` });
    const req = httpRequest(`${server.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => {});
    req.end(BODY);
    await until(() => upstream.state.requests > 0, 'the upstream request');
    req.destroy();
    await until(() => upstream.state.closedEarly === upstream.state.requests, 'upstream cancellation');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    server.stop();
    expect(await server.exited).toBe(0);
    expect(server.io.text()).not.toContain(KEY);
  });

  it('SIGTERM with requests in flight: they finish with valid envelopes, then exit 0', async () => {
    const upstream = await peer(300);
    const server = await serve({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${upstream.url}/v1` });
    const pending = Array.from({ length: 5 }, () =>
      fetch(`${server.url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
      }).then(async (r) => ({ status: r.status, json: await r.json() })),
    );
    await until(() => upstream.state.requests >= 5, 'the upstream requests');
    server.stop();
    for (const answer of await Promise.all(pending)) {
      expect(answer.status).toBe(200);
      expect(validateDeliverablesEnvelope(answer.json).valid).toBe(true);
    }
    expect(await server.exited).toBe(0);
    expect(server.io.stderr.join('\n')).toContain('Stopped.');
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

describe('aicmo serve limits and shutdown', () => {
  it('SIGTERM: a connection accepted but not yet read is answered 503 SHUTTING_DOWN, not reset', async () => {
    const server = await serve({ AICMO_DEV_STUBS: '1' });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', () => {});
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.once('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(
      `POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`,
    );
    server.stop();
    await closed;
    expect(text).toMatch(/^HTTP\/1\.1 503 /);
    const json = JSON.parse(
      text.slice(text.indexOf('\r\n\r\n') + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ''),
    );
    expect(validateDeliverablesEnvelope(json).valid).toBe(true);
    expect(json.error.type).toBe('SHUTTING_DOWN');
    expect(await server.exited).toBe(0);
  });

  it('--max-connections caps open connections with 503 envelopes; --health-details shows the counters', async () => {
    const server = await serve({ AICMO_DEV_STUBS: '1' }, ['--max-connections', '1', '--health-details']);
    const { port } = new URL(server.url);
    const holder = connect(Number(port), '127.0.0.1');
    holder.on('error', () => {});
    holder.write('GET /health HTTP/1.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await fetch(`${server.url}/health`);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('TOO_MANY_CONNECTIONS');
    holder.destroy();
    let health: Response | undefined;
    for (let i = 0; i < 50 && health?.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      health = await fetch(`${server.url}/health`, { headers: { connection: 'close' } });
    }
    expect(health?.status).toBe(200);
    const body = (await health?.json()) as { providers: Array<Record<string, unknown>> };
    expect(body.providers[0]).toHaveProperty('total_calls');
    server.stop();
    expect(await server.exited).toBe(0);
  });
});

describe('aicmo smoke against misbehaving backends', () => {
  it.each([
    ['reset', 2],
    ['hang', 2],
    ['html-500', 2],
    ['html-200', 3],
    ['failed-envelope', 2],
    ['invalid-envelope', 3],
  ] as const)('%s → exit %i, with a JSON report', async (fault, code) => {
    const url = await listen((req, res) => {
      req.resume();
      req.on('end', () => {
        switch (fault) {
          case 'reset':
            return req.socket.destroy();
          case 'hang':
            return;
          case 'html-500':
            res.writeHead(500, { 'content-type': 'text/html' });
            return res.end('<html>boom</html>');
          case 'html-200':
            res.writeHead(200, { 'content-type': 'text/html' });
            return res.end('<html>login</html>');
          case 'failed-envelope':
            res.writeHead(503, { 'content-type': 'application/json' });
            return res.end(
              JSON.stringify({
                status: 'FAILED',
                module: 'campaigns',
                run_id: 'r',
                meta: { timestamp: '2025-12-17T10:30:00.123456', provider: 'none' },
                deliverables: [],
                error: { type: 'ALL_PROVIDERS_FAILED', message: 'down', code: 503 },
              }),
            );
          case 'invalid-envelope':
            res.writeHead(200, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ status: 'SUCCESS', deliverables: [] }));
        }
      });
    });
    const io = fakeIo();
    const exit = await smokeCommand(['--url', url, '--json', '--timeout-ms', '500'], io);
    expect(exit).toBe(code);
    const report = JSON.parse(io.stdout.join('\n')) as { ok: boolean; exit_code: number };
    expect(report).toMatchObject({ ok: false, exit_code: code });
  });
});
