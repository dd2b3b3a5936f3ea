/** The engagement wire on the reference server (real socket, stub provider, in-memory and sqlite stores). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Artifact,
  type EngagementStore,
  type EngagementView,
  openSqliteStore,
} from '../../src/engagement/index.js';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import { type RunningServer, startReferenceServer } from '../../src/server/index.js';
import { stubChain } from '../server/helpers.js';
import { TEST_MODULE_HANDLERS } from './modules.js';

let server: RunningServer;
let store: EngagementStore;
const dir = mkdtempSync(join(tmpdir(), 'aicmo-http-'));

beforeAll(async () => {
  store = await openSqliteStore(join(dir, 'wire.db'));
  server = await startReferenceServer({
    chain: stubChain(),
    port: 0,
    modules: TEST_MODULE_HANDLERS,
    engagementStore: store,
  });
});
afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** Expects a FAILED envelope with this status and error.type; returns the error. */
async function failed(answer: Promise<Awaited<ReturnType<typeof call>>>, status: number, type: string) {
  const a = await answer;
  const body = a.json();
  expect(validateDeliverablesEnvelope(body).valid).toBe(true);
  expect([a.status, body.status, body.error.type]).toEqual([status, 'FAILED', type]);
  return body.error;
}

describe('engagement wire', () => {
  it('runs the gated flow: create, generate, conflict, approve, invalid transition, read, export', async () => {
    const created = await call('POST', '/api/v1/engagements', { client_name: 'Acme Corp' });
    expect(created.status).toBe(201);
    const { id } = created.json();

    const blocked = await failed(
      call('POST', `/api/v1/engagements/${id}/modules/strategy/generate`, { topic: 'x' }),
      409,
      'GATING_BLOCKED',
    );
    expect(blocked.details.missing).toEqual(['intake']);

    const generated = await call('POST', `/api/v1/engagements/${id}/modules/intake/generate`, {
      topic: 'shoes',
    });
    expect(generated.status).toBe(201);
    const intake: Artifact = generated.json();
    expect(intake).toMatchObject({ module: 'intake', version: 1, status: 'draft', lineage: {} });
    expect(intake.envelope.deliverables).toHaveLength(2);

    const again = await failed(
      call('POST', `/api/v1/engagements/${id}/modules/intake/generate`, { topic: 'shoes' }),
      409,
      'CONFLICT',
    );
    expect(again.details.current_version).toBe(1);

    const amended = await call('POST', `/api/v1/engagements/${id}/artifacts/${intake.id}/amend`, {
      expected_version: 1,
      deliverable_id: intake.envelope.deliverables[0]?.id,
      content_markdown: 'Edited intake',
      author: 'ana',
    });
    expect([amended.status, amended.json().status, amended.json().version]).toEqual([200, 'revised', 2]);
    const stale = await failed(
      call('POST', `/api/v1/engagements/${id}/artifacts/${intake.id}/approve`, { expected_version: 1 }),
      409,
      'CONFLICT',
    );
    expect(stale.details.current_version).toBe(2);
    const approved = await call('POST', `/api/v1/engagements/${id}/artifacts/${intake.id}/approve`, {
      expected_version: 2,
      author: 'ana',
    });
    expect(approved.json()).toMatchObject({ status: 'approved', approved_by: 'ana', version: 3 });
    await failed(
      call('POST', `/api/v1/engagements/${id}/artifacts/${intake.id}/approve`, { expected_version: 3 }),
      422,
      'INVALID_TRANSITION',
    );
    await failed(
      call('POST', `/api/v1/engagements/${id}/artifacts/${intake.id}/reject`, { expected_version: 3 }),
      422,
      'INVALID_TRANSITION',
    );

    const strategy = await call('POST', `/api/v1/engagements/${id}/modules/strategy/generate`, {
      topic: 'shoes',
    });
    expect(strategy.json().lineage.intake).toMatchObject({ artifact_id: intake.id, version: 3 });

    const view: EngagementView = (await call('GET', `/api/v1/engagements/${id}`)).json();
    expect(view.artifacts.map((a) => [a.module, a.status, a.stale])).toEqual([
      ['intake', 'approved', false],
      ['strategy', 'draft', false],
    ]);
    expect(view.versions[intake.id]?.map((v) => v.status)).toEqual(['draft', 'revised', 'approved']);
    const old = (await call('GET', `/api/v1/engagements/${id}/artifacts/${intake.id}?version=1`)).json();
    expect(old.envelope.deliverables[0].content_markdown).not.toBe('Edited intake');

    const md = await call('GET', `/api/v1/engagements/${id}/export?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-disposition')).toBe(
      'attachment; filename="aicmo-acme-corp-engagement.md"',
    );
    expect(md.headers.get('content-type')).toBe('text/markdown;charset=utf-8');
    expect(md.text).toContain('Edited intake');
    const json = await call('GET', `/api/v1/engagements/${id}/export?format=json&module=intake`);
    expect(json.headers.get('content-disposition')).toBe(
      'attachment; filename="aicmo-acme-corp-intake.json"',
    );
    expect(json.json().artifacts[0].envelope.deliverables[0].content_markdown).toBe('Edited intake');
    await failed(
      call('GET', `/api/v1/engagements/${id}/export?format=md&module=strategy`),
      422,
      'NOTHING_TO_EXPORT',
    );

    const list = (await call('GET', '/api/v1/engagements?client_name=Acme%20Corp')).json();
    expect(list.engagements.map((e: { id: string }) => e.id)).toContain(id);
  });

  it('passes a gate with an override and records it', async () => {
    const { id } = (await call('POST', '/api/v1/engagements', { client_name: 'Globex' })).json();
    const res = await call('POST', `/api/v1/engagements/${id}/modules/creatives/generate`, {
      topic: 'x',
      override: { reason: 'client approved by phone', actor: 'lead@globex' },
    });
    expect(res.status).toBe(201);
    expect(res.json().trail[0].override).toEqual({
      reason: 'client approved by phone',
      actor: 'lead@globex',
      missing: ['strategy'],
    });
  });

  it('answers every error as a FAILED envelope with a stable error.type', async () => {
    const { id } = (await call('POST', '/api/v1/engagements', { client_name: 'Initech' })).json();
    const invalid = await failed(
      call('POST', `/api/v1/engagements/${id}/modules/intake/generate`, { topic: '' }),
      422,
      'VALIDATION_ERROR',
    );
    expect(invalid.details.issues[0].path).toEqual(['topic']);
    await failed(call('GET', '/api/v1/engagements/nope'), 404, 'NOT_FOUND');
    await failed(call('POST', `/api/v1/engagements/${id}/modules/nope/generate`, {}), 404, 'UNKNOWN_MODULE');
    await failed(call('POST', '/api/v1/engagements', { client_name: ' ' }), 422, 'INVALID_ARGUMENT');
    await failed(call('DELETE', `/api/v1/engagements/${id}`), 405, 'METHOD_NOT_ALLOWED');
    const bad = await fetch(`${server.url}/api/v1/engagements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect([bad.status, (await bad.json()).error.type]).toEqual([400, 'INVALID_JSON']);
    await failed(
      call('POST', `/api/v1/engagements/${id}/artifacts/x/approve`, { expected_version: 'one' }),
      422,
      'INVALID_ARGUMENT',
    );
  });

  it('keeps the default (in-memory) store when none is given', async () => {
    const other = await startReferenceServer({ chain: stubChain(), port: 0, modules: TEST_MODULE_HANDLERS });
    try {
      const res = await fetch(`${other.url}/api/v1/engagements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'Mem' }),
      });
      expect(res.status).toBe(201);
    } finally {
      await other.close();
    }
  });
});
