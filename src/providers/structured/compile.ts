/**
 * Per-provider schema compilers: the JSON Schema each structured mode
 * accepts, or a {@link SchemaUnsupportedError} before any request.
 *
 * - OpenAI strict (`json_schema`): every property required (an optional one
 *   becomes nullable, and `null` maps back to absent on the way out),
 *   `additionalProperties: false`, `anyOf` and never `oneOf`, no open maps,
 *   no `allOf`/`not`/tuples, keywords the mode rejects moved into the
 *   description, at most 10 levels, 5000 properties and 1000 enum values.
 * - Anthropic tools, JSON mode and instructions: the schema as is, with
 *   `anyOf` instead of `oneOf`.
 *
 * @internal Used by `generateObject` / `streamObject`.
 */
import { catalogEntry, OPENAI_STRICT_SCHEMA, type StrictSchemaRules } from '../catalog.js';
import type { StructuredOutputMode } from '../types.js';
import { SchemaUnsupportedError } from './errors.js';
import type { BaseSchema, SchemaNode } from './json-schema.js';

/** A schema compiled for one provider. */
export interface CompiledSchema {
  /** The mode it was compiled for (`undefined`: a provider without a native mode). */
  readonly mode: StructuredOutputMode | undefined;
  /** The JSON Schema to send. */
  readonly schema: SchemaNode;
  /** True when optional properties were made required and nullable (null maps back to absent). */
  readonly nullForOptional: boolean;
}

/**
 * The strict-mode rules of a provider: its catalog entry's, else OpenAI's
 * (a server outside the catalog that speaks strict `json_schema` follows
 * OpenAI's rules).
 */
export function strictRulesOf(provider: string): StrictSchemaRules {
  return catalogEntry(provider)?.quirks.structured.strict ?? OPENAI_STRICT_SCHEMA;
}

/** Keywords with no strict equivalent that no zod schema we know emits into a meaningful shape: fail rather than drop. */
const STRICT_FATAL: Record<string, string> = {
  not: 'it has a "not" (z.never() or a negation), which strict mode cannot express',
  if: 'it has a conditional (if/then/else), which strict mode cannot express',
  allOf: 'it is an intersection that does not fold into one object (allOf), which strict mode cannot express',
  prefixItems:
    'it is a tuple (prefixItems), which strict mode cannot express; use an object with named fields',
  patternProperties: 'it has pattern properties (an open map), which strict mode cannot express',
};

/** Words for a keyword moved into the description. */
function describeKeyword(key: string, value: unknown): string {
  return `${key}: ${JSON.stringify(value)}`;
}

