/**
 * The structured-output quirks live in the catalog, and the adapters and the
 * schema compiler read them from there: each test fails if one of them kept
 * its own table.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  anthropicProvider,
  type ChatCompletionsClientLike,
  groqProvider,
  OPENAI_STRICT_SCHEMA,
  openaiCompatibleProvider,
  openaiProvider,
  PROVIDER_CATALOG,
  type Provider,
  type ProviderCatalogEntry,
} from '../../src/providers/index.js';
import { compileSchema, strictRulesOf } from '../../src/providers/structured/compile.js';
import { toBaseSchema } from '../../src/providers/structured/json-schema.js';

const entries = Object.entries(PROVIDER_CATALOG as Readonly<Record<string, ProviderCatalogEntry>>);

/** A Chat Completions client that records each body and answers from `answer`. */
function recordingClient(answer: (body: Record<string, unknown>) => unknown) {
  const bodies: Record<string, unknown>[] = [];
  const client = {
    chat: {
      completions: {
        create(body: Record<string, unknown>) {
          bodies.push(body);
          const value = answer(body);
          const promise = value instanceof Error ? Promise.reject(value) : Promise.resolve(value);
          return Object.assign(promise, {
            withResponse: async () => ({ data: await promise, response: new Response(null) }),
          });
        },
      },
    },
  };
  return { client: client as unknown as ChatCompletionsClientLike, bodies };
}

const COMPLETION = {
  id: 'c',
  object: 'chat.completion',
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: '{"a":"x"}' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
};

function adapterFor(name: string, entry: ProviderCatalogEntry, client: ChatCompletionsClientLike): Provider {
  const model = entry.defaultModel;
  if (entry.wire === 'openai') return openaiProvider({ apiKey: 'sk-test-0000', model, client });
  if (entry.wire === 'groq') return groqProvider({ apiKey: 'gsk_test_0000', model, client });
  if (entry.wire === 'anthropic') return anthropicProvider({ apiKey: 'sk-ant-test-0000', model });
  return openaiCompatibleProvider({ name, apiKey: 'test-key-0000', model, client });
}

const structured = { name: 'out', schema: { type: 'object', properties: { a: { type: 'string' } } } };

describe('structured-output quirks come from the catalog', () => {
  it.each(entries)('%s: the adapter announces the catalog mode', (name, entry) => {
    const { client } = recordingClient(() => COMPLETION);
    expect(adapterFor(name, entry, client).structuredOutput).toBe(entry.quirks.structured.mode);
  });

  it.each(entries.filter(([, e]) => e.wire !== 'anthropic'))(
    '%s: the request body follows the catalog (response_format, streaming with JSON mode)',
    async (name, entry) => {
      const { client, bodies } = recordingClient(() => COMPLETION);
      const provider = adapterFor(name, entry, client);
      const signal = new AbortController().signal;
      await provider.generate({ prompt: 'hi', structured }, { signal });
      const format = bodies[0]?.response_format as { type?: string } | undefined;
      const mode = entry.quirks.structured.mode;
      expect(format?.type).toBe(
        mode === 'json_schema' ? 'json_schema' : mode === 'json_object' ? 'json_object' : undefined,
      );
      if (provider.stream) {
        const stream = provider.stream({ prompt: 'hi', structured }, { signal });
        // The body is built before the first chunk; the fake client's answer is not a stream, so reading fails.
        await stream[Symbol.asyncIterator]()
          .next()
          .catch(() => undefined);
        expect(bodies).toHaveLength(2);
        expect(bodies[1]?.stream).toBe(true);
        const streamed = bodies[1]?.response_format as { type?: string } | undefined;
        const streamsNative = entry.quirks.structured.streams;
        expect(streamed?.type).toBe(streamsNative ? format?.type : undefined);
      }
    },
  );

  it.each(entries.filter(([, e]) => e.wire !== 'anthropic'))(
    '%s: a 400 json_validate_failed is a repair input only where the catalog says so',
    async (name, entry) => {
      const rejection = Object.assign(new Error('400'), {
        status: 400,
        error: { error: { code: 'json_validate_failed', failed_generation: '{"a":' } },
      });
      const { client } = recordingClient(() => rejection);
      const provider = adapterFor(name, entry, client);
      const call = provider.generate({ prompt: 'hi', structured }, { signal: new AbortController().signal });
      if (entry.quirks.structured.failedGeneration) {
        await expect(call).resolves.toMatchObject({ text: '{"a":', finishReason: 'error' });
      } else {
        await expect(call).rejects.toMatchObject({ name: 'ProviderError' });
      }
    },
  );

  it('the strict compiler uses the catalog rules: a keyword outside them moves into the description', () => {
    expect(strictRulesOf('openai')).toBe(PROVIDER_CATALOG.openai.quirks.structured.strict);
    expect(strictRulesOf('some-vllm')).toBe(OPENAI_STRICT_SCHEMA);
    const base = toBaseSchema(z.object({ tag: z.string().min(2) }), 'openai');
    const openai = compileSchema(base, 'json_schema', 'openai');
    const tag = (openai.schema.properties as Record<string, Record<string, unknown>>).tag;
    expect(tag?.minLength).toBeUndefined();
    expect(tag?.description).toContain('minLength: 2');
    // A dialect that accepts minLength keeps it: the rules are data, not the compiler's own table.
    const wider = { ...OPENAI_STRICT_SCHEMA, keywords: [...OPENAI_STRICT_SCHEMA.keywords, 'minLength'] };
    const kept = compileSchema(base, 'json_schema', 'openai', wider);
    expect((kept.schema.properties as Record<string, Record<string, unknown>>).tag?.minLength).toBe(2);
  });

  it('only OpenAI has strict rules, only Groq refuses JSON mode with streaming and hands back failed_generation', () => {
    const strict = entries.filter(([, e]) => e.quirks.structured.strict !== undefined).map(([n]) => n);
    expect(strict).toEqual(['openai']);
    expect(entries.filter(([, e]) => !e.quirks.structured.streams).map(([n]) => n)).toEqual(['groq']);
    expect(entries.filter(([, e]) => e.quirks.structured.failedGeneration).map(([n]) => n)).toEqual(['groq']);
    expect(PROVIDER_CATALOG.anthropic.quirks.structured.mode).toBe('tool');
  });
});
