/**
 * A fast path for zod validation that keeps zod the single source of truth.
 *
 * {@link compileIssues} reads a zod schema once and generates one JavaScript
 * function that walks the input the way zod parses it: the same `typeof` /
 * `Array.isArray` / plain-object tests, the regexes and numeric bounds taken
 * from the schema's own checks, the same key order, the same rules for absent
 * optional keys, the same branch choice for a discriminated union. On valid
 * input it allocates nothing and returns `null`.
 *
 * It never invents a message: wherever a node fails, that node alone is run
 * through zod (`_zod.run`, then zod's own issue finalisation) and its issues are
 * prefixed with the node's path. Any schema feature the generator does not model
 * (refinements, transforms, pipes, defaults, non-discriminated unions, strict
 * objects, unknown checks, ...) is handed to zod for the whole node. Where
 * `new Function` is not allowed (strict CSP, some edge runtimes) the checker is
 * zod itself. The property tests prove the answers equal `schema.safeParse`.
 *
 * @internal
 */
import * as z from 'zod';

/** One zod issue, with its path. @internal */
export type Issue = z.core.$ZodIssue;

/** Returns `null` when the value is valid, else zod's issues (paths relative to the schema). @internal */
export type IssueCheck = (value: unknown) => Issue[] | null;

interface CheckDef {
  check: string;
  when?: unknown;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  fn?: unknown;
}

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  shape?: Record<string, ZodLike>;
  catchall?: ZodLike;
  element?: ZodLike;
  innerType?: ZodLike;
  options?: ZodLike[];
  discriminator?: string;
  unionFallback?: boolean;
  keyType?: ZodLike;
  valueType?: ZodLike;
  coerce?: boolean;
}

interface ZodLike {
  _zod: {
    def: Def;
    optin?: 'optional' | 'defaulted';
    optout?: 'optional';
    values?: Set<unknown>;
    propValues?: Record<string, Set<unknown>>;
    traits?: Set<string>;
    run(payload: { value: unknown; issues: unknown[] }, ctx: object): unknown;
  };
}

let defaultLengthWhen: unknown;

/** zod's own `when` of length checks (the default of every `.min()` / `.max()`): a caller's own is not modelled. */
function isDefaultLengthWhen(when: unknown): boolean {
  defaultLengthWhen ??= (z.array(z.unknown()).min(0) as unknown as ZodLike)._zod.def.checks?.[0]?._zod.def
    .when;
  return when === defaultLengthWhen;
}

/** An `.optional()` that lets `undefined` through (not `.exactOptional()`, which zod types the same). */
function isPlainOptional(schema: ZodLike): boolean {
  const def = schema._zod.def;
  return (
    (def.checks?.length ?? 0) === 0 &&
    def.innerType!._zod.optin !== 'defaulted' &&
    !schema._zod.traits?.has('$ZodExactOptional')
  );
}

/**
 * Issues that stop zod's later checks on their ancestors, which issue
 * finalisation forgets: `continue !== true` stops plain checks, `continue === false`
 * also stops length checks (zod's `util.aborted` / `util.explicitlyAborted`).
 */
const ABORTING = new WeakSet<object>();
const EXPLICITLY_ABORTING = new WeakSet<object>();

/** zod's own answer for one node: its finalised issues, or null. */
function zodIssues(schema: ZodLike): IssueCheck {
  return (value) => {
    const ctx = { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx) as { issues: z.core.$ZodRawIssue[] };
    if (result.issues.length === 0) return null;
    const config = z.config();
    return result.issues.map((iss) => {
      const issue = z.core.util.finalizeIssue(iss, ctx, config);
      if (iss.continue !== true) ABORTING.add(issue);
      if (iss.continue === false) EXPLICITLY_ABORTING.add(issue);
      return issue;
    });
  };
}

