import { describe, expect, it } from 'vitest';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const strategy = MODULES.strategy;

const FULL = {
  campaign_name: 'Aligner Launch Q1',
  objectives: ['Lead Gen', 'Brand Awareness'],
  platforms: ['LinkedIn', 'Instagram', 'Email'],
  budget: 10000,
  currency: 'GBP',
  duration: 8,
  brand_context: {
    client_name: 'Northwind Dental',
    industry: 'Healthcare',
    target_audience: 'Adults 25-45',
    risk_tolerance: 'Conservative',
    tone_voice: null,
  },
  language: 'English',
  brief: 'Strategy: Aligner Launch Q1',
};

describe('strategy module', () => {
  it('is defined with its path, deliverables and the intake upstream', () => {
    expect(strategy.path).toBe('/api/v1/strategy/generate');
    expect(parseModuleInput(strategy, strategy.example).success).toBe(true);
    expect(strategy.deliverables.map((d) => d.kind)).toEqual(['strategy', 'positioning', 'channel_plan']);
    expect(strategy.upstream).toEqual(['intake']);
  });

  it('accepts a full request, with Python nulls, and trims its texts', () => {
    const result = parseModuleInput(strategy, {
      ...FULL,
      campaign_name: ' Aligner Launch Q1 ',
      objectives: [],
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.campaign_name).toBe('Aligner Launch Q1');
    expect(result.data.objectives).toEqual([]);
    expect(result.data.brand_context?.client_name).toBe('Northwind Dental');
  });

  it('accepts the minimal request and applies no defaults', () => {
    expect(parseModuleInput(strategy, { campaign_name: 'Aligner Launch Q1' })).toEqual({
      success: true,
      data: { campaign_name: 'Aligner Launch Q1' },
    });
    const nulls = Object.fromEntries(
      Object.keys(strategy.input.shape)
        .filter((key) => key !== 'campaign_name')
        .map((key) => [key, null]),
    );
    expect(parseModuleInput(strategy, { campaign_name: 'X', ...nulls }).success).toBe(true);
  });

  it('names campaign_name when it is missing or blank', () => {
    const missing = parseModuleInput(strategy, { platforms: ['LinkedIn'] });
    expect(missing.success || missing.issues).toEqual([
      { path: ['campaign_name'], code: 'required', message: 'is required' },
    ]);
    const blank = parseModuleInput(strategy, { campaign_name: '\u0085 ' });
    expect(blank.success || blank.issues).toEqual([
      { path: ['campaign_name'], code: expect.any(String), message: 'must not be blank' },
    ]);
  });

  it('names each field of the wrong type or out of range, nested ones included', () => {
    const result = parseModuleInput(strategy, {
      campaign_name: 'X',
      budget: '10000',
      duration: 0,
      platforms: 'LinkedIn',
      currency: 'pounds',
      brand_context: { risk_tolerance: 'Reckless', client_name: ' ' },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'brand_context.client_name',
      'brand_context.risk_tolerance',
      'budget',
      'currency',
      'duration',
      'platforms',
    ]);
  });

  it('refuses a misspelt key with a "did you mean" hint, at the top level and in brand_context', () => {
    const result = parseModuleInput(strategy, {
      campaign_name: 'X',
      platfroms: ['LinkedIn'],
      brand_context: { target_audiance: 'clinics' },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toHaveLength(2);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        {
          path: ['platfroms'],
          code: 'unrecognized_key',
          message: 'is not a field of the strategy request; did you mean "platforms"?',
        },
        {
          path: ['brand_context', 'target_audiance'],
          code: 'unrecognized_key',
          message: 'is not a field of the strategy request; did you mean "target_audience"?',
        },
      ]),
    );
  });
});
