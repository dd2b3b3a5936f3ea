import { describe, expect, it } from 'vitest';
import { MODULES, parseModuleInput } from '../../src/modules/index.js';

const autonomy = MODULES.autonomy;

const FULL = {
  autonomy_level: 'semi-autonomous',
  auto_approve_threshold: 80,
  model_choice: 'claude',
  dry_run: false,
  modules: ['creatives', 'execution'],
  approvers: ['Head of Marketing', 'Brand lead'],
  spend_limit: '500 USD a day',
  brand: 'Northwind',
  brief: 'Let creatives run on their own',
} as const;

describe('autonomy module', () => {
  it('is defined with its path, deliverables and no upstream', () => {
    expect(autonomy.name).toBe('autonomy');
    expect(autonomy.path).toBe('/api/v1/autonomy/generate');
    expect(autonomy.deliverables.map((d) => d.kind)).toEqual(['autonomy_policy', 'autonomy_guardrails']);
    expect(autonomy.upstream).toEqual([]);
  });

  it('accepts a full request and trims its texts', () => {
    const result = parseModuleInput(autonomy, { ...FULL, brand: ' Northwind\n' });
    expect(result).toEqual({ success: true, data: { ...FULL, brand: 'Northwind' } });
  });

  it('defaults autonomy_level to manual: absent, null, or an empty body', () => {
    expect(parseModuleInput(autonomy, {})).toEqual({ success: true, data: { autonomy_level: 'manual' } });
    expect(parseModuleInput(autonomy, { autonomy_level: null })).toEqual({
      success: true,
      data: { autonomy_level: 'manual' },
    });
  });

  it('accepts nulls for every optional field (as Python sends them)', () => {
    const nulls = Object.fromEntries(Object.keys(FULL).map((key) => [key, null]));
    expect(parseModuleInput(autonomy, nulls).success).toBe(true);
  });

  it.each([
    ['manual', 'manual'],
    ['Assisted', 'assisted'],
    ['Semi-Autonomous', 'semi-autonomous'],
    ['semi autonomous', 'semi-autonomous'],
    [' FULL_AUTONOMOUS ', 'full-autonomous'],
  ])('reads the level %j as %s', (sent, level) => {
    const result = parseModuleInput(autonomy, { autonomy_level: sent });
    expect(result.success && result.data.autonomy_level).toBe(level);
  });

  it('names each bad field: unknown level, wrong types, out-of-range threshold, blank text', () => {
    const result = parseModuleInput(autonomy, {
      autonomy_level: 'autopilot',
      auto_approve_threshold: 120,
      dry_run: 'yes',
      modules: [],
      model_choice: '  ',
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      {
        path: ['autonomy_level'],
        code: 'invalid_value',
        message: 'must be one of: manual, assisted, semi-autonomous, full-autonomous',
      },
      { path: ['auto_approve_threshold'], code: 'too_big', message: 'must be at most 100' },
      { path: ['model_choice'], code: expect.any(String), message: 'must not be blank' },
      { path: ['dry_run'], code: 'invalid_type', message: 'must be true or false' },
      { path: ['modules'], code: 'too_small', message: 'must list at least one module' },
    ]);
    const number = parseModuleInput(autonomy, { autonomy_level: 2 });
    expect(number.success).toBe(false);
    if (!number.success) expect(number.issues.map((i) => i.path)).toEqual([['autonomy_level']]);
  });

  it('refuses a misspelt key with a "did you mean" hint', () => {
    const result = parseModuleInput(autonomy, { autonomy_level: 'manual', auto_aprove_threshold: 70 });
    expect(result).toEqual({
      success: false,
      issues: [
        {
          path: ['auto_aprove_threshold'],
          code: 'unrecognized_key',
          message: 'is not a field of the autonomy request; did you mean "auto_approve_threshold"?',
        },
      ],
    });
  });

  it('accepts its example request', () => {
    expect(autonomy.example).toBeDefined();
    expect(parseModuleInput(autonomy, autonomy.example).success).toBe(true);
  });

  it('refuses a body that is not an object', () => {
    const result = parseModuleInput(autonomy, 'manual');
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]?.path).toEqual([]);
  });
});
