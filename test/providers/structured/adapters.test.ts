/** How the adapters declare and send structured output (without a network). */
import { describe, expect, it } from 'vitest';
import { buildChatBody, failedGeneration } from '../../../src/providers/adapters/chat-completions.js';
import {
  anthropicProvider,
  groqProvider,
  openaiCompatibleProvider,
  openaiProvider,
} from '../../../src/providers/index.js';

const structured = {
  name: 'post',
  schema: { type: 'object', properties: {}, required: [], additionalProperties: false },
};

describe('adapters declare their native structured mode', () => {
  it('openai strict, anthropic tool, groq JSON mode, OpenAI-compatible by preset', () => {
    expect(openaiProvider({ apiKey: 'k', model: 'm' }).structuredOutput).toBe('json_schema');
    expect(anthropicProvider({ apiKey: 'k', model: 'm' }).structuredOutput).toBe('tool');
    expect(groqProvider({ apiKey: 'k', model: 'm' }).structuredOutput).toBe('json_object');
    expect(openaiCompatibleProvider({ name: 'mistral', apiKey: 'k', model: 'm' }).structuredOutput).toBe(
      'json_object',
    );
    expect(openaiCompatibleProvider({ name: 'google', apiKey: 'k', model: 'm' }).structuredOutput).toBe(
      'instruction',
    );
    expect(
      openaiCompatibleProvider({
        name: 'vllm',
        baseURL: 'http://127.0.0.1:1/v1',
        model: 'm',
        structuredOutput: 'json_schema',
      }).structuredOutput,
    ).toBe('json_schema');
  });
});

describe('buildChatBody with request.structured', () => {
  const config = {
    name: 'x',
    model: 'm',
    client: async () => ({ chat: { completions: { create: () => undefined } } }),
    maxTokensParam: 'max_tokens' as const,
    streamUsage: false,
    jsonMode: 'response_format' as const,
    requestIdHeader: 'x-request-id',
  };

  it('instruction mode puts the schema in the system text and sends no response_format', () => {
    const body = buildChatBody(
      { ...config, structured: { mode: 'instruction', streams: true, failedGeneration: false } },
      { prompt: 'hi', structured },
      'm',
    );
    expect(body.response_format).toBeUndefined();
    const messages = body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content).toContain('"additionalProperties":false');
  });

  it('JSON mode is dropped when streaming is refused with it', () => {
    const streaming = buildChatBody(
      { ...config, structured: { mode: 'json_object', streams: false, failedGeneration: true } },
      { prompt: 'hi', structured },
      'm',
      true,
    );
    expect(streaming.response_format).toBeUndefined();
    const once = buildChatBody(
      { ...config, structured: { mode: 'json_object', streams: false, failedGeneration: true } },
      { prompt: 'hi', structured },
      'm',
    );
    expect(once.response_format).toEqual({ type: 'json_object' });
  });
});

describe('failedGeneration', () => {
  it('reads failed_generation from a 400 json_validate_failed, whichever body shape the SDK kept', () => {
    const inner = { code: 'json_validate_failed', failed_generation: '{"a":' };
    expect(failedGeneration({ status: 400, error: { error: inner } })).toBe('{"a":');
    expect(failedGeneration({ status: 400, error: inner })).toBe('{"a":');
    expect(failedGeneration({ status: 500, error: inner })).toBeUndefined();
    expect(
      failedGeneration({ status: 400, error: { code: 'other', failed_generation: 'x' } }),
    ).toBeUndefined();
    expect(failedGeneration(new Error('x'))).toBeUndefined();
  });
});
