import { describe, expect, it } from 'vitest';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const learn = MODULES.learn;

const FULL = {
  query: 'Why did our LinkedIn engagement drop last month?',
  category: 'Troubleshooting',
  result_count: 5,
  industry: 'B2B SaaS',
  platforms: ['LinkedIn'],
  context: 'We moved from 3 posts a week to 1 in March.',
  brief: 'Quarterly review',
} as const;

describe('learn module', () => {
  it('is defined with its path, deliverable and no upstream', () => {
    expect(learn.name).toBe('learn');
    expect(learn.path).toBe('/api/v1/learn/generate');
    expect(learn.deliverables.map((d) => d.kind)).toEqual(['insights']);
    expect(learn.upstream).toEqual([]);
  });

  it('accepts a full request and its example, and trims the query', () => {
    const result = parseModuleInput(learn, { ...FULL, query: `  ${FULL.query}\n` });
    expect(result).toEqual({ success: true, data: { ...FULL, platforms: ['LinkedIn'] } });
    expect(parseModuleInput(learn, learn.example).success).toBe(true);
  });

  it('accepts what the Python operator sends: the query alone, and nulls for every optional field', () => {
    expect(parseModuleInput(learn, { query: 'hooks' })).toEqual({ success: true, data: { query: 'hooks' } });
    const nulls = Object.fromEntries(
      Object.keys(FULL)
        .filter((key) => key !== 'query')
        .map((key) => [key, null]),
    );
    expect(parseModuleInput(learn, { query: 'hooks', ...nulls }).success).toBe(true);
  });

  it.each([
    ['best practices', 'Best Practices'],
    ['API_DOCS', 'API Docs'],
    ['api-docs', 'API Docs'],
    [' examples ', 'Examples'],
    ['ALL', 'All'],
  ])('reads the category %j as %j', (sent, category) => {
    const result = parseModuleInput(learn, { query: 'hooks', category: sent });
    expect(result.success && result.data.category).toBe(category);
  });

  it('names query when it is missing or blank', () => {
    expect(parseModuleInput(learn, {})).toEqual({
      success: false,
      issues: [{ path: ['query'], code: 'required', message: 'is required' }],
    });
    const blank = parseModuleInput(learn, { query: ' \t\u0085 ' });
    expect(blank.success).toBe(false);
    if (!blank.success)
      expect(blank.issues).toEqual([
        { path: ['query'], code: expect.any(String), message: 'must not be blank' },
      ]);
  });

  it('names each bad field: wrong type, unknown category, out-of-range count', () => {
    const result = parseModuleInput(learn, {
      query: 42,
      category: 'Gossip',
      result_count: 0,
      platforms: 'LinkedIn',
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      { path: ['query'], code: 'invalid_type', message: 'must be a string' },
      {
        path: ['category'],
        code: 'invalid_value',
        message: 'must be one of: All, Best Practices, Troubleshooting, API Docs, Examples',
      },
      { path: ['result_count'], code: 'too_small', message: 'must be at least 1' },
      { path: ['platforms'], code: 'invalid_type', message: 'must be an array of strings' },
    ]);
    expect(parseModuleInput(learn, { query: 'x', result_count: 26 }).success).toBe(false);
    expect(parseModuleInput(learn, { query: 'x'.repeat(501) }).success).toBe(false);
  });

  it('refuses a misspelt key with a "did you mean" hint', () => {
    expect(parseModuleInput(learn, { query: 'hooks', result_cout: 3 })).toEqual({
      success: false,
      issues: [
        {
          path: ['result_cout'],
          code: 'unrecognized_key',
          message: 'is not a field of the learn request; did you mean "result_count"?',
        },
      ],
    });
  });

  it('refuses a body that is not an object', () => {
    const result = parseModuleInput(learn, 'hooks');
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]?.path).toEqual([]);
  });
});
