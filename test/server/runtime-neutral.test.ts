/**
 * `aicmo/server` is runtime-neutral: the built entry (dist/server/index.js)
 * bundles for the browser platform with no Node built-in, and its handlers
 * answer requests in a bare vm context that has web globals only (as a
 * worker, Deno or Bun would). `node:http` is loaded only by
 * startReferenceServer, through a dynamic import.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';

const entry = fileURLToPath(new URL('../../dist/server/index.js', import.meta.url));
let code = '';

beforeAll(async () => {
  if (!existsSync(entry)) throw new Error('dist/server/index.js is missing: run `npm run build` first.');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'aicmoServer',
    write: false,
    logLevel: 'silent',
  });
  code = result.outputFiles?.[0]?.text ?? '';
});

function webContext() {
  const g = globalThis;
  return createContext({
    Request: g.Request,
    Response: g.Response,
    Headers: g.Headers,
    AbortController: g.AbortController,
    AbortSignal: g.AbortSignal,
    DOMException: g.DOMException,
    URL: g.URL,
    TextEncoder: g.TextEncoder,
    TextDecoder: g.TextDecoder,
    ReadableStream: g.ReadableStream,
    crypto: g.crypto,
    performance: g.performance,
    setTimeout: g.setTimeout,
    clearTimeout: g.clearTimeout,
    queueMicrotask: g.queueMicrotask,
    console: g.console,
  });
}

describe('aicmo/server on web globals only', () => {
  it('has no static Node built-in import in the built entry or its chunks', () => {
    const source = readFileSync(entry, 'utf8');
    expect(source).not.toMatch(/from\s+['"](node:)?(http|https|net|fs|stream|buffer|util|crypto)['"]/);
    expect(source).not.toMatch(/\brequire\(/);
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/from\s+['"]node:/);
  });

  it('answers generate requests in a context without process, Buffer or require', async () => {
    const context = webContext();
    runInContext(code, context);
    const run = runInContext(
      `(async () => {
        if (typeof process !== 'undefined' || typeof Buffer !== 'undefined' || typeof require !== 'undefined') {
          throw new Error('not a bare web context');
        }
        const chain = {
          async generate(request) {
            return {
              text: '# ' + request.metadata.deliverableKind + '\\n\\nHello #Launch',
              provider: 'edge', model: 'edge-1',
              usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
              finishReason: 'stop', costUsd: 0.5, latencyMs: 1, attempts: [], warnings: [], partial: false,
            };
          },
          status() { return { overall_health: 'unknown', generated_at: new Date().toISOString(), providers: [] }; },
        };
        const handler = aicmoServer.createReferenceHandler({ chain });
        const post = (body) => handler(new Request('https://edge.example/api/v1/campaigns/generate', {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-trace-id': 'edge-1' }, body,
        }));
        const ok = await post(JSON.stringify({ campaign_name: 'Edge', objectives: ['Reach'], platforms: ['X'] }));
        const bad = await post('{"campaign_name": 1}');
        const health = await handler(new Request('https://edge.example/health'));
        return [
          { status: ok.status, trace: ok.headers.get('x-trace-id'), body: await ok.text() },
          { status: bad.status, body: await bad.text() },
          { status: health.status },
        ];
      })()`,
      context,
    ) as Promise<Array<{ status: number; trace?: string; body?: string }>>;
    const [ok, bad, health] = await run;
    expect(ok?.status).toBe(200);
    expect(ok?.trace).toBe('edge-1');
    const envelope = JSON.parse(ok?.body ?? '');
    expect(validateDeliverablesEnvelope(envelope).valid).toBe(true);
    expect(envelope.deliverables.map((d: { kind: string }) => d.kind)).toEqual([
      'campaign_brief',
      'twitter_post',
      'email_copy',
    ]);
    expect(envelope.meta).toMatchObject({
      provider: 'edge',
      cost_usd: 1.5,
      tokens_used: 9,
      trace_id: 'edge-1',
    });
    expect(bad?.status).toBe(422);
    expect(validateDeliverablesEnvelope(JSON.parse(bad?.body ?? '')).valid).toBe(true);
    expect(health?.status).toBe(200);
  });
});
