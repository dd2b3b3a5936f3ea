/**
 * What the providers' APIs check in a structured-output request, written
 * from their documented rules (independently of the SDK's compiler), so that
 * the MSW fakes answer 400 exactly where the real API would:
 * - OpenAI strict `json_schema`: a named schema, `strict: true`, an object
 *   root, every object closed with every property required, `anyOf` but not
 *   `oneOf`/`allOf`/`not`, a type on every node, only local `$ref`s, only the
 *   supported keywords and formats, at most 10 levels, 5000 properties and
 *   1000 enum values; JSON mode needs the word "json" in the messages.
 * - Anthropic tools: a valid name, an `input_schema` that is a valid draft
 *   2020-12 JSON Schema with `type: "object"`, `tool_choice` naming a tool.
 * - Groq JSON mode: the word "json" in the messages, no streaming with
 *   `response_format`.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { HttpResponse } from 'msw';

type Node = Record<string, unknown>;

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const OPENAI_KEYWORDS = new Set([
  'type',
  'description',
  'title',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'const',
  '$ref',
  '$defs',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);
const OPENAI_FORMATS = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The problems OpenAI strict mode reports for a schema (empty when it accepts it). */
export function openaiStrictProblems(schema: unknown): string[] {
  const problems: string[] = [];
  if (!isNode(schema)) return ['schema must be an object'];
  if (schema.type !== 'object' || 'anyOf' in schema)
    problems.push("root schema must have type 'object' and not be anyOf");
  const defs = isNode(schema.$defs) ? schema.$defs : {};
  let properties = 0;
  let enums = 0;
  const walk = (node: unknown, context: string, depth: number): void => {
    if (!isNode(node)) {
      problems.push(`${context}: schema must be an object`);
      return;
    }
    if (depth > 10) problems.push(`${context}: more than 10 levels of nesting`);
    for (const key of Object.keys(node)) {
      if (!OPENAI_KEYWORDS.has(key)) problems.push(`${context}: '${key}' is not permitted`);
    }
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (ref !== '#' && !(ref.startsWith('#/$defs/') && ref.slice(8) in defs)) {
        problems.push(`${context}: reference ${ref} can't be resolved`);
      }
      const siblings = Object.keys(node).filter((k) => k !== '$ref');
      if (siblings.length > 0) problems.push(`${context}: $ref cannot have keywords ${siblings.join(', ')}`);
      return;
    }
    const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type : [];
    for (const type of types)
      if (!JSON_TYPES.has(type as string)) problems.push(`${context}: unknown type ${type}`);
    if (types.length === 0 && !Array.isArray(node.anyOf) && !('enum' in node) && !('const' in node)) {
      problems.push(`${context}: schema must have a 'type' key`);
    }
    if (Array.isArray(node.enum)) enums += node.enum.length;
    if (typeof node.format === 'string' && !OPENAI_FORMATS.has(node.format)) {
      problems.push(`${context}: format '${node.format}' is not supported`);
    }
    if (Array.isArray(node.anyOf))
      for (const [i, branch] of node.anyOf.entries()) walk(branch, `${context}.anyOf[${i}]`, depth);
    if (types.includes('object')) {
      const props = isNode(node.properties) ? node.properties : undefined;
      if (!props) problems.push(`${context}: object schema must have 'properties'`);
      if (node.additionalProperties !== false) {
        problems.push(`${context}: 'additionalProperties' is required to be supplied and to be false`);
      }
      const keys = Object.keys(props ?? {});
      const required = Array.isArray(node.required) ? node.required : [];
      const missing = keys.filter((k) => !required.includes(k));
      if (missing.length > 0) {
        problems.push(
          `${context}: 'required' must include every key in properties; missing ${missing.join(', ')}`,
        );
      }
      for (const key of keys) {
        properties++;
        walk((props as Node)[key], `${context}.${key}`, depth + 1);
      }
    }
    if (types.includes('array')) {
      if (!isNode(node.items)) problems.push(`${context}: array schema must have 'items'`);
      else walk(node.items, `${context}[]`, depth + 1);
    }
  };
  const { $defs: _defs, ...root } = schema;
  walk(root, '(root)', 0);
  for (const [name, def] of Object.entries(defs)) walk(def, `$defs.${name}`, 1);
  if (properties > 5000) problems.push('more than 5000 object properties');
  if (enums > 1000) problems.push('more than 1000 enum values');
  return problems;
}

function mentionsJson(body: Node): boolean {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages.some((m) => isNode(m) && typeof m.content === 'string' && /json/i.test(m.content));
}