function isRecord(value: unknown): value is SchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typesOf(node: SchemaNode): string[] {
  const type = node.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** Whether a node already accepts `null`. */
function acceptsNull(node: SchemaNode): boolean {
  if (typesOf(node).includes('null')) return true;
  if (node.const === null) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  if (Array.isArray(node.anyOf)) return node.anyOf.some((branch) => isRecord(branch) && acceptsNull(branch));
  return false;
}

/** The same node, also accepting `null`. */
function nullable(node: SchemaNode): SchemaNode {
  if (acceptsNull(node)) return node;
  if (Array.isArray(node.anyOf)) return { ...node, anyOf: [...node.anyOf, { type: 'null' }] };
  const types = typesOf(node);
  if (types.length > 0 && node.$ref === undefined && node.const === undefined) {
    const out: SchemaNode = { ...node, type: [...types, 'null'] };
    if (Array.isArray(node.enum)) out.enum = [...node.enum, null];
    return out;
  }
  const { description, ...rest } = node;
  return {
    anyOf: [rest, { type: 'null' }],
    ...(typeof description === 'string' && { description }),
  };
}

class StrictCompiler {
  private properties = 0;
  private enumValues = 0;
  private readonly keywords: ReadonlySet<string>;
  private readonly formats: ReadonlySet<string>;

  constructor(
    private readonly provider: string,
    private readonly rules: StrictSchemaRules,
  ) {
    this.keywords = new Set(rules.keywords);
    this.formats = new Set(rules.formats);
  }

  private fail(path: readonly (string | number)[], reason: string): never {
    throw new SchemaUnsupportedError({ provider: this.provider, path, reason });
  }

  compileRoot(root: SchemaNode): SchemaNode {
    const { $defs, ...rest } = root;
    const out = this.node(rest, [], 0);
    if (isRecord($defs)) {
      const defs: SchemaNode = {};
      for (const [name, def] of Object.entries($defs)) {
        if (!isRecord(def)) this.fail([`$defs/${name}`], 'a boolean schema accepts anything');
        defs[name] = this.node(def, [`$defs/${name}`], 1);
      }
      out.$defs = defs;
    }
    return out;
  }

  node(input: SchemaNode, path: (string | number)[], depth: number): SchemaNode {
    if (depth > this.rules.maxDepth) {
      this.fail(path, `it nests deeper than ${this.rules.maxDepth} levels, the strict-mode limit`);
    }
    for (const [key, reason] of Object.entries(STRICT_FATAL)) if (key in input) this.fail(path, reason);
    let node: SchemaNode = { ...input };
    if ('oneOf' in node) {
      if ('anyOf' in node) this.fail(path, 'it has both oneOf and anyOf');
      const { oneOf, ...rest } = node;
      node = { ...rest, anyOf: oneOf };
    }
    const notes: string[] = [];
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
      if (this.keywords.has(key)) out[key] = value;
      else if (key === 'default' || key === 'examples' || key.startsWith('min') || key.startsWith('max')) {
        notes.push(describeKeyword(key, value));
      } else if (key === 'uniqueItems' && value === true) {
        notes.push('items must be unique');
      }
      // Other annotations ($schema, title, $id, $comment, readOnly, ...) are dropped.
    }
    if (typeof out.$ref === 'string') {
      if (out.$ref !== '#' && !out.$ref.startsWith('#/$defs/')) {
        this.fail(path, `it references ${out.$ref}; only #/$defs/... references are allowed`);
      }
      // A $ref stands alone in strict mode (its description lives on the definition).
      return { $ref: out.$ref };
    }
    if (Array.isArray(out.enum)) {
      this.enumValues += out.enum.length;
      if (this.enumValues > this.rules.maxEnumValues) {
        this.fail(
          path,
          `it has more than ${this.rules.maxEnumValues} enum values in total, the strict-mode limit`,
        );
      }
    }
    if (Array.isArray(out.anyOf)) {
      out.anyOf = out.anyOf.map((branch, i) => {
        if (!isRecord(branch)) this.fail(path, `union member ${i} is a boolean schema`);
        return this.node(branch, path, depth);
      });
    }
    const types = typesOf(out);
    if (types.length === 0 && !Array.isArray(out.anyOf) && !('enum' in out) && !('const' in out)) {
      this.fail(
        path,
        'it accepts any value (z.any(), z.unknown() or a JSON type union), and strict mode needs a type',
      );
    }
    if (types.includes('string')) this.stringKeywords(out, notes);
    if (types.includes('object')) {
      const names = isRecord(node.propertyNames) ? node.propertyNames : undefined;
      this.objectKeywords(out, names, path, depth, notes);
    }
    if (types.includes('array')) this.arrayKeywords(out, path, depth);
    if (notes.length > 0) {
      const base = typeof out.description === 'string' ? `${out.description} ` : '';
      out.description = `${base}(${notes.join('; ')})`;
    }
    return out;
  }

  private stringKeywords(out: SchemaNode, notes: string[]): void {
    if (typeof out.format === 'string') {
      if (this.formats.has(out.format)) {
        // The format says it; zod's long regex for it adds nothing.
        delete out.pattern;
      } else {
        notes.push(`format: ${out.format}`);
        delete out.format;
      }
    }
    // Lookarounds and backreferences are outside the regex subset strict mode accepts.
    if (typeof out.pattern === 'string' && /\(\?<?[=!]|\\\d|\\k</.test(out.pattern)) {
      notes.push(`pattern: ${out.pattern}`);
      delete out.pattern;
    }
  }

  private objectKeywords(
    out: SchemaNode,
    names: SchemaNode | undefined,
    path: (string | number)[],
    depth: number,
    notes: string[],
  ): void {
    const extra = out.additionalProperties;
    const properties = isRecord(out.properties) ? { ...out.properties } : {};
    let required = new Set(
      Array.isArray(out.required) ? out.required.filter((k) => typeof k === 'string') : [],
    );
    if (names && Array.isArray(names.enum) && isRecord(extra)) {
      // A record keyed by an enum is an object with one property per key.
      for (const key of names.enum) if (typeof key === 'string') properties[key] ??= extra;
    } else if (isRecord(extra) && Object.keys(extra).length > 0 && Object.keys(properties).length === 0) {
      this.fail(
        path,
        'it is an open map (z.record() or a catchall), and strict mode allows only named properties',
      );
    } else if (names) {
      this.fail(path, 'it restricts property names (propertyNames), which strict mode cannot express');
    } else if (isRecord(extra) && Object.keys(extra).length > 0) {
      notes.push('no properties besides the listed ones');
    }
    const compiled: SchemaNode = {};
    for (const [key, value] of Object.entries(properties)) {
      if (!isRecord(value)) this.fail([...path, key], 'a boolean schema is not allowed here');
      this.properties++;
      if (this.properties > this.rules.maxProperties) {
        this.fail(
          path,
          `it has more than ${this.rules.maxProperties} properties in total, the strict-mode limit`,
        );
      }
      const node = this.node(value, [...path, key], depth + 1);
      compiled[key] = required.has(key) ? node : nullable(node);
    }
    required = new Set(Object.keys(compiled));
    out.properties = compiled;
    out.required = [...required];
    out.additionalProperties = false;
  }

  private arrayKeywords(out: SchemaNode, path: (string | number)[], depth: number): void {
    if (out.items === undefined) this.fail(path, 'it is an array without an item schema');
    if (!isRecord(out.items)) this.fail([...path, '*'], 'a boolean item schema is not allowed');
    out.items = this.node(out.items, [...path, '*'], depth + 1);
  }
}

/** `oneOf` becomes `anyOf` everywhere (providers treat them alike for generation; zod validates anyway). */
function looseNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(looseNode);
  if (!isRecord(node)) return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (key === 'oneOf' && !('anyOf' in node)) out.anyOf = looseNode(value);
    else if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, looseNode(v)]));
    } else if (key === '$defs' && isRecord(value)) {
      out.$defs = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, looseNode(v)]));
    } else out[key] = looseNode(value);
  }
  return out;
}

/**
 * Compiles the base schema for one provider's mode. Throws
 * {@link SchemaUnsupportedError} naming `provider` when the mode cannot
 * express it.
 */
export function compileSchema(
  base: BaseSchema,
  mode: StructuredOutputMode | undefined,
  provider: string,
  rules: StrictSchemaRules = strictRulesOf(provider),
): CompiledSchema {
  if (mode === 'json_schema') {
    return {
      mode,
      schema: new StrictCompiler(provider, rules).compileRoot(base.root),
      nullForOptional: true,
    };
  }
  return { mode, schema: looseNode(base.root) as SchemaNode, nullForOptional: false };
}

/** A valid json_schema / tool name from `name` (letters, digits, `_`, `-`, at most 64). */
export function outputName(name: string | undefined): string {
  const cleaned = (name ?? 'output').replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64);
  return cleaned.length > 0 ? cleaned : 'output';
}
