/**
 * The reference backend inside an Express app, mounted under `/aicmo`,
 * behind `express.json()`: the node adapter uses the `req.body` the parser
 * left (it cannot read the stream twice).
 *
 *   npx tsx examples/frameworks/express.ts
 */
import type { Server } from 'node:http';
import express from 'express';
import { createReferenceHandler, type ReferenceChain, toNodeListener } from '../../src/server/index.js';
import { demo, exampleChain, isMain } from './shared.js';

/** An Express app serving aicmo at `/aicmo/api/v1/campaigns/generate` and `/aicmo/health`. */
export function createExpressApp(chain: ReferenceChain): express.Express {
  const app = express();
  app.use(express.json({ limit: '1mb' })); // other routes want it; aicmo copes
  // Express strips the mount path from req.url, so the handler needs no basePath here.
  app.use('/aicmo', toNodeListener(createReferenceHandler({ chain })));
  app.get('/', (_req, res) => {
    res.json({ hello: 'from Express' });
  });
  return app;
}

if (isMain(import.meta.url)) {
  const server: Server = createExpressApp(exampleChain()).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await demo('express', `http://127.0.0.1:${port}/aicmo`);
  server.close();
}