/** True when an issue appended to `out` after `from` stops a check (a length check if `explicit`). */
function aborted(out: Issue[], from: number, explicit: boolean): boolean {
  const set = explicit ? EXPLICITLY_ABORTING : ABORTING;
  for (let i = from; i < out.length; i++) if (set.has(out[i]!)) return true;
  return false;
}

/** zod's `util.isPlainObject`, as its record schema applies it. */
function isPlainObject(o: unknown): boolean {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const ctor = (o as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prot: unknown = ctor.prototype;
  if (typeof prot !== 'object' || prot === null || Array.isArray(prot)) return false;
  return Object.hasOwn(prot, 'isPrototypeOf');
}

/** Prefixes `issues` (fresh objects from {@link zodIssues}) with `path` and appends them to `out`. */
function add(out: Issue[] | null, path: PropertyKey[], issues: Issue[] | null): Issue[] | null {
  if (issues === null) return out;
  const target = out ?? [];
  for (const issue of issues) {
    if (path.length > 0) (issue as { path: PropertyKey[] }).path = path.concat(issue.path);
    target.push(issue);
  }
  return target;
}

/** Drops what was appended to `out` after `length`. */
function cut(out: Issue[] | null, length: number): Issue[] | null {
  if (out === null) return null;
  out.length = length;
  return length === 0 ? null : out;
}

class Unsupported extends Error {}

/** A refinement's function as a check: true when it passes; an async one is zod's error to report. */
function refinement(fn: (value: unknown) => unknown): (value: unknown) => boolean {
  return (value) => {
    const answer = fn(value);
    if (answer instanceof Promise) {
      answer.catch(() => {});
      throw new z.core.$ZodAsyncError();
    }
    return Boolean(answer);
  };
}

/** Numbering of generated variables and the table of values the code refers to (`R[i]`). */
class CodeWriter {
  readonly refs: unknown[] = [];
  private vars = 0;

  constructor(private readonly prefix: string) {}

  ref(value: unknown): string {
    this.refs.push(value);
    return `R[${this.refs.length - 1}]`;
  }

  fresh(): string {
    this.vars += 1;
    return `${this.prefix}${this.vars}`;
  }
}

/** True for `z.record(z.string(), z.unknown())`: the one record shape the generators model. */
function isSimpleRecord(def: Def): boolean {
  const key = def.keyType?._zod.def;
  const value = def.valueType?._zod.def.type;
  return (
    key?.type === 'string' &&
    !key.coerce &&
    (key.checks?.length ?? 0) === 0 &&
    (value === 'unknown' || value === 'any') &&
    (def.checks?.length ?? 0) === 0
  );
}

/**
 * The options of a discriminated union with their `case` labels, or throws
 * Unsupported (no discriminator, fallback, checks, duplicate or unlabelable values).
 */
function unionCases(schema: ZodLike): { disc: string; cases: Array<{ option: ZodLike; labels: string }> } {
  const def = schema._zod.def;
  const disc = def.discriminator;
  if (disc === undefined || def.unionFallback || (def.checks?.length ?? 0) > 0)
    throw new Unsupported('union');
  const seen = new Set<unknown>();
  const cases = (def.options ?? []).map((option) => {
    const values = option._zod.propValues?.[disc];
    if (!values) throw new Unsupported('union');
    const labels = [...values].map((value) => {
      const labelable = typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
      if (seen.has(value) || !labelable) throw new Unsupported('union');
      seen.add(value);
      return `case ${JSON.stringify(value)}:`;
    });
    return { option, labels: labels.join(' ') };
  });
  return { disc, cases };
}

/** Generates the checking code for a schema tree. */
class Generator extends CodeWriter {
  /** `guard`: generate a boolean check that returns false at the first failure. */
  constructor(readonly guard: boolean) {
    super('v');
  }

  /** Statement for a node known to fail: zod reports its issues (a guard just answers false). */
  fallback(schema: ZodLike, v: string, path: string): string {
    if (this.guard) return 'return false;';
    return `out = add(out, ${path}, ${this.ref(zodIssues(schema))}(${v}));`;
  }

  /** Statement for a node the generator does not model: zod decides. */
  delegate(schema: ZodLike, v: string, path: string): string {
    const run = `${this.ref(zodIssues(schema))}(${v})`;
    return this.guard ? `if (${run} !== null) return false;` : `out = add(out, ${path}, ${run});`;
  }

  /**
   * One boolean expression per check, each true when that check passes, or
   * throws Unsupported. `when` tells a check zod runs even after an issue
   * (length checks), except one that explicitly aborts.
   */
  checks(
    schema: ZodLike,
    v: string,
    isArray = false,
  ): Array<{ expr: string; when: boolean; first?: boolean }> {
    const out: Array<{ expr: string; when: boolean; first?: boolean }> = [];
    for (const { _zod } of schema._zod.def.checks ?? []) {
      const c = _zod.def;
      const when = c.when !== undefined;
      if (when && ((c.check !== 'min_length' && c.check !== 'max_length') || !isDefaultLengthWhen(c.when)))
        throw new Unsupported(c.check);
      if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp) {
        const re = this.ref(c.pattern);
        out.push({ expr: `(${re}.lastIndex = 0, ${re}.test(${v}))`, when });
      } else if (c.check === 'number_format' && c.format === 'safeint') {
        out.push({ expr: `Number.isSafeInteger(${v})`, when });
      } else if (c.check === 'greater_than' && typeof c.value === 'number') {
        out.push({ expr: `${v} ${c.inclusive ? '>=' : '>'} ${c.value}`, when });
      } else if (c.check === 'less_than' && typeof c.value === 'number') {
        out.push({ expr: `${v} ${c.inclusive ? '<=' : '<'} ${c.value}`, when });
      } else if (c.check === 'min_length' && isArray && typeof c.minimum === 'number') {
        // (strings count code points: not modelled)
        out.push({ expr: `${v}.length >= ${c.minimum}`, when });
      } else if (c.check === 'max_length' && isArray && typeof c.maximum === 'number' && this.guard) {
        // zod caps an array's size before its elements, reporting that alone: modelled by guards
        // only, which test it first (see array())
        out.push({ expr: `${v}.length <= ${c.maximum}`, when, first: true });
      } else if (c.check === 'custom' && !when && !isArray && typeof c.fn === 'function') {
        // a refinement of a leaf (whose output is its input): zod calls its function and fails the
        // check on a falsy answer. (An array's refinement sees zod's output, not modelled.)
        out.push({ expr: `${this.ref(refinement(c.fn as (value: unknown) => unknown))}(${v})`, when });
      } else throw new Unsupported(c.check);
    }
    return out;
  }

  leaf(schema: ZodLike, typeTest: string, v: string, path: string): string {
    // a string format (z.email(), ...) is a check on the schema itself
    if ((schema._zod.def as { check?: string }).check !== undefined) throw new Unsupported('format');
    const checks = this.checks(schema, v).map((c) => ` && ${c.expr}`);
    return `if (!(${typeTest}${checks.join('')})) ${this.fallback(schema, v, path)}`;
  }

  /** Statements checking the value in variable `v`; `path` is an array expression. */
  node(schema: ZodLike, v: string, path: string): string {
    try {
      return this.modelled(schema, v, path);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      return this.delegate(schema, v, path);
    }
  }

  private modelled(schema: ZodLike, v: string, path: string): string {
    const zod = schema._zod;
    const def = zod.def;
    const hasChecks = (def.checks?.length ?? 0) > 0;
    if (def.coerce) throw new Unsupported('coerce');
    switch (def.type) {
      case 'string':
        return this.leaf(schema, `typeof ${v} === 'string'`, v, path);
      case 'number':
        return this.leaf(schema, `typeof ${v} === 'number' && Number.isFinite(${v})`, v, path);
      case 'boolean':
        return this.leaf(schema, `typeof ${v} === 'boolean'`, v, path);
      case 'unknown':
      case 'any':
        if (hasChecks) throw new Unsupported('checks');
        return '';
      case 'literal':
      case 'enum':
        if (!zod.values || hasChecks) throw new Unsupported(def.type);
        return this.leaf(schema, `${this.ref(zod.values)}.has(${v})`, v, path);
      case 'optional':
        if (!isPlainOptional(schema)) throw new Unsupported('optional');
        return `if (${v} !== undefined) { ${this.node(def.innerType!, v, path)} }`;
      case 'nullable':
        if (hasChecks) throw new Unsupported('nullable');
        return `if (${v} !== null) { ${this.node(def.innerType!, v, path)} }`;
      case 'object':
        return this.object(schema, v, path);
      case 'array':
        return this.array(schema, v, path);
      case 'record':
        return this.record(schema, v, path);
      case 'union':
        return this.discriminatedUnion(schema, v, path);
      default:
        throw new Unsupported(def.type);
    }
  }

  private object(schema: ZodLike, v: string, path: string): string {
    const def = schema._zod.def;
    const shape = def.shape ?? {};
    if ((def.checks?.length ?? 0) > 0 || Object.getOwnPropertySymbols(shape).length > 0)
      throw new Unsupported('object');
    const catchall = def.catchall?._zod.def.type;
    // strict objects report unknown keys, other catchalls parse them: not modelled
    if (catchall !== undefined && catchall !== 'unknown' && catchall !== 'any')
      throw new Unsupported('catchall');
    let body = '';
    // A guard may answer in any order: test first that the required keys are there.
    const REJECTS_UNDEFINED = ['string', 'number', 'boolean', 'object', 'array', 'record'];
    const required = Object.keys(shape).filter(
      (key) =>
        key !== '__proto__' &&
        shape[key]!._zod.optin === undefined &&
        REJECTS_UNDEFINED.includes(shape[key]!._zod.def.type),
    );
    if (this.guard && required.length > 0)
      body += `if (${required.map((key) => `${v}[${JSON.stringify(key)}] === undefined`).join(' || ')}) return false;\n`;
    for (const key of Object.keys(shape)) {
      if (key === '__proto__') continue;
      const child = shape[key]!;
      const childType = child._zod.def.type;
      // a required key whose schema accepts undefined: zod reports "nonoptional" when absent
      if (child._zod.optin === undefined && (childType === 'unknown' || childType === 'any'))
        throw new Unsupported('required unknown');
      const k = JSON.stringify(key);
      const cv = this.fresh();
      const check = `{ const ${cv} = ${v}[${k}]; ${this.node(child, cv, `[...${path}, ${k}]`)} }`;
      // zod ignores an absent key whose schema is optional in and out (exactOptional included)
      const skipsAbsent = child._zod.optin === 'optional' && child._zod.optout === 'optional';
      body += skipsAbsent ? `if (${k} in ${v}) ${check}\n` : `${check}\n`;
    }
    return `if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) ${this.fallback(schema, v, path)} else {\n${body}}`;
  }

  private array(schema: ZodLike, v: string, path: string): string {
    const def = schema._zod.def;
    const checks = this.checks(schema, v, true);
    const i = this.fresh();
    const before = this.fresh();
    const ev = this.fresh();
    const element = this.node(def.element!, ev, `[...${path}, ${i}]`);
    // zod runs the array's checks after its elements: a plain check unless an element issue
    // aborted, a length check unless one explicitly aborted. When a check that runs fails,
    // zod reports the whole node.
    const failing = checks.map(
      (c) =>
        `(!(out !== null && out.length !== ${before} && aborted(out, ${before}, ${c.when})) && !(${c.expr}))`,
    );
    const guardTest = (first: boolean) =>
      checks
        .filter((c) => (c.first === true) === first)
        .map((c) => `if (!(${c.expr})) return false;`)
        .join(' ');
    const tail = this.guard
      ? guardTest(false)
      : failing.length
        ? `if (${failing.join(' || ')}) { out = cut(out, ${before}); ${this.fallback(schema, v, path)} }`
        : '';
    return `if (!Array.isArray(${v})) ${this.fallback(schema, v, path)} else {
${this.guard ? guardTest(true) : ''}
const ${before} = out === null ? 0 : out.length;
for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${ev} = ${v}[${i}]; ${element} }
${tail}}`;
  }

  private record(schema: ZodLike, v: string, path: string): string {
    if (!isSimpleRecord(schema._zod.def)) throw new Unsupported('record');
    // an enumerable symbol key fails the string key schema; a non-enumerable one does not,
    // so a symbol key is not a definite failure: zod decides
    return `if (!(isPlainObject(${v}) && Object.getOwnPropertySymbols(${v}).length === 0)) ${this.delegate(schema, v, path)}`;
  }

  private discriminatedUnion(schema: ZodLike, v: string, path: string): string {
    const { disc, cases: options } = unionCases(schema);
    const cases = options.map(({ option, labels }) => `${labels} { ${this.node(option, v, path)} break; }`);
    return `if (typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})) ${this.fallback(schema, v, path)} else switch (${v}[${JSON.stringify(disc)}]) {
${cases.join('\n')}
default: ${this.fallback(schema, v, path)} }`;
  }
}

