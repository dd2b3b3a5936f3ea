/**
 * Golden fixtures: envelopes byte-for-byte as Python backends serialize them
 * (json.dumps defaults and FastAPI's compact form), all accepted; hand-made
 * invalid ones, one per rule, each rejected with the exact `path: message` lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EnvelopeValidationError,
  isDeliverablesEnvelope,
  parseDeliverablesEnvelope,
  validateDeliverablesEnvelope,
} from '../../src/index.js';
import { pythonValidate } from './python-reference.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'envelope');
const read = (sub: string) =>
  readdirSync(join(dir, sub))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, readFileSync(join(dir, sub, f), 'utf8')] as const);

const valid = read('valid');
const invalid = read('invalid').map(
  ([f, text]) =>
    [
      f,
      JSON.parse(text) as {
        rule: string;
        python: 'accepts' | 'rejects';
        errors: string[];
        envelope: unknown;
      },
    ] as const,
);

describe('golden Python envelopes', () => {
  it('covers success, partial and failed', () => {
    const statuses = valid.map(([, text]) => (JSON.parse(text) as { status: string }).status);
    expect(new Set(statuses)).toEqual(new Set(['SUCCESS', 'PARTIAL', 'FAILED']));
    expect(valid.length).toBeGreaterThanOrEqual(8);
  });

  it.each(valid)('%s is accepted by validate, parse, the type guard and the Python model', (_f, text) => {
    const data: unknown = JSON.parse(text);
    expect(validateDeliverablesEnvelope(data)).toEqual({ valid: true, errors: [], issues: [] });
    expect(isDeliverablesEnvelope(data)).toBe(true);
    expect(pythonValidate(data).valid).toBe(true);
    const parsed = parseDeliverablesEnvelope(data);
    // parse keeps every field (nulls and unknown keys included): nothing is lost on the way back out
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(data);
  });

  it('holds the compatibility traps of CONTRACT §1', () => {
    const all = valid.map(([f, text]) => [f, text, JSON.parse(text)] as const);
    const get = (name: string) => all.find(([f]) => f === name)![2];
    // naive timestamp with microseconds and no offset
    expect(get('success-openai.json').meta.timestamp).toBe('2025-12-17T10:30:00.123456');
    // isoformat() drops the fraction when microsecond == 0
    expect(get('success-fastapi-minimal-meta.json').meta.timestamp).toBe('2025-12-17T10:30:00');
    // nulls for unset deliverable fields, [] / {} defaults
    const d = get('success-openai.json').deliverables[0];
    expect(d).toMatchObject({ assets: null, metadata: {} });
    expect(get('success-openai.json').deliverables[2]).toMatchObject({ platform: null, hashtags: [] });
    expect(get('success-openai.json')).toMatchObject({ raw: null, error: null });
    // unset meta fields omitted, never null; warnings []
    expect(get('success-fastapi-minimal-meta.json').meta).not.toHaveProperty('model');
    expect(get('failed-timeout.json').meta.warnings).toEqual([]);
    // failed: no deliverables, provider "none"
    expect(get('failed-timeout.json')).toMatchObject({ deliverables: [], meta: { provider: 'none' } });
    // empty strings where Python only checks presence
    expect(get('failed-http-502.json')).toMatchObject({ module: '', error: { message: '' } });
    expect(get('partial-with-error.json').deliverables[1].title).toBe('');
    // U+FEFF is content for Python's strip(); JavaScript's trim() would call it blank
    expect(get('success-forward-compatible.json').deliverables[0].content_markdown).toBe('\ufeff');
    // json.dumps escapes non-ASCII by default
    expect(all.find(([f]) => f === 'success-openai.json')![1]).toContain('\\ud83d\\ude80');
  });
});

describe('invalid envelopes, one per rule', () => {
  it('has one fixture per Python rule and per stricter type rule', () => {
    expect(invalid.filter(([, c]) => c.python === 'rejects').length).toBeGreaterThanOrEqual(25);
    expect(invalid.filter(([, c]) => c.python === 'accepts').length).toBeGreaterThanOrEqual(8);
  });

  it.each(invalid)('%s is rejected with the exact path: message lines', (_f, c) => {
    const result = validateDeliverablesEnvelope(c.envelope);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(c.errors);
    for (const line of result.errors) expect(line).toMatch(/^(\(root\)|[a-z_]+(\[\d+\])?(\.[a-z_]+)*): \S/);
    expect(isDeliverablesEnvelope(c.envelope)).toBe(false);
    const err = (() => {
      try {
        parseDeliverablesEnvelope(c.envelope);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(EnvelopeValidationError);
    expect(err).toMatchObject({ code: 'ENVELOPE_INVALID', issues: c.errors });
  });

  it.each(invalid)('%s: the Python validator verdict is recorded', (_f, c) => {
    // "rejects": the rule is Python's own. "accepts": the TS validator is deliberately stricter on types.
    expect(pythonValidate(c.envelope).valid).toBe(c.python === 'accepts');
  });
});
