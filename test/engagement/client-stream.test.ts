/** client.engagements.generate with onProgress: a streamed engagement generate against the reference server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendClient } from '../../src/client/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import type { RunEvent } from '../../src/stream/index.js';
import { stubChain } from '../server/helpers.js';
import { TEST_MODULE_HANDLERS } from './modules.js';

let streaming: RunningServer;
let jsonOnly: RunningServer;
beforeAll(async () => {
  streaming = await startReferenceServer({ chain: stubChain(), port: 0, modules: TEST_MODULE_HANDLERS });
  jsonOnly = await startReferenceServer({
    chain: stubChain(),
    port: 0,
    modules: TEST_MODULE_HANDLERS,
    runs: false,
  });
});
afterAll(async () => {
  await streaming.close();
  await jsonOnly.close();
});

describe('client.engagements.generate with onProgress', () => {
  it('streams the events in order and resolves with the saved artifact', async () => {
    const { engagements } = createBackendClient({ baseUrl: streaming.url });
    const created = await engagements.create({ client_name: 'Acme' });
    if (!created.ok) throw new Error(created.error.message);
    const events: RunEvent[] = [];
    const result = await engagements.generate(
      created.value.id,
      'intake',
      { topic: 'shoes' },
      {},
      { onProgress: (event) => events.push(event) },
    );
    if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
    expect(result.value).toMatchObject({ module: 'intake', version: 1, status: 'draft' });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.type).toBe('run.started');
    expect(events.some((e) => e.type === 'deliverable.delta')).toBe(true);
    const last = events[events.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`last event is ${last?.type}`);
    expect(last.artifact).toEqual(result.value);
    const read = await engagements.getArtifact(created.value.id, result.value.id);
    expect(read.ok && read.value).toEqual(result.value);
  });

  it('a refusal before any work is the server error (GATING_BLOCKED), with no events', async () => {
    const { engagements } = createBackendClient({ baseUrl: streaming.url });
    const created = await engagements.create({ client_name: 'Acme' });
    if (!created.ok) throw new Error(created.error.message);
    const events: RunEvent[] = [];
    const blocked = await engagements.generate(
      created.value.id,
      'strategy',
      { topic: 'x' },
      {},
      { onProgress: (event) => events.push(event) },
    );
    expect(blocked).toMatchObject({
      ok: false,
      status: 409,
      error: { type: 'GATING_BLOCKED', code: 409, details: { missing: ['intake'] } },
    });
    expect(events).toEqual([]);
  });

  it('a backend that does not stream answers JSON: the same artifact, no events', async () => {
    const { engagements } = createBackendClient({ baseUrl: jsonOnly.url });
    const created = await engagements.create({ client_name: 'Acme' });
    if (!created.ok) throw new Error(created.error.message);
    const events: RunEvent[] = [];
    const result = await engagements.generate(
      created.value.id,
      'intake',
      { topic: 'shoes' },
      {},
      { onProgress: (event) => events.push(event) },
    );
    expect(result.ok && [result.status, result.value.version]).toEqual([201, 1]);
    expect(events).toEqual([]);
  });
});
