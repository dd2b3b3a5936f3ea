/** Shared helpers of the run registry tests: scripted runs and event collection. */
import { createSuccessEnvelope, type DeliverablesEnvelope } from '../../../src/envelope/index.js';
import type { RunContext, RunRegistry } from '../../../src/server/index.js';
import type { RunEvent } from '../../../src/stream/index.js';

/** Reads every event of an iterable (until it ends). */
export async function collect(
  events: AsyncIterable<RunEvent>,
  limit = Number.POSITIVE_INFINITY,
): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const event of events) {
    out.push(event);
    if (out.length >= limit) break;
  }
  return out;
}

/** A promise with its resolve, to hold a scripted run at a point. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The envelope a scripted run returns: one deliverable per id. */
export function envelopeFor(runId: string, ids: readonly string[]): DeliverablesEnvelope {
  return createSuccessEnvelope({
    module: 'test',
    runId,
    provider: 'stub',
    deliverables: ids.map((id) => ({
      id: `${runId}:${id}`,
      kind: 'blog_post',
      title: id,
      content_markdown: `# ${id}\n`,
    })),
  });
}

/** The envelope each scripted run returned, by run id. */
export const returned = new Map<string, DeliverablesEnvelope>();

/**
 * Starts a scripted run: for each id, started, `deltas` deltas, completed.
 * Each step waits for `pace()` (resolved at once by default).
 */
export function startScripted(
  registry: RunRegistry,
  options: { ids?: readonly string[]; deltas?: number; pace?: () => Promise<void>; runId?: string } = {},
): string {
  const ids = options.ids ?? ['a', 'b'];
  const deltas = options.deltas ?? 3;
  const pace = options.pace ?? (() => Promise.resolve());
  return registry.start({
    module: 'test',
    traceId: 'trace-1',
    ...(options.runId !== undefined && { runId: options.runId }),
    deliverables: ids.map((id) => ({ id, kind: 'blog_post', title: id })),
    execute: async ({ runId, emit, signal }: RunContext) => {
      const envelope = envelopeFor(runId, ids);
      for (const [index, id] of ids.entries()) {
        await pace();
        signal.throwIfAborted();
        emit({ type: 'deliverable.started', id: `${runId}:${id}`, kind: 'blog_post', title: id });
        for (let i = 0; i < deltas; i++) {
          await pace();
          emit({ type: 'deliverable.delta', id: `${runId}:${id}`, text: `${id}${i} ` });
        }
        await pace();
        emit({ type: 'deliverable.completed', deliverable: envelope.deliverables[index] as never });
      }
      returned.set(runId, envelope);
      return envelope;
    },
  }).runId;
}

/** Waits until a registry run has ended (reads it whole). */
export async function finished(registry: RunRegistry, runId: string): Promise<RunEvent[]> {
  const events = await registry.open(runId);
  if (!events) throw new Error(`run ${runId} is unknown`);
  return collect(events);
}
