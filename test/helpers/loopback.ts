/** node:http servers on 127.0.0.1 for tests that need a real socket (port 0, never the network). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/**
 * Starts `server` on 127.0.0.1 with a free port and returns its origin.
 *
 * @example
 * const origin = await listenOnLoopback(createServer(handler)); // http://127.0.0.1:41234
 */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The origin of a port that was just free and is closed again: calls to it are refused. */
export async function refusedOrigin(): Promise<string> {
  const closed = createServer();
  const origin = await listenOnLoopback(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  return origin;
}

/** Drops open connections and closes `server`; a no-op when it was never created. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * A `listen(handler)` for one test file: each call starts a node:http server
 * on loopback and returns its origin; every server is closed after each test.
 *
 * @example
 * const listen = loopbackServers();
 * const origin = await listen((req, res) => res.end('ok'));
 */
export function loopbackServers(): (
  handler: (req: IncomingMessage, res: ServerResponse) => void,
) => Promise<string> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(closeServer));
  });
  return (handler) => {
    const server = createServer(handler);
    servers.push(server);
    return listenOnLoopback(server);
  };
}
