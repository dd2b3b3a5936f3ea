/**
 * `client.stream` and `onProgress` against the reference server on 127.0.0.1
 * (stub chain), and against small scripted SSE servers for the edge cases:
 * reconnection at every event index, unknown types, protocol breaches.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackendResult, createBackendClient } from '../../src/client/index.js';
import type { DeliverablesEnvelope } from '../../src/envelope/index.js';
import type { StubProviderOptions } from '../../src/providers/index.js';
import {
  createReferenceHandler,
  createRunRegistry,
  type RunRegistry,
  toNodeListener,
  toSSEResponse,
  type WebHandler,
} from '../../src/server/index.js';
import type { RunEvent } from '../../src/stream/index.js';
import { closeServer, listenOnLoopback } from '../helpers/loopback.js';
import { stubChain } from '../server/helpers.js';
import { campaign } from './helpers.js';

let servers: Server[] = [];
let registry: RunRegistry | undefined;

afterEach(async () => {
  registry?.close();
  registry = undefined;
  await Promise.all(servers.map((s) => closeServer(s)));
  servers = [];
});

async function serveHandler(handler: WebHandler): Promise<string> {
  const server = createServer(toNodeListener(handler));
  servers.push(server);
  return listenOnLoopback(server);
}

function reference(stub: StubProviderOptions = {}): WebHandler {
  registry = createRunRegistry();
  return createReferenceHandler({ chain: stubChain(stub), runs: registry });
}

const shortText = 'Spring is here. Plan the launch, post the news, and mail the list today.';

/** Every event of a run, and its result. */
async function drain(run: AsyncIterable<RunEvent> & { result: Promise<BackendResult> }) {
  const events: RunEvent[] = [];
  for await (const event of run) events.push(event);
  return { events, result: await run.result };
}

function normalize(envelope: DeliverablesEnvelope | undefined): unknown {
  if (!envelope) return undefined;
  const copy = JSON.parse(JSON.stringify(envelope).split(envelope.run_id).join('<run>')) as {
    meta: Record<string, unknown>;
    error?: Record<string, unknown> | null;
    deliverables: Array<{ metadata: Record<string, unknown> }>;
  };
  copy.meta = { ...copy.meta, timestamp: '<ts>', trace_id: '<trace>' };
  if (copy.error) copy.error = { ...copy.error, trace_id: '<trace>' };
  for (const d of copy.deliverables) d.metadata = { ...d.metadata, latency_ms: 0 };
  return copy;
}

/**
 * Wraps a handler so that the first `cuts` event-stream answers end after
 * `after` events (counting only `id:` blocks), before their run ended, like a
 * proxy dropping a long request: `'close'` ends the body cleanly, `'reset'`
 * resets the connection once the events had time to leave. Records each
 * request's Last-Event-ID.
 */
function flaky(
  inner: WebHandler,
  cutAfter: number | ((answer: number) => number),
  cuts = 1,
  how: 'close' | 'reset' = 'close',
) {
  const lastEventIds: Array<string | null> = [];
  let remaining = cuts;
  const handler: WebHandler = async (request) => {
    const after = typeof cutAfter === 'number' ? cutAfter : cutAfter(lastEventIds.length);
    lastEventIds.push(request.headers.get('last-event-id'));
    const response = await inner(request);
    if (!response.headers.get('content-type')?.startsWith('text/event-stream') || remaining <= 0)
      return response;
    remaining--;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let buffer = '';
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          const block = buffer.indexOf('\n\n');
          if (block >= 0) {
            const frame = buffer.slice(0, block + 2);
            buffer = buffer.slice(block + 2);
            if (frame.startsWith('id:')) {
              if (sent >= after) {
                await reader.cancel();
                if (how === 'close') controller.close();
                else setTimeout(() => controller.error(new Error('connection reset')), 50);
                return;
              }
              sent++;
            }
            controller.enqueue(encoder.encode(frame));
            return;
          }
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          buffer += decoder.decode(value, { stream: true });
        }
      },
      cancel: () => reader.cancel(),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { handler, lastEventIds };
}

