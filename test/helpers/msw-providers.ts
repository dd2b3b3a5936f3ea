/**
 * MSW handlers that speak the providers' HTTP wire (OpenAI / Groq / any
 * OpenAI-compatible Chat Completions, Anthropic Messages), JSON and SSE, for
 * contract tests that run the REAL SDK clients.
 */
import { HttpResponse, http } from 'msw';

export const OPENAI_BASE = 'https://api.openai.com/v1';
export const GROQ_BASE = 'https://api.groq.com';
export const ANTHROPIC_BASE = 'https://api.anthropic.com';

/** A request as the fake server saw it. Only whether auth was present is kept, never its value. */
export interface RecordedRequest {
  url: string;
  path: string;
  body: Record<string, unknown>;
  /** True when `Authorization: Bearer …` or `x-api-key` was present and non-empty. */
  hasAuth: boolean;
  /** Which auth header carried the credential. */
  authHeader: 'authorization' | 'x-api-key' | null;
  /** Whether the credential equals `expectedKey` (compared here, so the value never leaves). */
  keyMatches: boolean;
  headers: Record<string, string>;
}

export type Responder = (request: RecordedRequest, raw: Request) => Response | Promise<Response>;

const SAFE_HEADERS =
  /^(content-type|anthropic-version|x-stainless-retry-count|openai-organization|openai-project|user-agent)$/i;

async function record(request: Request, expectedKey: string | undefined): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const authorization = request.headers.get('authorization');
  const apiKey = request.headers.get('x-api-key');
  const bearer = authorization?.replace(/^Bearer\s+/i, '') ?? '';
  const credential = apiKey || bearer;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    if (SAFE_HEADERS.test(key)) headers[key.toLowerCase()] = value;
  });
  return {
    url: request.url,
    path: url.pathname,
    body: (await request.json()) as Record<string, unknown>,
    hasAuth: credential.length > 0,
    authHeader: apiKey ? 'x-api-key' : bearer ? 'authorization' : null,
    keyMatches: expectedKey !== undefined && credential === expectedKey,
    headers,
  };
}

/** A fake provider endpoint: records every request and answers with the current responder. */
export class FakeEndpoint {
  readonly requests: RecordedRequest[] = [];
  responder: Responder;
  constructor(
    readonly url: string,
    defaultResponder: Responder,
    readonly expectedKey?: string,
  ) {
    this.responder = defaultResponder;
  }
  get handler() {
    return http.post(this.url, async ({ request }) => {
      const recorded = await record(request.clone(), this.expectedKey);
      this.requests.push(recorded);
      return this.responder(recorded, request);
    });
  }
  get last(): RecordedRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('no request recorded');
    return last;
  }
  reset(responder: Responder): void {
    this.requests.length = 0;
    this.responder = responder;
  }
}

/** An SSE body from a list of events (`data:` lines, optional `event:` names). */
export function sseResponse(
  events: ReadonlyArray<{ event?: string; data: unknown } | string>,
  init: { headers?: Record<string, string>; breakAfter?: number } = {},
): Response {
  const encoder = new TextEncoder();
  const frames = events.map((item) => {
    if (typeof item === 'string') return `data: ${item}\n\n`;
    const prefix = item.event ? `event: ${item.event}\n` : '';
    return `${prefix}data: ${JSON.stringify(item.data)}\n\n`;
  });
  const limit = init.breakAfter ?? frames.length;
  let index = 0;
  // Pull-based, one frame per read, so a connection reset after `breakAfter`
  // frames happens only once the client has read them.
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < limit) controller.enqueue(encoder.encode(frames[index++] as string));
      else if (init.breakAfter !== undefined) controller.error(new TypeError('terminated'));
      else controller.close();
    },
  });
  return new HttpResponse(stream, {
    headers: { 'content-type': 'text/event-stream', ...init.headers },
  });
}

// ---------------------------------------------------------------- OpenAI wire

export interface ChatAnswer {
  content?: string;
  model?: string;
  finishReason?: string | null;
  usage?: Record<string, unknown>;
  requestId?: string;
  refusal?: string;
  /** Extra top-level fields (e.g. Groq's `x_groq`). */
  extra?: Record<string, unknown>;
}

export function chatCompletionResponse(answer: ChatAnswer = {}): Response {
  const body = {
    id: 'chatcmpl-123',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: answer.model ?? 'gpt-4.1-mini-2025-04-14',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.content ?? 'Hello from the wire',
          refusal: answer.refusal ?? null,
        },
        finish_reason: answer.finishReason === undefined ? 'stop' : answer.finishReason,
        logprobs: null,
      },
    ],
    usage: answer.usage ?? {
      prompt_tokens: 12,
      completion_tokens: 5,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 0 },
    },
    ...answer.extra,
  };
  return HttpResponse.json(body, { headers: { 'x-request-id': answer.requestId ?? 'req_openai_1' } });
}

