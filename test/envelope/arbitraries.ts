/**
 * fast-check arbitraries for the envelope tests and the bench corpus: valid
 * envelopes shaped like the ones Python backends and the TS builders send, and
 * mutations / junk derived from them.
 */
import fc from 'fast-check';
import { KNOWN_DELIVERABLE_KINDS } from '../../src/envelope/index.js';
import { PYTHON_ISSPACE } from './python-reference.js';

/** JSON-shaped value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const pyWhitespace = fc.constantFrom(...PYTHON_ISSPACE.map((c) => String.fromCodePoint(c)));
/** Strings made only of what Python's `strip()` removes (possibly empty). */
export const pythonBlank: fc.Arbitrary<string> = fc
  .array(pyWhitespace, { maxLength: 6 })
  .map((a) => a.join(''));
/** A string with at least one character Python keeps, padded with Python whitespace. */
export const nonBlank: fc.Arbitrary<string> = fc
  .tuple(
    pythonBlank,
    fc.oneof(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.constant('\ufeff')),
    pythonBlank,
  )
  .map(([a, b, c]) => a + b + c)
  .filter((s) => [...s].some((ch) => !PYTHON_ISSPACE.includes(ch.codePointAt(0)!)));

const anyString = fc.string({ maxLength: 20, unit: 'grapheme-composite' });
const timestamp = fc
  .tuple(
    fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.integer({ min: 0, max: 999_999 }),
    fc.constantFrom('python-naive', 'python-naive-no-fraction', 'python-aware', 'z', 'space', 'date'),
  )
  .map(([d, micro, style]) => {
    const base = d.toISOString().slice(0, 19);
    const us = `.${String(micro).padStart(6, '0')}`;
    switch (style) {
      case 'python-naive':
        return base + us; // datetime.utcnow().isoformat()
      case 'python-naive-no-fraction':
        return base; // isoformat() when microsecond == 0
      case 'python-aware':
        return `${base}${us}+00:00`;
      case 'space':
        return `${base.replace('T', ' ')}${us}`; // str(datetime)
      case 'date':
        return base.slice(0, 10);
      default:
        return d.toISOString(); // JS builders
    }
  });

/** A small JSON object (metadata, raw, details). */
export const jsonObject: fc.Arbitrary<Record<string, Json>> = fc.dictionary(
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  { maxKeys: 4 },
);

/** `null` or omitted or a value, the way Python optional fields come. */
function optionalField<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.oneof(arb, fc.constant(null), fc.constant(undefined));
}

function withoutUndefined(o: Record<string, unknown>): Record<string, Json> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, Json>;
}

const kind = fc.oneof(fc.constantFrom(...KNOWN_DELIVERABLE_KINDS), fc.string({ maxLength: 12 }));

const assets = fc
  .record(
    {
      image_url: optionalField(fc.webUrl()),
      image_base64: optionalField(fc.base64String({ maxLength: 24 })),
      file_url: optionalField(fc.webUrl()),
      slides: optionalField(fc.array(jsonObject, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  )
  .map(withoutUndefined);

/** A deliverable as a Python backend (or the TS builder) serializes it. */
export const deliverable: fc.Arbitrary<Record<string, Json>> = fc
  .record({
    id: fc.oneof(fc.uuid(), anyString),
    kind,
    title: anyString,
    content_markdown: nonBlank,
    platform: optionalField(fc.constantFrom('linkedin', 'instagram', 'twitter', 'email', '')),
    hashtags: optionalField(fc.array(anyString, { maxLength: 4 })),
    assets: optionalField(assets),
    metadata: optionalField(jsonObject),
    extra: optionalField(fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>),
  })
  .map(withoutUndefined);

const meta = fc
  .record({
    timestamp,
    provider: fc.oneof(fc.constantFrom('openai', 'anthropic', 'groq', 'stub', 'none'), anyString),
    run_id: optionalField(anyString),
    model: optionalField(fc.constantFrom('gpt-4o-mini', 'claude-sonnet-4', 'llama-3.3-70b')),
    cost_usd: optionalField(fc.double({ min: 0, max: 100, noNaN: true })),
    tokens_used: optionalField(fc.nat({ max: 2_000_000 })),
    warnings: optionalField(fc.array(anyString, { maxLength: 3 })),
    trace_id: optionalField(fc.uuid()),
  })
  .map(withoutUndefined);

const responseError = fc
  .record({
    type: fc.oneof(fc.constantFrom('VALIDATION_ERROR', 'RATE_LIMIT', 'TIMEOUT', 'HTTP_502'), anyString),
    message: anyString,
    trace_id: optionalField(fc.uuid()),
    code: optionalField(fc.integer({ min: 100, max: 599 })),
    details: optionalField(jsonObject),
  })
  .map(withoutUndefined);

/** A valid envelope of any status. */
export const validEnvelope: fc.Arbitrary<Record<string, Json>> = fc
  .record({
    status: fc.constantFrom('SUCCESS', 'PARTIAL', 'FAILED'),
    module: fc.oneof(fc.constantFrom('campaigns', 'creatives', 'strategy'), anyString),
    run_id: nonBlank,
    meta,
    few: fc.array(deliverable, { minLength: 1, maxLength: 5 }),
    raw: optionalField(jsonObject),
    error: optionalField(responseError),
    mustError: responseError,
  })
  .map(({ status, few, error, mustError, ...rest }) =>
    withoutUndefined({
      status,
      ...rest,
      deliverables: status === 'FAILED' ? [] : status === 'PARTIAL' ? few.slice(1) : few,
      error: status === 'FAILED' ? mustError : error,
    }),
  );

/** Every path (list of keys) inside a JSON value, the root included. */
export function allPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...allPaths(v, [...prefix, i]));
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...allPaths(v, [...prefix, k]));
  return out;
}

