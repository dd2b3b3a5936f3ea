/**
 * `startReferenceServer`: the reference handler on `node:http`, loaded with a
 * dynamic import so that `aicmo/server` itself stays runtime-neutral.
 */
import type { AddressInfo } from 'node:net';
import { ServerShutdownError } from './errors.js';
import { answerClientError, answerConnect } from './internal/client-error.js';
import { toNodeListener } from './node.js';
import { createReferenceHandler, type ReferenceHandlerOptions } from './reference.js';

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
   * Stops accepting connections, lets in-flight requests finish (up to
   * `shutdownGraceMs`; then they are cancelled and answered 503 `ABORTED`),
   * then resolves. Safe to call twice.
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
 * @example
 * ```ts
 * const server = await startReferenceServer({ chain: providerChainFromEnv(), port: 0 })
 * console.log(server.url) // http://127.0.0.1:53123
 * await server.close()
 * ```
 */
export async function startReferenceServer(options: StartReferenceServerOptions): Promise<RunningServer> {
  const { port = 8000, host = '127.0.0.1', shutdownGraceMs = 10_000, ...handlerOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  // A variable specifier keeps the bundler from rewriting `node:http` to `http` (Deno needs the prefix)
  // and keeps `node:http` out of the static import graph of this runtime-neutral entry.
  const specifier = 'node:http';
  const http = (await import(specifier)) as typeof import('node:http');
  const handler = createReferenceHandler(handlerOptions);
  const shutdown = new AbortController();
  const server = http.createServer(
    toNodeListener(handler, {
      signal: shutdown.signal,
      ...(handlerOptions.onError !== undefined && { onError: handlerOptions.onError }),
    }),
  );
  server.keepAliveTimeout = 5_000;
  server.on('clientError', answerClientError);
  server.on('connect', answerConnect);
  // While closing, answers end their connections: close() then waits for in-flight work, not idle keep-alives.
  let stopping = false;
  const inFlight = new Set<import('node:http').ServerResponse>();
  server.prependListener('request', (_req, res) => {
    if (stopping) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
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
        stopping = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        let cut: ReturnType<typeof setTimeout> | undefined;
        const grace = setTimeout(() => {
          // Cancel what is still running: the handlers answer 503 ABORTED envelopes; cut what remains after.
          shutdown.abort(new ServerShutdownError());
          server.closeIdleConnections();
          cut = setTimeout(() => server.closeAllConnections(), 1_000);
          cut.unref?.();
        }, shutdownGraceMs);
        grace.unref?.();
        server.close(() => {
          clearTimeout(grace);
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
