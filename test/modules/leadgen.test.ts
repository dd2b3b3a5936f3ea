import { describe, expect, it } from 'vitest';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const leadgen = MODULES.leadgen;

const FULL = {
  filters: {
    industry: 'B2B SaaS',
    geography: 'United Kingdom',
    company_size: '50-200 employees',
    titles: ['Head of Marketing', 'VP Marketing'],
    keywords: ['hiring SDRs', 'uses HubSpot'],
    exclude: ['agencies'],
    min_score: 70,
    status: ['new', 'Contacted', 'manual review'],
    limit: 50,
  },
  offer: 'Managed outbound for SaaS teams',
  sender: 'Priya, Head of Partnerships',
  channels: ['Email', 'LinkedIn'],
  tone: 'direct, friendly',
  brief: 'Fill the Q1 pipeline',
};

describe('leadgen module', () => {
  it('is defined with its path, deliverables and no upstream', () => {
    expect(leadgen.name).toBe('leadgen');
    expect(leadgen.path).toBe('/api/v1/leadgen/generate');
    expect(leadgen.deliverables.map((d) => d.kind)).toEqual(['ideal_customer_profile', 'outreach_sequence']);
    expect(leadgen.upstream).toEqual([]);
  });

  it('accepts a full request, trims texts and reads statuses in upper case', () => {
    const result = parseModuleInput(leadgen, {
      ...FULL,
      filters: { ...FULL.filters, industry: '  B2B SaaS\u001f' },
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.filters.industry).toBe('B2B SaaS');
    expect(result.data.filters.status).toEqual(['NEW', 'CONTACTED', 'MANUAL_REVIEW']);
    expect(result.data.filters.titles).toEqual(['Head of Marketing', 'VP Marketing']);
  });

  it('accepts what the Python operator sends: empty filters, and nulls for every optional field', () => {
    expect(parseModuleInput(leadgen, { filters: {} })).toEqual({ success: true, data: { filters: {} } });
    const nullFilters = Object.fromEntries(Object.keys(FULL.filters).map((key) => [key, null]));
    const nullTop = { offer: null, sender: null, channels: null, tone: null, brief: null };
    expect(parseModuleInput(leadgen, { filters: nullFilters, ...nullTop }).success).toBe(true);
  });

  it("applies no schema defaults (the list defaults are the server part's)", () => {
    const result = parseModuleInput(leadgen, { filters: { industry: 'Retail' } });
    expect(result.success && result.data).toEqual({ filters: { industry: 'Retail' } });
  });

  it('names filters when it is missing, null or not an object', () => {
    for (const body of [{}, { filters: null }, { filters: 'SaaS' }, { filters: ['SaaS'] }]) {
      const result = parseModuleInput(leadgen, body);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.issues.map((i) => i.path)).toEqual([['filters']]);
    }
    const missing = parseModuleInput(leadgen, {});
    if (!missing.success)
      expect(missing.issues).toEqual([{ path: ['filters'], code: 'required', message: 'is required' }]);
  });

  it('names each bad filter: blank text, wrong types, out-of-range numbers, unknown status', () => {
    const result = parseModuleInput(leadgen, {
      filters: {
        industry: '   ',
        titles: 'CMO',
        min_score: 101,
        limit: 0,
        status: ['NEW', 'WON'],
      },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      { path: ['filters', 'industry'], code: expect.any(String), message: 'must not be blank' },
      { path: ['filters', 'titles'], code: 'invalid_type', message: 'must be an array of strings' },
      { path: ['filters', 'min_score'], code: 'too_big', message: 'must be at most 100' },
      {
        path: ['filters', 'status', 1],
        code: 'invalid_value',
        message:
          'must be one of: NEW, ENRICHED, CONTACTED, RESPONDED, REPLIED, QUALIFIED, ROUTED, LOST, MANUAL_REVIEW',
      },
      { path: ['filters', 'limit'], code: 'too_small', message: 'must be at least 1' },
    ]);
    const fraction = parseModuleInput(leadgen, { filters: { min_score: 60.5 } });
    expect(fraction.success).toBe(false);
  });

  it('refuses a misspelt key with a "did you mean" hint, at the top level and in filters', () => {
    const result = parseModuleInput(leadgen, {
      filters: { industy: 'SaaS', job_titles: ['CMO'] },
      chanels: ['Email'],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        {
          path: ['chanels'],
          code: 'unrecognized_key',
          message: 'is not a field of the leadgen request; did you mean "channels"?',
        },
        {
          path: ['filters', 'industy'],
          code: 'unrecognized_key',
          message: 'is not a field of the leadgen request; did you mean "industry"?',
        },
      ]),
    );
    expect(result.issues).toHaveLength(3);
    expect(result.issues.find((i) => i.path[1] === 'job_titles')?.code).toBe('unrecognized_key');
  });

  it('accepts its example request', () => {
    expect(leadgen.example).toBeDefined();
    expect(parseModuleInput(leadgen, leadgen.example).success).toBe(true);
  });

  it('refuses a body that is not an object', () => {
    const result = parseModuleInput(leadgen, 'filters');
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]?.path).toEqual([]);
  });
});
