/**
 * The adapters over the real `openai` and `@anthropic-ai/sdk` clients, in a
 * ProviderChain, against real HTTP peers on 127.0.0.1 that speak the OpenAI
 * and Anthropic wires and inject the faults an external harness would:
 * resets before headers and mid-stream, headers-then-hang, slow first byte,
 * 429 with Retry-After in seconds and as an HTTP date, 500 with HTML, 200
 * with invalid JSON or without `choices` / `content`, streams that end
 * without their end marker. The peer counts requests: the SDKs never retry
 * on their own (one retry loop: the chain's).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  anthropicProvider,
  type ChainEvents,
  groqProvider,
  isAllProvidersFailedError,
  isChainTimeoutError,
  isProviderError,
  isStreamInterruptedError,
  openaiCompatibleProvider,
  openaiProvider,
  ProviderChain,
  type ProviderChainOptions,
} from '../../src/providers/index.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';

const OPENAI_KEY = 'sk-peerfault-OPENAIKEY-0123456789abcdefXYZ';
const ANTHROPIC_KEY = 'sk-ant-peerfault-ANTHROPICKEY-0123456789';
const GROQ_KEY = 'gsk_peerfaultGROQKEY0123456789abcdefXYZ';

type Fault =
  | 'ok'
  | 'reset'
  | 'headers-hang'
  | 'slow-first-byte'
  | '429-seconds'
  | '429-date'
  | '500-html'
  | 'invalid-json'
  | 'html-200'
  | 'no-choices'
  | 'stream-ok'
  | 'stream-reset-after-deltas'
  | 'stream-reset-before-delta'
  | 'stream-no-end'
  | 'stream-error-event'
  | 'truncated-body'
  | '401-echo';

type Peer = 'openai' | 'anthropic';
let server: Server;
let base = '';
const script: Record<Peer, Fault[]> = { openai: [], anthropic: [] };
const seen: Record<Peer, number> = { openai: 0, anthropic: 0 };
const arrivals: Record<Peer, number[]> = { openai: [], anthropic: [] };
const keysSeen: string[] = [];
const timers = new Set<ReturnType<typeof setTimeout>>();
const open = new Set<ServerResponse>();

function later(fn: () => void, ms: number) {
  const timer = setTimeout(() => {
    timers.delete(timer);
    fn();
  }, ms);
  timers.add(timer);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const OPENAI_OK = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'from openai' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 },
};
const ANTHROPIC_OK = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-3-5-haiku-latest',
  content: [{ type: 'text', text: 'from anthropic' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 2 },
};

function sse(res: ServerResponse, data: unknown, event?: string) {
  res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}

function openaiDelta(res: ServerResponse, content: string, finish: string | null = null) {
  sse(res, {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: content ? { content } : {}, finish_reason: finish }],
  });
}

function anthropicStream(res: ServerResponse, fault: Fault) {
  sse(
    res,
    {
      type: 'message_start',
      message: {
        ...ANTHROPIC_OK,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 10, output_tokens: 0 },
      },
    },
    'message_start',
  );
  sse(
    res,
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    'content_block_start',
  );
  if (fault === 'stream-error-event') {
    sse(res, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error');
    return res.end();
  }
  if (fault === 'stream-reset-before-delta') return later(() => res.socket?.destroy(), 10);
  for (const text of ['Hello ', 'world'])
    sse(
      res,
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
      'content_block_delta',
    );
  if (fault === 'stream-reset-after-deltas') return later(() => res.socket?.destroy(), 10);
  sse(res, { type: 'content_block_stop', index: 0 }, 'content_block_stop');
  sse(
    res,
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 2 },
    },
    'message_delta',
  );
  if (fault === 'stream-no-end') return res.end();
  sse(res, { type: 'message_stop' }, 'message_stop');
  res.end();
}

function openaiStream(res: ServerResponse, fault: Fault) {
  if (fault === 'stream-error-event') {
    sse(res, { error: { message: 'The server had an error', type: 'server_error' } });
    return res.end();
  }
  if (fault === 'stream-reset-before-delta') {
    openaiDelta(res, '');
    return later(() => res.socket?.destroy(), 10);
  }
  openaiDelta(res, 'Hello ');
  openaiDelta(res, 'world');
  if (fault === 'stream-reset-after-deltas') return later(() => res.socket?.destroy(), 10);
  if (fault === 'stream-no-end') return res.end(); // no finish_reason, no [DONE]
  openaiDelta(res, '', 'stop');
  res.end('data: [DONE]\n\n');
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const who: Peer = req.url?.includes('/messages') ? 'anthropic' : 'openai';
  const fault = script[who][seen[who]] ?? script[who].at(-1) ?? 'ok';
  seen[who]++;
  arrivals[who].push(Date.now());
  keysSeen.push(String(req.headers.authorization ?? req.headers['x-api-key'] ?? ''));
  open.add(res);
  res.on('close', () => open.delete(res));
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    raw += chunk;
  });
  req.on('end', () => {
    const streaming = (JSON.parse(raw) as { stream?: boolean }).stream === true;
    switch (fault) {
      case 'ok':
        return json(res, 200, who === 'openai' ? OPENAI_OK : ANTHROPIC_OK);
      case 'reset':
        return req.socket.destroy();
      case 'truncated-body': {
        // A proxy that closes after part of the answer (toxiproxy's limit_data).
        const full = JSON.stringify(who === 'openai' ? OPENAI_OK : ANTHROPIC_OK);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(full.length) });
        res.write(full.slice(0, 40));
        return later(() => req.socket.destroy(), 10);
      }
      case 'headers-hang':
        res.writeHead(200, { 'content-type': streaming ? 'text/event-stream' : 'application/json' });
        res.flushHeaders();
        return; // the body never comes
      case 'slow-first-byte':
        return later(() => json(res, 200, who === 'openai' ? OPENAI_OK : ANTHROPIC_OK), 3_000);
      case '429-seconds':
        return json(
          res,
          429,
          { error: { message: 'Rate limit reached', type: 'requests' } },
          { 'retry-after': '1' },
        );
      case '429-date':
        return json(
          res,
          429,
          { error: { message: 'Rate limit reached', type: 'requests' } },
          { 'retry-after': new Date(Date.now() + 1_000).toUTCString() },
        );
      case '500-html':
        res.writeHead(500, { 'content-type': 'text/html' });
        return res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
      case 'invalid-json':
        return json(res, 200, '{"id": "chatcmpl-1", "choices": [');
      case 'html-200':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>Gateway login</body></html>');
      case 'no-choices':
        return json(
          res,
          200,
          who === 'openai'
            ? { id: 'chatcmpl-1', object: 'chat.completion', model: 'gpt-4o-mini', usage: OPENAI_OK.usage }
            : { id: 'msg_1', type: 'message', model: 'claude-3-5-haiku-latest', usage: ANTHROPIC_OK.usage },
        );
      case '401-echo':
        return who === 'openai'
          ? json(res, 401, {
              error: { message: `Incorrect API key provided: ${OPENAI_KEY}.`, code: 'invalid_api_key' },
            })
          : json(res, 401, {
              type: 'error',
              error: { type: 'authentication_error', message: `invalid x-api-key ${ANTHROPIC_KEY}` },
            });
      default:
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return who === 'openai' ? openaiStream(res, fault) : anthropicStream(res, fault);
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  base = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));
beforeEach(() => {
  for (const who of ['openai', 'anthropic'] as const) {
    script[who] = [];
    seen[who] = 0;
    arrivals[who] = [];
  }
  keysSeen.length = 0;
});
afterEach(() => {
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  // Cut only the answers a fault left hanging; idle keep-alive connections stay usable.
  for (const res of open) res.socket?.destroy();
});

/** Everything the chain emitted, to check that no key leaks into events. */
const emitted: unknown[] = [];

