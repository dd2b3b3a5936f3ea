/**
 * The built server entry with the stub provider, bundled to one ESM file and
 * served by Bun (`Bun.serve`) and Deno (`Deno.serve`, --allow-net only): the
 * web-standard reference handler answers a real request over a socket with a
 * valid envelope, echoes the trace id, and rejects a bad body with a FAILED
 * envelope. Missing runtimes fail in CI and are skipped elsewhere.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { inCi } from '../helpers/ci.js';
import { findBinary } from '../helpers/runtimes.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

const ENTRY = `
import { createReferenceHandler } from './server/index.js';
import { ProviderChain, stubProvider } from './providers/index.js';
export const handler = createReferenceHandler({ chain: new ProviderChain({ providers: [stubProvider()] }) });
`;

const SCRIPT = `
import { handler } from './aicmo-server.mjs';
const isDeno = typeof globalThis.Deno !== 'undefined';
const server = isDeno
  ? Deno.serve({ port: 0, hostname: '127.0.0.1', onListen() {} }, handler)
  : Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: handler });
const port = isDeno ? server.addr.port : server.port;
const post = (body) =>
  fetch('http://127.0.0.1:' + port + '/api/v1/campaigns/generate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-trace-id': '4f6c3f55-4d5e-4a43-9d2a-6a3f2b1c0d9e' },
    body,
  });
const ok = await post(JSON.stringify({ campaign_name: 'Spring', objectives: ['Awareness'], platforms: ['LinkedIn'], budget: 5000, timeline_days: 30 }));
const bad = await post(JSON.stringify({ campaign_name: '', objectives: [], platforms: ['LinkedIn'] }));
const health = await fetch('http://127.0.0.1:' + port + '/health');
const out = {
  ok: { status: ok.status, trace: ok.headers.get('x-trace-id'), body: await ok.json() },
  bad: { status: bad.status, body: await bad.json() },
  health: health.status,
};
console.log(JSON.stringify(out));
isDeno ? await server.shutdown() : server.stop(true);
`;

const runtimes = [
  { name: 'bun', bin: findBinary('bun'), args: ['run', 'main.mjs'] },
  {
    name: 'deno',
    bin: findBinary('deno'),
    args: ['run', '--no-prompt', '--allow-net=127.0.0.1', 'main.mjs'],
  },
];

describe.each(runtimes)('aicmo/server under $name', ({ name, bin, args }) => {
  let dir: string;

  beforeAll(async () => {
    if (!bin) {
      if (inCi()) throw new Error(`${name} not found: run npm ci (it is a devDependency).`);
      return;
    }
    if (!existsSync(join(dist, 'server', 'index.js')))
      throw new Error('dist/ is missing: run `npm run build`.');
    const result = await build({
      stdin: { contents: ENTRY, resolveDir: dist, loader: 'js' },
      bundle: true,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      format: 'esm',
      // Provider SDKs are loaded on first use only; the stub needs none of them.
      external: ['openai', '@anthropic-ai/sdk', 'groq-sdk'],
      logLevel: 'silent',
      write: false,
    });
    dir = mkdtempSync(join(tmpdir(), `aicmo-server-${name}-`));
    writeFileSync(join(dir, 'aicmo-server.mjs'), result.outputFiles[0]?.text ?? '');
    writeFileSync(join(dir, 'main.mjs'), SCRIPT);
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!bin)(
    'serves a valid envelope over a real socket and a FAILED envelope for a bad body',
    async () => {
      const env = { ...process.env, NO_COLOR: '1' };
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(bin as string, args, { cwd: dir, env, timeout: 30_000 }, (error, out, err) =>
          error ? reject(new Error(`${name} failed: ${err || error.message}`)) : resolve(out),
        );
      });
      const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
      expect(out.ok.status).toBe(200);
      expect(out.ok.trace).toBe('4f6c3f55-4d5e-4a43-9d2a-6a3f2b1c0d9e');
      expect(validateDeliverablesEnvelope(out.ok.body)).toEqual({ valid: true, errors: [], issues: [] });
      expect(out.ok.body).toMatchObject({
        status: 'SUCCESS',
        meta: { trace_id: '4f6c3f55-4d5e-4a43-9d2a-6a3f2b1c0d9e' },
      });
      expect(out.ok.body.deliverables.length).toBeGreaterThanOrEqual(3);
      expect(out.bad.status).toBe(422);
      expect(validateDeliverablesEnvelope(out.bad.body).valid).toBe(true);
      expect(out.bad.body.status).toBe('FAILED');
      expect(out.bad.body.error.message).toContain('campaign_name');
      expect(out.health).toBe(200);
    },
    60_000,
  );
});
