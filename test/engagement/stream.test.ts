/**
 * The engagement's module generate, streamed (Accept: text/event-stream) on
 * the reference server over a real socket: events in order and valid, the
 * version saved before run.completed (which carries it), resume at every
 * event index, JSON refusals before any work, JSON unchanged without the header.
 */
import { createServer, type Server } from 'node:http';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Artifact, ArtifactSchema, createMemoryStore } from '../../src/engagement/index.js';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import {
  createReferenceHandler,
  createRunRegistry,
  type RunRegistry,
  toNodeListener,
} from '../../src/server/index.js';
import { type RunEvent, RunEventSchema } from '../../src/stream/index.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { stubChain } from '../server/helpers.js';
import { TEST_MODULE_HANDLERS } from './modules.js';

let server: Server;
let origin = '';
let runs: RunRegistry;

beforeAll(async () => {
  runs = createRunRegistry();
  server = createServer(
    toNodeListener(
      createReferenceHandler({
        chain: stubChain({ chunkDelayMs: 1 }),
        modules: TEST_MODULE_HANDLERS,
        engagementStore: createMemoryStore(),
        runs,
      }),
    ),
  );
  origin = await listenOnLoopback(server);
});
afterAll(async () => {
  runs.close();
  await closeServer(server);
});

interface Frame {
  id: string | undefined;
  event: string | undefined;
  data: RunEvent;
}