function makeChain(extra: Partial<ProviderChainOptions> = {}) {
  const chain = new ProviderChain({
    providers: [
      openaiProvider({ apiKey: OPENAI_KEY, baseURL: `${base}/v1`, model: 'gpt-4o-mini' }),
      anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: base, model: 'claude-3-5-haiku-latest' }),
    ],
    maxRetries: 1,
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 1_000,
    deadlineMs: 8_000,
    ...extra,
  });
  for (const name of ['attempt', 'fallback', 'circuitOpen', 'circuitClose'] as const)
    chain.on(name, (payload: ChainEvents[typeof name]) => emitted.push(payload));
  return chain;
}

function expectNoKey(...values: unknown[]) {
  for (const value of values) {
    const text = `${inspect(value, { depth: 8 })} ${JSON.stringify(value) ?? ''} ${String(value)}`;
    for (const key of [OPENAI_KEY, ANTHROPIC_KEY, GROQ_KEY]) expect(text).not.toContain(key);
  }
}

let lastAttempts: Array<{ provider: string; errorKind?: string }> = [];

async function drain(
  iterable: AsyncIterable<{ type: string; text?: string; result?: { attempts: typeof lastAttempts } }>,
) {
  let text = '';
  for await (const chunk of iterable) {
    if (chunk.type === 'delta') text += chunk.text ?? '';
    if (chunk.result) lastAttempts = chunk.result.attempts;
  }
  return text;
}

