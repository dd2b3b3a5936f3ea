import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPythonBlank } from '../../src/internal/python-strip.js';
import {
  type JsonValue,
  parseResponseEnvelope,
  RESPONSE_TYPES,
  type ResponseBuilder,
  toMarkdown,
  validateResponseEnvelope,
} from '../../src/response/index.js';
import { builder, minimal } from './helpers.js';

type Op = (b: ResponseBuilder) => ResponseBuilder;

const text = fc.string({ maxLength: 30 });
const nonBlank = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !isPythonBlank(s));
const iso = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const cell = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;
const metaKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');
const missionRef = fc.record({
  mission_id: nonBlank,
  status: fc.constantFrom('proposed', 'active', 'completed', 'failed' as const),
  objective_type: text,
  objective_description: text,
});
const signalRef = fc.record(
  {
    signal_type: nonBlank,
    signal_layer: fc.constantFrom('selector', 'intent', 'mission', 'aggregate' as const),
    signal_source: text,
    timestamp: iso,
    summary: text,
  },
  { requiredKeys: ['signal_type', 'signal_layer', 'signal_source'] },
);

const table: fc.Arbitrary<Op> = fc
  .array(text, { maxLength: 5 })
  .chain((columns) =>
    fc.tuple(
      text,
      fc.constant(columns),
      fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), { maxLength: 8 }),
    ),
  )
  .map(
    ([title, columns, rows]) =>
      (b) =>
        b.addTable(title, columns, rows),
  );

const chart: fc.Arbitrary<Op> = fc
  .array(fc.oneof(text, fc.integer()), { maxLength: 8 })
  .chain((labels) =>
    fc.tuple(
      text,
      fc.constantFrom('line', 'bar', 'pie', 'scatter', 'area', 'radar'),
      fc.constant(labels),
      fc.array(
        fc.record({
          name: text,
          values: fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })), {
            minLength: labels.length,
            maxLength: labels.length,
          }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    ),
  )
  .map(
    ([title, type, labels, series]) =>
      (b) =>
        b.addChart(title, type, { labels, series }),
  );

/** Chart data as the Python reference accepts it: any JSON object (e.g. Chart.js datasets). */
const freeFormChart: fc.Arbitrary<Op> = fc
  .tuple(text, text, fc.dictionary(metaKey, json, { maxKeys: 4 }))
  .map(
    ([title, type, data]) =>
      (b) =>
        b.addArtifact({ artifact_type: 'chart', title, content: { chart_type: type, data } }),
  );

const count = fc.nat({ max: 50 });
/** A Python `UnifiedProposal.to_dict()`, any field left out, plus unknown keys. */
const unifiedProposal: fc.Arbitrary<Op> = fc
  .tuple(
    text,
    fc.record(
      {
        mission_id: nonBlank,
        mission_title: text,
        objective: text,
        executive_summary: fc.string({ maxLength: 200 }),
        task_breakdown: fc.dictionary(metaKey, json, { maxKeys: 3 }),
        metrics: fc.record({
          total_steps: count,
          buddy_steps: count,
          human_steps: count,
          hybrid_steps: count,
        }),
        costs: fc.record({
          total_usd: fc.double({ min: 0, max: 1000, noNaN: true }),
          breakdown: fc.array(fc.dictionary(metaKey, json, { maxKeys: 3 }), { maxLength: 3 }),
        }),
        time: fc.record({
          buddy_seconds: fc.double({ min: 0, max: 1e5, noNaN: true }),
          human_minutes: count,
          total_minutes: count,
        }),
        human_involvement: fc.record({
          requires_approval: fc.boolean(),
          has_blocking_steps: fc.boolean(),
          actions_required: fc.array(fc.dictionary(metaKey, json, { maxKeys: 3 }), { maxLength: 3 }),
        }),
        next_steps: fc.record({
          approval_options: fc.array(text, { maxLength: 4 }),
          what_happens_next: text,
        }),
        extra: json,
      },
      { requiredKeys: [] },
    ),
  )
  .map(
    ([title, proposal]) =>
      (b) =>
        b.addUnifiedProposal(title, proposal),
  );

const artifactOps: fc.Arbitrary<Op>[] = [
  table,
  chart,
  freeFormChart,
  unifiedProposal,
  fc
    .tuple(
      text,
      fc.array(fc.record({ heading: text, content: fc.string({ maxLength: 200 }) }), { maxLength: 4 }),
    )
    .map(
      ([title, sections]) =>
        (b: ResponseBuilder) =>
          b.addDocument(title, sections),
    ),
  fc.tuple(text, fc.string({ maxLength: 200 }), text).map(
    ([title, code, lang]) =>
      (b: ResponseBuilder) =>
        b.addCodeBlock(title, code, lang),
  ),
  fc
    .tuple(
      text,
      fc.array(
        fc.record({ timestamp: iso, event: text, status: text }, { requiredKeys: ['timestamp', 'event'] }),
        {
          maxLength: 5,
        },
      ),
    )
    .map(
      ([title, events]) =>
        (b: ResponseBuilder) =>
          b.addTimeline(title, events),
    ),
  fc.tuple(text, nonBlank, text, fc.option(fc.nat(), { nil: undefined })).map(
    ([title, path, type, size]) =>
      (b: ResponseBuilder) =>
        b.addFileReference(title, path, type, { sizeBytes: size }),
  ),
  fc.tuple(text, json).map(
    ([title, data]) =>
      (b: ResponseBuilder) =>
        b.addJson(title, data),
  ),
  fc.tuple(text, missionRef).map(
    ([title, m]) =>
      (b: ResponseBuilder) =>
        b.addMissionDraft(title, m),
  ),
  fc.tuple(text, fc.array(signalRef, { maxLength: 3 })).map(
    ([title, s]) =>
      (b: ResponseBuilder) =>
        b.addSignalBatch(title, s),
  ),
];

