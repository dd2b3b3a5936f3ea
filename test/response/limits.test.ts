import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_LIMITS, validateResponseEnvelope } from '../../src/response/index.js';
import { resolveLimits } from '../../src/response/limits.js';
import { checkPureData, jsonStringBytes } from '../../src/response/purity.js';
import { builder, minimal, withArtifact } from './helpers.js';

const USE_FILE = 'store the full data in a file and reference it with a file_reference artifact';
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

const table = (rows: number) =>
  withArtifact({
    artifact_type: 'table',
    title: 'T',
    content: { columns: ['n'], rows: Array.from({ length: rows }, (_, i) => [i]) },
  });

const chart = (labels: number, series: number) =>
  withArtifact({
    artifact_type: 'chart',
    title: 'C',
    content: {
      chart_type: 'line',
      data: {
        labels: Array.from({ length: labels }, (_, i) => i),
        series: Array.from({ length: series }, (_, s) => ({ name: `s${s}`, values: Array(labels).fill(s) })),
      },
    },
  });

const jsonArtifact = (content: unknown) => withArtifact({ artifact_type: 'json_data', title: 'J', content });

describe('defaults', () => {
  it('are documented values', () => {
    expect(DEFAULT_RESPONSE_LIMITS).toEqual({
      maxArtifactBytes: 262_144,
      maxEnvelopeBytes: 1_048_576,
      maxTableRows: 1000,
      maxChartPoints: 5000,
      maxDepth: 64,
    });
    expect(Object.isFrozen(DEFAULT_RESPONSE_LIMITS)).toBe(true);
  });

  it('unset, negative, NaN or non-number overrides keep the default', () => {
    const bad = { maxTableRows: -1, maxChartPoints: Number.NaN, maxDepth: '3' } as unknown as Record<
      string,
      number
    >;
    expect(resolveLimits(bad)).toEqual(DEFAULT_RESPONSE_LIMITS);
    expect(resolveLimits({ maxTableRows: 0 }).maxTableRows).toBe(0);
  });
});

describe('maxTableRows', () => {
  it('accepts exactly the limit and rejects one more, saying to use a file_reference', () => {
    expect(validateResponseEnvelope(table(1000)).valid).toBe(true);
    expect(validateResponseEnvelope(table(1001)).errors).toEqual([
      `artifacts[0].content.rows: table has 1001 rows, more than the limit of 1000 (maxTableRows); ${USE_FILE} (keep a short preview if useful)`,
    ]);
  });

  it('is configurable, and Infinity disables it', () => {
    expect(validateResponseEnvelope(table(11), { limits: { maxTableRows: 10 } }).valid).toBe(false);
    expect(validateResponseEnvelope(table(10), { limits: { maxTableRows: 10 } }).valid).toBe(true);
    expect(
      validateResponseEnvelope(table(1001), { limits: { maxTableRows: Number.POSITIVE_INFINITY } }).valid,
    ).toBe(true);
  });
});

describe('maxChartPoints', () => {
  it('counts labels × series', () => {
    expect(validateResponseEnvelope(chart(1000, 5)).valid).toBe(true);
    expect(validateResponseEnvelope(chart(1001, 5)).errors).toEqual([
      `artifacts[0].content.data: chart has 5005 data points, more than the limit of 5000 (maxChartPoints); aggregate the data or ${USE_FILE} (keep a short preview if useful)`,
    ]);
    expect(validateResponseEnvelope(chart(10, 2), { limits: { maxChartPoints: 19 } }).valid).toBe(false);
  });
});

describe('maxChartPoints on free-form chart data', () => {
  const freeForm = (data: Record<string, unknown>) =>
    withArtifact({ artifact_type: 'chart', title: 'C', content: { chart_type: 'bar', data } });

  it('counts every number in the data', () => {
    const points = (n: number) => Array.from({ length: n }, (_, i) => i);
    const data = (n: number) => ({
      labels: points(n).map(String),
      datasets: [{ label: 'a', data: points(n) }],
    });
    expect(validateResponseEnvelope(freeForm(data(5000))).valid).toBe(true);
    expect(validateResponseEnvelope(freeForm(data(5001))).errors).toEqual([
      `artifacts[0].content.data: chart has 5001 data points, more than the limit of 5000 (maxChartPoints); aggregate the data or ${USE_FILE} (keep a short preview if useful)`,
    ]);
    expect(
      validateResponseEnvelope(freeForm({ x: [1, 2], y: { a: 3, b: [4, null] } }), {
        limits: { maxChartPoints: 3 },
      }).errors,
    ).toHaveLength(1);
  });
});

