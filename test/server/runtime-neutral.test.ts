/**
 * `aicmo/server` is runtime-neutral: the built entry (dist/server/index.js)
 * bundles for the browser platform with no Node built-in, and its handlers
 * answer requests in a bare vm context that has web globals only (as a
 * worker, Deno or Bun would). `node:http` is loaded only by
 * startReferenceServer, through a dynamic import.
 */
import { readFileSync } from 'node:fs';
import { runInContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { bundleDistEntry, distEntry, webContext } from '../helpers/bundle.js';

const entry = distEntry('server');
let code = '';

beforeAll(async () => {
  code = await bundleDistEntry('server', { format: 'iife', globalName: 'aicmoServer' });
});

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
