import { describe, expect, it } from 'vitest';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const intake = MODULES.intake;

const MINIMAL = {
  client_name: 'Northwind Dental',
  website: 'https://northwind.example',
  industry: 'Healthcare',
  geography: 'UK',
  primary_offer: 'Invisible aligners',
  objective: 'Lead Generation',
} as const;

const FULL = {
  ...MINIMAL,
  timezone: 'Europe/London',
  languages: ['English'],
  target_audience: 'Adults 25-45 in Greater Manchester',
  pain_points: 'Worried about cost and visible braces',
  desired_outcomes: '60 booked consultations a month',
  pricing: 'from 2,400 GBP',
  revenue_streams: 'Treatment plans',
  unit_economics: 'CAC 120 GBP',
  growth_bottleneck: 'Lead Generation',
  differentiators: 'Same-week scans',
  risk_tolerance: 'Conservative',
  compliance_notes: 'No outcome guarantees',
  tone_voice: 'warm, expert',
  proof_assets: '400+ five-star reviews',
  kpi_targets: '60 consultations a month',
  budget_range: '3,000-5,000 GBP a month',
  timeline_start: '2026-01-05',
  duration_weeks: 12,
  context_data: {
    services: { service_areas: ['Manchester', 'Salford'], booking_link: 'https://northwind.example/book' },
    hiring: null,
  },
  delivery_requirements: { pdf: true, pptx: false, zip: true, frequency: 'Monthly' },
  contact_name: 'Priya Shah',
  client_email: 'priya@northwind.example',
  generation_plan: { strategy_jobs: ['positioning'], delivery_jobs: ['pdf_report'] },
  brief: 'Launch the aligner offer',
};

const REQUIRED = Object.keys(MINIMAL) as (keyof typeof MINIMAL)[];

describe('intake module', () => {
  it('is defined with its path, deliverable and no upstream', () => {
    expect(intake.name).toBe('intake');
    expect(intake.path).toBe('/api/v1/intake/generate');
    expect(parseModuleInput(intake, intake.example).success).toBe(true);
    expect(intake.deliverables.map((d) => d.kind)).toEqual(['client_brief']);
    expect(intake.upstream).toEqual([]);
  });

  it('accepts a full request and trims its texts', () => {
    const result = parseModuleInput(intake, { ...FULL, client_name: '  Northwind Dental\n' });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.client_name).toBe('Northwind Dental');
    expect(result.data.context_data?.services?.service_areas).toEqual(['Manchester', 'Salford']);
    expect(result.data.delivery_requirements?.frequency).toBe('Monthly');
  });

  it('accepts the minimal request, and nulls for every optional field (as Python sends them)', () => {
    expect(parseModuleInput(intake, MINIMAL)).toEqual({ success: true, data: MINIMAL });
    const nulls = Object.fromEntries(
      Object.keys(intake.input.shape)
        .filter((key) => !REQUIRED.includes(key as never))
        .map((key) => [key, null]),
    );
    expect(parseModuleInput(intake, { ...MINIMAL, ...nulls }).success).toBe(true);
  });

  it('applies no defaults: absent optional fields stay absent', () => {
    const result = parseModuleInput(intake, MINIMAL);
    expect(result.success && Object.keys(result.data).sort()).toEqual([...REQUIRED].sort());
  });

  it.each(REQUIRED)('names %s when it is missing or blank', (field) => {
    const { [field]: _, ...rest } = MINIMAL;
    const missing = parseModuleInput(intake, rest);
    expect(missing.success).toBe(false);
    if (!missing.success)
      expect(missing.issues).toEqual([{ path: [field], code: 'required', message: 'is required' }]);
    const blank = parseModuleInput(intake, { ...MINIMAL, [field]: ' \t\u001f ' });
    expect(blank.success).toBe(false);
    if (!blank.success)
      expect(blank.issues).toEqual([
        { path: [field], code: expect.any(String), message: 'must not be blank' },
      ]);
  });

  it('names each field of the wrong type or out of range', () => {
    const result = parseModuleInput(intake, {
      ...MINIMAL,
      duration_weeks: '12',
      languages: 'English',
      risk_tolerance: 'Reckless',
      delivery_requirements: { pdf: 'yes' },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.path)).toEqual([
      ['languages'],
      ['risk_tolerance'],
      ['duration_weeks'],
      ['delivery_requirements', 'pdf'],
    ]);
    expect(result.issues.find((i) => i.path[0] === 'risk_tolerance')?.message).toBe(
      'must be one of: Conservative, Moderate, Aggressive',
    );
    expect(parseModuleInput(intake, { ...MINIMAL, duration_weeks: 53 }).success).toBe(false);
  });

  it('refuses a misspelt key with a "did you mean" hint, at the top level and nested', () => {
    const result = parseModuleInput(intake, {
      ...MINIMAL,
      target_audiance: 'clinics',
      context_data: { hiring: { evp_statment: 'Grow with us' } },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toHaveLength(2);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        {
          path: ['target_audiance'],
          code: 'unrecognized_key',
          message: 'is not a field of the intake request; did you mean "target_audience"?',
        },
        {
          path: ['context_data', 'hiring', 'evp_statment'],
          code: 'unrecognized_key',
          message: 'is not a field of the intake request; did you mean "evp_statement"?',
        },
      ]),
    );
  });

  it('refuses a body that is not an object', () => {
    const result = parseModuleInput(intake, ['Northwind']);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]?.path).toEqual([]);
  });
});
