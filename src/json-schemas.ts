import * as z from 'zod';
import { DeliverablesEnvelopeSchema } from './envelope/index.js';
import { MODULE_NAMES, MODULES } from './modules/index.js';
import { ResponseEnvelopeSchema } from './response/index.js';

/**
 * A discriminated union's `oneOf` rewritten as `if`/`then` on `status`: a
 * validator then checks the one branch the status names, so its errors point
 * at the offending field (Python's `jsonschema` reports a bare `oneOf` as "is
 * not valid under any of the given schemas"). The same verdicts.
 */
function conditionalOnStatus(doc: Record<string, unknown>): Record<string, unknown> {
  const { oneOf, ...rest } = doc;
  if (!Array.isArray(oneOf)) return doc;
  const branches = oneOf as Array<{ properties?: { status?: { const?: unknown } } }>;
  const statuses = branches.map((branch) => branch.properties?.status?.const);
  if (statuses.some((status) => typeof status !== 'string')) return doc;
  return {
    ...rest,
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: statuses } },
    allOf: branches.map((branch, i) => ({
      if: { properties: { status: { const: statuses[i] } }, required: ['status'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword, in plain data that is never awaited
      then: branch,
    })),
  };
}

/** The deliverables envelope as JSON Schema for `target`, `if`/`then` on `status`. */
function envelopeSchema(target: 'draft-2020-12' | 'draft-07', id: string): Record<string, unknown> {
  return {
    $id: `https://aicmo.dev/schemas/${id}`,
    title: 'DeliverablesEnvelope',
    ...conditionalOnStatus(z.toJSONSchema(DeliverablesEnvelopeSchema, { io: 'input', target })),
  };
}

/**
 * The JSON Schema documents shipped in `dist/schemas/`, by file name, each
 * generated from its zod schema. Used by the build script and the tests that
 * prove ajv and the TypeScript validators agree. @internal
 */
export const JSON_SCHEMAS: Record<string, () => Record<string, unknown>> = {
  'deliverables-envelope.schema.json': () =>
    envelopeSchema('draft-2020-12', 'deliverables-envelope.schema.json'),
  // The same rules for validators that stop at draft-07 (ajv's default class, older libraries).
  'deliverables-envelope.draft-07.schema.json': () =>
    envelopeSchema('draft-07', 'deliverables-envelope.draft-07.schema.json'),
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
