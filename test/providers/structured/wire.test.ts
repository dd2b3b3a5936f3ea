/**
 * Structured output over each SDK's wire (the real openai, @anthropic-ai/sdk
 * and groq-sdk clients against MSW fakes that check request bodies like the
 * real APIs): the schema corpus gives zero schema 400s on every provider, a
 * wrong answer is repaired by asking again, then the chain fails over.
 */
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  anthropicProvider,
  groqProvider,
  isSchemaMismatchError,
  isSchemaUnsupportedError,
  openaiCompatibleProvider,
  openaiProvider,
  ProviderChain,
  priceUsage,
  type SchemaMismatchError,
  type StreamObjectEvent,
} from '../../../src/providers/index.js';
import { toBaseSchema } from '../../../src/providers/structured/json-schema.js';
import {
  ANTHROPIC_BASE,
  chatCompletionResponse,
  chatCompletionStream,
  FakeEndpoint,
  GROQ_BASE,
  OPENAI_BASE,
  type RecordedRequest,
  sseResponse,
} from '../../helpers/msw-providers.js';
import {
  anthropicStructuredRejection,
  asStrictModelWouldWrite,
  groqStructuredRejection,
  openaiStrictProblems,
  openaiStructuredRejection,
} from '../../helpers/structured-wire.js';
import { CORPUS, type CorpusEntry } from './corpus.js';

const OPENAI_KEY = 'sk-test-structured-FAKEKEY-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-test-structured-FAKEKEY-0123456789';
const GROQ_KEY = 'gsk_test_structured_FAKEKEY_0123456789abcdef';

type Answer = (request: RecordedRequest) => Response;

/** An endpoint that rejects what the real API rejects, then answers from its script (or its default). */
class StructuredEndpoint extends FakeEndpoint {
  readonly rejected: Response[] = [];
  script: Answer[] = [];
  constructor(
    url: string,
    key: string,
    readonly check: (body: Record<string, unknown>) => Response | undefined,
    readonly fallback: Answer,
  ) {
    super(url, () => new Response(null, { status: 500 }), key);
    this.responder = (request) => {
      const rejection = this.check(request.body);
      if (rejection) {
        this.rejected.push(rejection);
        return rejection;
      }
      return (this.script.shift() ?? this.fallback)(request);
    };
  }
  clear(): void {
    this.requests.length = 0;
    this.rejected.length = 0;
    this.script = [];
  }
}

let entry: CorpusEntry = CORPUS[0] as CorpusEntry;
const wrapped = () => toBaseSchema(entry.schema, 'test').wrapped;
const modelAnswer = () => (wrapped() ? { value: entry.sample } : entry.sample);

const openai = new StructuredEndpoint(
  `${OPENAI_BASE}/chat/completions`,
  OPENAI_KEY,
  openaiStructuredRejection,
  (request) => {
    const format = request.body.response_format as { json_schema: { schema: Record<string, unknown> } };
    return chatCompletionResponse({
      content: JSON.stringify(asStrictModelWouldWrite(modelAnswer(), format.json_schema.schema)),
    });
  },
);
const anthropic = new StructuredEndpoint(
  `${ANTHROPIC_BASE}/v1/messages`,
  ANTHROPIC_KEY,
  anthropicStructuredRejection,
  (request) => toolUseResponse(request, modelAnswer()),
);
const groq = new StructuredEndpoint(
  `${GROQ_BASE}/openai/v1/chat/completions`,
  GROQ_KEY,
  groqStructuredRejection,
  () => chatCompletionResponse({ content: JSON.stringify(modelAnswer()), model: 'llama-3.3-70b-versatile' }),
);
const MISTRAL_KEY = 'mistral-test-structured-FAKEKEY-0123456789';
const mistral = new StructuredEndpoint(
  'https://api.mistral.ai/v1/chat/completions',
  MISTRAL_KEY,
  openaiStructuredRejection,
  () => chatCompletionResponse({ content: JSON.stringify(modelAnswer()), model: 'mistral-small-latest' }),
);
const server = setupServer(openai.handler, anthropic.handler, groq.handler, mistral.handler);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  for (const endpoint of [openai, anthropic, groq, mistral]) endpoint.clear();
  entry = CORPUS[0] as CorpusEntry;
});
afterAll(() => server.close());

