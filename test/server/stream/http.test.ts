/**
 * Live progress end to end over a real socket: the reference server on
 * 127.0.0.1 with a stub chain, read with a plain SSE parser (not the client).
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { createParser } from 'eventsource-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliverablesEnvelope } from '../../../src/envelope/index.js';
import { validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import type { StubProviderOptions } from '../../../src/providers/index.js';
import {
  createReferenceHandler,
  createRunRegistry,
  type RunRegistry,
  type RunRegistryOptions,
  toNodeListener,
} from '../../../src/server/index.js';
import { type RunEvent, RunEventSchema } from '../../../src/stream/index.js';
import { closeServer, listenOnLoopback } from '../../helpers/loopback.js';
import { CAMPAIGN, stubChain } from '../helpers.js';

let server: Server | undefined;
let registry: RunRegistry | undefined;

afterEach(async () => {
  registry?.close();
  registry = undefined;
  await closeServer(server);
  server = undefined;
});

async function serve(stub: StubProviderOptions = {}, runs: RunRegistryOptions = {}): Promise<string> {
  registry = createRunRegistry(runs);
  server = createServer(toNodeListener(createReferenceHandler({ chain: stubChain(stub), runs: registry })));
  return listenOnLoopback(server);
}

interface Frame {
  id: string | undefined;
  event: string | undefined;
  data: unknown;
}

/** Reads SSE frames from a response; stops after `limit` frames (aborting the request through `controller`). */
async function readFrames(
  response: Response,
  limit = Number.POSITIVE_INFINITY,
  onFrame?: (f: Frame) => void,
): Promise<Frame[]> {
  const frames: Frame[] = [];
  const parser = createParser({
    onEvent: (m) => {
      const frame = { id: m.id, event: m.event, data: JSON.parse(m.data) };
      frames.push(frame);
      onFrame?.(frame);
    },
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

const streamHeaders = { 'content-type': 'application/json', accept: 'text/event-stream' };

function startStream(origin: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${origin}/api/v1/campaigns/generate`, {
    method: 'POST',
    headers: streamHeaders,
    body: JSON.stringify(CAMPAIGN),
    ...(signal && { signal }),
  });
}

/** The fields that differ between two runs of the same deterministic request. */
function normalize(envelope: DeliverablesEnvelope): unknown {
  const runId = envelope.run_id;
  const text = JSON.stringify(envelope).split(runId).join('<run>');
  const copy = JSON.parse(text) as Record<string, unknown> & {
    meta: Record<string, unknown>;
    deliverables: Array<{ metadata: Record<string, unknown> }>;
  };
  copy.meta = { ...copy.meta, timestamp: '<ts>', trace_id: '<trace>' };
  if (copy.error && typeof copy.error === 'object') copy.error = { ...copy.error, trace_id: '<trace>' };
  for (const d of copy.deliverables) d.metadata = { ...d.metadata, latency_ms: 0 };
  return copy;
}

const shortText = 'Spring is here. Plan the launch, post the news, and mail the list today.';

describe('generate with Accept: text/event-stream', () => {
  it('streams protocol v1: ids = seq, event = type, events in order and valid, and run.completed equals the JSON answer', async () => {
    const origin = await serve();
    const response = await startStream(origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-aicmo-stream')).toBe('v1');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    const frames = await readFrames(response);
    const events = frames.map((f) => RunEventSchema.parse(f.data));
    frames.forEach((frame, i) => {
      expect(frame.id).toBe(String(i + 1));
      expect(frame.event).toBe(events[i]?.type);
      expect(events[i]?.seq).toBe(i + 1);
    });
    const started = events[0];
    if (started?.type !== 'run.started') throw new Error('first event is not run.started');
    const last = events[events.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`last event is ${last?.type}`);
    expect(validateDeliverablesEnvelope(last.envelope).valid).toBe(true);
    expect(last.envelope.run_id).toBe(started.run_id);
    expect(last.envelope.meta.trace_id).toBe(started.trace_id);
    expect(started.deliverables.map((d) => d.id)).toEqual(last.envelope.deliverables.map((d) => d.id));

    // Per deliverable: started, deltas, completed; the deltas spell its content.
    for (const deliverable of last.envelope.deliverables) {
      const own = events.filter(
        (e) =>
          ('id' in e && e.id === deliverable.id) ||
          (e.type === 'deliverable.completed' && e.deliverable.id === deliverable.id),
      );
      expect(own[0]?.type).toBe('deliverable.started');
      expect(own[own.length - 1]?.type).toBe('deliverable.completed');
      const text = own.flatMap((e) => (e.type === 'deliverable.delta' ? [e.text] : [])).join('');
      expect(`${text.trim()}\n`).toBe(deliverable.content_markdown);
      expect(own[own.length - 1]).toMatchObject({ deliverable });
    }

    const json = await fetch(`${origin}/api/v1/campaigns/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CAMPAIGN),
    });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const envelope = (await json.json()) as DeliverablesEnvelope;
    expect(normalize(last.envelope)).toEqual(normalize(envelope));
  });

  it('ends with run.failed holding the FAILED envelope the JSON path answers', async () => {
    const origin = await serve({ failures: () => 'auth' });
    const frames = await readFrames(await startStream(origin));
    const last = RunEventSchema.parse(frames[frames.length - 1]?.data);
    if (last.type !== 'run.failed') throw new Error(`last event is ${last.type}`);
    const failedIds = frames
      .map((f) => RunEventSchema.parse(f.data))
      .filter((e) => e.type === 'deliverable.failed');
    expect(failedIds).toHaveLength(3);
    const json = await fetch(`${origin}/api/v1/campaigns/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CAMPAIGN),
    });
    const envelope = (await json.json()) as DeliverablesEnvelope;
    expect(json.status).toBe(last.envelope.error.code);
    expect(normalize(last.envelope)).toEqual(normalize(envelope));
  });

  it('answers a bad body with the JSON 422, as without streaming', async () => {
    const origin = await serve();
    const response = await fetch(`${origin}/api/v1/campaigns/generate`, {
      method: 'POST',
      headers: streamHeaders,
      body: JSON.stringify({ campaign_name: '' }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('sends the first delta while the run is still going (a slow upstream)', async () => {
    const origin = await serve({ chunkDelayMs: 15 });
    let activeAtFirstDelta: number | undefined;
    const frames = await readFrames(await startStream(origin), Number.POSITIVE_INFINITY, (frame) => {
      if (activeAtFirstDelta === undefined && (frame.data as RunEvent).type === 'deliverable.delta')
        activeAtFirstDelta = registry?.activeRuns;
    });
    expect(activeAtFirstDelta).toBe(1);
    const types = frames.map((f) => (f.data as RunEvent).type);
    expect(types.indexOf('deliverable.delta')).toBeLessThan(types.indexOf('deliverable.completed'));
    expect(types[types.length - 1]).toBe('run.completed');
  });
});

describe('resume: GET /api/v1/runs/{run_id}/events', () => {
  it('after a disconnect at every event index, Last-Event-ID gives exactly the missing events', async () => {
    const origin = await serve({ text: shortText, chunkDelayMs: 1 });
    const reference = (await readFrames(await startStream(origin))).map((f) => f.data as RunEvent);
    const total = reference.length;
    expect(total).toBeGreaterThan(10);
    for (let k = 1; k < total; k++) {
      const controller = new AbortController();
      const head = (await readFrames(await startStream(origin, controller.signal), k)).map(
        (f) => f.data as RunEvent,
      );
      controller.abort();
      const started = head[0];
      if (started?.type !== 'run.started') throw new Error('no run.started');
      const resumed = await fetch(`${origin}/api/v1/runs/${started.run_id}/events`, {
        headers: { accept: 'text/event-stream', 'last-event-id': String(k) },
      });
      expect(resumed.headers.get('x-aicmo-stream')).toBe('v1');
      const tail = (await readFrames(resumed)).map((f) => f.data as RunEvent);
      const seqs = [...head, ...tail].map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(tail[tail.length - 1]?.type).toBe('run.completed');
    }
  });

  it('without Last-Event-ID gives the whole run so far; ?last_event_id= works as the header does', async () => {
    const origin = await serve({ text: shortText });
    const all = (await readFrames(await startStream(origin))).map((f) => f.data as RunEvent);
    const runId = (all[0] as RunEvent & { run_id: string }).run_id;
    const whole = (await readFrames(await fetch(`${origin}/api/v1/runs/${runId}/events`))).map((f) => f.data);
    expect(whole).toEqual(all);
    const after3 = (
      await readFrames(await fetch(`${origin}/api/v1/runs/${runId}/events?last_event_id=3`))
    ).map((f) => f.data);
    expect(after3).toEqual(all.slice(3));
  });

  it('answers 404 RUN_NOT_FOUND for an unknown run and 405 for a wrong method', async () => {
    const origin = await serve();
    const missing = await fetch(`${origin}/api/v1/runs/nope/events`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as DeliverablesEnvelope).error?.type).toBe('RUN_NOT_FOUND');
    const wrong = await fetch(`${origin}/api/v1/runs/nope/events`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

describe('disconnects and cancel', () => {
  it('a run left without a reader past graceMs is cancelled upstream and ends with CLIENT_CLOSED_REQUEST', async () => {
    const origin = await serve({ chunkDelayMs: 50 }, { graceMs: 30 });
    const controller = new AbortController();
    const head = (await readFrames(await startStream(origin, controller.signal), 2)).map(
      (f) => f.data as RunEvent,
    );
    controller.abort();
    const runId = (head[0] as RunEvent & { run_id: string }).run_id;
    while ((registry as RunRegistry).activeRuns > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const all = (await readFrames(await fetch(`${origin}/api/v1/runs/${runId}/events`))).map(
      (f) => f.data as RunEvent,
    );
    const last = all[all.length - 1];
    // Only the grace timer's RunAbandonedError aborts the upstream calls with this type.
    expect(last?.type === 'run.failed' && last.envelope.error.type).toBe('CLIENT_CLOSED_REQUEST');
    expect(all.some((e) => e.type === 'deliverable.completed')).toBe(false);
  });

  it('POST /api/v1/runs/{run_id}/cancel ends a resumed run with a CANCELLED run.failed', async () => {
    const origin = await serve({ chunkDelayMs: 30 });
    const controller = new AbortController();
    const head = (await readFrames(await startStream(origin, controller.signal), 1)).map(
      (f) => f.data as RunEvent,
    );
    controller.abort();
    const runId = (head[0] as RunEvent & { run_id: string }).run_id;
    const resumed = await fetch(`${origin}/api/v1/runs/${runId}/events`, {
      headers: { 'last-event-id': '1' },
    });
    const cancel = await fetch(`${origin}/api/v1/runs/${runId}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toEqual({ run_id: runId, outcome: 'cancelled' });
    const tail = (await readFrames(resumed)).map((f) => f.data as RunEvent);
    const last = tail[tail.length - 1];
    expect(last?.type === 'run.failed' && last.envelope.error.type).toBe('CANCELLED');
    expect(last?.type === 'run.failed' && last.envelope.run_id).toBe(runId);
    const again = await fetch(`${origin}/api/v1/runs/${runId}/cancel`, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { outcome: string }).outcome).toBe('ended');
  });
});