function generate<T>(schema: ZodLike, guard: boolean): T | undefined {
  if (!z.core.util.allowsEval.value) return undefined;
  const gen = new Generator(guard);
  const body = gen.node(schema, 'input', '[]');
  try {
    const factory = new Function(
      'R',
      'add',
      'cut',
      'aborted',
      'isPlainObject',
      `return function check(input) {\nlet out = null;\n${body}\nreturn ${guard ? 'true' : 'out'};\n};`,
    ) as (...args: unknown[]) => T;
    return factory(gen.refs, add, cut, aborted, isPlainObject);
  } catch {
    return undefined;
  }
}

/**
 * Compiles `schema` into a checker that answers exactly what
 * `schema.safeParse(value)` answers (`null` for success, else its issues), faster.
 * @internal
 */
export function compileIssues(schema: z.ZodType): IssueCheck {
  const root = schema as unknown as ZodLike;
  return generate<IssueCheck>(root, false) ?? zodIssues(root);
}

/**
 * Compiles `schema` into a predicate equal to `schema.safeParse(value).success`
 * that stops at the first failure. @internal
 */
export function compileGuard(schema: z.ZodType): (value: unknown) => boolean {
  const root = schema as unknown as ZodLike;
  const check = zodIssues(root);
  return generate<(value: unknown) => boolean>(root, true) ?? ((value) => check(value) === null);
}

