/**
 * The reference backend inside a Hono app, under `/aicmo`, on
 * `@hono/node-server`. A middleware in front reads the body (as a validator
 * or a logger does); the route then hands aicmo a `Request` rebuilt from
 * the body Hono cached, since the original can be read only once.
 *
 *   npx tsx examples/frameworks/hono.ts
 */
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { createReferenceHandler, type ReferenceChain } from '../../src/server/index.js';
import { demo, exampleChain, isMain } from './shared.js';

/** The request with its body: a copy with Hono's cached body when a middleware already read it. */
export async function requestWithBody(c: Context): Promise<Request> {
  if (!c.req.raw.bodyUsed) return c.req.raw;
  return new Request(c.req.raw, { body: await c.req.arrayBuffer() });
}

/** A Hono app serving aicmo at `/aicmo/api/v1/campaigns/generate` and `/aicmo/health`. */
export function createHonoApp(chain: ReferenceChain): Hono {
  const app = new Hono();
  const handler = createReferenceHandler({ chain, basePath: '/aicmo' });
  // A middleware that reads the body first, as a validator or a request logger does.
  app.use('/aicmo/*', async (c, next) => {
    if (c.req.method === 'POST') await c.req.text();
    await next();
  });
  app.all('/aicmo/*', async (c) => handler(await requestWithBody(c)));
  app.get('/', (c) => c.json({ hello: 'from Hono' }));
  return app;
}

if (isMain(import.meta.url)) {
  const app = createHonoApp(exampleChain());
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await demo('hono', `http://127.0.0.1:${port}/aicmo`);
  server.close();
}
