/**
 * Secrets redacted by value: keys that look like nothing in particular (32
 * hex characters, a JWT, a custom token) and that an upstream echoes into
 * every field it controls never reach errors, status, summary, events,
 * request ids, results or envelope meta, although the chain was given no
 * `redact` list (the adapters register their keys).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isAllProvidersFailedError,
  openaiCompatibleProvider,
  openaiProvider,
  ProviderChain,
  toEnvelopeMeta,
} from '../../src/providers/index.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';

const HEX_KEY = '9f86d081884c7d659a2feaa0c55ad015';
const JWT_KEY =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhaWNtby10ZXN0In0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const KEYS = [HEX_KEY, JWT_KEY];

/** What the fake upstream does next, per path prefix. */
let mode: 'fail' | 'echo-success' = 'fail';
let server: Server;
let base = '';

function keyOf(req: IncomingMessage): string {
  return String(req.headers.authorization ?? '').replace(/^Bearer /, '');
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    raw += chunk;
  });
  req.on('end', () => {
    const key = keyOf(req); // the upstream echoes the key it received everywhere it can
    const streaming = (JSON.parse(raw) as { stream?: boolean }).stream === true;
    if (mode === 'fail') {
      const status = req.url?.startsWith('/a/') ? 500 : 401;
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': key });
      res.end(JSON.stringify({ error: { message: `bad key ${key}`, type: key, code: key, param: key } }));
      return;
    }
    if (streaming) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': key });
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        `data: ${JSON.stringify({ id: key, object: 'chat.completion.chunk', model: key, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: 'Hi' }, null));
      res.write(chunk({}, 'stop'));
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': key });
    res.end(
      JSON.stringify({
        id: key,
        object: 'chat.completion',
        model: key,
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  });
}

beforeAll(async () => {
  server = createServer(handle);
  base = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));

function makeChain() {
  const chain = new ProviderChain({
    providers: [
      openaiProvider({ apiKey: HEX_KEY, baseURL: `${base}/a/v1`, model: 'gpt-4o-mini' }),
      openaiCompatibleProvider({
        name: 'selfhosted',
        apiKey: JWT_KEY,
        baseURL: `${base}/b/v1`,
        model: 'llama3:8b',
      }),
    ],
    maxRetries: 0,
    tryOpenCircuitsAsLastResort: false,
  });
  const emitted: unknown[] = [];
  for (const event of ['attempt', 'fallback', 'circuitOpen', 'circuitClose'] as const) {
    chain.on(event, (payload) => emitted.push(payload));
  }
  return { chain, emitted };
}

function dump(...values: unknown[]): string {
  return values
    .map((value) => {
      let json = '';
      try {
        json = JSON.stringify(value) ?? '';
      } catch {
        json = '';
      }
      return `${inspect(value, { depth: 10 })}\n${json}\n${String(value)}`;
    })
    .join('\n');
}

function expectNoKey(text: string): void {
  for (const key of KEYS) {
    expect(text).not.toContain(key);
    // Not even a recognizable piece of it.
    expect(text).not.toContain(key.slice(0, 16));
  }
}

describe('secrets redacted by value', () => {
  it('errors, causes, JSON.stringify(error), status(), summary() and events never show an echoed key', async () => {
    mode = 'fail';
    const { chain, emitted } = makeChain();
    const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    if (!isAllProvidersFailedError(error)) return;
    // The upstream really echoed: the kinds come from its statuses.
    expect(error.errors.map((e) => [e.provider, e.kind])).toEqual([
      ['openai', 'server'],
      ['selfhosted', 'auth'],
    ]);
    expectNoKey(
      dump(
        error,
        error.stack,
        error.cause,
        ...error.errors,
        ...error.errors.map((e) => [e.message, e.model, e.requestId, e.cause]),
        chain.status(),
        chain.summary(),
        emitted,
      ),
    );
  });

  it('a direct adapter call (no chain) redacts its own key from the error too', async () => {
    mode = 'fail';
    const provider = openaiProvider({ apiKey: HEX_KEY, baseURL: `${base}/a/v1`, model: 'gpt-4o-mini' });
    const error = await provider
      .generate({ prompt: 'hi' }, { signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'server' });
    expectNoKey(dump(error, (error as Error).stack));
  });

  it('an upstream model string and request id that echo the key: the result and envelope meta keep neither', async () => {
    mode = 'echo-success';
    const { chain } = makeChain();
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('Hi');
    expect(result.model).toBe('gpt-4o-mini'); // the configured model stands in for the echoed one
    expect(result.requestId).toBeUndefined();
    expectNoKey(dump(result, toEnvelopeMeta(result), chain.status()));

    const streamed = await chain.generate({ prompt: 'hi' }, { stream: true });
    expect(streamed.text).toBe('Hi');
    expect(streamed.model).toBe('gpt-4o-mini');
    expectNoKey(dump(streamed, toEnvelopeMeta(streamed)));
  });

  it('summary() is names and states only, and says whether any provider can serve', async () => {
    mode = 'fail';
    const { chain } = makeChain();
    expect(chain.summary()).toEqual({
      serving: true,
      providers: [
        { name: 'openai', model: 'gpt-4o-mini', health: 'unknown', circuit: 'closed' },
        { name: 'selfhosted', model: 'llama3:8b', health: 'unknown', circuit: 'closed' },
      ],
    });
    // A 401 opens its circuit at once; three 500s open the other.
    for (let i = 0; i < 3; i++) await chain.generate({ prompt: 'hi' }).catch(() => undefined);
    const summary = chain.summary();
    expect(summary.serving).toBe(false);
    expect(summary.providers.map((p) => p.circuit)).toEqual(['open', 'open']);
    expect(Object.keys(summary.providers[0] ?? {}).sort()).toEqual(['circuit', 'health', 'model', 'name']);
  });
});
