/**
 * Every operator module streams: over a real socket, the client's events for
 * each module's example request come in order, match their schemas, and end
 * with the envelope the JSON path answers for the same request.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendClient } from '../../../src/client/index.js';
import type { DeliverablesEnvelope } from '../../../src/envelope/index.js';
import { validateDeliverablesEnvelope } from '../../../src/envelope/index.js';
import { MODULE_NAMES, MODULES } from '../../../src/modules/index.js';
import { createReferenceHandler, toNodeListener } from '../../../src/server/index.js';
import { type RunEvent, RunEventSchema } from '../../../src/stream/index.js';
import { closeServer, listenOnLoopback } from '../../helpers/loopback.js';
import { stubChain } from '../helpers.js';

let server: Server | undefined;
let origin = '';

beforeAll(async () => {
  server = createServer(toNodeListener(createReferenceHandler({ chain: stubChain() })));
  origin = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));

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

describe.each(MODULE_NAMES.map((name) => [name]))('module %s', (name) => {
  it('streams ordered, valid events and ends with the JSON answer', async () => {
    const client = createBackendClient({ baseUrl: origin });
    const example = (MODULES[name] as { example?: unknown }).example;
    expect(example).toBeDefined();
    const run = client.stream(name, example as never);
    const events: RunEvent[] = [];
    for await (const event of run) events.push(event);
    const result = await run.result;
    expect(result.ok, JSON.stringify(result.error)).toBe(true);

    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const event of events) expect(RunEventSchema.safeParse(event).success).toBe(true);
    const started = events[0];
    if (started?.type !== 'run.started') throw new Error('the first event is not run.started');
    expect(started.module).toBe(name);
    const last = events[events.length - 1];
    if (last?.type !== 'run.completed') throw new Error(`the last event is ${last?.type}`);
    expect(validateDeliverablesEnvelope(last.envelope).valid).toBe(true);
    expect(last.envelope).toEqual(result.envelope);
    // Each planned deliverable: started before its deltas, completed last, as the envelope holds it.
    const completed = events.flatMap((e) => (e.type === 'deliverable.completed' ? [e.deliverable] : []));
    expect(completed.map((d) => d.id).sort()).toEqual(last.envelope.deliverables.map((d) => d.id).sort());
    expect(started.deliverables.map((d) => d.id).sort()).toEqual(
      last.envelope.deliverables.map((d) => d.id).sort(),
    );
    for (const deliverable of completed) {
      const own = events.filter(
        (e) =>
          ('id' in e && e.id === deliverable.id) ||
          (e.type === 'deliverable.completed' && e.deliverable.id === deliverable.id),
      );
      expect(own[0]?.type).toBe('deliverable.started');
      expect(own[own.length - 1]?.type).toBe('deliverable.completed');
    }

    const json = await client.generate(name, example as never);
    expect(normalize(last.envelope)).toEqual(normalize(json.envelope));
  });
});
