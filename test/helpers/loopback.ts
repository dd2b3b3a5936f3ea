/** node:http servers on 127.0.0.1 for tests that need a real socket (port 0, never the network). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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
