/**
 * The reference server on stub providers in its own process, for
 * bench/server-load.ts: prints its URL on stdout, answers `rss` IPC
 * messages with its memory figures, stops on `stop`.
 */
import { ProviderChain, stubProvider } from '../../src/providers/index.js';
import { startReferenceServer } from '../../src/server/index.js';

const chain = new ProviderChain({ providers: [stubProvider()], maxRetries: 0 });
const server = await startReferenceServer({ chain, port: 0, maxConnections: 1024 });
process.on('message', async (message) => {
  if (message === 'rss') {
    // After a full GC, so that heapUsed is what is live, not garbage not yet collected.
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.(process.memoryUsage());
  } else if (message === 'stop') {
    await server.close();
    process.exit(0);
  }
});
console.log(server.url);
