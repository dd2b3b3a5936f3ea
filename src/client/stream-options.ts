/**
 * Options and defaults of streamed calls, apart from the stream code (which
 * loads on first use, with its SSE parser).
 */

/** Default number of consecutive reconnections after a dropped stream. */
export const DEFAULT_MAX_RECONNECTS = 3;
/** Default delay before the first reconnection, in ms (doubles each time, at most 5 s). */
export const DEFAULT_RECONNECT_DELAY_MS = 250;
/** Default largest SSE event the parser buffers: 16 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** What a stream adds to a call's options. */
export interface StreamOptions {
  /**
   * Reconnections allowed in a row after the connection drops (each resumes
   * with `Last-Event-ID`, so no event is repeated or lost); the count resets
   * when an event arrives. @default 3
   */
  maxReconnects?: number;
  /** Delay before the first reconnection in ms; it doubles each time, up to 5 s. @default 250 */
  reconnectDelayMs?: number;
  /** Largest single event the SSE parser buffers, in bytes. @default 16777216 (16 MiB) */
  maxEventBytes?: number;
  /**
   * `client.stream` only: events kept for a consumer that has not started
   * iterating (awaiting only `result`, or iterating late). Past it they are
   * dropped, `result` is unaffected, and a late iteration throws a
   * `TypeError`. @default 100000
   */
  maxBufferedEvents?: number;
}
