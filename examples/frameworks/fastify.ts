/**
 * The reference backend inside a Fastify app, under `/aicmo`. Fastify's
 * body parsers are switched off in that scope so that aicmo reads the body
 * itself (size limit, 415, 100-continue), and the reply is hijacked for the
 * node adapter.
 *
 *   npx tsx examples/frameworks/fastify.ts
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createReferenceHandler, type ReferenceChain, toNodeListener } from '../../src/server/index.js';
import { demo, exampleChain, isMain } from './shared.js';

/** A Fastify app serving aicmo at `/aicmo/api/v1/campaigns/generate` and `/aicmo/health`. */
export function createFastifyApp(chain: ReferenceChain): FastifyInstance {
  const app = Fastify();
  const listener = toNodeListener(createReferenceHandler({ chain, basePath: '/aicmo' }));
  app.register(async (scope) => {
    // Leave every body unread: aicmo streams it with its own limits and answers.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.all('/aicmo/*', (request, reply) => {
      reply.hijack();
      listener(request.raw, reply.raw);
    });
  });
  app.get('/', async () => ({ hello: 'from Fastify' }));
  return app;
}

if (isMain(import.meta.url)) {
  const app = createFastifyApp(exampleChain());
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  await demo('fastify', `${address}/aicmo`);
  await app.close();
}