describe('client.stream', () => {
  it('yields typed events in order and ends with the same result as generateCampaign', async () => {
    const client = createBackendClient({ baseUrl: await serveHandler(reference()) });
    const run = client.stream('campaigns', campaign);
    const { events, result } = await drain(run);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]?.type).toBe('run.started');
    expect(events[events.length - 1]?.type).toBe('run.completed');
    expect(events.some((e) => e.type === 'deliverable.delta')).toBe(true);
    expect(run.runId).toBe(result.envelope?.run_id);
    expect(result.ok).toBe(true);
    expect(result.status).toBe(200);
    const json = await client.generateCampaign(campaign);
    expect(normalize(result.envelope)).toEqual(normalize(json.envelope));
  });

  it('maps run.failed as the JSON path maps the FAILED answer (HTTP_<code>, with the envelope)', async () => {
    const client = createBackendClient({
      baseUrl: await serveHandler(reference({ failures: () => 'auth' })),
    });
    const { events, result } = await drain(client.stream('campaigns', campaign));
    expect(events[events.length - 1]?.type).toBe('run.failed');
    const json = await client.generateCampaign(campaign);
    expect(result.ok).toBe(false);
    expect(result.error?.type).toBe(json.error?.type);
    expect(result.error?.code).toBe(json.error?.code);
    expect(result.error?.message).toBe(json.error?.message);
    expect(normalize(result.error?.envelope)).toEqual(normalize(json.error?.envelope));
  });

  it('resumes after a dropped connection at every event index: every event once, in order, no dedupe needed', async () => {
    const plain = createBackendClient({ baseUrl: await serveHandler(reference({ text: shortText })) });
    const total = (await drain(plain.stream('campaigns', campaign))).events.length;
    expect(total).toBeGreaterThan(10);
    for (let k = 1; k < total; k++) {
      const { handler, lastEventIds } = flaky(reference({ text: shortText }), k);
      const client = createBackendClient({ baseUrl: await serveHandler(handler) });
      const { events, result } = await drain(client.stream('campaigns', campaign, { reconnectDelayMs: 0 }));
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(result.ok).toBe(true);
      expect(lastEventIds).toEqual([null, String(k)]);
    }
  });

  it('resumes after a connection reset in the middle of a run', async () => {
    const { handler, lastEventIds } = flaky(reference({ text: shortText, chunkDelayMs: 2 }), 6, 1, 'reset');
    const client = createBackendClient({ baseUrl: await serveHandler(handler) });
    const { events, result } = await drain(client.stream('campaigns', campaign, { reconnectDelayMs: 0 }));
    expect(result.ok).toBe(true);
    expect(lastEventIds).toEqual([null, '6']);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('gives up after maxReconnects drops in a row with CONNECTION_ERROR', async () => {
    // The first answer drops after 2 events, each resumed one after 1, then 0, 0, 0.
    const { handler, lastEventIds } = flaky(
      reference({ chunkDelayMs: 5 }),
      (i) => (i === 0 ? 2 : i === 1 ? 1 : 0),
      100,
    );
    const client = createBackendClient({ baseUrl: await serveHandler(handler) });
    const { events, result } = await drain(
      client.stream('campaigns', campaign, { maxReconnects: 2, reconnectDelayMs: 0 }),
    );
    expect(result.error?.type).toBe('CONNECTION_ERROR');
    // An event resets the count: after the resume that brought event 3, two more empty resumes, then it gives up.
    expect(lastEventIds).toEqual([null, '2', '3', '3']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('stop() cancels the run on the server and resolves the result as ABORTED', async () => {
    const client = createBackendClient({ baseUrl: await serveHandler(reference({ chunkDelayMs: 30 })) });
    const run = client.stream('campaigns', campaign);
    for await (const event of run) {
      if (event.type === 'deliverable.delta') {
        await run.stop();
        break;
      }
    }
    const result = await run.result;
    expect(result.error?.type).toBe('ABORTED');
    const events = await registry?.open(run.runId as string);
    const all: RunEvent[] = [];
    for await (const event of events as AsyncIterable<RunEvent>) all.push(event);
    const last = all[all.length - 1];
    expect(last?.type === 'run.failed' && last.envelope.error.type).toBe('CANCELLED');
  });

  it('skips event types it does not know (their seq still counts) and fails a gap as CONTRACT_ERROR', async () => {
    const envelope = (
      await createBackendClient({
        baseUrl: await serveHandler(reference({ text: shortText })),
      }).generateCampaign(campaign)
    ).envelope as DeliverablesEnvelope;
    const started = {
      type: 'run.started',
      seq: 1,
      run_id: envelope.run_id,
      module: 'campaigns',
      trace_id: 't',
      deliverables: [],
    };
    const future = { type: 'deliverable.usage', seq: 2, id: 'x', tokens: 5 };
    const scripted =
      (frames: string[]): WebHandler =>
      async () =>
        new Response(frames.join(''), {
          headers: { 'content-type': 'text/event-stream', 'x-aicmo-stream': 'v1' },
        });
    const frame = (event: object) =>
      `id: ${(event as { seq: number }).seq}\nevent: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`;

    const ok = createBackendClient({
      baseUrl: await serveHandler(
        scripted([frame(started), frame(future), frame({ type: 'run.completed', seq: 3, envelope })]),
      ),
    });
    const good = await drain(ok.stream('campaigns', campaign));
    expect(good.events.map((e) => e.type)).toEqual(['run.started', 'run.completed']);
    expect(good.result.ok).toBe(true);

    const gap = createBackendClient({
      baseUrl: await serveHandler(
        scripted([frame(started), frame({ type: 'run.completed', seq: 3, envelope })]),
      ),
    });
    const broken = await drain(gap.stream('campaigns', campaign));
    expect(broken.result.error?.type).toBe('CONTRACT_ERROR');
    expect(broken.events.map((e) => e.type)).toEqual(['run.started']);
  });

  it('falls back to the JSON answer of a backend that does not stream (no events)', async () => {
    const jsonOnly = createReferenceHandler({ chain: stubChain(), runs: false });
    const client = createBackendClient({ baseUrl: await serveHandler(jsonOnly) });
    const { events, result } = await drain(client.stream('campaigns', campaign));
    expect(events).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.envelope?.deliverables.length).toBeGreaterThan(0);
  });

  it('checks the module name and the campaign input before sending anything', async () => {
    let requests = 0;
    const client = createBackendClient({
      baseUrl: await serveHandler(async () => {
        requests++;
        return new Response('{}');
      }),
    });
    const badModule = await drain(client.stream('../admin' as never, {} as never));
    expect(badModule.result.error?.type).toBe('VALIDATION_ERROR');
    expect(badModule.result.error?.field).toBe('module');
    const badInput = await drain(client.stream('campaigns', { campaign_name: '' } as never));
    expect(badInput.result.error?.type).toBe('VALIDATION_ERROR');
    const badOption = await drain(client.stream('campaigns', campaign, { maxReconnects: -1 }));
    expect(badOption.result.error?.field).toBe('maxReconnects');
    expect(requests).toBe(0);
  });

  it('ends with TIMEOUT when the run outlasts deadlineMs', async () => {
    const hang: WebHandler = async (request) =>
      toSSEResponse(
        (async function* () {
          yield {
            type: 'run.started',
            seq: 1,
            run_id: 'r',
            module: 'm',
            trace_id: 't',
            deliverables: [],
          } as RunEvent;
          await new Promise((resolve) => request.signal.addEventListener('abort', resolve));
        })(),
        { signal: request.signal },
      );
    const client = createBackendClient({ baseUrl: await serveHandler(hang), deadlineMs: 200 });
    const { events, result } = await drain(client.stream('campaigns', campaign));
    expect(events.map((e) => e.type)).toEqual(['run.started']);
    expect(result.error?.type).toBe('TIMEOUT');
  });
});

describe('onProgress', () => {
  it('generateCampaign and postJson report each event and resolve with the same result as without it', async () => {
    const client = createBackendClient({ baseUrl: await serveHandler(reference()) });
    const seen: RunEvent[] = [];
    const result = await client.generateCampaign(campaign, { onProgress: (e) => seen.push(e) });
    expect(result.ok).toBe(true);
    expect(seen[0]?.type).toBe('run.started');
    const last = seen[seen.length - 1];
    expect(last?.type === 'run.completed' && last.envelope).toEqual(result.envelope);
    const viaPost: string[] = [];
    const posted = await client.postJson('/api/v1/campaigns/generate', campaign, {
      onProgress: (e) => viaPost.push(e.type),
    });
    expect(posted.ok).toBe(true);
    expect(viaPost.filter((t) => t === 'deliverable.completed')).toHaveLength(3);
  });

  it('a throwing callback does not break the call', async () => {
    const client = createBackendClient({ baseUrl: await serveHandler(reference()) });
    const result = await client.generateCampaign(campaign, {
      onProgress: () => {
        throw new Error('ui bug');
      },
    });
    expect(result.ok).toBe(true);
  });
});

describe('RunStream buffering', () => {
  it('keeps maxBufferedEvents for a late consumer; past it, result still resolves and a late iteration is refused', async () => {
    const client = createBackendClient({ baseUrl: await serveHandler(reference({ text: shortText })) });
    const kept = client.stream('campaigns', campaign);
    const result = await kept.result;
    const late: RunEvent[] = [];
    for await (const event of kept) late.push(event);
    expect(late[late.length - 1]).toMatchObject({ type: 'run.completed', envelope: result.envelope });

    const small = client.stream('campaigns', campaign, { maxBufferedEvents: 3 });
    expect((await small.result).ok).toBe(true);
    expect(() => small[Symbol.asyncIterator]()).toThrow(TypeError);
  });
});
