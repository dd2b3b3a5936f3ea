/**
 * The real SDKs against a real HTTP server on 127.0.0.1 that misbehaves at
 * the socket level: resets, hangs (before headers and mid-stream), HTML
 * gateway errors. Every failure must come out as the right ProviderError kind.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anthropicProvider,
  groqProvider,
  isProviderError,
  openaiProvider,
  type Provider,
  type ProviderError,
} from '../../../src/providers/index.js';

type Fault = 'reset' | 'hang' | 'html502' | 'stream-stall' | 'stream-reset';
let fault: Fault = 'reset';
let server: Server;
let base = '';
const sockets = new Set<import('node:net').Socket>();

function firstChunk(url: string): string {
  if (url.includes('/v1/messages')) {
    return [
      `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } })}\n\n`,
      `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } })}\n\n`,
    ].join('');
  }
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\n`;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    switch (fault) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return;
      case 'html502':
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>502 Bad Gateway</body></html>');
        return;
      case 'stream-stall':
      case 'stream-reset':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(firstChunk(req.url ?? ''));
        if (fault === 'stream-reset') setTimeout(() => req.socket.destroy(), 20);
        return;
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const adapters: Array<[string, () => Provider]> = [
  ['openai', () => openaiProvider({ apiKey: 'sk-test-0123456789', model: 'm', baseURL: `${base}/v1` })],
  ['anthropic', () => anthropicProvider({ apiKey: 'sk-ant-test-0123456789', model: 'm', baseURL: base })],
  ['groq', () => groqProvider({ apiKey: 'gsk_test_0123456789', model: 'm', baseURL: base })],
];

async function failure(run: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await run();
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

async function drain(provider: Provider, signal: AbortSignal, seen: string[]): Promise<void> {
  for await (const chunk of provider.stream!({ prompt: 'x' }, { signal })) {
    if (chunk.type === 'delta') seen.push(chunk.text);
  }
}

describe.each(adapters)('%s SDK against a misbehaving server', (_name, make) => {
  it('a connection reset is a network error', async () => {
    fault = 'reset';
    const error = await failure(() =>
      make().generate({ prompt: 'x' }, { signal: AbortSignal.timeout(5000) }),
    );
    expect(error.kind).toBe('network');
  });

  it('a hung request ends with the signal: timeout for a TimeoutError, aborted for a caller abort', async () => {
    fault = 'hang';
    expect(
      (await failure(() => make().generate({ prompt: 'x' }, { signal: AbortSignal.timeout(50) }))).kind,
    ).toBe('timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    expect((await failure(() => make().generate({ prompt: 'x' }, { signal: controller.signal }))).kind).toBe(
      'aborted',
    );
  });

  it('an HTML 502 from a gateway is a server error', async () => {
    fault = 'html502';
    const error = await failure(() =>
      make().generate({ prompt: 'x' }, { signal: AbortSignal.timeout(5000) }),
    );
    expect(error.kind).toBe('server');
    expect(error.status).toBe(502);
  });

  it('a stream that stalls after its first delta ends with the signal, after yielding that delta', async () => {
    fault = 'stream-stall';
    const seen: string[] = [];
    const error = await failure(() => drain(make(), AbortSignal.timeout(150), seen));
    expect(seen).toEqual(['Hi']);
    expect(error.kind).toBe('timeout');
  });

  it('a stream whose connection resets mid-way is a network error, after the deltas it got', async () => {
    fault = 'stream-reset';
    const seen: string[] = [];
    const error = await failure(() => drain(make(), AbortSignal.timeout(5000), seen));
    expect(seen).toEqual(['Hi']);
    expect(error.kind).toBe('network');
  });
});