function toolUseResponse(
  request: RecordedRequest,
  input: unknown,
  usage = { input_tokens: 40, output_tokens: 12 },
): Response {
  const choice = request.body.tool_choice as { name: string };
  return HttpResponse.json(
    {
      id: 'msg_tool',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [{ type: 'tool_use', id: 'toolu_1', name: choice.name, input }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage,
    },
    { headers: { 'request-id': 'req_ant_tool' } },
  );
}

const providers = {
  openai: () => openaiProvider({ apiKey: OPENAI_KEY, model: 'gpt-4.1-mini' }),
  anthropic: () => anthropicProvider({ apiKey: ANTHROPIC_KEY, model: 'claude-haiku-4-5' }),
  groq: () => groqProvider({ apiKey: GROQ_KEY, model: 'llama-3.3-70b-versatile' }),
};
const endpoints = { openai, anthropic, groq };
type Name = keyof typeof providers;
const chainOf = (...names: Name[]) =>
  new ProviderChain({ providers: names.map((name) => providers[name]()), deadlineMs: 10_000 });

async function mismatch(promise: Promise<unknown>): Promise<SchemaMismatchError> {
  try {
    await promise;
  } catch (error) {
    if (isSchemaMismatchError(error)) return error;
    throw error;
  }
  throw new Error('expected a SchemaMismatchError');
}

async function events<S extends z.ZodType>(
  stream: AsyncIterable<StreamObjectEvent<S>>,
): Promise<StreamObjectEvent<S>[]> {
  const out: StreamObjectEvent<S>[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

describe('the schema corpus on every provider', () => {
  it(`has at least 20 shapes`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of ['openai', 'anthropic', 'groq'] as const) {
    it.each(CORPUS.map((e) => [e.name, e] as const))(
      `${name}: %s compiles with no schema 400 and validates`,
      async (_label, current) => {
        entry = current;
        const result = await chainOf(name).generateObject({
          schema: current.schema,
          name: 'corpus',
          prompt: 'Produce it.',
        });
        expect(endpoints[name].rejected).toEqual([]);
        expect(endpoints[name].requests).toHaveLength(1);
        expect(result.object).toEqual(
          current.schema.parse((name === 'openai' && current.strictExpected) || current.sample),
        );
        expect(result.provider).toBe(name);
        expect(result.attempts.map((a) => [a.kind, a.status])).toEqual([['initial', 'valid']]);
      },
    );
  }

  it('sends each provider its native mode', async () => {
    entry = CORPUS.find((e) => e.name === 'deliverable') as CorpusEntry;
    for (const name of ['openai', 'anthropic', 'groq'] as const) {
      await chainOf(name).generateObject({ schema: entry.schema, name: 'post', prompt: 'A post.' });
    }
    const format = openai.last.body.response_format as { type: string; json_schema: Record<string, unknown> };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({ name: 'post', strict: true });
    expect(JSON.stringify(format.json_schema.schema)).not.toContain('oneOf');
    expect(anthropic.last.body.tool_choice).toEqual({ type: 'tool', name: 'post' });
    expect(
      (anthropic.last.body.tools as Array<{ name: string; input_schema: { type: string } }>)[0],
    ).toMatchObject({
      name: 'post',
      input_schema: { type: 'object' },
    });
    expect(groq.last.body.response_format).toEqual({ type: 'json_object' });
    const system = (groq.last.body.messages as Array<{ role: string; content: string }>)[0];
    expect(system?.role).toBe('system');
    expect(system?.content).toMatch(/JSON/);
    expect(system?.content).toContain('"hashtags"');
  });

  it('without the per-provider compile, strict mode would reject much of the corpus', () => {
    const rejected = CORPUS.filter(
      (e) => openaiStrictProblems(z.toJSONSchema(e.schema, { io: 'input' })).length > 0,
    ).map((e) => e.name);
    for (const name of [
      'optional fields',
      'discriminated union at the root',
      'array at the root',
      'enum-keyed record',
      'flat primitives',
    ]) {
      expect(rejected).toContain(name);
    }
  });

  it('the checkers do reject what the APIs reject (a raw zod schema with optionals and oneOf)', () => {
    const raw = z.toJSONSchema(
      z.discriminatedUnion('t', [
        z.object({ t: z.literal('a'), x: z.string().optional() }),
        z.object({ t: z.literal('b') }),
      ]),
    );
    const rejection = openaiStructuredRejection({
      messages: [{ role: 'user', content: 'hi' }],
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: raw, strict: true } },
    });
    expect(rejection?.status).toBe(400);
    expect(
      groqStructuredRejection({
        messages: [{ role: 'user', content: 'hi' }],
        response_format: { type: 'json_object' },
      })?.status,
    ).toBe(400);
    expect(
      anthropicStructuredRejection({ tools: [{ name: 'x', input_schema: { type: 'array' } }] })?.status,
    ).toBe(400);
  });
});

describe('OpenAI-compatible servers', () => {
  it('a preset with JSON mode gets json_object and the schema in the prompt, through the openai SDK', async () => {
    entry = CORPUS.find((e) => e.name === 'discriminated union at the root') as CorpusEntry;
    const chain = new ProviderChain({
      providers: [
        openaiCompatibleProvider({ name: 'mistral', apiKey: MISTRAL_KEY, model: 'mistral-small-latest' }),
      ],
    });
    const result = await chain.generateObject({ schema: entry.schema, prompt: 'A poll.' });
    expect(result.object).toEqual(entry.sample);
    expect(mistral.rejected).toEqual([]);
    expect(mistral.last.body.response_format).toEqual({ type: 'json_object' });
    expect(JSON.stringify(mistral.last.body.messages)).not.toContain('oneOf');
  });
});

describe('unsupported schemas', () => {
  it('raise SchemaUnsupportedError before any request', async () => {
    const chain = chainOf('anthropic', 'openai');
    const error = await chain
      .generateObject({ schema: z.object({ scores: z.record(z.string(), z.number()) }), prompt: 'x' })
      .catch((e: unknown) => e);
    expect(isSchemaUnsupportedError(error)).toBe(true);
    expect(error).toMatchObject({ provider: 'openai', path: ['scores'] });
    expect(openai.requests.length + anthropic.requests.length).toBe(0);
  });
});

const Post = z.object({ title: z.string(), body: z.string(), hashtags: z.array(z.string()).max(3) });
const good = { title: 'Launch', body: 'We shipped.', hashtags: ['#launch'] };

describe('repair by asking again, then fail over', () => {
  it('OpenAI: wrong JSON first, repaired on the same provider with the issues; repair tokens are priced', async () => {
    openai.script = [
      () =>
        chatCompletionResponse({
          content: JSON.stringify({ title: 42, body: 'x', hashtags: ['a', 'b', 'c', 'd'] }),
        }),
      () => chatCompletionResponse({ content: JSON.stringify(good) }),
    ];
    const result = await chainOf('openai', 'anthropic').generateObject({ schema: Post, prompt: 'A post.' });
    expect(result.object).toEqual(good);
    expect(anthropic.requests).toHaveLength(0);
    expect(openai.requests).toHaveLength(2);
    const messages = openai.requests[1]?.body.messages as Array<{ role: string; content: string }>;
    expect(messages.at(-2)).toEqual({
      role: 'assistant',
      content: JSON.stringify({ title: 42, body: 'x', hashtags: ['a', 'b', 'c', 'd'] }),
    });
    expect(messages.at(-1)?.role).toBe('user');
    expect(messages.at(-1)?.content).toMatch(/^- title: /m);
    expect(messages.at(-1)?.content).toMatch(/^- hashtags: /m);
    expect(openai.requests[1]?.body.response_format).toEqual(openai.requests[0]?.body.response_format);
    expect(result.attempts.map((a) => [a.provider, a.kind, a.status])).toEqual([
      ['openai', 'initial', 'invalid'],
      ['openai', 'repair', 'valid'],
    ]);
    expect(result.attempts[0]?.issues.map((i) => i.path)).toEqual([['title'], ['hashtags']]);
    const one = priceUsage(
      result.attempts[0]?.usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      'openai',
      'gpt-4.1-mini',
    ).costUsd as number;
    expect(one).toBeGreaterThan(0);
    expect(result.costUsd).toBeCloseTo(one * 2, 12);
    expect(result.usage.totalTokens).toBe((result.attempts[0]?.usage?.totalTokens ?? 0) * 2);
  });

  it('Anthropic: a wrong tool input first, repaired through the forced tool', async () => {
    anthropic.script = [(r) => toolUseResponse(r, { title: 'x' }), (r) => toolUseResponse(r, good)];
    const result = await chainOf('anthropic').generateObject({ schema: Post, prompt: 'A post.' });
    expect(result.object).toEqual(good);
    expect(anthropic.requests).toHaveLength(2);
    const repair = anthropic.requests[1]?.body as {
      messages: Array<{ role: string; content: string }>;
      tool_choice: unknown;
    };
    expect(repair.tool_choice).toEqual({ type: 'tool', name: 'output' });
    expect(repair.messages.at(-1)?.content).toMatch(/- body: /);
    expect(result.attempts.map((a) => a.status)).toEqual(['invalid', 'valid']);
  });

  it('Groq: the failed_generation of a 400 json_validate_failed is the repair input', async () => {
    const broken = '{"title": "Launch", "body": "We shipped.", "hashtags": ["#launch"';
    groq.script = [
      () =>
        HttpResponse.json(
          {
            error: {
              message:
                "Failed to generate JSON. Please adjust your prompt. See 'failed_generation' for more details.",
              type: 'invalid_request_error',
              code: 'json_validate_failed',
              failed_generation: broken,
            },
          },
          { status: 400, headers: { 'x-request-id': 'req_groq_400' } },
        ),
      () => chatCompletionResponse({ content: JSON.stringify(good), model: 'llama-3.3-70b-versatile' }),
    ];
    const result = await chainOf('groq', 'openai').generateObject({ schema: Post, prompt: 'A post.' });
    expect(result.object).toEqual(good);
    expect(result.provider).toBe('groq');
    expect(openai.requests).toHaveLength(0);
    const messages = groq.requests[1]?.body.messages as Array<{ role: string; content: string }>;
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: broken });
    expect(messages.at(-1)?.content).toMatch(/not valid JSON/);
    expect(result.attempts[0]).toMatchObject({ provider: 'groq', kind: 'initial', status: 'invalid' });
    expect(result.attempts[0]?.issues[0]?.code).toBe('invalid_json');
    // Groq reports no usage for the rejected generation: the total cost is unknown, not made up.
    expect(result.attempts[0]?.usage).toBeNull();
    expect(result.costUsd).toBeNull();
    expect(result.warnings.some((w) => w.includes('no token usage'))).toBe(true);
  });

  it('fails over after the repair fails too', async () => {
    openai.script = [
      () => chatCompletionResponse({ content: 'Sure! Here is your post.' }),
      () => chatCompletionResponse({ content: JSON.stringify({ title: 'x' }) }),
    ];
    entry = { name: 'post', schema: Post, sample: good };
    const result = await chainOf('openai', 'anthropic').generateObject({ schema: Post, prompt: 'A post.' });
    expect(result.provider).toBe('anthropic');
    expect(result.object).toEqual(good);
    expect(result.attempts.map((a) => [a.provider, a.kind, a.status])).toEqual([
      ['openai', 'initial', 'invalid'],
      ['openai', 'repair', 'invalid'],
      ['anthropic', 'initial', 'valid'],
    ]);
    expect(result.attempts[0]?.issues[0]?.code).toBe('invalid_json');
    expect(result.warnings.some((w) => w.includes('did not match the schema'))).toBe(true);
  });

  it('throws SchemaMismatchError with Issue-shaped and raw zod issues when every provider fails', async () => {
    const wrong = { title: 1, body: 2, hashtags: 5 };
    openai.script = [
      () => chatCompletionResponse({ content: JSON.stringify(wrong) }),
      () => chatCompletionResponse({ content: JSON.stringify(wrong) }),
    ];
    anthropic.script = [(r) => toolUseResponse(r, wrong), (r) => toolUseResponse(r, wrong)];
    const error = await mismatch(
      chainOf('openai', 'anthropic').generateObject({ schema: Post, prompt: 'A post.' }),
    );
    expect(error.code).toBe('SCHEMA_MISMATCH');
    expect(error.issues.map((i) => i.path)).toEqual([['title'], ['body'], ['hashtags']]);
    expect(error.issues.every((i) => typeof i.code === 'string' && typeof i.message === 'string')).toBe(true);
    expect(error.zodIssues.map((i) => i.code)).toEqual(['invalid_type', 'invalid_type', 'invalid_type']);
    expect(error.attempts.map((a) => [a.provider, a.kind, a.status])).toEqual([
      ['openai', 'initial', 'invalid'],
      ['openai', 'repair', 'invalid'],
      ['anthropic', 'initial', 'invalid'],
      ['anthropic', 'repair', 'invalid'],
    ]);
    expect(error.message).not.toContain(OPENAI_KEY);
  });

  it('with repair: false, fails over at once', async () => {
    openai.script = [() => chatCompletionResponse({ content: '{}' })];
    entry = { name: 'post', schema: Post, sample: good };
    const result = await chainOf('openai', 'anthropic').generateObject({
      schema: Post,
      prompt: 'x',
      repair: false,
    });
    expect(openai.requests).toHaveLength(1);
    expect(result.provider).toBe('anthropic');
  });
});

