import * as z from 'zod';
import { DeliverablesEnvelopeSchema } from './envelope/schemas.js';
import { MODULE_NAMES, MODULES } from './modules/registry.js';
import { ResponseEnvelopeSchema } from './response/schemas.js';

/**
 * The JSON Schema documents shipped in `dist/schemas/`, by file name, each
 * generated from its zod schema. Used by the build script and the tests that
 * prove ajv and the TypeScript validators agree. @internal
 */
export const JSON_SCHEMAS: Record<string, () => Record<string, unknown>> = {
  'deliverables-envelope.schema.json': () => ({
    $id: 'https://aicmo.dev/schemas/deliverables-envelope.schema.json',
    title: 'DeliverablesEnvelope',
    ...z.toJSONSchema(DeliverablesEnvelopeSchema, { io: 'input', target: 'draft-2020-12' }),
  }),
  'response-envelope.schema.json': () => ({
    $id: 'https://aicmo.dev/schemas/response-envelope.schema.json',
    title: 'ResponseEnvelope',
    ...z.toJSONSchema(ResponseEnvelopeSchema, { io: 'input', target: 'draft-2020-12' }),
  }),
  ...Object.fromEntries(
    MODULE_NAMES.map((name) => [
      `${name}-request.schema.json`,
      () => ({
        $id: `https://aicmo.dev/schemas/${name}-request.schema.json`,
        title: `${name} request (POST ${MODULES[name].path})`,
        ...z.toJSONSchema(MODULES[name].input, { io: 'input', target: 'draft-2020-12' }),
      }),
    ]),
  ),
};
