/**
 * client.generate(module, input) against MSW, for every built-in module: the
 * path and body sent, and the CONTRACT §2 result rows as each module sees them.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackendClient } from '../../src/client/index.js';
import { loadBuiltinModule } from '../../src/client/modules.js';
import { createFailedEnvelope, createSuccessEnvelope } from '../../src/envelope/index.js';
import { MODULE_NAMES, MODULES, type ModuleName } from '../../src/modules/index.js';
import { BASE } from './helpers.js';

interface Seen {
  path: string;
  traceId: string | null;
  body: unknown;
}

let seen: Seen[] = [];
let reply: (module: string, traceId: string | null) => Response = (module, traceId) =>
  HttpResponse.json(
    createSuccessEnvelope({
      module,
      provider: 'stub',
      ...(traceId ? { traceId } : {}),
      deliverables: [{ kind: 'strategy', title: 'Done', contentMarkdown: `# ${module}` }],
    }),
  );
const defaultReply = reply;

const server = setupServer(
  http.post(`${BASE}/api/v1/:module/generate`, async ({ request, params }) => {
    const traceId = request.headers.get('x-trace-id');
    seen.push({ path: new URL(request.url).pathname, traceId, body: await request.json() });
    return reply(String(params.module), traceId);
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  seen = [];
  reply = defaultReply;
});
afterAll(() => server.close());

const client = createBackendClient({ baseUrl: BASE, timeoutMs: 5_000 });
const example = (name: ModuleName) => MODULES[name].example as never;

describe.each(MODULE_NAMES)('client.generate(%s)', (name) => {
  it('posts the input as given to /api/v1/<module>/generate with a trace id; ok with module = name', async () => {
    const result = await client.generate(name, example(name));
    expect(result.error).toBeUndefined();
    expect(result.envelope?.module).toBe(name);
    expect(seen).toEqual([
      { path: `/api/v1/${name}/generate`, traceId: result.traceId, body: MODULES[name].example },
    ]);
  });

  it('a bad input is a VALIDATION_ERROR naming the field, and nothing is sent', async () => {
    const result = await client.generate(name, {
      ...(MODULES[name].example as object),
      zz_unknown: 1,
    } as never);
    expect(result.error).toMatchObject({ type: 'VALIDATION_ERROR', code: 422, field: 'zz_unknown' });
    expect(seen).toEqual([]);
  });

  it('a 422 FAILED envelope is HTTP_422 carrying the envelope; a 200 for another module is a CONTRACT_ERROR', async () => {
    reply = () =>
      HttpResponse.json(
        createFailedEnvelope({
          module: name,
          errorType: 'VALIDATION_ERROR',
          message: 'x: is required',
          code: 422,
        }),
        { status: 422 },
      );
    const failed = await client.generate(name, example(name));
    expect(failed.error).toMatchObject({ type: 'HTTP_422', code: 422 });
    expect(failed.error?.envelope?.module).toBe(name);

    reply = (_module, traceId) => defaultReply(name === 'learn' ? 'intake' : 'learn', traceId);
    const other = await client.generate(name, example(name));
    expect(other.error).toMatchObject({ type: 'CONTRACT_ERROR', field: 'module' });
  });

  it('a 200 that is not JSON is a RESPONSE_PARSE_ERROR; a 503 is HTTP_503', async () => {
    reply = () =>
      new HttpResponse('<html>oops</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    expect((await client.generate(name, example(name))).error?.type).toBe('RESPONSE_PARSE_ERROR');
    reply = () => HttpResponse.json({ detail: 'busy' }, { status: 503 });
    expect((await client.generate(name, example(name))).error).toMatchObject({
      type: 'HTTP_503',
      message: 'busy',
    });
  });
});

describe('built-in modules load one at a time', () => {
  it("each name loads exactly the registry's definition; other names load nothing", async () => {
    for (const name of MODULE_NAMES) expect(await loadBuiltinModule(name)).toBe(MODULES[name]);
    for (const name of ['nope', 'toString', '__proto__', 'constructor', 'Campaigns', ''])
      expect(await loadBuiltinModule(name)).toBeUndefined();
  });
});
