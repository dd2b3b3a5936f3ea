import Anthropic from '@anthropic-ai/sdk';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AnthropicProviderOptions,
  anthropicProvider,
  type GroqProviderOptions,
  groqProvider,
  type OpenAICompatibleProviderOptions,
  type OpenAIProviderOptions,
  openaiCompatibleProvider,
  openaiProvider,
  type Provider,
  type StubProvider,
  stubProvider,
} from '../../src/providers/index.js';

describe('adapter option types', () => {
  it('accept the real SDK clients as `client`', () => {
    expectTypeOf(new OpenAI({ apiKey: 'k' })).toExtend<NonNullable<OpenAIProviderOptions['client']>>();
    expectTypeOf(new OpenAI({ apiKey: 'k' })).toExtend<
      NonNullable<OpenAICompatibleProviderOptions['client']>
    >();
    expectTypeOf(new Groq({ apiKey: 'k' })).toExtend<NonNullable<GroqProviderOptions['client']>>();
    expectTypeOf(new Anthropic({ apiKey: 'k' })).toExtend<NonNullable<AnthropicProviderOptions['client']>>();
    // An OpenAI client is not an Anthropic client.
    expectTypeOf(new OpenAI({ apiKey: 'k' })).not.toExtend<NonNullable<AnthropicProviderOptions['client']>>();
  });

  it('return Providers; the stub exposes stream and a call count', () => {
    expectTypeOf(openaiProvider).returns.toEqualTypeOf<Provider>();
    expectTypeOf(anthropicProvider).returns.toEqualTypeOf<Provider>();
    expectTypeOf(groqProvider).returns.toEqualTypeOf<Provider>();
    expectTypeOf(openaiCompatibleProvider).returns.toEqualTypeOf<Provider>();
    expectTypeOf(stubProvider()).toEqualTypeOf<StubProvider>();
    expectTypeOf(stubProvider().calls).toEqualTypeOf<number>();
    expectTypeOf(stubProvider()).toExtend<Provider>();
  });

  it('require a model and a name where documented', () => {
    // @ts-expect-error model is required
    openaiProvider({ apiKey: 'k' });
    // @ts-expect-error name is required for OpenAI-compatible servers
    openaiCompatibleProvider({ model: 'm', baseURL: 'http://x' });
    // @ts-expect-error unknown failure kind
    stubProvider({ failures: ['explode'] });
  });
});