afterEach(() => {
  expectNoKey(emitted);
  emitted.length = 0;
});

describe('non-streaming faults through the real SDKs', () => {
  it.each([
    ['reset', 'network'],
    ['truncated-body', 'network'],
    ['500-html', 'server'],
  ] as const)(
    '%s: fails over at once (the SDK itself never retries); with retryBeforeFailover, retried once first',
    async (fault, kind) => {
      script.openai = [fault];
      const result = await makeChain().generate({ prompt: 'hi' });
      expect(result.text).toBe('from anthropic');
      expect(seen.openai).toBe(1);
      expect(result.attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
        ['openai', 'failure', kind],
        ['anthropic', 'success', undefined],
      ]);
      expectNoKey(result);
      script.openai = [fault];
      seen.openai = 0;
      const retried = await makeChain({ retryBeforeFailover: true }).generate({ prompt: 'hi' });
      expect(seen.openai).toBe(2);
      expect(retried.attempts.map((a) => [a.provider, a.outcome, a.errorKind])).toEqual([
        ['openai', 'failure', kind],
        ['openai', 'failure', kind],
        ['anthropic', 'success', undefined],
      ]);
    },
  );

  it.each(['openai', 'anthropic'] as const)(
    '%s: headers then a body that never comes: the attempt timeout fires and the next provider answers',
    async (who) => {
      const chain =
        who === 'openai'
          ? makeChain({ maxRetries: 0, timeoutMs: 300 })
          : makeChain({
              maxRetries: 0,
              timeoutMs: 300,
              providers: [
                anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: base, model: 'claude-3-5-haiku-latest' }),
                openaiProvider({ apiKey: OPENAI_KEY, baseURL: `${base}/v1`, model: 'gpt-4o-mini' }),
              ],
            });
      script[who] = ['headers-hang'];
      const result = await chain.generate({ prompt: 'hi' });
      expect(result.text).toBe(who === 'openai' ? 'from anthropic' : 'from openai');
      expect(result.attempts[0]).toMatchObject({ provider: who, outcome: 'failure', errorKind: 'timeout' });
      expect(seen[who]).toBe(1);
    },
  );

  it('slow first byte beyond the attempt timeout: timeout, then fallback, all within the deadline', async () => {
    script.openai = ['slow-first-byte'];
    const result = await makeChain({ maxRetries: 0, timeoutMs: 300, deadlineMs: 2_000 }).generate({
      prompt: 'hi',
    });
    expect(result.text).toBe('from anthropic');
    expect(result.attempts[0]).toMatchObject({ errorKind: 'timeout' });
  });

  it('a deadline shorter than every peer: ChainTimeoutError, no key in it', async () => {
    script.openai = ['headers-hang'];
    script.anthropic = ['headers-hang'];
    const error = await makeChain({ maxRetries: 0, timeoutMs: 5_000, deadlineMs: 400 })
      .generate({ prompt: 'hi' })
      .catch((e: unknown) => e);
    expect(isChainTimeoutError(error)).toBe(true);
    expectNoKey(error);
  });

  it.each(['429-seconds', '429-date'] as const)(
    '%s: Retry-After is honoured on the same provider, then it succeeds',
    async (fault) => {
      script.openai = [fault, 'ok'];
      // retryBeforeFailover: the Retry-After wait happens before anthropic would be tried.
      const result = await makeChain({ retryBeforeFailover: true }).generate({ prompt: 'hi' });
      expect(result.text).toBe('from openai');
      expect(seen.openai).toBe(2);
      expect(result.attempts[0]).toMatchObject({ errorKind: 'rate_limit', status: 429 });
      const [first = 0, second = 0] = arrivals.openai;
      // Retry-After: 1 s (or a date about 1 s ahead, rounded down to the second by HTTP-date precision).
      expect(second - first).toBeGreaterThanOrEqual(fault === '429-seconds' ? 990 : 1);
    },
  );

  it('a Retry-After above maxRetryAfterMs moves on to the next provider at once', async () => {
    script.openai = ['429-seconds'];
    const result = await makeChain({ maxRetryAfterMs: 500 }).generate({ prompt: 'hi' });
    expect(result.text).toBe('from anthropic');
    expect(seen.openai).toBe(1);
  });

  it.each(['openai', 'anthropic'] as const)(
    '%s: 200 with invalid JSON is a failure that falls back (never an empty success)',
    async (who) => {
      script[who] = ['invalid-json'];
      const chain =
        who === 'openai'
          ? makeChain({ maxRetries: 0 })
          : makeChain({
              maxRetries: 0,
              providers: [
                anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: base, model: 'claude-3-5-haiku-latest' }),
                openaiProvider({ apiKey: OPENAI_KEY, baseURL: `${base}/v1`, model: 'gpt-4o-mini' }),
              ],
            });
      const result = await chain.generate({ prompt: 'hi' });
      expect(result.text).toBe(who === 'openai' ? 'from anthropic' : 'from openai');
      expect(result.attempts[0]).toMatchObject({ provider: who, outcome: 'failure', errorKind: 'server' });
    },
  );

  it.each([
    ['openai', 'no-choices'],
    ['anthropic', 'no-choices'],
    ['openai', 'html-200'],
    ['anthropic', 'html-200'],
  ] as const)(
    '%s: 200 %s is a malformed answer: failure, fallback, not an empty success',
    async (who, fault) => {
      script[who] = [fault];
      const chain = makeChain({ maxRetries: 0, providers: bothProviders(who) });
      const result = await chain.generate({ prompt: 'hi' });
      expect(result.text).toBe(who === 'openai' ? 'from anthropic' : 'from openai');
      expect(result.attempts[0]).toMatchObject({ provider: who, outcome: 'failure', errorKind: 'server' });
    },
  );

  it('groq and openai-compatible adapters classify the same faults the same way', async () => {
    script.openai = ['500-html', 'no-choices'];
    const chain = new ProviderChain({
      providers: [
        groqProvider({ apiKey: GROQ_KEY, baseURL: base, model: 'llama-3.1-8b-instant' }),
        openaiCompatibleProvider({ name: 'local', apiKey: OPENAI_KEY, baseURL: `${base}/v1`, model: 'm' }),
      ],
      maxRetries: 0,
      backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    if (!isAllProvidersFailedError(error)) return;
    expect(error.attempts.map((a) => [a.provider, a.errorKind])).toEqual([
      ['groq', 'server'],
      ['local', 'server'],
    ]);
    expect(seen.openai).toBe(2);
    expectNoKey(error);
  });

  it('a 401 that echoes the key: auth, circuit opens, fallback; the key is nowhere', async () => {
    script.openai = ['401-echo'];
    const chain = makeChain();
    const result = await chain.generate({ prompt: 'hi' });
    expect(result.text).toBe('from anthropic');
    expect(result.attempts[0]).toMatchObject({ errorKind: 'auth', status: 401 });
    expect(seen.openai).toBe(1);
    expect(chain.status().providers[0]?.circuit.state).toBe('open');
    expectNoKey(result, chain.status());
    script.anthropic = ['401-echo'];
    const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    expectNoKey(error, chain.status());
  });

  it('circuit opens after repeated failures, then one half-open probe recovers it', async () => {
    script.openai = ['500-html', '500-html', 'ok'];
    const chain = makeChain({ maxRetries: 0, circuit: { failureThreshold: 2, cooldownMs: 200 } });
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('from anthropic');
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('from anthropic');
    expect(chain.status().providers[0]?.circuit.state).toBe('open');
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('from anthropic');
    expect(seen.openai).toBe(2); // open: skipped
    await new Promise((resolve) => setTimeout(resolve, 250));
    // The single probe runs alongside the next provider; the fallback may answer first.
    await chain.generate({ prompt: 'hi' });
    expect(seen.openai).toBe(3);
    for (let i = 0; i < 100 && chain.status().providers[0]?.circuit.state !== 'closed'; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(emitted).toContainEqual({ provider: 'openai', model: 'gpt-4o-mini' }); // circuitClose
    expect((await chain.generate({ prompt: 'hi' })).text).toBe('from openai');
    expect(chain.status().providers[0]?.circuit.state).toBe('closed');
  });
});

/** The OpenAI and Anthropic adapters on the fake peer, `first` tried first. */
function bothProviders(first: 'openai' | 'anthropic') {
  const providers = [
    openaiProvider({ apiKey: OPENAI_KEY, baseURL: `${base}/v1`, model: 'gpt-4o-mini' }),
    anthropicProvider({ apiKey: ANTHROPIC_KEY, baseURL: base, model: 'claude-3-5-haiku-latest' }),
  ];
  return first === 'openai' ? providers : providers.reverse();
}

describe('streaming faults through the real SDKs', () => {
  it.each(['openai', 'anthropic'] as const)(
    '%s: a reset after some deltas is a StreamInterruptedError with the partial text (no silent restart)',
    async (who) => {
      script[who] = ['stream-reset-after-deltas'];
      const chain = makeChain({ providers: bothProviders(who) });
      const error = await drain(chain.stream({ prompt: 'hi' })).catch((e: unknown) => e);
      expect(isStreamInterruptedError(error)).toBe(true);
      if (!isStreamInterruptedError(error)) return;
      expect(error.partialText).toBe('Hello world');
      expect(seen.openai + seen.anthropic).toBe(1);
      expectNoKey(error);
    },
  );

  it.each(['openai', 'anthropic'] as const)(
    '%s: a reset before the first delta falls back to the next provider',
    async (who) => {
      script[who] = ['stream-reset-before-delta'];
      const other = who === 'openai' ? 'anthropic' : 'openai';
      script[other] = ['stream-ok'];
      const chain = makeChain({ maxRetries: 0, providers: bothProviders(who) });
      expect(await drain(chain.stream({ prompt: 'hi' }))).toBe('Hello world');
      expect(seen[other]).toBe(1);
    },
  );

  it.each([
    ['openai', 'server'],
    ['anthropic', 'overloaded'],
  ] as const)(
    '%s: an error event before the first delta is classified (%s) and falls back',
    async (who, kind) => {
      script[who] = ['stream-error-event'];
      const other = who === 'openai' ? 'anthropic' : 'openai';
      script[other] = ['stream-ok'];
      const chain = makeChain({ maxRetries: 0, providers: bothProviders(who) });
      expect(await drain(chain.stream({ prompt: 'hi' }))).toBe('Hello world');
      expect(lastAttempts[0]).toMatchObject({ provider: who, errorKind: kind });
    },
  );

  it.each(['openai', 'anthropic'] as const)(
    '%s: a stream that ends without its end marker after deltas is interrupted, not complete',
    async (who) => {
      script[who] = ['stream-no-end'];
      const chain = makeChain({ providers: bothProviders(who) });
      const error = await drain(chain.stream({ prompt: 'hi' })).catch((e: unknown) => e);
      expect(isStreamInterruptedError(error)).toBe(true);
    },
  );

  it.each(['openai', 'anthropic'] as const)(
    '%s: stream headers then silence: the attempt timeout fires before the first delta and it falls back',
    async (who) => {
      script[who] = ['headers-hang'];
      const other = who === 'openai' ? 'anthropic' : 'openai';
      script[other] = ['stream-ok'];
      const chain = makeChain({
        maxRetries: 0,
        timeoutMs: 300,
        providers: bothProviders(who),
      });
      expect(await drain(chain.stream({ prompt: 'hi' }))).toBe('Hello world');
      expect(lastAttempts[0]).toMatchObject({ provider: who, errorKind: 'timeout' });
    },
  );

  it('every request carried the configured key to the peer (and only there)', async () => {
    script.openai = ['ok'];
    await makeChain().generate({ prompt: 'hi' });
    expect(keysSeen).toEqual([`Bearer ${OPENAI_KEY}`]);
  });
});

it('ProviderError thrown by an adapter directly never carries the key either', async () => {
  script.openai = ['401-echo'];
  const provider = openaiProvider({ apiKey: OPENAI_KEY, baseURL: `${base}/v1`, model: 'gpt-4o-mini' });
  const error = await provider
    .generate({ prompt: 'hi' }, { signal: new AbortController().signal })
    .catch((e: unknown) => e);
  expect(isProviderError(error)).toBe(true);
  expectNoKey(error);
});