/**
 * True when every check of `schema` only tests its value (the kinds the guard
 * models); others (`overwrite`: trim, case...) may change it. */
function onlyTests(schema: ZodLike): boolean {
  const leaf = !['array', 'object', 'record', 'union'].includes(schema._zod.def.type);
  return (schema._zod.def.checks ?? []).every(({ _zod: { def: c } }) =>
    c.check === 'string_format'
      ? c.format === 'regex'
      : c.check === 'number_format'
        ? c.format === 'safeint'
        : c.check === 'custom'
          ? // a refinement (`fn`) of a leaf; `.check()` / `superRefine` may rewrite the value
            leaf && typeof c.fn === 'function'
          : ['greater_than', 'less_than', 'min_length', 'max_length'].includes(c.check),
  );
}

/** zod's output for one node it parses itself (valid input): `_zod.run`'s value. */
function zodOutput(schema: ZodLike): (value: unknown) => unknown {
  return (value) => (schema._zod.run({ value, issues: [] }, { async: false }) as { value: unknown }).value;
}

/**
 * Generates code that builds, from input the guard accepted, exactly the value
 * zod's parse returns: a fresh object per object node with the shape's keys
 * first (in shape order, absent optional keys left out) and then the other
 * keys in input order, `__proto__` dropped; a fresh array per array; leaves as
 * they are. Nodes the generator does not model are parsed by zod.
 */
