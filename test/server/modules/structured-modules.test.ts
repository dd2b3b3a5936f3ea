/**
 * Modules with structured deliverables (creatives' posts, campaigns' brief and
 * posts, execution's calendar, leadgen's outreach sequence) over each SDK's wire: the real openai,
 * @anthropic-ai/sdk and groq-sdk clients against MSW fakes that reject what
 * the real APIs reject. Each structured deliverable is asked for as an object
 * in the provider's native mode, a wrong object is repaired by asking again,
 * the JSON and the streaming paths give the same envelope, and an object
 * that never matches becomes a failed deliverable.
 */
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Deliverable, validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import { type AnyModuleDefinition, MODULES, parseModuleInput } from '../../../src/modules/index.js';
import {
  anthropicProvider,
  groqProvider,
  openaiProvider,
  ProviderChain,
  stubProvider,
} from '../../../src/providers/index.js';
import {
  BUILTIN_MODULE_HANDLERS,
  type DeliverablePlan,
  defineModuleHandler,
  type ModuleHandler,
  type ModuleRunEvent,
  runModule,
} from '../../../src/server/modules/index.js';
import {
  ANTHROPIC_BASE,
  anthropicStream,
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
  groqStructuredRejection,
  openaiStructuredRejection,
} from '../../helpers/structured-wire.js';

const OPENAI_KEY = 'sk-test-modules-FAKEKEY-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-test-modules-FAKEKEY-0123456789';
const GROQ_KEY = 'gsk_test_modules_FAKEKEY_0123456789abcdef';

type Name = 'openai' | 'anthropic' | 'groq';
type Message = { role: string; content: unknown };

/** What the fake model knows: the plans of the run under test, by user prompt. */
let plans: readonly DeliverablePlan[] = [];
/** Output names answered with a wrong object on their first request. */
let wrongFirst = new Set<string>();
/** Output names always answered with a wrong object. */
let alwaysWrong = new Set<string>();
const seen = new Map<string, number>();

function planOf(body: Record<string, unknown>): DeliverablePlan {
  const messages = (body.messages ?? []) as Message[];
  const first = messages.find((m) => m.role === 'user');
  const plan = plans.find((p) => p.prompt === first?.content);
  if (!plan) throw new Error('the fake model got a prompt of no plan');
  return plan;
}

/** The output name a structured request asks for, or undefined for a text request. */
function outputName(name: Name, body: Record<string, unknown>): string | undefined {
  if (name === 'anthropic') return (body.tool_choice as { name?: string } | undefined)?.name;
  const format = body.response_format as { json_schema?: { name: string } } | undefined;
  if (format?.json_schema) return format.json_schema.name;
  const system = ((body.messages ?? []) as Message[]).find((m) => m.role === 'system')?.content;
  return typeof system === 'string' ? /single JSON object named "([^"]+)"/.exec(system)?.[1] : undefined;
}

/** What the fake model answers: the plan's sample (object or Markdown), or a wrong object. */
function answerOf(name: Name, body: Record<string, unknown>): { text: string; object?: unknown } {
  const plan = planOf(body);
  const output = outputName(name, body);
  if (output === undefined || plan.structured === undefined) return { text: plan.demo ?? '' };
  const count = seen.get(output) ?? 0;
  seen.set(output, count + 1);
  const demo = plan.structured.demo as Record<string, unknown>;
  const wrong = alwaysWrong.has(output) || (count === 0 && wrongFirst.has(output));
  const object = wrong ? { ...demo, title: 42 } : demo;
  return { text: JSON.stringify(object), object };
}

const pieces = (s: string, size: number) =>
  Array.from({ length: Math.ceil(s.length / size) }, (_, i) => s.slice(i * size, (i + 1) * size));

function toolUseStream(tool: string, json: string): Response {
  return sseResponse([
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
        content_block: { type: 'tool_use', id: 'toolu_s', name: tool, input: {} },
      },
    },
    ...pieces(json, 40).map((partial_json) => ({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json } },
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
  ]);
}

function endpoint(
  name: Name,
  url: string,
  key: string,
  check: (body: Record<string, unknown>) => Response | undefined,
): FakeEndpoint & { rejected: Response[] } {
  const rejected: Response[] = [];
  const fake = new FakeEndpoint(
    url,
    (request: RecordedRequest) => {
      const rejection = check(request.body);
      if (rejection) {
        rejected.push(rejection);
        return rejection;
      }
      const answer = answerOf(name, request.body);
      const stream = request.body.stream === true;
      const model = name === 'groq' ? 'llama-3.3-70b-versatile' : undefined;
      if (name === 'anthropic') {
        const tool = outputName(name, request.body);
        if (tool !== undefined) {
          if (stream) return toolUseStream(tool, answer.text);
          return HttpResponse.json({
            id: 'msg_tool',
            type: 'message',
            role: 'assistant',
            model: 'claude-haiku-4-5-20251001',
            content: [{ type: 'tool_use', id: 'toolu_1', name: tool, input: answer.object }],
            stop_reason: 'tool_use',
            stop_sequence: null,
            usage: { input_tokens: 40, output_tokens: 12 },
          });
        }
        if (stream) return anthropicStream(pieces(answer.text, 40));
        return HttpResponse.json({
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-haiku-4-5-20251001',
          content: [{ type: 'text', text: answer.text }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 40, output_tokens: 12 },
        });
      }
      if (stream)
        return chatCompletionStream(pieces(answer.text, 40), {
          ...(model !== undefined && { model, usageIn: 'x_groq' as const }),
        });
      return chatCompletionResponse({ content: answer.text, ...(model !== undefined && { model }) });
    },
    key,
  );
  return Object.assign(fake, { rejected });
}

