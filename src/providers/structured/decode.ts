/**
 * From what the model wrote to what zod validates: unwrap a `{ value }` root,
 * and turn the `null` that OpenAI strict mode writes for an absent optional
 * property back into an absent property.
 *
 * @internal Used by `generateObject` / `streamObject`.
 */
import { isRecord } from '../../internal/index.js';
import { type BaseSchema, ROOT_KEY, type SchemaNode } from './json-schema.js';

function resolve(node: SchemaNode, base: BaseSchema): SchemaNode {
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref = current.$ref;
    const name = ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
    const target = ref === '#' ? base.root : name !== undefined ? base.defs[name] : undefined;
    if (!target) return {};
    current = target;
  }
  return current;
}

function typesOf(node: SchemaNode): string[] {
  const type = node.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

function branches(node: SchemaNode): SchemaNode[] {
  const list = node.anyOf ?? node.oneOf;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** Whether the original schema itself accepts `null` there (then a `null` is kept). */
function acceptsNull(node: SchemaNode, base: BaseSchema, depth = 0): boolean {
  if (depth > 32) return false;
  const target = resolve(node, base);
  if (Object.keys(target).length === 0) return true;
  if (typesOf(target).includes('null') || target.const === null) return true;
  if (Array.isArray(target.enum) && target.enum.includes(null)) return true;
  return branches(target).some((branch) => acceptsNull(branch, base, depth + 1));
}

/** The union branch `value` most plausibly follows: matching type, then matching `const` properties. */
function pickBranch(value: unknown, options: SchemaNode[], base: BaseSchema): SchemaNode | undefined {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  let fallback: SchemaNode | undefined;
  for (const option of options) {
    const target = resolve(option, base);
    const types = typesOf(target);
    const typeOk =
      types.length === 0 ||
      types.includes(kind) ||
      (kind === 'number' && types.includes('integer')) ||
      branches(target).length > 0;
    if (!typeOk) continue;
    if (kind === 'object' && isRecord(value) && isRecord(target.properties)) {
      const consts = Object.entries(target.properties).filter(
        ([, p]) => isRecord(p) && 'const' in p,
      ) as Array<[string, SchemaNode]>;
      if (consts.every(([key, p]) => value[key] === p.const)) return target;
      continue;
    }
    fallback ??= target;
  }
  return fallback;
}

function stripNulls(value: unknown, node: SchemaNode, base: BaseSchema, depth: number): unknown {
  if (depth > 64) return value;
  const target = resolve(node, base);
  const options = branches(target);
  if (options.length > 0) {
    const branch = pickBranch(value, options, base);
    return branch ? stripNulls(value, branch, base, depth + 1) : value;
  }
  if (Array.isArray(value)) {
    const items = target.items;
    return isRecord(items) ? value.map((item) => stripNulls(item, items, base, depth + 1)) : value;
  }
  if (!isRecord(value)) return value;
  const properties = isRecord(target.properties) ? target.properties : {};
  const required = new Set(Array.isArray(target.required) ? target.required : []);
  const extra = target.additionalProperties;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const schema = Object.hasOwn(properties, key) ? properties[key] : isRecord(extra) ? extra : undefined;
    if (!isRecord(schema)) {
      setOwn(out, key, item);
      continue;
    }
    if (item === null && !required.has(key) && !acceptsNull(schema, base)) continue;
    setOwn(out, key, stripNulls(item, schema, base, depth + 1));
  }
  return out;
}

/**
 * Turns the model's JSON into the value to validate: maps strict-mode
 * `null`s back to absent (when `nullForOptional`) and unwraps `{ value }`.
 * A wrapped answer without the wrapper is passed through as is (models do
 * answer with the bare array sometimes).
 */
export function decodeOutput(json: unknown, base: BaseSchema, nullForOptional: boolean): unknown {
  let value = json;
  if (base.wrapped) {
    if (!isRecord(value) || !Object.hasOwn(value, ROOT_KEY)) return value;
    value = value[ROOT_KEY];
    const inner = (base.root.properties as Record<string, SchemaNode>)[ROOT_KEY] as SchemaNode;
    return nullForOptional ? stripNulls(value, inner, base, 0) : value;
  }
  return nullForOptional ? stripNulls(value, base.root, base, 0) : value;
}

/** Sets an own enumerable property, as JSON.parse does: a `__proto__` key never sets the prototype. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}