/** OpenAI Chat Completions: the 400 it would answer for this body, or `undefined`. */
export function openaiStructuredRejection(body: Node): Response | undefined {
  const format = body.response_format;
  if (!isNode(format)) return undefined;
  if (format.type === 'json_object') {
    return mentionsJson(body)
      ? undefined
      : badRequest("'messages' must contain the word 'json' in some form");
  }
  if (format.type !== 'json_schema') return badRequest(`Invalid response_format type ${String(format.type)}`);
  const spec = format.json_schema;
  if (!isNode(spec) || typeof spec.name !== 'string' || !NAME.test(spec.name)) {
    return badRequest("Invalid 'response_format.json_schema.name'");
  }
  if (spec.strict !== true) return badRequest('strict must be true for these tests');
  const problems = openaiStrictProblems(spec.schema);
  return problems.length > 0
    ? badRequest(`Invalid schema for response_format '${spec.name}': ${problems.join('; ')}`)
    : undefined;
}

const ajv = new Ajv2020({ strict: false, validateFormats: false });

/** Anthropic Messages: the 400 it would answer for this body, or `undefined`. */
export function anthropicStructuredRejection(body: Node): Response | undefined {
  if (body.tools === undefined) return undefined;
  if (!Array.isArray(body.tools)) return anthropicBadRequest('tools: Input should be a valid list');
  const names: string[] = [];
  for (const [i, tool] of body.tools.entries()) {
    if (!isNode(tool) || typeof tool.name !== 'string' || !NAME.test(tool.name)) {
      return anthropicBadRequest(`tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    }
    names.push(tool.name);
    const schema = tool.input_schema;
    if (!isNode(schema) || schema.type !== 'object') {
      return anthropicBadRequest(`tools.${i}.input_schema.type: Input should be 'object'`);
    }
    if (!ajv.validateSchema(schema)) {
      return anthropicBadRequest(
        `tools.${i}.input_schema: JSON schema is invalid - ${ajv.errorsText(ajv.errors)}`,
      );
    }
  }
  const choice = body.tool_choice;
  if (choice !== undefined) {
    if (
      !isNode(choice) ||
      choice.type !== 'tool' ||
      typeof choice.name !== 'string' ||
      !names.includes(choice.name)
    ) {
      return anthropicBadRequest('tool_choice: must name one of the tools');
    }
  }
  return undefined;
}

/** Groq Chat Completions: the 400 it would answer for this body, or `undefined`. */
export function groqStructuredRejection(body: Node): Response | undefined {
  const format = body.response_format;
  if (!isNode(format)) return undefined;
  if (body.stream === true) return badRequest('response_format` does not support streaming');
  if (format.type !== 'json_object') return badRequest(`unexpected response_format ${String(format.type)}`);
  return mentionsJson(body)
    ? undefined
    : badRequest(
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      );
}

function badRequest(message: string): Response {
  return HttpResponse.json(
    { error: { message, type: 'invalid_request_error', param: 'response_format', code: null } },
    { status: 400, headers: { 'x-request-id': 'req_schema_400' } },
  );
}

function anthropicBadRequest(message: string): Response {
  return HttpResponse.json(
    { type: 'error', error: { type: 'invalid_request_error', message }, request_id: 'req_ant_400' },
    { status: 400, headers: { 'request-id': 'req_ant_400' } },
  );
}

/**
 * What a strict-mode model writes for `value`: every property the schema
 * lists is present, an absent optional one as `null`.
 */
export function asStrictModelWouldWrite(
  value: unknown,
  schema: unknown,
  root: Node = schema as Node,
): unknown {
  if (!isNode(schema)) return value;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref === '#' ? root : (root.$defs as Node)[schema.$ref.slice(8)];
    return asStrictModelWouldWrite(value, target, root);
  }
  if (Array.isArray(schema.anyOf)) {
    const branch = schema.anyOf.find((b) => isNode(b) && branchMatches(value, b, root));
    return branch ? asStrictModelWouldWrite(value, branch, root) : value;
  }
  if (Array.isArray(value)) return value.map((item) => asStrictModelWouldWrite(item, schema.items, root));
  if (!isNode(value) || !isNode(schema.properties)) return value;
  const out: Node = {};
  for (const [key, sub] of Object.entries(schema.properties)) {
    out[key] = key in value ? asStrictModelWouldWrite(value[key], sub, root) : null;
  }
  return out;
}

function branchMatches(value: unknown, branch: Node, root: Node): boolean {
  if (typeof branch.$ref === 'string') {
    return branchMatches(
      value,
      branch.$ref === '#' ? root : ((root.$defs as Node)[branch.$ref.slice(8)] as Node),
      root,
    );
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const types =
    typeof branch.type === 'string' ? [branch.type] : Array.isArray(branch.type) ? branch.type : [];
  if (!(types.includes(kind) || (kind === 'number' && types.includes('integer')))) return false;
  if (kind !== 'object' || !isNode(branch.properties) || !isNode(value)) return true;
  return Object.entries(branch.properties).every(
    ([key, sub]) => !isNode(sub) || !('const' in sub) || value[key] === sub.const,
  );
}
