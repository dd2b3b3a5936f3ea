import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMAS } from '../../src/json-schemas.js';
import { ResponseBuilder } from '../../src/response/index.js';
import { ARTIFACT_EXAMPLES, minimal, PYTHON_UNIFIED_PROPOSAL_ENVELOPE, pythonChart } from './helpers.js';

const schema = JSON_SCHEMAS['response-envelope.schema.json']!();
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

describe('response-envelope.schema.json', () => {
  it('is generated with an $id and title next to the deliverables schema', () => {
    expect(schema).toMatchObject({
      $id: 'https://aicmo.dev/schemas/response-envelope.schema.json',
      title: 'ResponseEnvelope',
      type: 'object',
    });
    expect(schema.required).toEqual(['response_type', 'summary', 'timestamp']);
  });

  it('the shipped file, when built, is what the zod schema generates now', () => {
    const shipped = join(import.meta.dirname, '..', '..', 'dist', 'schemas', 'response-envelope.schema.json');
    if (!existsSync(shipped)) return;
    expect(JSON.parse(readFileSync(shipped, 'utf8')), 'stale: run `npm run build`').toEqual(schema);
  });

  it('agrees with the TypeScript validator on valid envelopes', () => {
    const built = ResponseBuilder.text('Done')
      .addTable('T', ['a'], [[1]])
      .addMission({ mission_id: 'm', status: 'active', objective_type: 'x', objective_description: 'y' })
      .build();
    for (const data of [
      minimal(),
      minimal({ artifacts: Object.values(ARTIFACT_EXAMPLES) }),
      JSON.parse(JSON.stringify(built)),
      PYTHON_UNIFIED_PROPOSAL_ENVELOPE,
      minimal({ artifacts: [pythonChart({ x: [1, 2], y: [3, 4] }), pythonChart({})] }),
    ]) {
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('rejects what the validator rejects structurally', () => {
    expect(validate(minimal({ response_type: 'TEXT' }))).toBe(false);
    expect(validate(minimal({ summary: ' ' }))).toBe(false);
    expect(validate(minimal({ artifacts: [{ artifact_type: 'html', title: 'x', content: '' }] }))).toBe(
      false,
    );
    expect(validate(minimal({ metadata: { confidence: 2 } }))).toBe(false);
    expect(validate(minimal({ artifacts: [pythonChart([1, 2] as never)] }))).toBe(false);
    expect(
      validate(
        minimal({
          artifacts: [
            { artifact_type: 'unified_proposal', title: 'P', content: { costs: { total_usd: '1' } } },
          ],
        }),
      ),
    ).toBe(false);
  });
});