describe('maxArtifactBytes', () => {
  it('measures the compact JSON of the artifact in UTF-8 bytes, the limit included', () => {
    const base = jsonArtifact('') as { artifacts: Record<string, unknown>[] };
    const overhead = bytes(base.artifacts[0]);
    const limit = 1000;
    const fits = jsonArtifact('a'.repeat(limit - overhead));
    expect(bytes((fits as { artifacts: unknown[] }).artifacts[0])).toBe(limit);
    expect(validateResponseEnvelope(fits, { limits: { maxArtifactBytes: limit } }).valid).toBe(true);
    const over = jsonArtifact('a'.repeat(limit - overhead + 1));
    expect(validateResponseEnvelope(over, { limits: { maxArtifactBytes: limit } }).errors).toEqual([
      `artifacts[0]: artifact is larger than 1000 bytes when serialized (limit maxArtifactBytes); ${USE_FILE} (keep a short preview if useful)`,
    ]);
    // Multi-byte characters count in bytes: 'é' is 2 bytes.
    const accents = jsonArtifact('é'.repeat(Math.ceil((limit - overhead + 1) / 2)));
    expect(validateResponseEnvelope(accents, { limits: { maxArtifactBytes: limit } }).valid).toBe(false);
  });

  it('the default is 256 KiB; each artifact is reported on its own', () => {
    const big = 'x'.repeat(300 * 1024);
    const data = minimal({
      artifacts: [
        { artifact_type: 'json_data', title: 'a', content: big },
        { artifact_type: 'json_data', title: 'b', content: 'small' },
        { artifact_type: 'code_block', title: 'c', content: { code: big, language: 'txt' } },
      ],
    });
    const { errors } = validateResponseEnvelope(data);
    expect(errors.map((e) => e.split(':')[0])).toEqual(['artifacts[0]', 'artifacts[2]']);
    expect(errors[0]).toContain('larger than 256 KiB');
  });
});

describe('maxEnvelopeBytes', () => {
  it('the whole envelope is limited (default 1 MiB), also outside artifacts', () => {
    const data = minimal({ metadata: { blob: 'x'.repeat(1024 * 1024) } });
    expect(validateResponseEnvelope(data).errors).toEqual([
      `(root): the envelope is larger than 1 MiB when serialized (limit maxEnvelopeBytes); ${USE_FILE} (keep a short preview if useful)`,
    ]);
    expect(
      validateResponseEnvelope(minimal(), { limits: { maxEnvelopeBytes: bytes(minimal()) } }).valid,
    ).toBe(true);
    expect(
      validateResponseEnvelope(minimal(), { limits: { maxEnvelopeBytes: bytes(minimal()) - 1 } }).valid,
    ).toBe(false);
  });

  it('many artifacts each under their limit can still exceed the envelope limit', () => {
    const artifacts = Array.from({ length: 5 }, (_, i) => ({
      artifact_type: 'json_data',
      title: `part ${i}`,
      content: 'x'.repeat(250 * 1024),
    }));
    const { errors } = validateResponseEnvelope(minimal({ artifacts }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\(root\): the envelope is larger than 1 MiB/);
  });

  it('stops early on huge input instead of walking all of it', () => {
    const sparse: unknown[] = [];
    sparse.length = 2 ** 31;
    expect(validateResponseEnvelope(minimal({ metadata: { sparse } })).errors[0]).toMatch(
      /larger than 1 MiB/,
    );
    const huge = 'x'.repeat(64 * 1024 * 1024);
    expect(validateResponseEnvelope(minimal({ summary: huge })).errors[0]).toMatch(/larger than 1 MiB/);
  });
});

describe('maxDepth', () => {
  const nested = (depth: number) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it('limits nesting (default 64 levels) with a path to the offending value', () => {
    // root → metadata (1) → deep (2) → arrays...
    expect(validateResponseEnvelope(minimal({ metadata: { deep: nested(62) } })).valid).toBe(true);
    const { errors } = validateResponseEnvelope(minimal({ metadata: { deep: nested(63) } }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^metadata\.deep(\[0\]){62}: is nested more than 64 levels deep \(limit maxDepth\)/,
    );
    expect(
      validateResponseEnvelope(minimal({ metadata: { deep: nested(3) } }), { limits: { maxDepth: 3 } }).valid,
    ).toBe(false);
  });

  it('never overflows the stack, even with maxDepth disabled', () => {
    const deep = nested(200_000);
    const result = validateResponseEnvelope(minimal({ metadata: { deep } }), {
      limits: { maxDepth: Number.POSITIVE_INFINITY, maxEnvelopeBytes: Number.POSITIVE_INFINITY },
    });
    expect(result.valid).toBe(false);
    expect(result.errors[0]).toContain('is nested more than 2000 levels deep');
  });
});

describe('size accounting', () => {
  it('jsonStringBytes equals the UTF-8 length of JSON.stringify for tricky strings', () => {
    for (const s of [
      '',
      'abc',
      '"\\',
      '\n\t\b\f\r\u0000\u001f',
      'é',
      '€',
      '😀',
      '\ud800',
      '\udc00x',
      '\u2028',
      '\u007f',
    ]) {
      expect(jsonStringBytes(s)).toBe(bytes(s));
    }
  });

  it('the walk counts exactly the compact JSON size', () => {
    const value = minimal({
      metadata: { a: [1, -0, 1e21, 0.1, true, false, null, 'é'], b: { c: undefined, d: {} } },
    });
    expect(checkPureData(value, resolveLimits()).bytes).toBe(bytes(value));
  });
});

describe('the builder enforces the same limits', () => {
  it('build() throws naming the artifact and the limit; options override the defaults', () => {
    const rows = Array.from({ length: 3 }, (_, i) => [i]);
    const b = builder({ limits: { maxTableRows: 2 } })
      .summary('x')
      .addTable('T', ['n'], rows);
    expect(() => b.build()).toThrow(
      /artifacts\[0\]\.content\.rows: table has 3 rows, more than the limit of 2/,
    );
    expect(builder().summary('x').addTable('T', ['n'], rows).build().artifacts).toHaveLength(1);
  });
});
