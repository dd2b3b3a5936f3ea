/**
 * The module request JSON Schemas (shipped as dist/schemas/<module>-request.schema.json,
 * served by GET /api/v1/modules) judge requests as the zod schemas do, for a
 * backend in another language: examples pass; blank, mistyped and unknown fields fail.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { JSON_SCHEMAS } from '../../src/json-schemas.js';
import { MODULE_NAMES, MODULES, parseModuleInput } from '../../src/modules/index.js';

const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });

describe.each(MODULE_NAMES)('%s request schema', (name) => {
  const module = MODULES[name];
  const schema = JSON_SCHEMAS[`${name}-request.schema.json`]?.() as { required?: string[] } & object;
  const check = ajv.compile(schema);
  const required = (z.toJSONSchema(module.input, { io: 'input' }) as { required?: string[] }).required ?? [];

  it('accepts the example, as zod does', () => {
    expect(check(module.example), JSON.stringify(check.errors)).toBe(true);
    expect(parseModuleInput(module, module.example).success).toBe(true);
  });

  it('refuses an unknown key, as zod does', () => {
    const body = { ...(module.example as object), not_a_field: 'x' };
    expect(check(body)).toBe(false);
    expect(check.errors?.[0]).toMatchObject({ keyword: 'additionalProperties' });
    expect(parseModuleInput(module, body).success).toBe(false);
  });

  it.runIf(required.length > 0)('refuses a blank or mistyped required field, as zod does', () => {
    const key = required[0] as string;
    const example = module.example as Record<string, unknown>;
    const blankable = typeof example[key] === 'string';
    for (const value of [...(blankable ? [' \u001c\u0085 '] : []), 12345, null]) {
      const body = { ...example, [key]: value };
      expect(check(body), `${key}=${JSON.stringify(value)}`).toBe(false);
      expect(parseModuleInput(module, body).success).toBe(false);
    }
  });
});
