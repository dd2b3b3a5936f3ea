import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type DeliverablesEnvelope,
  EnvelopeValidationError,
  isDeliverablesEnvelope,
  parseDeliverablesEnvelope,
  validateDeliverablesEnvelope,
} from '../../src/index.js';

const good = () => ({
  status: 'SUCCESS',
  module: 'campaigns',
  run_id: 'r1',
  meta: { timestamp: '2025-12-17T10:30:00.123456', provider: 'openai' },
  deliverables: [{ id: 'd1', kind: 'blog_post', title: 'T', content_markdown: 'body' }],
});

describe('validateDeliverablesEnvelope', () => {
  it.each([
    '2025-12-17T10:30:00.123456',
    '2025-12-17T10:30:00',
    '2025-12-17T10:30:00Z',
    '2025-12-17T10:30:00.123Z',
    '2025-12-17T10:30:00.123456+00:00',
    '2025-12-17T10:30:00-05:30',
    '2025-12-17 10:30:00.123456',
    '2025-12-17',
  ])('accepts the timestamp %s', (timestamp) => {
    expect(validateDeliverablesEnvelope({ ...good(), meta: { timestamp, provider: 'x' } }).valid).toBe(true);
  });

  it.each(['', 'now', '17/12/2025', '2025-12-17T10:30:00.123456 UTC', '20251217T103000'])(
    'rejects the timestamp %j',
    (timestamp) => {
      expect(validateDeliverablesEnvelope({ ...good(), meta: { timestamp, provider: 'x' } }).errors).toEqual([
        expect.stringMatching(/^meta\.timestamp: must be an ISO 8601 timestamp/),
      ]);
    },
  );

  it.each([null, undefined, 0, 1.5, 'x', true, [], [good()], () => good(), Symbol('s'), 10n])(
    'rejects the non-object %s at the root without throwing',
    (data) => {
      expect(validateDeliverablesEnvelope(data)).toEqual({
        valid: false,
        errors: ['(root): the envelope must be a JSON object'],
        issues: [{ path: [], code: 'invalid_type', message: 'the envelope must be a JSON object' }],
      });
    },
  );

  it('reports a bad status and still checks the rest', () => {
    const { errors } = validateDeliverablesEnvelope({ ...good(), status: 'Success', run_id: '' });
    expect(errors).toEqual([
      'status: must be one of SUCCESS, FAILED, PARTIAL (upper case)',
      expect.stringMatching(/^run_id: must not be blank/),
    ]);
  });

  it('reports every problem with its path', () => {
    const e = good() as Record<string, unknown>;
    e.deliverables = [
      { id: 'a', kind: 'k', title: 't', content_markdown: 'ok' },
      { id: 'b', kind: 'k', title: 't', content_markdown: 'ok' },
      { id: 'c', kind: 'k', title: 't', content_markdown: '\n' },
    ];
    expect(validateDeliverablesEnvelope(e).errors).toEqual([
      expect.stringMatching(/^deliverables\[2\]\.content_markdown: must not be blank/),
    ]);
  });

  it('checks known meta fields and ignores unknown ones', () => {
    const e = good() as Record<string, unknown>;
    e.meta = { timestamp: '2025-12-17', provider: 'p', 'cost usd': 1, cost_usd: -1 };
    expect(validateDeliverablesEnvelope(e).errors).toEqual(['meta.cost_usd: must not be negative']);
  });

  it('never throws on hostile objects (throwing getters, proxies, null prototypes)', () => {
    const getter = Object.defineProperty(good(), 'meta', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    for (const data of [getter, proxy]) {
      const result = validateDeliverablesEnvelope(data);
      expect(result.valid).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
      expect(isDeliverablesEnvelope(data)).toBe(false);
      expect(() => parseDeliverablesEnvelope(data)).toThrow(EnvelopeValidationError);
    }
    const bare = Object.assign(Object.create(null) as object, good());
    expect(validateDeliverablesEnvelope(bare).valid).toBe(true);
  });

  it('accepts unknown extra keys everywhere (forward compatibility)', () => {
    const e = { ...good(), v: 2, meta: { ...good().meta, region: 'eu' } };
    e.deliverables[0] = { ...e.deliverables[0]!, ...{ score: 1 } };
    expect(validateDeliverablesEnvelope(e).valid).toBe(true);
  });
});

describe('parseDeliverablesEnvelope and isDeliverablesEnvelope', () => {
  it('returns the typed envelope, narrowed by status', () => {
    const e = parseDeliverablesEnvelope(good());
    expectTypeOf(e).toEqualTypeOf<DeliverablesEnvelope>();
    expect(e.deliverables[0]!.content_markdown).toBe('body');
    if (e.status === 'FAILED') expectTypeOf(e.error.message).toBeString();
  });

  it('throws EnvelopeValidationError with a stable code and the same lines as validate', () => {
    const bad = { ...good(), deliverables: [] };
    expect(() => parseDeliverablesEnvelope(bad)).toThrow(
      expect.objectContaining({
        name: 'EnvelopeValidationError',
        code: 'ENVELOPE_INVALID',
        issues: validateDeliverablesEnvelope(bad).errors,
      }),
    );
    expect(() => parseDeliverablesEnvelope(bad)).toThrow(/Fix the named fields/);
  });

  it('is a type guard', () => {
    const data: unknown = good();
    if (isDeliverablesEnvelope(data)) expectTypeOf(data).toEqualTypeOf<DeliverablesEnvelope>();
    expect(isDeliverablesEnvelope(data)).toBe(true);
    expect(isDeliverablesEnvelope({ ...good(), status: 'FAILED' })).toBe(false);
  });
});

describe('validateDeliverablesEnvelope: structured issues and the error cap', () => {
  const bad = (i: number) => ({ id: `d${i}`, kind: 'k', title: 't', content_markdown: ' ' });

  it('gives each problem as { path, code, message } beside the path: message line', () => {
    const e = { ...good(), deliverables: [bad(0)] } as Record<string, unknown>;
    delete e.module;
    const { errors, issues } = validateDeliverablesEnvelope(e);
    expect(issues).toEqual([
      { path: ['module'], code: 'required', message: 'is required' },
      { path: ['deliverables', 0, 'content_markdown'], code: 'invalid_format', message: expect.any(String) },
    ]);
    expect(errors).toEqual([
      'module: is required',
      `deliverables[0].content_markdown: ${issues[1]!.message}`,
    ]);
  });

  it('lists at most 100 entries by default, the last one "… and N more" entry', () => {
    const e = { ...good(), deliverables: Array.from({ length: 150 }, (_, i) => bad(i)) };
    const { valid, errors, issues } = validateDeliverablesEnvelope(e);
    expect(valid).toBe(false);
    expect(errors).toHaveLength(100);
    expect(errors[99]).toBe('… and 51 more');
    expect(issues[99]).toEqual({ path: [], code: 'too_many_issues', message: '… and 51 more' });
    expect(errors[98]).toMatch(/^deliverables\[98\]\.content_markdown: /);
  });

  it('takes maxErrors (entries in all), also on the long-array path', () => {
    for (const length of [20, 1_000]) {
      const e = { ...good(), run_id: '', deliverables: Array.from({ length }, (_, i) => bad(i)) };
      const { errors } = validateDeliverablesEnvelope(e, { maxErrors: 3 });
      expect(errors).toEqual([
        expect.stringMatching(/^run_id: must not be blank/),
        expect.stringMatching(/^deliverables\[0\]\.content_markdown: /),
        `… and ${length - 1} more`,
      ]);
    }
  });

  it('a long array keeps zod’s order: fields, each deliverable, then error', () => {
    const e = {
      ...good(),
      status: 'FAILED',
      meta: { provider: 'x' },
      deliverables: Array.from({ length: 300 }, (_, i) => (i === 299 ? bad(i) : good().deliverables[0])),
    };
    expect(validateDeliverablesEnvelope(e).errors).toEqual([
      'meta.timestamp: is required',
      expect.stringMatching(/^deliverables\[299\]\.content_markdown: /),
      'error: is required',
    ]);
  });

  it('a huge sparse array is judged by its length: the answer comes back, the count is a lower bound', () => {
    const e = { ...good(), deliverables: new Array(2 ** 31) };
    const { valid, errors } = validateDeliverablesEnvelope(e);
    expect(valid).toBe(false);
    expect(errors).toHaveLength(100);
    expect(errors[0]).toBe('deliverables[0]: must be an object');
    expect(errors[99]).toMatch(/^… and at least \d+ more$/);
    expect(isDeliverablesEnvelope(e)).toBe(false);
  });

  it('a bad maxErrors falls back to the default', () => {
    const e = { ...good(), deliverables: Array.from({ length: 120 }, (_, i) => bad(i)) };
    for (const maxErrors of [0, -1, 1.5, Number.NaN])
      expect(validateDeliverablesEnvelope(e, { maxErrors }).errors).toHaveLength(100);
  });
});

describe('validateDeliverablesEnvelope: nested arrays judged by their length', () => {
  it('a deliverable with 200,000 bad hashtags: the report checks the first items only and says "at least"', () => {
    const e = good();
    e.deliverables[0] = { ...e.deliverables[0]!, ...{ hashtags: new Array(200_000).fill(7) } };
    const { valid, errors, issues } = validateDeliverablesEnvelope(e);
    expect(valid).toBe(false);
    expect(errors).toHaveLength(100);
    expect(errors[0]).toBe('deliverables[0].hashtags[0]: must be a string');
    expect(errors[99]).toMatch(/^… and at least \d+ more$/);
    expect(issues[99]!.code).toBe('too_many_issues');
  });

  it('a long array with few problems in its first items says there may be more', () => {
    const e = good();
    const tags = new Array<unknown>(5_000).fill('#ok');
    tags[3] = 7;
    e.deliverables[0] = { ...e.deliverables[0]!, ...{ hashtags: tags } };
    expect(validateDeliverablesEnvelope(e).errors).toEqual([
      'deliverables[0].hashtags[3]: must be a string',
      '… and maybe more: only the first items of a long array were checked',
    ]);
  });

  it('a long valid array is valid', () => {
    const e = good();
    e.deliverables[0] = { ...e.deliverables[0]!, ...{ hashtags: new Array(5_000).fill('#ok') } };
    expect(validateDeliverablesEnvelope(e)).toEqual({ valid: true, errors: [], issues: [] });
  });
});
