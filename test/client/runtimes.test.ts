/**
 * The built client entry, bundled to one ESM file, run by other runtimes:
 * Bun and Deno (devDependencies, so on PATH under npm scripts; or via
 * BUN_PATH / DENO_PATH). Missing runtimes fail in CI and are skipped elsewhere. Deno runs with --allow-net only: reading BACKEND_URL without
 * --allow-env must not throw. The backend is node:http on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, listenOnLoopback, refusedOrigin } from '../helpers/loopback.js';
import { RUNTIMES, writeClientScript } from '../helpers/runtimes.js';
import { campaign, successEnvelope, UUID_V4 } from './helpers.js';

const runtimes = RUNTIMES;

const SCRIPT = `
import * as mod from './aicmo-client.mjs';
const [origin, closedOrigin] = [globalThis.Deno ? Deno.args[0] : process.argv[2], globalThis.Deno ? Deno.args[1] : process.argv[3]];
const request = ${JSON.stringify(campaign)};
const client = mod.createBackendClient({ baseUrl: origin, timeoutMs: 5000 });
const pick = (r) => ({ ok: r.ok, traceId: r.traceId, type: r.error?.type, message: r.error?.message, echoed: r.envelope?.meta?.trace_id });
const out = {
  ok: pick(await client.generateCampaign(request)),
  http: pick(await client.postJson('/fail', {})),
  refused: pick(await mod.backendPostJson('/x', {}, { baseUrl: closedOrigin })),
  timeout: pick(await client.postJson('/hang', {}, { timeoutMs: 100 })),
  aborted: pick(await client.postJson('/hang', {}, { signal: AbortSignal.timeout(50) })),
  unconfigured: pick(await mod.backendPostJson('/x', {})),
};
console.log(JSON.stringify(out));
`;

describe.each(runtimes)('aicmo/client under $name', ({ name, bin, args }) => {
  let server: Server;
  let origin: string;
  let closedOrigin: string;
  let dir: string;

  beforeAll(async () => {
    const written = await writeClientScript(name, bin, SCRIPT);
    if (written === undefined) return;
    dir = written;
    server = createServer((req, res) => {
      const traceId = String(req.headers['x-trace-id'] ?? '');
      req.resume();
      req.on('end', () => {
        if (req.url === '/api/v1/campaigns/generate') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(successEnvelope(traceId)));
        } else if (req.url === '/fail') {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'all providers down' }));
        }
      });
    });
    origin = await listenOnLoopback(server);
    closedOrigin = await refusedOrigin();
  }, 60_000);

  afterAll(async () => {
    await closeServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!bin)(
    'every outcome is a typed result',
    async () => {
      const env = { ...process.env };
      delete env.BACKEND_URL;
      delete env.AICMO_BACKEND_URL;
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(
          bin!,
          [...args('main.mjs'), origin, closedOrigin],
          { cwd: dir, env, timeout: 30_000 },
          (error, out, err) =>
            error ? reject(new Error(`${name} failed: ${err || error.message}`)) : resolve(out),
        );
      });
      const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(out.ok, stdout).toMatchObject({ ok: true });
      expect(out.ok.traceId).toMatch(UUID_V4);
      expect(out.ok.echoed).toBe(out.ok.traceId);
      expect(out.http).toMatchObject({ type: 'HTTP_503', message: 'all providers down' });
      expect(out.refused).toMatchObject({ type: 'CONNECTION_ERROR' });
      expect(out.timeout).toMatchObject({ type: 'TIMEOUT' });
      expect(out.aborted).toMatchObject({ type: 'ABORTED' });
      expect(out.unconfigured).toMatchObject({ type: 'CONFIGURATION_ERROR' });
    },
    60_000,
  );
});
