/**
 * The zod schema as one JSON Schema (draft 2020-12, the input side: what the
 * model writes), with a non-object root wrapped in `{ value }` because every
 * structured mode wants an object at the root.
 *
 * @internal Used by the compilers of this folder.
 */
import * as z from 'zod';
import { SchemaUnsupportedError } from './errors.js';

/** A JSON Schema node (draft 2020-12). */
export type SchemaNode = Record<string, unknown>;

/** The wrapper property of a non-object root. */
export const ROOT_KEY = 'value';

/** The zod schema as JSON Schema, ready for the per-provider compilers. */
export interface BaseSchema {
  /** The schema sent (after the per-provider compile): an object at the root. */
  readonly root: SchemaNode;
  /** True when the zod schema's root was not an object and is wrapped as `{ value }`. */
  readonly wrapped: boolean;
  /** The `$defs` of `root`. */
  readonly defs: Readonly<Record<string, SchemaNode>>;
  /** `.describe()` text of the zod root. */
  readonly description: string | undefined;
}

/** Turns a JSON Schema location into the output path it constrains. */
export function dataPath(schemaPath: readonly (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (let i = 0; i < schemaPath.length; i++) {
    const key = schemaPath[i];
    const next = schemaPath[i + 1];
    if (key === 'properties' && next !== undefined) {
      out.push(next);
      i++;
    } else if (key === 'prefixItems' && next !== undefined) {
      out.push(next);
      i++;
    } else if (key === 'items' || key === 'additionalProperties') {
      out.push('*');
    } else if ((key === '$defs' || key === 'definitions') && next !== undefined) {
      out.push(`$defs/${String(next)}`);
      i++;
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && typeof next === 'number') {
      i++;
    }
  }
  return out;
}

function isPlainObjectRoot(node: SchemaNode): boolean {
  return node.type === 'object' && !('anyOf' in node) && !('oneOf' in node) && !('allOf' in node);
}

function hasRootRef(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasRootRef);
  if (node === null || typeof node !== 'object') return false;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && value === '#') return true;
    if (hasRootRef(value)) return true;
  }
  return false;
}

function replaceRootRef(node: unknown, to: string): unknown {
  if (Array.isArray(node)) return node.map((item) => replaceRootRef(item, to));
  if (node === null || typeof node !== 'object') return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && value === '#' ? to : replaceRootRef(value, to);
  }
  return out;
}

/**
 * Converts a zod schema with `z.toJSONSchema` (input side). Anything zod
 * cannot represent (dates, bigints, maps, sets, functions, ...) is a
 * {@link SchemaUnsupportedError} for `provider`: no provider could express it.
 */
export function toBaseSchema(schema: z.ZodType, provider: string): BaseSchema {
  let unsupported: { path: (string | number)[]; message: string } | undefined;
  let json: SchemaNode;
  try {
    json = z.toJSONSchema(schema, {
      io: 'input',
      target: 'draft-2020-12',
      unrepresentable: (ctx) => {
        unsupported ??= { path: ctx.path, message: ctx.message };
        return 'any';
      },
    }) as SchemaNode;
  } catch (error) {
    throw new SchemaUnsupportedError({
      provider,
      path: [],
      reason: `zod cannot convert it to JSON Schema (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  if (unsupported) {
    throw new SchemaUnsupportedError({
      provider,
      path: dataPath(unsupported.path),
      reason: `${unsupported.message.replace(/\.$/, '')}; use a JSON type (a string, number, boolean, array or object) and convert it after validation`,
    });
  }
  const { $schema: _ignored, $defs, definitions, ...rest } = json;
  const defs = {
    ...((definitions ?? {}) as Record<string, SchemaNode>),
    ...(($defs ?? {}) as Record<string, SchemaNode>),
  };
  const description = typeof rest.description === 'string' ? rest.description : undefined;
  if (isPlainObjectRoot(rest)) {
    const root: SchemaNode = { ...rest };
    if (Object.keys(defs).length > 0) root.$defs = defs;
    return { root, wrapped: false, defs, description };
  }
  let value: SchemaNode = rest;
  const allDefs = { ...defs };
  if (hasRootRef(rest)) {
    // `#` would point at the wrapper: move the recursive root into $defs.
    const name = '__root';
    allDefs[name] = replaceRootRef(rest, `#/$defs/${name}`) as SchemaNode;
    value = { $ref: `#/$defs/${name}` };
  }
  const root: SchemaNode = {
    type: 'object',
    properties: { [ROOT_KEY]: value },
    required: [ROOT_KEY],
    additionalProperties: false,
  };
  if (Object.keys(allDefs).length > 0) root.$defs = allDefs;
  return { root, wrapped: true, defs: allDefs, description };
}
