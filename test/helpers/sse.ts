/** Reads protocol v1 Server-Sent Events from a fetch response (tests only). */
import { createParser } from 'eventsource-parser';
import { type RunEvent, RunEventSchema } from '../../src/stream/index.js';

/** Every event of a response (checked against its schema), until it ends or `limit` arrived. */
export async function readRunEvents(
  response: Response,
  limit = Number.POSITIVE_INFINITY,
): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const parser = createParser({ onEvent: (m) => events.push(RunEventSchema.parse(JSON.parse(m.data))) });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  while (events.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  await reader.cancel().catch(() => {});
  return events.slice(0, Math.min(events.length, limit));
}

/**
 * A streamed engagement generate through `streamFrom`, read whole; then the
 * run read through `resumeFrom` after every event index. Returns the first
 * read, and the tails (tail `k` should equal `all.slice(k)`).
 */
export async function streamAndResume(
  streamFrom: string,
  resumeFrom: string,
  path: string,
  body: unknown,
): Promise<{ all: RunEvent[]; tails: RunEvent[][] }> {
  const response = await fetch(`${streamFrom}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  const all = await readRunEvents(response);
  const started = all[0];
  if (started?.type !== 'run.started') throw new Error(`no run.started (status ${response.status})`);
  const tails: RunEvent[][] = [];
  for (let k = 0; k < all.length; k++) {
    const resumed = await fetch(`${resumeFrom}/api/v1/runs/${started.run_id}/events`, {
      headers: { 'last-event-id': String(k) },
    });
    tails.push(await readRunEvents(resumed));
  }
  return { all, tails };
}
