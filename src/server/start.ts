/**
 * `startReferenceServer`: the reference handler on `node:http`, loaded with a
 * dynamic import so that `aicmo/server` itself stays runtime-neutral.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServerShutdownError } from './errors.js';
import { DEFAULT_BODY_TIMEOUT_MS } from './generate-handler.js';
import { answerClientError, answerConnect } from './http/client-error.js';
import { ConnectionGuard } from './http/connections.js';
import { EXPECTATION_FAILED, sendFailure } from './http/node-respond.js';
import { toNodeListener } from './node.js';
import { createReferenceHandler, type ReferenceHandlerOptions } from './reference.js';
import { createRunRegistry } from './stream/registry.js';

/** Options of {@link startReferenceServer}. */
export interface StartReferenceServerOptions extends ReferenceHandlerOptions {
  /** Port; `0` picks a free one (read it from the result). @default 8000 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /**
   * On `close()`, how long in-flight requests may take to finish, in ms.
   * Past it, the ones still running are cancelled and answered 503
   * `ABORTED` FAILED envelopes; connections still open a second later are cut.
   * @default 10000
   */
  shutdownGraceMs?: number;
  /**
   * Open connections served at once. A connection opened past it has its
   * request answered 503 `TOO_MANY_CONNECTIONS` and is closed (keep it below
   * the process's file-descriptor limit, `ulimit -n`, minus what the
   * providers' connections need).
   * @default 512
   */
  maxConnections?: number;
  /**
   * Time a connection has to deliver a request's headers, in ms. A new
   * connection that sends nothing in that time is answered 408 and closed.
   * @default 10000
   */
  headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open between requests, in ms. @default 5000 */
  keepAliveTimeoutMs?: number;
}

/** Default of {@link StartReferenceServerOptions.maxConnections}. */
export const DEFAULT_MAX_CONNECTIONS = 512;
/** Default of {@link StartReferenceServerOptions.headersTimeoutMs}. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Default of {@link StartReferenceServerOptions.keepAliveTimeoutMs}. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** On close(), how long the server keeps accepting (and answering 503) before it stops listening, in ms. */
const BACKLOG_WINDOW_MS = 100;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** A running reference server. */
export interface RunningServer {
  /** Base URL to call, e.g. `http://127.0.0.1:8000` (no trailing slash). */
  url: string;
  /** The port actually bound. */
  port: number;
  /** The interface bound. */
  host: string;
  /**
   * Stops accepting connections (100 ms later), answers requests that
   * arrive meanwhile 503 `SHUTTING_DOWN`, lets in-flight requests finish (up
   * to `shutdownGraceMs`; then they are cancelled and answered 503
   * `ABORTED`), then resolves. Safe to call twice.
   */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the reference server ({@link createReferenceHandler}) on
 * `node:http` and resolves once it listens. Node (and Bun/Deno's Node
 * compatibility) only: on other runtimes pass the handler to the runtime's
 * own server.
 *
 * Hostile clients are bounded: a connection has `headersTimeoutMs` to send
 * its headers (else 408), a body `bodyTimeoutMs` (else 408), idle
 * keep-alive connections close after `keepAliveTimeoutMs`, connections past
 * `maxConnections` get 503 `TOO_MANY_CONNECTIONS`; `Expect`, a missing
 * `Host` and requests Node's parser rejects get FAILED envelopes too.
 *
 * @example
 * ```ts
 * const server = await startReferenceServer({ chain: providerChainFromEnv(), port: 0 })
 * console.log(server.url) // http://127.0.0.1:53123
 * await server.close()
 * ```
 */
export async function startReferenceServer(options: StartReferenceServerOptions): Promise<RunningServer> {
  const {
    port = 8000,
    host = '127.0.0.1',
    shutdownGraceMs = 10_000,
    maxConnections = DEFAULT_MAX_CONNECTIONS,
    headersTimeoutMs = DEFAULT_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs = DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    ...handlerOptions
  } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  positiveInteger('maxConnections', maxConnections);
  positiveInteger('headersTimeoutMs', headersTimeoutMs);
  positiveInteger('keepAliveTimeoutMs', keepAliveTimeoutMs);
  const bodyTimeoutMs = handlerOptions.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  // A variable specifier keeps the bundler from rewriting `node:http` to `http` (Deno needs the prefix)
  // and keeps `node:http` out of the static import graph of this runtime-neutral entry.
  const specifier = 'node:http';
  const http = (await import(specifier)) as typeof import('node:http');
  // Streamed runs of this server: cancelled (503 ABORTED run.failed) when the shutdown grace ends.
  const runs =
    handlerOptions.runs === undefined
      ? createRunRegistry(handlerOptions.runStore ? { store: handlerOptions.runStore } : {})
      : undefined;
  const handler = createReferenceHandler(runs ? { ...handlerOptions, runs } : handlerOptions);
  const shutdown = new AbortController();
  const listener = toNodeListener(handler, {
    signal: shutdown.signal,
    ...(handlerOptions.onError !== undefined && { onError: handlerOptions.onError }),
  });
  const guard = new ConnectionGuard({ maxConnections, headersTimeoutMs });
  const inFlight = new Set<ServerResponse>();
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const refused = guard.admit(req, res);
    if (refused) {
      sendFailure(res, refused, { connection: 'close', 'retry-after': '1' });
      return;
    }
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    listener(req, res);
  };
  const server = http.createServer(
    {
      // Node's own answers to these are bare (no envelope): toNodeListener answers them.
      requireHostHeader: false,
      headersTimeout: headersTimeoutMs,
      // Backstop for the whole request; the handler's bodyTimeoutMs answers a slow body first.
      requestTimeout: headersTimeoutMs + bodyTimeoutMs + 5_000,
      keepAliveTimeout: keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeoutMs / 2))),
    },
    serve,
  );
  server.on('connection', guard.onConnection);
  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);
  // `100 Continue` is sent by toNodeListener when the handler reads the body, never before a 413/415.
  server.on('checkContinue', serve);
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    sendFailure(res, guard.admit(req, res) ?? EXPECTATION_FAILED, { connection: 'close' });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });

  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${address.port}`,
    port: address.port,
    host,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // New requests (even ones already sent on open connections) get 503 envelopes, not resets.
        guard.stop(shutdownGraceMs);
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        let cut: ReturnType<typeof setTimeout> | undefined;
        const grace = setTimeout(() => {
          // Cancel what is still running: the handlers answer 503 ABORTED envelopes; cut what remains after.
          shutdown.abort(new ServerShutdownError());
          runs?.close(new ServerShutdownError());
          server.closeIdleConnections();
          cut = setTimeout(() => server.closeAllConnections(), 1_000);
          cut.unref?.();
        }, shutdownGraceMs);
        grace.unref?.();
        server.once('close', () => {
          clearTimeout(grace);
          clearTimeout(cut);
          // http.Server#close also stops its connection-checking timer; the net close below does not.
          server.close();
          resolve();
        });
        // Stop listening a moment later, so that connections the kernel already completed (still in
        // the listen backlog) are accepted and answered 503 rather than reset with the listening
        // socket; and without http.Server#close, which resets idle connections at once: the guard
        // closes them after a moment, answering requests already sent with 503s.
        const stopListening = setTimeout(
          () => Reflect.apply(Object.getPrototypeOf(http.Server.prototype).close, server, []),
          BACKLOG_WINDOW_MS,
        );
        stopListening.unref?.();
      });
      return closing;
    },
  };
}