const ops: fc.Arbitrary<Op> = fc.oneof(
  ...artifactOps,
  fc.constantFrom(...RESPONSE_TYPES).map((t) => (b: ResponseBuilder) => b.type(t)),
  nonBlank.map((s) => (b: ResponseBuilder) => b.summary(s)),
  fc.double({ min: 0, max: 1, noNaN: true }).map((c) => (b: ResponseBuilder) => b.confidence(c)),
  fc.constantFrom('ok', 'blocked', 'failed', 'noop' as const).map((s) => (b: ResponseBuilder) => b.status(s)),
  fc.tuple(metaKey, json).map(
    ([k, v]) =>
      (b: ResponseBuilder) =>
        b.metadata(k, v),
  ),
  fc.oneof(text, fc.boolean()).map((e) => (b: ResponseBuilder) => b.metadata('error', e)),
  missionRef.map((m) => (b: ResponseBuilder) => b.addMission(m)),
  signalRef.map((s) => (b: ResponseBuilder) => b.addSignal(s)),
  fc
    .record({
      layout: text,
      priority: text,
      icon: text,
      suggested_actions: fc.array(text),
      expandable: fc.boolean(),
    })
    .map((h) => (b: ResponseBuilder) => b.uiHints(h)),
  text.map((id) => (b: ResponseBuilder) => b.liveStream(id)),
);

const scenario = fc.tuple(nonBlank, fc.array(ops, { maxLength: 12 }));
const run = ([summary, steps]: [string, Op[]]) => steps.reduce((b, op) => op(b), builder().summary(summary));

describe('properties', () => {
  it('anything the builder builds validates and round-trips through JSON', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const built = run(s).build();
        expect(validateResponseEnvelope(built)).toEqual({ valid: true, errors: [], issues: [] });
        const wire = JSON.stringify(built);
        const back = JSON.parse(wire);
        expect(validateResponseEnvelope(back)).toEqual({ valid: true, errors: [], issues: [] });
        expect(JSON.stringify(parseResponseEnvelope(back))).toBe(wire);
      }),
      { numRuns: 300 },
    );
  });

  it('metadata.status is always set and follows the inference rules', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const b = run(s);
        const e = b.build();
        expect(['ok', 'blocked', 'failed', 'noop']).toContain(e.metadata.status);
      }),
      { numRuns: 100 },
    );
  });

  it('toMarkdown renders any built envelope, with its summary and every artifact title', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const e = run(s).build();
        const md = toMarkdown(e);
        expect(md).toContain(e.summary.trim());
        for (const a of e.artifacts) {
          const title = a.title.replace(/\s*[\r\n]+\s*/g, ' ').trim();
          if (title) expect(md).toContain(`## ${title}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('random junk never throws, and valid ⇔ no errors', () => {
    const junk = fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(junk, (value) => {
        for (const data of [
          value,
          minimal({ metadata: value }),
          minimal({ artifacts: [value] }),
          minimal({ artifacts: [{ artifact_type: 'table', title: 't', content: value }] }),
          { ...minimal(), ...(typeof value === 'object' && value !== null ? value : {}) },
        ]) {
          const result = validateResponseEnvelope(data);
          expect(typeof result.valid).toBe('boolean');
          expect(result.valid).toBe(result.errors.length === 0);
          for (const error of result.errors) expect(error).toMatch(/^\S.*: \S/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a built envelope with any field replaced by junk never throws', () => {
    fc.assert(
      fc.property(scenario, fc.anything({ withBigInt: true, withDate: true, withMap: true }), (s, junk) => {
        const e = JSON.parse(JSON.stringify(run(s).build())) as Record<string, unknown>;
        for (const key of Object.keys(e)) {
          const result = validateResponseEnvelope({ ...e, [key]: junk });
          expect(result.valid).toBe(result.errors.length === 0);
        }
      }),
      { numRuns: 100 },
    );
  });
});

/** Reads a markdown table row back: `\` escapes the next character, `|` separates cells. */
function readRow(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      current += line[i + 1] ?? '';
      i++;
    } else if (c === '|') {
      cells.push(current);
      current = '';
    } else current += c;
  }
  return cells.map((c) => c.replace(/^ | $/g, ''));
}

describe('toMarkdown tables are faithful', () => {
  const plain = fc.string({ maxLength: 20 }).filter((s) => !s.includes('<br>'));
  const anyCell = fc.oneof(
    plain,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );

  it('every cell reads back from the rendered table (pipes, backslashes, newlines)', () => {
    fc.assert(
      fc.property(
        fc.array(plain, { minLength: 1, maxLength: 4 }).chain((columns) =>
          fc.tuple(
            fc.constant(columns),
            fc.array(fc.array(anyCell, { minLength: columns.length, maxLength: columns.length }), {
              maxLength: 6,
            }),
          ),
        ),
        ([columns, rows]) => {
          const md = toMarkdown(builder().summary('s').addTable('T', columns, rows).build());
          const lines = md.split('\n');
          const start = lines.indexOf('## T') + 2;
          const tableLines = lines.slice(start, start + rows.length + 2);
          const text = (v: unknown) => (v === null ? '' : String(v).replace(/\r\n|\r|\n/g, '<br>'));
          expect(readRow(tableLines[0]!)).toEqual(columns.map(text));
          expect(tableLines[1]).toBe(`|${columns.map(() => ' --- ').join('|')}|`);
          rows.forEach((row, i) => {
            expect(readRow(tableLines[i + 2]!)).toEqual(row.map(text));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