class Copier extends CodeWriter {
  constructor() {
    super('c');
  }

  /** Statements that compute the output for the value in `v`, and the expression that holds it. */
  node(schema: ZodLike, v: string): { code: string; out: string } {
    try {
      return this.modelled(schema, v);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      return { code: '', out: `${this.ref(zodOutput(schema))}(${v})` };
    }
  }

  /** Wraps an inner node behind a test that returns the value itself (`undefined`, `null`). */
  private unless(
    test: string,
    inner: { code: string; out: string },
    v: string,
  ): { code: string; out: string } {
    if (inner.code === '' && inner.out === v) return inner;
    const r = this.fresh();
    return { code: `let ${r} = ${v}; if (!(${test})) { ${inner.code} ${r} = ${inner.out}; }`, out: r };
  }

  private modelled(schema: ZodLike, v: string): { code: string; out: string } {
    const zod = schema._zod;
    const def = zod.def;
    const hasChecks = (def.checks?.length ?? 0) > 0;
    if (def.coerce || !onlyTests(schema)) throw new Unsupported('checks');
    switch (def.type) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'literal':
      case 'enum':
      case 'unknown':
      case 'any':
        // checks only test (formats aside, which the guard hands to zod): the value is the output
        if ((def as { check?: string }).check !== undefined) throw new Unsupported('format');
        return { code: '', out: v };
      case 'optional':
        if (!isPlainOptional(schema)) throw new Unsupported('optional');
        return this.unless(`${v} === undefined`, this.node(def.innerType!, v), v);
      case 'nullable':
        if (hasChecks) throw new Unsupported('nullable');
        return this.unless(`${v} === null`, this.node(def.innerType!, v), v);
      case 'object':
        return this.object(schema, v);
      case 'array':
        return this.array(schema, v);
      case 'record':
        return this.record(schema, v);
      case 'union':
        return this.discriminatedUnion(schema, v);
      default:
        throw new Unsupported(def.type);
    }
  }

  private object(schema: ZodLike, v: string): { code: string; out: string } {
    const def = schema._zod.def;
    const shape = def.shape ?? {};
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported('object');
    const catchall = def.catchall?._zod.def.type;
    if (catchall !== undefined && catchall !== 'unknown' && catchall !== 'any')
      throw new Unsupported('catchall');
    const o = this.fresh();
    let code = `const ${o} = {};\n`;
    for (const key of Object.keys(shape)) {
      if (key === '__proto__') continue;
      const child = shape[key]!;
      const k = JSON.stringify(key);
      const cv = this.fresh();
      const { optin, optout } = child._zod;
      const inner = this.node(child, cv);
      // zod's handlePropertyResult: an absent optional key adds nothing; an undefined
      // value is kept when the key is present (or, for a default, always)
      const keepUndefined = optin === 'defaulted' && optout !== 'optional' ? 'true' : `${k} in ${v}`;
      const assign = `if (${inner.out} !== undefined) ${o}[${k}] = ${inner.out}; else if (${keepUndefined}) ${o}[${k}] = undefined;`;
      const body = `const ${cv} = ${v}[${k}]; ${inner.code} ${assign}`;
      code +=
        optin === 'optional' && optout === 'optional' ? `if (${k} in ${v}) { ${body} }\n` : `{ ${body} }\n`;
    }
    if (catchall !== undefined) {
      const keys = this.ref(new Set(Object.keys(shape)));
      code += `for (const key in ${v}) { if (key !== '__proto__' && !${keys}.has(key)) ${o}[key] = ${v}[key]; }\n`;
    }
    return { code, out: o };
  }

  private array(schema: ZodLike, v: string): { code: string; out: string } {
    const def = schema._zod.def;
    const a = this.fresh();
    const i = this.fresh();
    const ev = this.fresh();
    const element = this.node(def.element!, ev);
    return {
      code: `const ${a} = new Array(${v}.length);
for (let ${i} = 0; ${i} < ${v}.length; ${i}++) { const ${ev} = ${v}[${i}]; ${element.code} ${a}[${i}] = ${element.out}; }\n`,
      out: a,
    };
  }

  private record(schema: ZodLike, v: string): { code: string; out: string } {
    if (!isSimpleRecord(schema._zod.def)) throw new Unsupported('record');
    const r = this.fresh();
    // symbol keys: zod decides (the string key schema rejects or ignores them)
    return {
      code: `let ${r};
if (Object.getOwnPropertySymbols(${v}).length > 0) ${r} = ${this.ref(zodOutput(schema))}(${v});
else { ${r} = {}; for (const key of Object.keys(${v})) { if (key !== '__proto__') ${r}[key] = ${v}[key]; } }\n`,
      out: r,
    };
  }

  private discriminatedUnion(schema: ZodLike, v: string): { code: string; out: string } {
    const { disc, cases: options } = unionCases(schema);
    const r = this.fresh();
    const cases = options.map(({ option, labels }) => {
      const inner = this.node(option, v);
      return `${labels} { ${inner.code} ${r} = ${inner.out}; break; }`;
    });
    return {
      code: `let ${r}; switch (${v}[${JSON.stringify(disc)}]) {\n${cases.join('\n')}\ndefault: ${r} = ${this.ref(zodOutput(schema))}(${v}); }\n`,
      out: r,
    };
  }
}

