/**
 * Every module end to end over a real socket: the client against the
 * reference server on stubs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createBackendClient } from '../../../src/client/index.js';
import { validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import { defineModule, MODULE_NAMES, MODULES, text } from '../../../src/index.js';
import { defineModuleHandler, type RunningServer, startReferenceServer } from '../../../src/server/index.js';
import { stubChain } from '../helpers.js';

const pressRelease = defineModule({
  name: 'press-release',
  description: 'A press release for a launch.',
  input: z.object({ product: text(100), quote_from: z.nullish(text(100)) }),
  deliverables: [{ kind: 'press_release', title: 'Press release' }],
  example: { product: 'Widget Pro' },
});

const pressReleaseHandler = defineModuleHandler(pressRelease, {
  system: () => 'You are a PR writer. Markdown only.',
  plan: (request) => [
    {
      key: 'release',
      kind: 'press_release',
      title: `Press release: ${request.product}`,
      prompt: `Write a press release for ${request.product}.`,
      demo: `# ${request.product} launches today\n\nA short, factual release.`,
    },
  ],
});

let server: RunningServer;
beforeAll(async () => {
  server = await startReferenceServer({ chain: stubChain(), port: 0, modules: [pressReleaseHandler] });
});
afterAll(async () => {
  await server.close();
});

async function postJson(
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function issuesOf(
  json: Record<string, unknown>,
): { path: (string | number)[]; code: string; message: string }[] {
  const error = json.error as {
    details?: { issues?: { path: (string | number)[]; code: string; message: string }[] };
  };
  return error.details?.issues ?? [];
}

describe('every built-in module, client to reference server on stubs', () => {
  it('has ten modules, each with a valid example', () => {
    expect(MODULE_NAMES).toEqual([
      'intake',
      'strategy',
      'creatives',
      'execution',
      'monitoring',
      'leadgen',
      'campaigns',
      'autonomy',
      'delivery',
      'learn',
    ]);
    for (const name of MODULE_NAMES) {
      expect(MODULES[name].example, name).toBeDefined();
      expect(MODULES[name].input.safeParse(MODULES[name].example).success, name).toBe(true);
    }
  });

  for (const name of MODULE_NAMES) {
    describe(name, () => {
      const module = MODULES[name];

      it(`client.generate('${name}') gets a valid envelope with module = ${name}`, async () => {
        const client = createBackendClient({ baseUrl: server.url });
        const result = await client.generate(name, module.example as never);
        expect(result.error).toBeUndefined();
        if (!result.ok) return;
        expect(validateDeliverablesEnvelope(result.envelope)).toEqual({
          valid: true,
          errors: [],
          issues: [],
        });
        expect(result.envelope.status).toBe('SUCCESS');
        expect(result.envelope.module).toBe(name);
        expect(result.envelope.deliverables.length).toBeGreaterThan(0);
        const declared = new Set(module.deliverables.map((d) => d.kind));
        expect(result.envelope.deliverables.some((d) => declared.has(d.kind))).toBe(true);
      });

      it('POST /aicmo/generate with use_case gives the same deliverables', async () => {
        const direct = await postJson(module.path, module.example);
        const operator = await postJson('/aicmo/generate', { ...(module.example as object), use_case: name });
        expect(operator.status).toBe(200);
        expect(validateDeliverablesEnvelope(operator.json).valid).toBe(true);
        expect(operator.json.module).toBe(name);
        const strip = (json: Record<string, unknown>) =>
          (json.deliverables as { kind: string; title: string; content_markdown: string }[]).map((d) => [
            d.kind,
            d.title,
            d.content_markdown,
          ]);
        expect(strip(operator.json)).toEqual(strip(direct.json));
      });

      it('a bad body is a 422 FAILED envelope naming each bad field', async () => {
        const required =
          (z.toJSONSchema(module.input, { io: 'input' }) as { required?: string[] }).required ?? [];
        const body: Record<string, unknown> = { ...(module.example as object) };
        for (const key of required) body[key] = 12345; // the wrong type for every required field
        if (required.length === 0) body[Object.keys(module.input.shape)[0] as string] = 12345;
        const { status, json } = await postJson(module.path, body);
        expect(status).toBe(422);
        expect(validateDeliverablesEnvelope(json).valid).toBe(true);
        expect(json).toMatchObject({
          status: 'FAILED',
          module: name,
          error: { type: 'VALIDATION_ERROR', code: 422 },
        });
        const named = issuesOf(json).map((issue) => issue.path[0]);
        for (const key of required) expect(named).toContain(key);
      });

      it('a misspelt key is a 422 with a "did you mean" hint', async () => {
        const key = Object.keys(module.input.shape)[0] as string;
        const misspelt = `${key.slice(0, -1)}${key.at(-1) === 'x' ? 'y' : 'x'}`;
        const { status, json } = await postJson('/aicmo/generate', {
          ...(module.example as object),
          [misspelt]: 'x',
          use_case: name,
        });
        expect(status).toBe(422);
        expect(json.module).toBe(name);
        expect(issuesOf(json)).toContainEqual({
          path: [misspelt],
          code: 'unrecognized_key',
          message: `is not a field of the ${name} request; did you mean "${key}"?`,
        });
      });
    });
  }
});

describe('module routes', () => {
  it('an unknown module is a 404 FAILED envelope listing the known modules', async () => {
    for (const [path, body] of [
      ['/api/v1/strategyy/generate', {}],
      ['/aicmo/generate', { use_case: 'strategyy' }],
    ] as const) {
      const { status, json } = await postJson(path, body);
      expect(status).toBe(404);
      expect(validateDeliverablesEnvelope(json).valid).toBe(true);
      expect(json.error).toMatchObject({ type: 'UNKNOWN_MODULE', code: 404 });
      const error = json.error as { message: string; details: { modules: string[] } };
      expect(error.details.modules).toEqual([...MODULE_NAMES, 'press-release']);
      expect(error.message).toContain('strategy');
    }
  });

  it('/aicmo/generate without use_case is a 422 naming use_case', async () => {
    const { status, json } = await postJson('/aicmo/generate', { campaign_name: 'x' });
    expect(status).toBe(422);
    expect(issuesOf(json)[0]?.path).toEqual(['use_case']);
  });

  it('GET /api/v1/modules lists every module with its request JSON Schema', async () => {
    const response = await fetch(`${server.url}/api/v1/modules`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      modules: {
        name: string;
        path: string;
        required: string[];
        input_schema: { type: string };
        example: unknown;
      }[];
    };
    expect(body.modules.map((m) => m.name)).toEqual([...MODULE_NAMES, 'press-release']);
    const strategy = body.modules.find((m) => m.name === 'strategy');
    expect(strategy).toMatchObject({ path: '/api/v1/strategy/generate', input_schema: { type: 'object' } });
    expect(strategy?.required).toContain('campaign_name');
    expect(strategy?.input_schema).toMatchObject({ additionalProperties: false });
  });

  it('a custom module is served by the same handler and called by the same client', async () => {
    const client = createBackendClient({ baseUrl: server.url });
    const result = await client.generate(pressRelease, { product: 'Widget Pro' });
    expect(result.error).toBeUndefined();
    if (!result.ok) return;
    expect(result.envelope.module).toBe('press-release');
    expect(result.envelope.deliverables[0]).toMatchObject({
      kind: 'press_release',
      title: 'Press release: Widget Pro',
      content_markdown: '# Widget Pro launches today\n\nA short, factual release.\n',
    });
    const bad = await client.generate(pressRelease, { prodcut: 'x' } as never);
    expect(bad.error?.type).toBe('VALIDATION_ERROR');
    expect(bad.error?.errors).toContain('product: is required');
    expect(bad.error?.issues).toContainEqual({ path: ['product'], code: 'required', message: 'is required' });
  });

  it('the client refuses a SUCCESS envelope for another module (CONTRACT_ERROR)', async () => {
    const lookalike = defineModule({
      name: 'lookalike',
      description: 'Same request as press-release.',
      input: z.object({ product: text(100) }),
      deliverables: [{ kind: 'press_release', title: 'Press release' }],
    });
    const client = createBackendClient({ baseUrl: server.url });
    const result = await client.generate(lookalike, { product: 'Widget' }, { path: pressRelease.path });
    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ type: 'CONTRACT_ERROR', code: 200, field: 'module' });
    expect(result.error?.message).toContain('"press-release", not "lookalike"');
  });
});
