/**
 * `client.stream` from the built client entry (bundled to one ESM file) under
 * Bun and Deno, against the reference server on 127.0.0.1 (node:http, stub
 * chain): the events parse, come in order and end with the run's envelope.
 * Missing runtimes fail in CI and are skipped elsewhere.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceHandler, toNodeListener } from '../../src/server/index.js';
import { inCi } from '../helpers/ci.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { RUNTIMES, writeClientScript } from '../helpers/runtimes.js';
import { stubChain } from '../server/helpers.js';
import { campaign } from './helpers.js';

const runtimes = RUNTIMES;

const SCRIPT = `
import * as mod from './aicmo-client.mjs';
const origin = globalThis.Deno ? Deno.args[0] : process.argv[2];
const client = mod.createBackendClient({ baseUrl: origin, deadlineMs: 20000 });
const run = client.stream('campaigns', ${JSON.stringify(campaign)});
const events = [];
for await (const event of run) events.push(event);
const result = await run.result;
const last = events[events.length - 1];
console.log(JSON.stringify({
  ok: result.ok,
  count: events.length,
  seqs: events.every((e, i) => e.seq === i + 1),
  first: events[0]?.type,
  last: last?.type,
  deltas: events.filter((e) => e.type === 'deliverable.delta').length,
  sameEnvelope: JSON.stringify(last?.envelope) === JSON.stringify(result.envelope),
}));
`;

describe.each(runtimes)('client.stream under $name', ({ name, bin, args }) => {
  let server: Server;
  let origin: string;
  let dir: string;

  beforeAll(async () => {
    const written = await writeClientScript(name, bin, SCRIPT);
    if (written === undefined) return;
    dir = written;
    server = createServer(toNodeListener(createReferenceHandler({ chain: stubChain({ chunkDelayMs: 1 }) })));
    origin = await listenOnLoopback(server);
  });

  afterAll(async () => {
    await closeServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!bin && !inCi())('streams typed events in order and ends with the envelope', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        bin as string,
        [...args('main.mjs'), origin],
        { cwd: dir, timeout: 60_000 },
        (error, out, err) =>
          error ? reject(new Error(`${name} failed: ${err || error.message}`)) : resolve(out),
      );
    });
    const out = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(out).toMatchObject({
      ok: true,
      seqs: true,
      first: 'run.started',
      last: 'run.completed',
      sameEnvelope: true,
    });
    expect(out.deltas).toBeGreaterThan(0);
  });
});