/** The outcome of a compiled parse: zod's `safeParse` without the error. @internal */
export type FastParseResult<T> = { success: true; data: T } | { success: false };

/**
 * Compiles `schema` into a parser that answers what `schema.safeParse(value)`
 * answers, without the issues: on success, a value equal to zod's output (same
 * keys, same key order, `__proto__` dropped). It checks with the compiled guard,
 * then builds the output in a second, allocation-only walk; ask zod (or
 * {@link compileIssues}) for the issues of a failure.
 *
 * The two walks read each property twice. Data from `JSON.parse` answers the
 * same both times (pass `{ json: true }`); any other value has its copy checked
 * again, and zod, which reads once, decides when a getter answered differently.
 * Async refinements are not supported (zod itself throws on them in a sync parse),
 * and a node the generator hands to zod runs twice (guard, then copy), so a
 * transform or default function there is called twice: fine for pure ones.
 * @internal
 */
export function compileParse<T>(
  schema: z.ZodType<T>,
): (value: unknown, options?: { json?: boolean }) => FastParseResult<T> {
  const root = schema as unknown as ZodLike;
  const guard = compileGuard(schema);
  const viaZod = (value: unknown): FastParseResult<T> => {
    const result = schema.safeParse(value);
    return result.success ? { success: true, data: result.data } : { success: false };
  };
  if (!z.core.util.allowsEval.value) return viaZod;
  const copier = new Copier();
  let copy: ((value: unknown) => T) | undefined;
  try {
    const { code, out } = copier.node(root, 'input');
    copy = new Function('R', `return function copy(input) {\n${code}\nreturn ${out};\n};`)(copier.refs) as (
      value: unknown,
    ) => T;
  } catch {
    return viaZod;
  }
  const build = copy;
  return (value, options) => {
    if (!guard(value)) return { success: false };
    const data = build(value);
    // plain data copied from a value with getters: valid only if it still is
    if (options?.json !== true && !guard(data)) return viaZod(value);
    return { success: true, data };
  };
}