const fakes = {
  openai: endpoint('openai', `${OPENAI_BASE}/chat/completions`, OPENAI_KEY, openaiStructuredRejection),
  anthropic: endpoint(
    'anthropic',
    `${ANTHROPIC_BASE}/v1/messages`,
    ANTHROPIC_KEY,
    anthropicStructuredRejection,
  ),
  groq: endpoint('groq', `${GROQ_BASE}/openai/v1/chat/completions`, GROQ_KEY, groqStructuredRejection),
};
const server = setupServer(fakes.openai.handler, fakes.anthropic.handler, fakes.groq.handler);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  for (const fake of Object.values(fakes)) {
    fake.requests.length = 0;
    fake.rejected.length = 0;
  }
  seen.clear();
  wrongFirst = new Set();
  alwaysWrong = new Set();
});
afterAll(() => server.close());

const providerOf = {
  openai: () => openaiProvider({ apiKey: OPENAI_KEY, model: 'gpt-4.1-mini' }),
  anthropic: () => anthropicProvider({ apiKey: ANTHROPIC_KEY, model: 'claude-haiku-4-5' }),
  groq: () => groqProvider({ apiKey: GROQ_KEY, model: 'llama-3.3-70b-versatile' }),
};
const chainOf = (name: Name) =>
  new ProviderChain({ providers: [providerOf[name]()], maxRetries: 0, deadlineMs: 20_000 });

interface Case {
  module: 'creatives' | 'campaigns' | 'execution' | 'leadgen';
  input: unknown;
  /** Output names of the structured deliverables, in plan order. */
  structured: string[];
}

const CASES: Case[] = [
  {
    module: 'creatives',
    input: { topic: 'Invisible aligners', platforms: ['LinkedIn', 'X'], num_assets: 2 },
    structured: ['linkedin_post', 'twitter_post'],
  },
  {
    module: 'campaigns',
    input: {
      campaign_name: 'Spring Launch',
      objectives: ['Awareness', 'Lead generation'],
      platforms: ['LinkedIn', 'Instagram'],
      budget: 5000,
      timeline_days: 30,
    },
    structured: ['campaign_brief', 'linkedin_post', 'instagram_post'],
  },
  {
    module: 'execution',
    input: {
      campaign_id: 'cmp_1',
      campaign_name: 'Aligner Launch',
      start_date: '2026-01-05',
      platforms: ['LinkedIn', 'Email'],
      timeline: { duration_weeks: 2 },
    },
    structured: ['content_calendar'],
  },
  {
    module: 'leadgen',
    input: {
      filters: { industry: 'B2B SaaS', titles: ['Head of Marketing'], keywords: ['hiring SDRs'] },
      offer: 'Managed outbound for SaaS teams',
      channels: ['Email', 'LinkedIn'],
    },
    structured: ['outreach_sequence'],
  },
];

function handlerOf(module: Case['module']): ModuleHandler {
  return BUILTIN_MODULE_HANDLERS[module] as unknown as ModuleHandler;
}

