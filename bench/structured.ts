/**
 * Structured output overhead, same run, in-process providers (no network):
 * - schema compile before a call (zod -> JSON Schema -> each provider mode),
 *   per corpus shape;
 * - `streamObject` beside `chain.stream` on the same ~4 KB answer, in 8- and
 *   32-character deltas: the partial parse and validation per delta is the
 *   overhead.
 *
 * Run alone: `npx tsx bench/structured.ts` (a few seconds). Prints figures; exits 0.
 */
import * as z from 'zod';
import { type Provider, ProviderChain } from '../src/providers/index.js';
import { compileSchema } from '../src/providers/structured/compile.js';
import { toBaseSchema } from '../src/providers/structured/json-schema.js';
import { CORPUS } from '../test/providers/structured/corpus.js';

function time(label: string, runs: number, fn: () => void): number {
  for (let i = 0; i < Math.min(50, runs); i++) fn();
  const start = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const us = ((performance.now() - start) * 1000) / runs;
  console.log(`${label.padEnd(46)} ${us.toFixed(1).padStart(9)} µs`);
  return us;
}

console.log('## Schema compile (all three modes), per call\n');
let total = 0;
for (const entry of CORPUS) {
  total += time(entry.name, 300, () => {
    const base = toBaseSchema(entry.schema, 'bench');
    for (const mode of ['json_schema', 'tool', 'json_object'] as const) compileSchema(base, mode, 'bench');
  });
}
console.log(`${'mean over the corpus'.padEnd(46)} ${(total / CORPUS.length).toFixed(1).padStart(9)} µs\n`);

const Post = z.object({
  title: z.string(),
  body: z.string(),
  hashtags: z.array(z.string()).max(20),
  sections: z.array(z.object({ heading: z.string(), text: z.string() })),
});
const answer = JSON.stringify({
  title: 'Spring launch',
  body: 'We shipped. '.repeat(60),
  hashtags: Array.from({ length: 10 }, (_, i) => `#tag${i}`),
  sections: Array.from({ length: 12 }, (_, i) => ({
    heading: `Part ${i}`,
    text: 'Details follow here. '.repeat(8),
  })),
});

function streaming(size: number): Provider {
  const pieces = Array.from({ length: Math.ceil(answer.length / size) }, (_, i) =>
    answer.slice(i * size, (i + 1) * size),
  );
  return {
    name: 'fake',
    model: 'fake-1',
    async generate() {
      throw new Error('stream only');
    },
    async *stream() {
      for (const text of pieces) yield { type: 'delta' as const, text };
      yield {
        type: 'done' as const,
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        finishReason: 'stop' as const,
      };
    },
  };
}

console.log(`## streamObject vs chain.stream, ${answer.length} characters\n`);
for (const size of [8, 32]) {
  const chain = new ProviderChain({
    providers: [streaming(size)],
    prices: { 'fake-1': { input: 0, output: 0 } },
  });
  const runs = 20;
  let start = performance.now();
  for (let i = 0; i < runs; i++) for await (const _ of chain.stream({ prompt: 'x' })) void _;
  const raw = (performance.now() - start) / runs;
  let partials = 0;
  start = performance.now();
  for (let i = 0; i < runs; i++) {
    for await (const event of chain.streamObject({ schema: Post, prompt: 'x' }))
      if (event.type === 'partial') partials++;
  }
  const structured = (performance.now() - start) / runs;
  const deltas = Math.ceil(answer.length / size);
  console.log(
    `${String(size).padStart(2)}-char deltas (${deltas}): chain.stream ${raw.toFixed(2)} ms, streamObject ${structured.toFixed(2)} ms, ` +
      `${(((structured - raw) * 1000) / deltas).toFixed(1)} µs per delta, ${Math.round(partials / runs)} partials`,
  );
}
