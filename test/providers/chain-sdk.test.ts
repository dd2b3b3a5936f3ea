/**
 * The chain with the real openai and @anthropic-ai/sdk clients (through the
 * adapters) against a real HTTP server on 127.0.0.1 that injects faults:
 * 429 + Retry-After, 5xx, connection resets, hung responses, aborted
 * streams, and a 401 that echoes the key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  anthropicProvider,
  isAllProvidersFailedError,
  isChainAbortedError,
  isStreamInterruptedError,
  openaiProvider,
  ProviderChain,
} from '../../src/providers/index.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';

type Fault = 'ok' | '429' | '500' | '529' | '401' | 'reset' | 'hang' | 'stream-break' | 'stream-ok';
const OPENAI_KEY = 'sk-test-chainsdk-FAKEKEY-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-test-chainsdk-FAKEKEY-0123456789';

let server: Server;
let base = '';
const script: Record<'openai' | 'anthropic', Fault[]> = { openai: [], anthropic: [] };
const seen: Record<'openai' | 'anthropic', number> = { openai: 0, anthropic: 0 };
const closedEarly: string[] = [];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function openaiOk(res: ServerResponse) {
  send(
    res,
    200,
    {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, message: { role: 'assistant', content: 'from openai' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 200,
        total_tokens: 1200,
        prompt_tokens_details: { cached_tokens: 800 },
      },
    },
    { 'x-request-id': 'req_oa_1' },
  );
}

function anthropicOk(res: ServerResponse) {
  send(res, 200, {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-3-5-haiku-20241022',
    content: [{ type: 'text', text: 'from anthropic' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 200,
      output_tokens: 100,
      cache_read_input_tokens: 800,
      cache_creation_input_tokens: 0,
    },
  });
}

function streamChunk(res: ServerResponse, content: string) {
  const chunk = {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  };
  res.write(`data: ${JSON.stringify(chunk)}\n\n`);
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const who = req.url?.includes('/messages') ? 'anthropic' : 'openai';
  const fault = script[who][seen[who]] ?? script[who].at(-1) ?? 'ok';
  seen[who]++;
  req.on('close', () => {
    if (!res.writableEnded) closedEarly.push(who);
  });
  req.resume();
  req.on('end', () => {
    switch (fault) {
      case 'ok':
        return who === 'openai' ? openaiOk(res) : anthropicOk(res);
      case '429':
        return send(
          res,
          429,
          { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
          { 'retry-after-ms': '40' },
        );
      case '500':
        return send(res, 500, { error: { message: 'boom', type: 'server_error' } });
      case '529':
        return send(res, 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      case '401':
        return who === 'openai'
          ? send(res, 401, {
              error: { message: `Incorrect API key provided: ${OPENAI_KEY}.`, code: 'invalid_api_key' },
            })
          : send(res, 401, {
              type: 'error',
              error: { type: 'authentication_error', message: `invalid x-api-key ${ANTHROPIC_KEY}` },
            });
      case 'reset':
        return req.socket.destroy();
      case 'hang':
        return; // never answers
      case 'stream-ok':
      case 'stream-break': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        streamChunk(res, 'Hello ');
        streamChunk(res, 'world');
        if (fault === 'stream-break') {
          setTimeout(() => req.socket.destroy(), 10);
          return;
        }
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        );
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
        return;
      }
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  base = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));
beforeEach(() => {
  script.openai = [];
  script.anthropic = [];
  seen.openai = 0;
  seen.anthropic = 0;
  closedEarly.length = 0;
});

function makeChain(extra: Partial<ConstructorParameters<typeof ProviderChain>[0]> = {}) {
  const openai = openaiProvider({ apiKey: OPENAI_KEY, baseURL: `${base}/v1`, model: 'gpt-4o-mini' });
  const anthropic = anthropicProvider({
    apiKey: ANTHROPIC_KEY,
    baseURL: base,
    model: 'claude-3-5-haiku-latest',
  });
  return new ProviderChain({
    providers: [openai, anthropic],
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 2_000,
    ...extra,
  });
}

describe('ProviderChain with the real SDKs under injected faults', () => {
  it('honours Retry-After on a real 429, then succeeds on the same provider (the SDK does not retry)', async () => {
    script.openai = ['429', 'ok'];
    const started = performance.now();
    const result = await makeChain({ retryBeforeFailover: true }).generate({ prompt: 'hi' });
    expect(result.text).toBe('from openai');
    expect(seen.openai).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(result.attempts.map((a) => [a.provider, a.outcome, a.errorKind, a.status])).toEqual([
      ['openai', 'failure', 'rate_limit', 429],
      ['openai', 'success', undefined, undefined],
    ]);
    // OpenAI's input includes the 800 cached tokens: priced at the cached rate.
    expect(result.usage).toMatchObject({ inputTokens: 1000, cachedInputTokens: 800, outputTokens: 200 });
    expect(result.costUsd).toBeCloseTo((200 * 0.15 + 800 * 0.075 + 200 * 0.6) / 1e6, 12);
  });

  it('falls back from a 5xx storm to Anthropic, with usage normalized the same way', async () => {
    script.openai = ['500'];
    const result = await makeChain().generate({ prompt: 'hi' });
    // Fail over first: anthropic is healthy, so openai is not retried.
    expect(seen.openai).toBe(1);
    expect(result.text).toBe('from anthropic');
    expect(result.provider).toBe('anthropic');
    // Anthropic excludes cache reads from input_tokens: normalized back in.
    expect(result.usage).toMatchObject({ inputTokens: 1000, cachedInputTokens: 800, outputTokens: 100 });
    expect(result.costUsd).toBeCloseTo((200 * 0.8 + 800 * 0.08 + 100 * 4) / 1e6, 12);
    expect(result.warnings).toEqual([
      'openai (gpt-4o-mini) failed (server); fell back to anthropic (claude-3-5-haiku-latest).',
    ]);
  });

  it('classifies a connection reset as network, retries (retryBeforeFailover), then falls back', async () => {
    script.openai = ['reset'];
    const result = await makeChain({ retryBeforeFailover: true }).generate({ prompt: 'hi' });
    expect(result.provider).toBe('anthropic');
    expect(result.attempts.filter((a) => a.provider === 'openai').map((a) => a.errorKind)).toEqual([
      'network',
      'network',
      'network',
    ]);
  });

  it('times out a hung response, cancels the HTTP request and falls back', async () => {
    script.openai = ['hang'];
    const result = await makeChain({ timeoutMs: 150, maxRetries: 0 }).generate({ prompt: 'hi' });
    expect(result.provider).toBe('anthropic');
    expect(result.attempts[0]).toMatchObject({
      provider: 'openai',
      errorKind: 'timeout',
      outcome: 'failure',
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(closedEarly).toContain('openai');
  });

  it('caller abort cancels the in-flight HTTP request and starts nothing else', async () => {
    script.openai = ['hang'];
    const controller = new AbortController();
    const pending = makeChain().generate({ prompt: 'hi' }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 80));
    controller.abort();
    expect(isChainAbortedError(await pending.catch((e: unknown) => e))).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(closedEarly).toContain('openai');
    expect(seen.anthropic).toBe(0);
  });

  it('a 401 opens the circuit, and the key never shows anywhere', async () => {
    script.openai = ['401'];
    script.anthropic = ['401'];
    const chain = makeChain();
    const events: unknown[] = [];
    for (const name of ['attempt', 'fallback', 'circuitOpen', 'circuitClose'] as const)
      chain.on(name, (e) => events.push(e));
    const error = await chain.generate({ prompt: 'hi' }).catch((e: unknown) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    if (!isAllProvidersFailedError(error)) return;
    expect(error.errors.map((e) => e.kind)).toEqual(['auth', 'auth']);
    expect(chain.status().providers.map((p) => p.circuit.state)).toEqual(['open', 'open']);
    const dump = [
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      error.errors.map((e) => inspect(e, { depth: 10 })).join('\n'),
      JSON.stringify(chain.status()),
      JSON.stringify(events),
    ].join('\n');
    expect(dump).not.toContain('FAKEKEY');
  });

  it('529 from Anthropic is retried as overloaded', async () => {
    script.openai = ['401'];
    script.anthropic = ['529', 'ok'];
    const result = await makeChain().generate({ prompt: 'hi' });
    expect(result.text).toBe('from anthropic');
    expect(result.attempts.map((a) => a.errorKind ?? 'ok')).toEqual(['auth', 'overloaded', 'ok']);
  });

  it('streams through the real SDK and surfaces a broken stream as StreamInterruptedError', async () => {
    script.openai = ['stream-ok'];
    let text = '';
    for await (const chunk of makeChain().stream({ prompt: 'hi' })) {
      if (chunk.type === 'delta') text += chunk.text;
      else expect(chunk.result.usage.totalTokens).toBe(12);
    }
    expect(text).toBe('Hello world');

    script.openai = ['stream-break'];
    seen.openai = 0;
    const chain = makeChain();
    const error = await (async () => {
      for await (const _ of chain.stream({ prompt: 'hi' })) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(isStreamInterruptedError(error)).toBe(true);
    if (!isStreamInterruptedError(error)) return;
    expect(error.partialText).toBe('Hello world');
    expect(seen.anthropic).toBe(0);

    seen.openai = 0;
    const partial = await makeChain().generate({ prompt: 'hi' }, { stream: true });
    expect(partial).toMatchObject({ partial: true, text: 'Hello world', costUsd: null });
  });
});