function plansOf(handler: ModuleHandler, input: unknown): readonly DeliverablePlan[] {
  const parsed = parseModuleInput(handler.module as AnyModuleDefinition, input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  return handler.plan(parsed.data as never);
}

/** A deliverable without what differs between runs (ids, latency, provider bookkeeping). */
function comparable(d: Deliverable) {
  const { latency_ms: _latency, tokens_used: _tokens, cost_usd: _cost, ...metadata } = d.metadata ?? {};
  return { ...d, id: d.id.split(':').slice(1).join(':'), metadata };
}

describe.each(['openai', 'anthropic', 'groq'] as const)(
  'structured deliverables over the %s wire',
  (name) => {
    describe.each(CASES)('$module', ({ module, input, structured }) => {
      it('asks for each structured deliverable as an object, repairs a wrong first answer, and renders it as the stubs do', async () => {
        const handler = handlerOf(module);
        plans = plansOf(handler, input);
        wrongFirst = new Set([structured[0] as string]);
        const envelope = await runModule(handler, input as never, chainOf(name), { runId: 'run-1' });
        expect(validateDeliverablesEnvelope(envelope).valid).toBe(true);
        expect(envelope.status).toBe('SUCCESS');
        expect(fakes[name].rejected).toEqual([]);
        // Every structured deliverable was asked for in the native mode, under its own output name.
        const names = fakes[name].requests
          .map((r) => outputName(name, r.body))
          .filter((n) => n !== undefined);
        expect(new Set(names)).toEqual(new Set(structured));
        expect(names.filter((n) => n === structured[0])).toHaveLength(2);
        // The same Markdown as the stub run (same sample), and the object in metadata.data.
        const stub = await runModule(
          handler,
          input as never,
          new ProviderChain({ providers: [stubProvider()] }),
          {
            runId: 'run-1',
          },
        );
        expect(envelope.deliverables.map((d) => d.content_markdown)).toEqual(
          stub.deliverables.map((d) => d.content_markdown),
        );
        for (const plan of plans.filter((p) => p.structured !== undefined)) {
          const deliverable = envelope.deliverables.find((d) => d.id === `run-1:${plan.key}`);
          expect(deliverable?.metadata?.data).toEqual(plan.structured?.demo);
          expect(deliverable?.metadata?.provider).toBe(name);
        }
        const repaired = plans.find((p) => p.structured?.name === structured[0]);
        expect(envelope.deliverables.find((d) => d.id === `run-1:${repaired?.key}`)?.metadata?.attempts).toBe(
          2,
        );
      });

      it('the streaming path gives the same envelope (a wrong first object repaired too), and its deltas add up to each deliverable', async () => {
        const handler = handlerOf(module);
        plans = plansOf(handler, input);
        wrongFirst = new Set([structured[0] as string]);
        const json = await runModule(handler, input as never, chainOf(name), { runId: 'run-1' });
        seen.clear();
        const events: ModuleRunEvent[] = [];
        const streamed = await runModule(handler, input as never, chainOf(name), {
          runId: 'run-1',
          onEvent: (event) => events.push(event),
        });
        expect(fakes[name].rejected).toEqual([]);
        expect(fakes[name].requests.some((r) => r.body.stream === true)).toBe(true);
        expect(streamed.status).toBe('SUCCESS');
        // Asked, found wrong and repaired on the stream too.
        expect(seen.get(structured[0] as string)).toBe(2);
        expect(streamed.deliverables.map(comparable)).toEqual(json.deliverables.map(comparable));
        for (const deliverable of streamed.deliverables) {
          const text = events
            .flatMap((e) => (e.type === 'deliverable.delta' && e.id === deliverable.id ? [e.text] : []))
            .join('');
          expect(`${text.trim()}\n`).toBe(deliverable.content_markdown);
        }
      });
    });

    it('an object that never matches becomes a failed deliverable with its issues (PARTIAL envelope)', async () => {
      const handler = handlerOf('execution');
      const input = CASES[2]?.input;
      plans = plansOf(handler, input);
      alwaysWrong = new Set(['content_calendar']);
      const envelope = await runModule(handler, input as never, chainOf(name));
      expect(envelope.status).toBe('PARTIAL');
      expect(envelope.deliverables.map((d) => d.kind)).toEqual(['execution_plan']);
      expect(envelope.error?.details).toEqual({
        failed: [{ kind: 'content_calendar', error_type: 'SCHEMA_MISMATCH', code: 502 }],
      });
      expect(
        (envelope.meta.warnings ?? []).some((w) =>
          w.startsWith('content_calendar was not generated (SCHEMA_MISMATCH)'),
        ),
      ).toBe(true);
      // Asked once, then repaired once: two requests for the calendar.
      expect(seen.get('content_calendar')).toBe(2);
    });
  },
);

describe('a module whose only deliverable never matches', () => {
  it('answers a FAILED envelope with the issues', async () => {
    const campaigns = BUILTIN_MODULE_HANDLERS.campaigns;
    const briefOnly = defineModuleHandler(MODULES.campaigns, {
      system: campaigns.system,
      plan: (request) => campaigns.plan(request).filter((p) => p.kind === 'campaign_brief'),
    });
    const input = CASES[1]?.input;
    plans = plansOf(briefOnly as unknown as ModuleHandler, input);
    alwaysWrong = new Set(['campaign_brief']);
    const envelope = await runModule(briefOnly, input as never, chainOf('openai'));
    expect(envelope.status).toBe('FAILED');
    expect(envelope.error).toMatchObject({ type: 'SCHEMA_MISMATCH', code: 502 });
    const details = envelope.error?.details as { issues: { path: unknown[]; message: string }[] };
    expect(details.issues[0]?.path).toEqual(['title']);
    expect(validateDeliverablesEnvelope(envelope).valid).toBe(true);
  });
});

describe('structured demos', () => {
  it.each(Object.entries(BUILTIN_MODULE_HANDLERS))(
    '%s: every structured deliverable of its example request has a demo its schema accepts, rendered as its Markdown sample',
    (_name, handler) => {
      const module = handler.module as AnyModuleDefinition;
      for (const plan of plansOf(handler as unknown as ModuleHandler, module.example)) {
        if (plan.structured === undefined) continue;
        expect(plan.structured.schema.safeParse(plan.structured.demo).success, plan.key).toBe(true);
        expect(plan.structured.render(plan.structured.demo), plan.key).toBe(plan.demo);
      }
    },
  );
});