async function readFrames(response: Response, limit = Number.POSITIVE_INFINITY): Promise<Frame[]> {
  const frames: Frame[] = [];
  const parser = createParser({
    onEvent: (m) => frames.push({ id: m.id, event: m.event, data: RunEventSchema.parse(JSON.parse(m.data)) }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  while (frames.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  await reader.cancel().catch(() => {});
  return frames.slice(0, Math.min(frames.length, limit));
}

async function createEngagement(): Promise<string> {
  const response = await fetch(`${origin}/api/v1/engagements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Acme Corp' }),
  });
  return ((await response.json()) as { id: string }).id;
}

function generate(id: string, module: string, body: unknown, stream: boolean, signal?: AbortSignal) {
  return fetch(`${origin}/api/v1/engagements/${id}/modules/${module}/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(stream && { accept: 'text/event-stream' }) },
    body: JSON.stringify(body),
    ...(signal && { signal }),
  });
}

/** An artifact with what differs between two generations of one request replaced by placeholders. */
function normalize(artifact: Artifact): unknown {
  let text = JSON.stringify(artifact);
  for (const [value, name] of [
    [artifact.envelope.run_id, '<run>'],
    [artifact.id, '<artifact>'],
    [artifact.engagement_id, '<engagement>'],
    [String(artifact.envelope.meta.trace_id), '<trace>'],
    [artifact.review.id, '<review>'],
  ] as const)
    text = text.split(value).join(name);
  text = text
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g, '<time>')
    .replace(/"latency_ms":\d+(\.\d+)?/g, '"latency_ms":0');
  return JSON.parse(text);
}

async function getArtifact(id: string, artifactId: string): Promise<Artifact> {
  const response = await fetch(`${origin}/api/v1/engagements/${id}/artifacts/${artifactId}`);
  return ArtifactSchema.parse(await response.json());
}

describe('engagement generate with Accept: text/event-stream', () => {
  it('streams protocol v1 in order; run.completed carries the saved artifact, equal to what the JSON path reads back', async () => {
    const id = await createEngagement();
    const response = await generate(id, 'intake', { topic: 'shoes' }, true);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-aicmo-stream')).toBe('v1');
    const frames = await readFrames(response);
    const events = frames.map((f) => f.data);
    frames.forEach((frame, i) => {
      expect(frame.id).toBe(String(i + 1));
      expect(frame.event).toBe(frame.data.type);
    });
    const [started] = events;
    if (started?.type !== 'run.started') throw new Error('first event is not run.started');
    expect(started.module).toBe('intake');
    expect(started.deliverables).toHaveLength(2);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'deliverable.completed')).toHaveLength(2);
    expect(types.indexOf('deliverable.delta')).toBeGreaterThan(0);
    const last = events[events.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`last event is ${last?.type}`);
    expect(validateDeliverablesEnvelope(last.envelope).valid).toBe(true);
    expect(last.envelope.run_id).toBe(started.run_id);
    const artifact = ArtifactSchema.parse(last.artifact);
    expect(artifact).toMatchObject({ module: 'intake', version: 1, status: 'draft', engagement_id: id });
    expect(artifact.envelope).toEqual(last.envelope);
    // Saved before run.completed was sent: the JSON path reads back exactly this version.
    expect(await getArtifact(id, artifact.id)).toEqual(artifact);
    // Each completed deliverable is the one the envelope holds.
    const completed = events.flatMap((e) => (e.type === 'deliverable.completed' ? [e.deliverable] : []));
    expect(completed.map((d) => d.id).sort()).toEqual(last.envelope.deliverables.map((d) => d.id).sort());
  });

  it('the streamed artifact equals what the JSON path answers for the same request (ids, times and trace aside)', async () => {
    const streamedIn = await createEngagement();
    const events = (await readFrames(await generate(streamedIn, 'intake', { topic: 'shoes' }, true))).map(
      (f) => f.data,
    );
    const last = events[events.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`last event is ${last?.type}`);
    const streamed = ArtifactSchema.parse(last.artifact);
    const jsonIn = await createEngagement();
    const answered = await generate(jsonIn, 'intake', { topic: 'shoes' }, false);
    expect(answered.status).toBe(201);
    const json = ArtifactSchema.parse(await answered.json());
    expect(normalize(streamed)).toEqual(normalize(json));
  });

  it('the next version streams too (expected_version), and the JSON answer without the header is unchanged', async () => {
    const id = await createEngagement();
    const first = await generate(id, 'intake', { topic: 'shoes' }, false);
    expect(first.status).toBe(201);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const v1 = ArtifactSchema.parse(await first.json());
    const events = (
      await readFrames(await generate(id, 'intake', { topic: 'boots', expected_version: 1 }, true))
    ).map((f) => f.data);
    const last = events[events.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`last event is ${last?.type}`);
    const v2 = ArtifactSchema.parse(last.artifact);
    expect([v2.id, v2.version]).toEqual([v1.id, 2]);
    expect(await getArtifact(id, v2.id)).toEqual(v2);
  });

  it('answers a refusal before any work as JSON, as without streaming (404, GATING_BLOCKED, CONFLICT)', async () => {
    const missing = await generate('nope', 'intake', { topic: 'x' }, true);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    const id = await createEngagement();
    const blocked = await generate(id, 'strategy', { topic: 'x' }, true);
    expect(blocked.status).toBe(409);
    const body = (await blocked.json()) as { error: { type: string; details: { missing: string[] } } };
    expect([body.error.type, body.error.details.missing]).toEqual(['GATING_BLOCKED', ['intake']]);
    await readFrames(await generate(id, 'intake', { topic: 'x' }, true));
    const conflict = await generate(id, 'intake', { topic: 'x' }, true);
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { type: string } }).error.type).toBe('CONFLICT');
  });

  it('after a disconnect at every event index, GET /api/v1/runs/{run_id}/events gives exactly the missing events', async () => {
    const id = await createEngagement();
    const reference = (await readFrames(await generate(id, 'intake', { topic: 'shoes' }, true))).map(
      (f) => f.data,
    );
    const total = reference.length;
    expect(total).toBeGreaterThan(6);
    for (let k = 1; k < total; k++) {
      const controller = new AbortController();
      const engagement = await createEngagement();
      const head = (
        await readFrames(await generate(engagement, 'intake', { topic: 'shoes' }, true, controller.signal), k)
      ).map((f) => f.data);
      controller.abort();
      const started = head[0];
      if (started?.type !== 'run.started') throw new Error('no run.started');
      const resumed = await fetch(`${origin}/api/v1/runs/${started.run_id}/events`, {
        headers: { 'last-event-id': String(k) },
      });
      const tail = (await readFrames(resumed)).map((f) => f.data);
      const all = [...head, ...tail];
      expect(all).toHaveLength(total);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      const last = tail[tail.length - 1];
      if (last?.type !== 'run.completed') throw new Error(`resume ${k} ended with ${last?.type}`);
      expect(ArtifactSchema.parse(last.artifact).version).toBe(1);
    }
  });
});
