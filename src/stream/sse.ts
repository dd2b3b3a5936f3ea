/**
 * Server-Sent Events framing of protocol v1: one `id:` / `event:` / `data:`
 * block per event, and comment lines as heartbeats.
 */
import type { RunEvent } from './events.js';

/** Path of a run's event stream (`GET`, with optional `Last-Event-ID`). */
export function runEventsPath(runId: string): string {
  return `/api/v1/runs/${encodeURIComponent(runId)}/events`;
}

/** Path that cancels a run (`POST`). */
export function runCancelPath(runId: string): string {
  return `/api/v1/runs/${encodeURIComponent(runId)}/cancel`;
}

/**
 * One event as an SSE block: `id: <seq>`, `event: <type>`, `data: <json>`.
 * `JSON.stringify` escapes line breaks, so the data is always one line.
 *
 * @example
 * ```ts
 * formatSseEvent({ type: 'deliverable.delta', seq: 4, id: 'r1:brief', text: 'Hi' })
 * // 'id: 4\nevent: deliverable.delta\ndata: {"type":"deliverable.delta","seq":4,"id":"r1:brief","text":"Hi"}\n\n'
 * ```
 */
export function formatSseEvent(event: RunEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The heartbeat: an SSE comment, which every client ignores and every proxy sees as traffic. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

/**
 * Parses a `Last-Event-ID` header: the seq after which to resume, or
 * `undefined` when absent or not a non-negative integer.
 */
export function parseLastEventId(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
