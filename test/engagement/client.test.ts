/** client.engagements against the reference server (real socket, stub provider). */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendClient } from '../../src/client/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { closeServer, listenOnLoopback, refusedOrigin } from '../helpers/loopback.js';
import { stubChain } from '../server/helpers.js';
import { TEST_MODULE_HANDLERS } from './modules.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startReferenceServer({ chain: stubChain(), port: 0, modules: TEST_MODULE_HANDLERS });
});
afterAll(async () => {
  await server.close();
});

describe('client.engagements', () => {
  it('runs the gated flow with typed results that never throw', async () => {
    const { engagements } = createBackendClient({ baseUrl: server.url });
    const created = await engagements.create({ client_name: 'Acme' });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.status).toBe(201);
    const id = created.value.id;

    const blocked = await engagements.generate(id, 'strategy', { topic: 'x' });
    expect(blocked).toMatchObject({
      ok: false,
      status: 409,
      error: { type: 'GATING_BLOCKED', details: { missing: ['intake'] } },
    });

    const intake = await engagements.generate(id, 'intake', { topic: 'shoes' });
    if (!intake.ok) throw new Error(intake.error.message);
    expect(intake.value).toMatchObject({ module: 'intake', version: 1, status: 'draft' });

    const first = intake.value.envelope.deliverables[0]?.id as string;
    const amended = await engagements.amend(id, intake.value.id, {
      expected_version: 1,
      deliverable_id: first,
      content_markdown: 'Client-side edit',
    });
    expect(amended.ok && amended.value.status).toBe('revised');
    const conflict = await engagements.approve(id, intake.value.id, { expected_version: 1 });
    expect(conflict).toMatchObject({
      ok: false,
      error: { type: 'CONFLICT', code: 409, details: { current_version: 2 } },
    });
    const approved = await engagements.approve(id, intake.value.id, { expected_version: 2, author: 'ana' });
    expect(approved.ok && approved.value.approved_by).toBe('ana');
    const invalid = await engagements.reject(id, intake.value.id, { expected_version: 3, note: 'late' });
    expect(invalid).toMatchObject({ ok: false, status: 422, error: { type: 'INVALID_TRANSITION' } });
    const reopened = await engagements.reopen(id, intake.value.id, { expected_version: 3 });
    expect(reopened.ok && reopened.value.status).toBe('revised');
    const archived = await engagements.archive(id, intake.value.id, { expected_version: 4 });
    expect(archived.ok && archived.value.status).toBe('archived');

    const view = await engagements.get(id);
    expect(view.ok && view.value.artifacts.map((a) => a.version)).toEqual([5]);
    const old = await engagements.getArtifact(id, intake.value.id, { version: 3 });
    expect(old.ok && old.value.status).toBe('approved');
    const file = await engagements.export(id, { format: 'md' });
    expect(file.ok && file.value.fileName).toBe('aicmo-acme-engagement.md');
    expect(file.ok && file.value.content).toContain('Client-side edit');
    const list = await engagements.list({ client_name: 'Acme' });
    expect(list.ok && list.value.engagements.map((e) => e.id)).toContain(id);
  });

  it('reports configuration, connection and contract failures as results', async () => {
    const none = createBackendClient({ env: {} }).engagements;
    expect(await none.get('x')).toMatchObject({
      ok: false,
      error: { type: 'CONFIGURATION_ERROR', code: 503 },
    });
    const refused = createBackendClient({ baseUrl: await refusedOrigin() }).engagements;
    expect(await refused.get('x')).toMatchObject({ ok: false, error: { type: 'CONNECTION_ERROR' } });
    const liar = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": 3}');
    });
    const origin = await listenOnLoopback(liar);
    try {
      const wrong = await createBackendClient({ baseUrl: origin }).engagements.get('x');
      expect(wrong).toMatchObject({ ok: false, status: 200, error: { type: 'CONTRACT_ERROR' } });
    } finally {
      await closeServer(liar);
    }
  });
});
