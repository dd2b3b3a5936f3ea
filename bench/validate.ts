/**
 * validateDeliverablesEnvelope throughput beside ajv compiled from the shipped
 * JSON Schema (dist/schemas/deliverables-envelope.schema.json), same run, same
 * inputs: a realistic 5-deliverable envelope (the Python golden fixture) and an
 * invalid one (one blank content_markdown, meta.provider missing). Only public
 * entry points are measured: nothing here exists for the benchmark.
 *
 * Run alone: `npx tsx bench/validate.ts` (about 15 s). Prints figures; exits 0.
 *
 * The like-for-like comparison is `ajv allErrors` (every error, as
 * validateDeliverablesEnvelope reports every problem). `ajv` is ajv's default
 * (stop at the first error): compare it with `isDeliverablesEnvelope`, which
 * asks the same question. `parseDeliverablesEnvelope` builds the typed copy.
 * `zod safeParse` is the uncompiled schema; validateDeliverablesEnvelope and
 * the guard go through zod's public `z.compile()` / `schema.validate()`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  DeliverablesEnvelopeSchema,
  isDeliverablesEnvelope,
  parseDeliverablesEnvelope,
  validateDeliverablesEnvelope,
} from '../src/envelope/index.js';
import { JSON_SCHEMAS } from '../src/json-schemas.js';

const root = join(import.meta.dirname, '..');
const FILE = 'deliverables-envelope.schema.json';
const shipped = join(root, 'dist', 'schemas', FILE);
const schemaSource = existsSync(shipped) ? 'dist/schemas (shipped file)' : 'JSON_SCHEMAS (dist not built)';
const schema = existsSync(shipped)
  ? (JSON.parse(readFileSync(shipped, 'utf8')) as object)
  : JSON_SCHEMAS[FILE]!();
const ajvFirst = new Ajv2020({ strict: false }).compile(schema);
const ajvAll = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

const valid = JSON.parse(
  readFileSync(join(root, 'test', 'fixtures', 'envelope', 'valid', 'success-openai.json'), 'utf8'),
) as { meta: Record<string, unknown>; deliverables: Array<Record<string, unknown>> };
const invalid = structuredClone(valid);
invalid.deliverables[2]!.content_markdown = ' \n ';
delete invalid.meta.provider;

// sanity: everyone agrees on the verdicts
const v = validateDeliverablesEnvelope(valid);
const iv = validateDeliverablesEnvelope(invalid);
if (!v.valid || iv.valid || !ajvFirst(valid) || ajvFirst(invalid) || !ajvAll(valid) || ajvAll(invalid))
  throw new Error('validators disagree on the bench inputs');
if (iv.errors.length !== 2) throw new Error(`expected 2 errors, got ${iv.errors.join('; ')}`);

type Fn = () => unknown;
const smoke = process.env.AICMO_EXAMPLE_SMOKE === '1';
const SLICE_MS = smoke ? 20 : 120;
const ROUNDS = smoke ? 3 : 9;

/** Operations per second over one time slice. */
function slice(fn: Fn): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  do {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
    now = performance.now();
  } while (now - start < SLICE_MS);
  return (n * 1000) / (now - start);
}

/** Interleaved rounds (so machine noise hits every contender alike); median per contender. */
function measure(contenders: Record<string, Fn>): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(contenders)) {
    samples[name] = [];
    slice(fn); // warm-up
  }
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, fn] of Object.entries(contenders)) samples[name]!.push(slice(fn));
  const out: Record<string, number> = {};
  for (const [name, s] of Object.entries(samples))
    out[name] = s.sort((a, b) => a - b)[Math.floor(s.length / 2)]!;
  return out;
}

const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US').padStart(12)} /s`;

console.log(`JSON Schema from ${schemaSource}; ${ROUNDS} interleaved rounds of ${SLICE_MS} ms, median\n`);
const results: Record<string, Record<string, number>> = {};
for (const [label, data] of [
  ['valid (5 deliverables)', valid],
  ['invalid (2 problems)', invalid],
] as const) {
  const r = measure({
    validateDeliverablesEnvelope: () => validateDeliverablesEnvelope(data),
    isDeliverablesEnvelope: () => isDeliverablesEnvelope(data),
    parseDeliverablesEnvelope: () => {
      try {
        return parseDeliverablesEnvelope(data);
      } catch {
        return undefined;
      }
    },
    'ajv allErrors': () => ajvAll(data),
    ajv: () => ajvFirst(data),
    'zod safeParse': () => DeliverablesEnvelopeSchema.safeParse(data),
  });
  results[label] = r;
  const ours = r.validateDeliverablesEnvelope!;
  console.log(label);
  for (const [name, ops] of Object.entries(r))
    console.log(
      `  ${name.padEnd(30)} ${fmt(ops)}   ${(ours / ops).toFixed(2)}x`.replace(/ {3}1\.00x$/, '   (ours)'),
    );
  console.log('');
}
const ratio = (label: string, ours: string, vs: string) => results[label]![ours]! / results[label]![vs]!;
for (const label of Object.keys(results)) {
  console.log(
    `${label}: validateDeliverablesEnvelope ${ratio(label, 'validateDeliverablesEnvelope', 'ajv allErrors').toFixed(2)}x ajv allErrors; ` +
      `isDeliverablesEnvelope ${ratio(label, 'isDeliverablesEnvelope', 'ajv').toFixed(2)}x ajv (first error)`,
  );
}
