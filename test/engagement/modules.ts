/** Small module handlers for the engagement wire tests (they stand in for the built-in ones). */
import * as z from 'zod';
import { ENGAGEMENT_MODULES } from '../../src/engagement/index.js';
import { defineModule, text } from '../../src/modules/index.js';
import { defineModuleHandler, type ModuleHandler } from '../../src/server/index.js';

/** A handler per engagement module: request `{topic}`, two deliverables from the stub provider. */
export const TEST_MODULE_HANDLERS: readonly ModuleHandler[] = ENGAGEMENT_MODULES.map(
  (name) =>
    defineModuleHandler(
      defineModule({
        name,
        description: `Test ${name}.`,
        input: z.object({ topic: text(100) }),
        deliverables: [
          { kind: 'strategy', title: `${name} one` },
          { kind: 'strategy', title: `${name} two` },
        ],
        example: { topic: 'shoes' },
      }),
      {
        system: () => `You write the ${name} step. Markdown only.`,
        plan: (request) => [
          {
            key: 'one',
            kind: 'strategy',
            title: `${name} one`,
            prompt: `${name} one on ${request.topic}`,
            demo: `${name} one about ${request.topic}`,
          },
          {
            key: 'two',
            kind: 'strategy',
            title: `${name} two`,
            prompt: `${name} two on ${request.topic}`,
            demo: `${name} two about ${request.topic}`,
          },
        ],
      },
    ) as unknown as ModuleHandler,
);