/** Junk values a mutation plants. */
export const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  pythonBlank,
  fc.constantFrom('SUCCESS', 'FAILED', 'PARTIAL', 'success', 'none'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constant(
    JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as Json,
  ),
);

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'set'; at: number; value: Json }
  | { op: 'addKey'; at: number; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: junk }),
  fc.record({
    op: fc.constant('addKey' as const),
    at: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'x'),
    value: junk,
  }),
);

/** Applies mutations to a deep copy of `value` (paths chosen by index, modulo the path count). */
export function mutate(value: Json, mutations: readonly Mutation[]): Json {
  let root: Json = JSON.parse(JSON.stringify(value));
  for (const m of mutations) {
    const paths = allPaths(root);
    const path = paths[m.at % paths.length]!;
    const value = m.op === 'delete' ? null : (JSON.parse(JSON.stringify(m.value)) as Json);
    if (path.length === 0) {
      if (m.op === 'set') root = value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string, Json>)[k]!, root);
    const key = path[path.length - 1]!;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, Json>)[key];
    } else if (m.op === 'set') {
      (parent as Record<string | number, Json>)[key] = value;
    } else {
      const target = (parent as Record<string | number, Json>)[key];
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        Object.defineProperty(target, m.key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** A valid envelope with 1..3 random mutations applied. */
export const mutatedEnvelope: fc.Arbitrary<Json> = fc
  .tuple(validEnvelope, fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([env, ms]) => mutate(env, ms));

/**
 * Mutations that keep every field well-typed (the contract's types), so the
 * only thing that can go wrong is a rule Python checks too: removed required
 * keys, blank `run_id` / `content_markdown`, a wrong status, an empty SUCCESS,
 * a falsy FAILED error.
 */
export const typePreservingMutant: fc.Arbitrary<Json> = fc
  .tuple(
    validEnvelope,
    fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('dropTop' as const),
          key: fc.constantFrom('status', 'module', 'run_id', 'meta', 'deliverables'),
        }),
        fc.record({ op: fc.constant('dropMeta' as const), key: fc.constantFrom('timestamp', 'provider') }),
        fc.record({
          op: fc.constant('dropDeliverable' as const),
          at: fc.nat(),
          key: fc.constantFrom('id', 'kind', 'title', 'content_markdown'),
        }),
        fc.record({ op: fc.constant('blankContent' as const), at: fc.nat(), value: pythonBlank }),
        fc.record({ op: fc.constant('blankRunId' as const), value: pythonBlank }),
        fc.record({
          op: fc.constant('status' as const),
          value: fc.constantFrom('SUCCESS', 'FAILED', 'PARTIAL', 'success', 'Failed', 'OK', ''),
        }),
        fc.record({ op: fc.constant('emptyDeliverables' as const) }),
        fc.record({ op: fc.constant('error' as const), value: fc.constant<Json>(null) }),
        fc.record({ op: fc.constant('dropError' as const) }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([env, ops]) => {
    const e = JSON.parse(JSON.stringify(env)) as Record<string, Json>;
    const ds = () => (Array.isArray(e.deliverables) ? (e.deliverables as Record<string, Json>[]) : []);
    for (const o of ops) {
      switch (o.op) {
        case 'dropTop':
          delete e[o.key];
          break;
        case 'dropMeta':
          if (e.meta) delete (e.meta as Record<string, Json>)[o.key];
          break;
        case 'dropDeliverable': {
          const d = ds()[o.at % Math.max(1, ds().length)];
          if (d) delete d[o.key];
          break;
        }
        case 'blankContent': {
          const d = ds()[o.at % Math.max(1, ds().length)];
          if (d) d.content_markdown = o.value;
          break;
        }
        case 'blankRunId':
          e.run_id = o.value;
          break;
        case 'status':
          e.status = o.value;
          break;
        case 'emptyDeliverables':
          e.deliverables = [];
          break;
        case 'error':
          e.error = o.value;
          break;
        case 'dropError':
          delete e.error;
          break;
      }
    }
    return e;
  });
