/**
 * Connection bookkeeping for the reference server on `node:http`: a cap on
 * open connections (past it, requests get a 503 envelope), a deadline for a
 * new connection's first request (idle sockets are answered 408 and closed),
 * and a shutdown that answers requests already sent on open connections with
 * a 503 envelope instead of resetting them. Types only from Node.
 * @internal
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FailureDescription } from '../failure.js';
import { answerClientError } from './client-error.js';
import { SHUTTING_DOWN, TOO_MANY_CONNECTIONS } from './node-respond.js';

interface SocketState {
  /** Requests seen on this connection. */
  requests: number;
  /** Requests not yet answered. */
  busy: number;
  /** Opened past `maxConnections`: its request is refused. */
  overflow: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Limits of {@link ConnectionGuard}. */
export interface ConnectionLimits {
  /** Open connections served; more are answered 503. */
  maxConnections: number;
  /** Time a new connection has to deliver its first request's headers, in ms. */
  headersTimeoutMs: number;
}

/** How long a connection opened past the limit may take to send the request its 503 answers, in ms. */
const OVERFLOW_WAIT_MS = 1_000;
/** On shutdown, how long an idle keep-alive connection may take to deliver a request already sent, in ms. */
const IDLE_WINDOW_MS = 100;
/** On shutdown, how long a connection with no request yet has to send one (answered 503), in ms. */
const FRESH_WINDOW_MS = 1_000;

/** Tracks a server's connections; see the module comment. */
export class ConnectionGuard {
  private readonly sockets = new Map<Socket, SocketState>();
  private stopping = false;

  constructor(private readonly limits: ConnectionLimits) {}

  /** The server's `connection` listener. */
  readonly onConnection = (socket: Socket): void => {
    const overflow = this.sockets.size >= this.limits.maxConnections;
    const state: SocketState = { requests: 0, busy: 0, overflow, timer: undefined };
    this.sockets.set(socket, state);
    // Past the cap, or accepted while stopping: a short wait for the request its 503 answers.
    const brief = overflow || this.stopping;
    const wait = brief
      ? Math.min(OVERFLOW_WAIT_MS, this.limits.headersTimeoutMs)
      : this.limits.headersTimeoutMs;
    state.timer = setTimeout(() => {
      if (state.requests > 0) return;
      if (brief) socket.destroy();
      else answerClientError({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }, socket);
    }, wait);
    state.timer.unref?.();
    socket.once('close', () => {
      clearTimeout(state.timer);
      this.sockets.delete(socket);
    });
  };

  /**
   * Call for each request (`request`, `checkContinue`, `checkExpectation`):
   * the failure to answer instead of serving it (connection past the limit,
   * server shutting down), or `undefined` to serve it.
   */
  admit(req: IncomingMessage, res: ServerResponse): FailureDescription | undefined {
    const state = this.sockets.get(req.socket);
    if (state) {
      clearTimeout(state.timer);
      state.requests++;
      state.busy++;
      res.once('close', () => {
        state.busy--;
      });
    }
    if (this.stopping) {
      res.setHeader('connection', 'close');
      return SHUTTING_DOWN;
    }
    return state?.overflow ? TOO_MANY_CONNECTIONS : undefined;
  }

  /**
   * Starts a shutdown: from now on requests are answered 503
   * `SHUTTING_DOWN`. Connections with a request in flight are left to
   * finish; idle keep-alive connections are closed after a moment (so that a
   * request already on its way is answered, not reset), connections that
   * have sent nothing yet after a second (or `graceMs`, if shorter).
   */
  stop(graceMs: number): void {
    this.stopping = true;
    const closeIfIdle = (socket: Socket, state: SocketState, requests: number) => {
      // After the next poll phase, so that bytes already received are parsed (and answered) first.
      setImmediate(() => {
        if (state.busy === 0 && state.requests === requests) socket.destroy();
      });
    };
    for (const [socket, state] of this.sockets) {
      if (state.busy > 0) continue;
      const requests = state.requests;
      const window = requests > 0 ? IDLE_WINDOW_MS : Math.min(FRESH_WINDOW_MS, graceMs);
      const timer = setTimeout(() => closeIfIdle(socket, state, requests), window);
      timer.unref?.();
    }
  }
}
