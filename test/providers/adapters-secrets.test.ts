/**
 * API keys never appear in anything the adapters or an env-built chain emit:
 * error messages, stacks, inspected errors, status reports, events, console
 * output, or the provider objects themselves, even when an upstream server
 * echoes the key back in full.
 */
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  anthropicProvider,
  groqProvider,
  isProviderError,
  openaiCompatibleProvider,
  openaiProvider,
  type Provider,
  type ProviderError,
  providerChainFromEnv,
  upstreamErrorOf,
} from '../../src/providers/index.js';
import { anthropicStream, sseResponse } from '../helpers/msw-providers.js';

const KEYS = {
  OPENAI_API_KEY: 'sk-proj-SECRETopenai0123456789abcdefXYZ',
  ANTHROPIC_API_KEY: 'sk-ant-api03-SECRETanthropic0123456789XYZ',
  GROQ_API_KEY: 'gsk_SECRETgroq0123456789abcdefXYZ',
  MISTRAL_API_KEY: 'SECRETmistral0123456789abcdefXYZ',
};
const ALL_KEYS = Object.values(KEYS);

type Mode = 'status401' | 'status400' | 'status500' | 'streamError' | 'reset';
let mode: Mode = 'status401';

/** The worst upstream: it quotes the credential it received in every error. */
async function echo(request: Request, shape: 'openai' | 'anthropic'): Promise<Response> {
  const credential = request.headers.get('x-api-key') ?? request.headers.get('authorization') ?? '';
  const message = `Incorrect API key provided: ${credential}`;
  if (mode === 'reset') return HttpResponse.error();
  const streaming = ((await request.json()) as { stream?: boolean }).stream === true;
  if (mode === 'streamError' && streaming) {
    if (shape === 'anthropic') {
      return anthropicStream(['partial '], { errorAfter: { type: 'overloaded_error', message } });
    }
    return sseResponse([
      {
        data: {
          id: 'c',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'm',
          choices: [{ index: 0, delta: { content: 'partial ' }, finish_reason: null }],
        },
      },
      { data: { error: { message, type: 'server_error', code: credential } } },
    ]);
  }
  const status = mode === 'status401' ? 401 : mode === 'status400' ? 400 : 500;
  const body =
    shape === 'anthropic'
      ? { type: 'error', error: { type: 'authentication_error', message } }
      : { error: { message, type: 'invalid_request_error', code: 'invalid_api_key', param: credential } };
  return HttpResponse.json(body, { status, headers: { 'x-request-id': 'req_1', 'request-id': 'req_1' } });
}

const server = setupServer(
  http.post('https://api.openai.com/v1/chat/completions', ({ request }) => echo(request, 'openai')),
  http.post('https://api.groq.com/openai/v1/chat/completions', ({ request }) => echo(request, 'openai')),
  http.post('https://api.mistral.ai/v1/chat/completions', ({ request }) => echo(request, 'openai')),
  http.post('https://api.anthropic.com/v1/messages', ({ request }) => echo(request, 'anthropic')),
);

const consoleOutput: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
    });
  }
});
afterEach(() => {
  mode = 'status401';
});
afterAll(() => {
  server.close();
  vi.restoreAllMocks();
});

/** Every way an error or value can be printed. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: Infinity }), inspect(value, { depth: Infinity, showHidden: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect covers it
  }
  if (value instanceof Error) out.push(value.message, String(value), value.stack ?? '');
  return out;
}

function expectNoKey(value: unknown, label: string): void {
  for (const text of renderings(value)) {
    for (const key of ALL_KEYS) {
      expect(text.includes(key), `${label} leaks a key`).toBe(false);
      // Not even a long fragment of it.
      expect(text.includes(key.slice(6, 26)), `${label} leaks part of a key`).toBe(false);
    }
  }
}

function providers(): Provider[] {
  return [
    openaiProvider({ apiKey: KEYS.OPENAI_API_KEY, model: 'gpt-4.1-mini' }),
    anthropicProvider({ apiKey: KEYS.ANTHROPIC_API_KEY, model: 'claude-haiku-4-5' }),
    groqProvider({ apiKey: KEYS.GROQ_API_KEY, model: 'llama-3.3-70b-versatile' }),
    openaiCompatibleProvider({
      name: 'mistral',
      apiKey: KEYS.MISTRAL_API_KEY,
      model: 'mistral-small-latest',
    }),
  ];
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('API keys never leak from the adapters', () => {
  it.each(['status401', 'status400', 'status500', 'streamError', 'reset'] as const)(
    'errors of every adapter (%s, upstream echoing the key) carry no key',
    async (which) => {
      mode = which;
      for (const provider of providers()) {
        const generateError = await caught(() =>
          provider.generate({ prompt: 'x' }, { signal: AbortSignal.timeout(5000) }),
        );
        expectNoKey(generateError, `${provider.name} generate ${which}`);
        const streamError = await caught(async () => {
          for await (const _ of provider.stream!({ prompt: 'x' }, { signal: AbortSignal.timeout(5000) })) {
            // drain
          }
        });
        expectNoKey(streamError, `${provider.name} stream ${which}`);
      }
    },
  );

  it('the fake upstream really echoes the key (so the scans above are meaningful)', async () => {
    const error = await caught(() =>
      providers()[0]!.generate({ prompt: 'x' }, { signal: AbortSignal.timeout(5000) }),
    );
    expect(isProviderError(error)).toBe(true);
    expect(inspect(upstreamErrorOf(error as ProviderError), { depth: Infinity })).toContain(
      KEYS.OPENAI_API_KEY,
    );
  });

  it('the provider objects do not expose their keys', () => {
    for (const provider of providers()) expectNoKey(provider, provider.name);
  });

  it('an env-built chain: the all-failed error, events and status() carry no key', async () => {
    const events: unknown[] = [];
    const chain = providerChainFromEnv(
      {
        ...KEYS,
        AICMO_LLM_PRIMARY_PROVIDER: 'openai',
        AICMO_LLM_FALLBACK_PROVIDERS: 'anthropic,groq,mistral',
      },
      { maxRetries: 0 },
    );
    for (const name of ['attempt', 'fallback', 'circuitOpen', 'circuitClose'] as const) {
      chain.on(name, (payload) => events.push(payload));
    }
    for (const which of ['status401', 'status500', 'reset'] as const) {
      mode = which;
      const error = await caught(() => chain.generate({ prompt: 'x' }));
      expectNoKey(error, `chain ${which}`);
      const streamError = await caught(async () => {
        for await (const _ of chain.stream({ prompt: 'x' })) {
          // drain
        }
      });
      expectNoKey(streamError, `chain stream ${which}`);
    }
    expect(events.length).toBeGreaterThan(4);
    expectNoKey(events, 'events');
    expectNoKey(chain.status(), 'status()');
    expectNoKey(JSON.stringify(chain.status()), 'status() JSON');
  });

  it('configuration errors name variables, never values', () => {
    const error = (() => {
      try {
        providerChainFromEnv({ ...KEYS, AICMO_LLM_PRIMARY_PROVIDER: 'deepseek' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(String((error as Error).message)).toMatch(/DEEPSEEK_API_KEY/);
    expectNoKey(error, 'configuration error');
  });

  it('nothing printed to the console carries a key', () => {
    for (const line of consoleOutput) {
      for (const key of ALL_KEYS) expect(line.includes(key)).toBe(false);
    }
  });
});
