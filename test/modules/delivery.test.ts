import { describe, expect, it } from 'vitest';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const delivery = MODULES.delivery;

const FULL = {
  report_type: 'detailed',
  campaign_id: 'cmp-42',
  export_format: 'pdf',
  client_name: 'Northwind Dental',
  campaign_name: 'Spring Launch',
  period: '1-31 March 2026',
  sections: ['intake', 'strategy', 'creatives', 'execution', 'monitoring'],
  metrics: [
    { name: 'Leads', value: 412, target: 400 },
    { name: 'Cost per lead', value: '38 GBP', target: '35 GBP' },
    { name: 'CTR', value: '1.9%' },
  ],
  highlights: ['Leads ahead of target'],
  agency_name: 'Acme Marketing',
  notes: 'Budget review on 5 April',
  brief: 'March report',
};

describe('delivery module', () => {
  it('is defined with its path, deliverables and the four approved upstreams', () => {
    expect(delivery.name).toBe('delivery');
    expect(delivery.path).toBe('/api/v1/delivery/generate');
    expect(delivery.deliverables.map((d) => d.kind)).toEqual(['client_report', 'delivery_checklist']);
    expect(delivery.upstream).toEqual(['intake', 'strategy', 'creatives', 'execution']);
  });

  it('accepts a full request and its example, trims texts and reads numbers as text', () => {
    const result = parseModuleInput(delivery, { ...FULL, client_name: '\tNorthwind Dental ' });
    expect(result).toEqual({
      success: true,
      data: {
        ...FULL,
        metrics: [
          { name: 'Leads', value: '412', target: '400' },
          { name: 'Cost per lead', value: '38 GBP', target: '35 GBP' },
          { name: 'CTR', value: '1.9%' },
        ],
      },
    });
    expect(parseModuleInput(delivery, delivery.example).success).toBe(true);
  });

  it('defaults report_type to summary: absent, null, or an empty body', () => {
    expect(parseModuleInput(delivery, {})).toEqual({ success: true, data: { report_type: 'summary' } });
    expect(parseModuleInput(delivery, { report_type: null, campaign_id: 'cmp-1' })).toEqual({
      success: true,
      data: { report_type: 'summary', campaign_id: 'cmp-1' },
    });
  });

  it('accepts nulls for every optional field (as Python sends them)', () => {
    const nulls = Object.fromEntries(Object.keys(FULL).map((key) => [key, null]));
    expect(parseModuleInput(delivery, nulls).success).toBe(true);
    expect(parseModuleInput(delivery, { metrics: [{ name: 'Leads', value: 3, target: null }] }).success).toBe(
      true,
    );
  });

  it.each([
    ['Summary', 'summary'],
    ['Detailed', 'detailed'],
    ['EXECUTIVE', 'executive'],
    ['Raw Data', 'raw data'],
    [' raw_data ', 'raw data'],
    ['raw-data', 'raw data'],
  ])('reads the report type %j as %j', (sent, type) => {
    const result = parseModuleInput(delivery, { report_type: sent });
    expect(result.success && result.data.report_type).toBe(type);
  });

  it("reads the operator's export formats and sections in any case", () => {
    for (const [sent, format] of [
      ['PDF', 'pdf'],
      ['CSV', 'csv'],
      ['JSON', 'json'],
      ['Email', 'email'],
      ['PPTX', 'pptx'],
    ]) {
      const result = parseModuleInput(delivery, { export_format: sent });
      expect(result.success && result.data.export_format).toBe(format);
    }
    const sections = parseModuleInput(delivery, { sections: ['Intake', 'STRATEGY'] });
    expect(sections.success && sections.data.sections).toEqual(['intake', 'strategy']);
  });

  it('names each bad field: unknown type or format, bad sections, bad metrics', () => {
    const result = parseModuleInput(delivery, {
      report_type: 'weekly',
      export_format: 'docx',
      campaign_id: ' ',
      sections: ['strategy', 'billing'],
      metrics: [{ name: 'Leads' }, { name: 'CTR', value: true }],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      {
        path: ['report_type'],
        code: 'invalid_value',
        message: 'must be one of: summary, detailed, executive, raw data',
      },
      { path: ['campaign_id'], code: expect.any(String), message: 'must not be blank' },
      {
        path: ['export_format'],
        code: 'invalid_value',
        message: 'must be one of: pdf, pptx, csv, json, zip, email, markdown',
      },
      {
        path: ['sections', 1],
        code: 'invalid_value',
        message: 'must be one of: intake, strategy, creatives, execution, monitoring',
      },
      { path: ['metrics', 0, 'value'], code: 'required', message: 'is required' },
      {
        path: ['metrics', 1, 'value'],
        code: 'invalid_type',
        message: 'must be a string',
      },
    ]);
  });

  it('refuses a misspelt key with a "did you mean" hint, at the top level and in a metric', () => {
    const result = parseModuleInput(delivery, {
      report_typ: 'summary',
      metrics: [{ name: 'Leads', value: 3, targett: 4 }],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toHaveLength(2);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        {
          path: ['report_typ'],
          code: 'unrecognized_key',
          message: 'is not a field of the delivery request; did you mean "report_type"?',
        },
        {
          path: ['metrics', 0, 'targett'],
          code: 'unrecognized_key',
          message: 'is not a field of the delivery request; did you mean "target"?',
        },
      ]),
    );
  });

  it('refuses a body that is not an object', () => {
    const result = parseModuleInput(delivery, null);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]?.path).toEqual([]);
  });
});