describe('server shutdown', () => {
  it('startReferenceServer close() ends a streaming run with a 503 ABORTED run.failed after the grace', async () => {
    const { startReferenceServer } = await import('../../../src/server/index.js');
    const running = await startReferenceServer({
      port: 0,
      chain: stubChain({ chunkDelayMs: 200 }),
      shutdownGraceMs: 50,
    });
    const response = await startStream(running.url);
    const reading = readFrames(response);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await running.close();
    const frames = await reading;
    const last = RunEventSchema.parse(frames[frames.length - 1]?.data);
    expect(last.type === 'run.failed' && [last.envelope.error.type, last.envelope.error.code]).toEqual([
      'ABORTED',
      503,
    ]);
  });
});

describe('under a basePath', () => {
  it('streams and resumes at <basePath>/api/v1/runs/{run_id}/events', async () => {
    registry = createRunRegistry();
    server = createServer(
      toNodeListener(
        createReferenceHandler({ chain: stubChain({ text: shortText }), runs: registry, basePath: '/aicmo' }),
      ),
    );
    const origin = `${await listenOnLoopback(server)}/aicmo`;
    const all = (await readFrames(await startStream(origin))).map((f) => f.data as RunEvent);
    expect(all[all.length - 1]?.type).toBe('run.completed');
    const runId = (all[0] as RunEvent & { run_id: string }).run_id;
    const resumed = await fetch(`${origin}/api/v1/runs/${runId}/events`, {
      headers: { 'last-event-id': '2' },
    });
    expect((await readFrames(resumed)).map((f) => f.data)).toEqual(all.slice(2));
    const outside = await fetch(`${origin.replace('/aicmo', '')}/api/v1/runs/${runId}/events`);
    expect(outside.status).toBe(404);
  });
});