/** Chat Completions SSE: one chunk per text piece, a finish chunk, a usage chunk, `[DONE]`. */
export function chatCompletionStream(
  pieces: readonly string[],
  options: {
    model?: string;
    finishReason?: string | null;
    usage?: Record<string, unknown> | null;
    usageIn?: 'chunk' | 'x_groq';
    requestId?: string;
    breakAfter?: number;
    done?: boolean;
  } = {},
): Response {
  const model = options.model ?? 'gpt-4.1-mini-2025-04-14';
  const base = { id: 'chatcmpl-123', object: 'chat.completion.chunk', created: 1_700_000_000, model };
  const events: Array<{ data: unknown } | string> = [
    {
      data: {
        ...base,
        choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
      },
    },
    ...pieces.map((text) => ({
      data: { ...base, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] },
    })),
  ];
  if (options.finishReason !== null) {
    events.push({
      data: { ...base, choices: [{ index: 0, delta: {}, finish_reason: options.finishReason ?? 'stop' }] },
    });
  }
  const usage =
    options.usage === undefined
      ? { prompt_tokens: 20, completion_tokens: pieces.length, total_tokens: 20 + pieces.length }
      : options.usage;
  if (usage) {
    if (options.usageIn === 'x_groq') {
      events.push({ data: { ...base, choices: [], x_groq: { id: 'req_groq_stream', usage } } });
    } else {
      events.push({ data: { ...base, choices: [], usage } });
    }
  }
  if (options.done !== false) events.push('[DONE]');
  return sseResponse(events, {
    headers: { 'x-request-id': options.requestId ?? 'req_stream_1' },
    ...(options.breakAfter !== undefined && { breakAfter: options.breakAfter }),
  });
}

/** An OpenAI-style error response (`{ error: { message, type, code } }`). */
export function openaiError(
  status: number,
  error: { message?: string; type?: string; code?: string | null; param?: string | null },
  headers: Record<string, string> = {},
): Response {
  return HttpResponse.json(
    {
      error: {
        message: error.message ?? 'error',
        type: error.type ?? 'invalid_request_error',
        param: error.param ?? null,
        code: error.code ?? null,
      },
    },
    { status, headers: { 'x-request-id': 'req_err_1', ...headers } },
  );
}

// ------------------------------------------------------------- Anthropic wire

export interface MessageAnswer {
  text?: string;
  model?: string;
  stopReason?: string;
  usage?: Record<string, unknown>;
  requestId?: string;
}

export function anthropicMessageResponse(answer: MessageAnswer = {}): Response {
  const body = {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model: answer.model ?? 'claude-haiku-4-5-20251001',
    content: answer.text === '' ? [] : [{ type: 'text', text: answer.text ?? 'Hello from Claude' }],
    stop_reason: answer.stopReason ?? 'end_turn',
    stop_sequence: null,
    usage: answer.usage ?? {
      input_tokens: 20,
      output_tokens: 8,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
  return HttpResponse.json(body, { headers: { 'request-id': answer.requestId ?? 'req_ant_1' } });
}

/** Anthropic Messages SSE (message_start … message_stop). */
export function anthropicStream(
  pieces: readonly string[],
  options: {
    model?: string;
    stopReason?: string;
    startUsage?: Record<string, unknown>;
    deltaUsage?: Record<string, unknown>;
    stop?: boolean;
    errorAfter?: { type: string; message: string };
    requestId?: string;
  } = {},
): Response {
  const events: Array<{ event: string; data: unknown }> = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: 'msg_stream',
          type: 'message',
          role: 'assistant',
          model: options.model ?? 'claude-haiku-4-5-20251001',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: options.startUsage ?? { input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 0 },
        },
      },
    },
    {
      event: 'content_block_start',
      data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    },
    { event: 'ping', data: { type: 'ping' } },
    ...pieces.map((text) => ({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    })),
  ];
  if (options.errorAfter) {
    events.push({ event: 'error', data: { type: 'error', error: options.errorAfter } });
  } else {
    events.push(
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: options.stopReason ?? 'end_turn', stop_sequence: null },
          usage: options.deltaUsage ?? { output_tokens: pieces.length + 3 },
        },
      },
    );
    if (options.stop !== false) events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  }
  return sseResponse(events, { headers: { 'request-id': options.requestId ?? 'req_ant_stream' } });
}

/** An Anthropic error response (`{ type: 'error', error: { type, message } }`). */
export function anthropicError(
  status: number,
  type: string,
  message = 'error',
  headers: Record<string, string> = {},
): Response {
  return HttpResponse.json(
    { type: 'error', error: { type, message }, request_id: 'req_ant_err' },
    { status, headers: { 'request-id': 'req_ant_err', ...headers } },
  );
}
