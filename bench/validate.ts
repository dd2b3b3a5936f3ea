/**
 * validateDeliverablesEnvelope throughput beside ajv compiled from the shipped
 * JSON Schema (dist/schemas/deliverables-envelope.schema.json), same run, same
 * inputs: a realistic 5-deliverable envelope (the Python golden fixture) and an
 * invalid one (one blank content_markdown, meta.provider missing).
 *
 * Run alone: `npx tsx bench/validate.ts` (about 15 s). Prints figures; exits 0.
 * Targets: >= 1.2x ajv on valid input, >= 1.0x on invalid input.
 *
 * Two ajv set-ups are measured. `ajv` is ajv's default (stop at the first error,
 * error objects without messages). `ajv allErrors` collects every error, which
 * is what validateDeliverablesEnvelope always does (every problem, as
 * `path: message` strings): that is the like-for-like comparison on invalid
 * input. `isDeliverablesEnvelope` asks ajv's own question (valid or not, stop at
 * the first problem). `zod safeParse` is the plain zod baseline the fast path
 * replaced.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  DeliverablesEnvelopeSchema,
  isDeliverablesEnvelope,
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
    ajv: () => ajvFirst(data),
    'ajv allErrors': () => ajvAll(data),
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
const ratio = (label: string, vs: string) =>
  results[label]!.validateDeliverablesEnvelope! / results[label]![vs]!;
const validRatio = ratio('valid (5 deliverables)', 'ajv');
const invalidRatio = ratio('invalid (2 problems)', 'ajv');
const invalidAll = ratio('invalid (2 problems)', 'ajv allErrors');
const guard = (label: string) => results[label]!.isDeliverablesEnvelope! / results[label]!.ajv!;
console.log(
  `valid:   ${validRatio.toFixed(2)}x ajv (target 1.2x) ${validRatio >= 1.2 ? 'MET' : 'NOT MET'}\n` +
    `invalid: ${invalidRatio.toFixed(2)}x ajv first-error (target 1.0x) ${invalidRatio >= 1 ? 'MET' : 'NOT MET'}; ` +
    `${invalidAll.toFixed(2)}x ajv allErrors\n` +
    `isDeliverablesEnvelope (ajv's question): ${guard('valid (5 deliverables)').toFixed(2)}x ajv on valid, ` +
    `${guard('invalid (2 problems)').toFixed(2)}x on invalid`,
);
