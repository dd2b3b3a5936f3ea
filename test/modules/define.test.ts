/**
 * defineModule on zod/mini: a user's classic `z.object` stays a classic zod
 * schema (made strict), a `zod/mini` object works too, and both behave alike.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as classic from 'zod';
import * as z from 'zod/mini';
import { campaignsModule } from '../../src/modules/builtin/campaigns.js';
import { defineModule, ModuleDefinitionError, parseModuleInput, text } from '../../src/modules/index.js';

const deliverables = [{ kind: 'press_release', title: 'Press release' }] as const;

describe('defineModule with either zod API', () => {
  const fromClassic = defineModule({
    name: 'press-classic',
    description: 'A press release.',
    input: classic.object({ product: classic.string().min(1), quote: classic.optional(text(50)) }),
    deliverables,
  });
  const fromMini = defineModule({
    name: 'press-mini',
    description: 'A press release.',
    input: z.object({ product: z.string().check(z.minLength(1)), quote: z.optional(text(50)) }),
    deliverables,
  });

  it('keeps a classic input classic: its methods still work on the strict copy', () => {
    const input = fromClassic.input as unknown as classic.ZodObject;
    expect(typeof input.extend).toBe('function');
    expect(input.extend({ extra: classic.string() }).safeParse({ product: 'x', extra: 'y' }).success).toBe(
      true,
    );
  });

  it.each([
    ['classic', fromClassic],
    ['mini', fromMini],
  ] as const)('%s input: trims, refuses unknown keys with a hint, and parses alike', (_api, module) => {
    expect(parseModuleInput(module, { product: 'Widget', quote: '  hi  ' })).toEqual({
      success: true,
      data: { product: 'Widget', quote: 'hi' },
    });
    const bad = parseModuleInput(module, { product: 'Widget', prodct: 'x' });
    expect(bad.success).toBe(false);
    if (!bad.success)
      expect(bad.issues).toEqual([
        {
          path: ['prodct'],
          code: 'unrecognized_key',
          message: `is not a field of the ${module.name} request; did you mean "product"?`,
        },
      ]);
  });

  it('refuses an input that is not an object schema', () => {
    expect(() =>
      defineModule({
        name: 'bad',
        description: 'x',
        input: z.string() as unknown as ReturnType<typeof z.object>,
        deliverables,
      }),
    ).toThrow(ModuleDefinitionError);
  });

  it('a built-in schema works with classic zod: embedding, safeParse, toJSONSchema, z.infer', () => {
    const wrapper = classic.object({ request: campaignsModule.input });
    const request = { campaign_name: ' Spring ', objectives: ['Awareness'], platforms: ['LinkedIn'] };
    expect(wrapper.parse({ request })).toEqual({
      request: { campaign_name: 'Spring', objectives: ['Awareness'], platforms: ['LinkedIn'] },
    });
    expect(campaignsModule.input.safeParse({ ...request, nope: 1 }).success).toBe(false);
    const schema = classic.toJSONSchema(campaignsModule.input, { io: 'input' }) as { required?: string[] };
    expect(schema.required).toEqual(['campaign_name', 'objectives', 'platforms']);
    expectTypeOf<classic.infer<typeof campaignsModule.input>['campaign_name']>().toEqualTypeOf<string>();
  });
});
