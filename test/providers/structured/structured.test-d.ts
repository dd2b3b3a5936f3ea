import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import {
  type DeepPartial,
  type GenerateObjectResult,
  generateObject,
  type ProviderChain,
  type StreamObjectEvent,
  type StructuredAttempt,
} from '../../../src/providers/index.js';

declare const chain: ProviderChain;
const Post = z.object({
  title: z.string(),
  words: z.string().transform((s) => s.length),
  tags: z.array(z.string()).optional(),
});

describe('structured output types', () => {
  it('generateObject resolves the zod output type', () => {
    const pending = chain.generateObject({ schema: Post, prompt: 'x' });
    expectTypeOf(pending).resolves.toEqualTypeOf<GenerateObjectResult<z.output<typeof Post>>>();
    expectTypeOf<Awaited<typeof pending>['object']>().toEqualTypeOf<{
      title: string;
      words: number;
      tags?: string[] | undefined;
    }>();
    expectTypeOf(generateObject(chain, { schema: Post, prompt: 'x' })).toEqualTypeOf(pending);
    expectTypeOf<Awaited<typeof pending>['costUsd']>().toEqualTypeOf<number | null>();
    expectTypeOf<Awaited<typeof pending>['attempts']>().toEqualTypeOf<StructuredAttempt[]>();
  });

  it('streamObject partials are deep partials of the input type', () => {
    const stream = chain.streamObject({ schema: Post, prompt: 'x' });
    expectTypeOf(stream).toEqualTypeOf<AsyncGenerator<StreamObjectEvent<typeof Post>, void, undefined>>();
    type Partial = Extract<StreamObjectEvent<typeof Post>, { type: 'partial' }>['partial'];
    expectTypeOf<Partial>().toEqualTypeOf<DeepPartial<z.input<typeof Post>>>();
    expectTypeOf<Partial['words']>().toEqualTypeOf<string | undefined>();
  });

  it('needs a schema', () => {
    // @ts-expect-error schema is required
    chain.generateObject({ prompt: 'x' });
  });
});