describe('streamObject over the wire', () => {
  const text = JSON.stringify(good);
  const pieces = (s: string, size: number) =>
    Array.from({ length: Math.ceil(s.length / size) }, (_, i) => s.slice(i * size, (i + 1) * size));

  function checkMonotonic(list: StreamObjectEvent<typeof Post>[]): void {
    const partials = list.filter((e) => e.type === 'partial').map((e) => JSON.stringify(e.partial));
    expect(new Set(partials).size).toBe(partials.length);
    expect(list.filter((e) => e.type === 'object')).toHaveLength(1);
    expect(list.at(-1)?.type).toBe('object');
  }

  it('OpenAI: validated partials from the SSE deltas, then the object', async () => {
    openai.script = [() => chatCompletionStream(pieces(text, 5))];
    const list = await events(chainOf('openai').streamObject({ schema: Post, prompt: 'A post.' }));
    checkMonotonic(list);
    const partials = list.flatMap((e) => (e.type === 'partial' ? [e.partial] : []));
    expect(partials.length).toBeGreaterThan(3);
    expect(partials.at(-1)).toEqual(good);
    expect(openai.last.body.stream).toBe(true);
    expect((openai.last.body.response_format as { type: string }).type).toBe('json_schema');
    const last = list.at(-1);
    expect(last?.type === 'object' && last.result.object).toEqual(good);
  });

  it('Anthropic: partials from input_json_delta fragments', async () => {
    anthropic.script = [
      () =>
        sseResponse([
          {
            event: 'message_start',
            data: {
              type: 'message_start',
              message: {
                id: 'msg_s',
                type: 'message',
                role: 'assistant',
                model: 'claude-haiku-4-5-20251001',
                content: [],
                stop_reason: null,
                usage: { input_tokens: 30, output_tokens: 1 },
              },
            },
          },
          {
            event: 'content_block_start',
            data: {
              type: 'content_block_start',
              index: 0,
              content_block: { type: 'tool_use', id: 'toolu_s', name: 'output', input: {} },
            },
          },
          ...pieces(text, 7).map((partial_json) => ({
            event: 'content_block_delta',
            data: {
              type: 'content_block_delta',
              index: 0,
              delta: { type: 'input_json_delta', partial_json },
            },
          })),
          { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
          {
            event: 'message_delta',
            data: {
              type: 'message_delta',
              delta: { stop_reason: 'tool_use', stop_sequence: null },
              usage: { output_tokens: 20 },
            },
          },
          { event: 'message_stop', data: { type: 'message_stop' } },
        ]),
    ];
    const list = await events(chainOf('anthropic').streamObject({ schema: Post, prompt: 'A post.' }));
    checkMonotonic(list);
    const last = list.at(-1);
    expect(last?.type === 'object' && last.result.object).toEqual(good);
    expect(last?.type === 'object' && last.result.usage.outputTokens).toBe(20);
    expect(anthropic.last.body.tool_choice).toEqual({ type: 'tool', name: 'output' });
  });

  it('Groq: streams without response_format (JSON mode refuses streaming), schema in the prompt', async () => {
    groq.script = [
      () => chatCompletionStream(pieces(text, 4), { model: 'llama-3.3-70b-versatile', usageIn: 'x_groq' }),
    ];
    const list = await events(chainOf('groq').streamObject({ schema: Post, prompt: 'A post.' }));
    checkMonotonic(list);
    expect(groq.rejected).toEqual([]);
    expect(groq.last.body.response_format).toBeUndefined();
    expect((groq.last.body.messages as Array<{ content: string }>)[0]?.content).toContain('"hashtags"');
  });

  it('a wrong streamed answer is reset and repaired', async () => {
    openai.script = [
      () =>
        chatCompletionStream(
          pieces(JSON.stringify({ title: 'Launch', body: 'We shipped.', hashtags: ['a', 'b', 'c', 'd'] }), 6),
        ),
      () => chatCompletionStream(pieces(text, 6)),
    ];
    const list = await events(chainOf('openai').streamObject({ schema: Post, prompt: 'A post.' }));
    const types = list.map((e) => e.type);
    const reset = types.indexOf('reset');
    expect(reset).toBeGreaterThan(0);
    expect(types.slice(0, reset).every((t) => t === 'partial')).toBe(true);
    expect(list[reset]).toEqual({
      type: 'reset',
      reason: 'repair',
      provider: 'openai',
      model: 'gpt-4.1-mini',
    });
    expect(types.at(-1)).toBe('object');
    expect(types.filter((t) => t === 'object')).toHaveLength(1);
    expect(openai.requests).toHaveLength(2);
  });
});
