import { describe, expect, it } from 'vitest';
import { SchemaMismatchError, SchemaUnsupportedError } from '../../src/providers/index.js';
import { describeFailure } from '../../src/server/index.js';

const KEY = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX0123456789';

describe('describeFailure: structured-output errors', () => {
  it('a SchemaMismatchError is a 502 SCHEMA_MISMATCH with its issues (at most 10), redacted', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({
      path: ['hashtags', i],
      code: 'too_big',
      message: i === 0 ? `echoed ${KEY}` : 'too long',
    }));
    const error = new SchemaMismatchError({
      issues,
      zodIssues: [],
      attempts: [
        {
          provider: 'openai',
          model: 'gpt-4.1-mini',
          kind: 'initial',
          status: 'invalid',
          issues,
          usage: null,
          costUsd: null,
        },
      ],
    });
    const failure = describeFailure(error);
    expect(failure).toMatchObject({ status: 502, type: 'SCHEMA_MISMATCH' });
    const details = failure.details as {
      issues: { path: unknown[]; message: string }[];
      attempts: unknown[];
    };
    expect(details.issues).toHaveLength(10);
    expect(details.issues[1]).toEqual({ path: ['hashtags', 1], code: 'too_big', message: 'too long' });
    expect(JSON.stringify(failure)).not.toContain(KEY);
    expect(details.attempts).toEqual([
      { provider: 'openai', model: 'gpt-4.1-mini', kind: 'initial', status: 'invalid' },
    ]);
  });

  it('a SchemaUnsupportedError is a 500 SCHEMA_UNSUPPORTED naming the provider and the path', () => {
    const failure = describeFailure(
      new SchemaUnsupportedError({ provider: 'openai', path: ['scores'], reason: 'it is an open map' }),
    );
    expect(failure).toMatchObject({
      status: 500,
      type: 'SCHEMA_UNSUPPORTED',
      details: { provider: 'openai', path: ['scores'] },
    });
    expect(failure.message).toContain('open map');
  });
});
