import { describe, expect, it } from 'vitest';
import {
  createDeliverable,
  createFailedEnvelope,
  createPartialEnvelope,
  createSuccessEnvelope,
  EnvelopeValidationError,
  isAicmoError,
  validateDeliverablesEnvelope,
} from '../../src/index.js';
import { pythonValidate } from './python-reference.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const post = { kind: 'linkedin_post', title: 'Launch', contentMarkdown: '# Hello' } as const;

function thrown(f: () => unknown): EnvelopeValidationError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EnvelopeValidationError);
    expect(isAicmoError(e)).toBe(true);
    return e as EnvelopeValidationError;
  }
  throw new Error('expected the builder to throw');
}

describe('createDeliverable', () => {
  it('writes wire snake_case with Python defaults for unset fields', () => {
    const d = createDeliverable(post);
    expect(d).toEqual({
      id: expect.stringMatching(UUID),
      kind: 'linkedin_post',
      title: 'Launch',
      content_markdown: '# Hello',
      platform: null,
      hashtags: [],
      assets: null,
      metadata: {},
    });
  });

  it('keeps the given id, platform, hashtags, assets and metadata', () => {
    const d = createDeliverable({
      ...post,
      id: 'd1',
      platform: 'linkedin',
      hashtags: ['#a'],
      assets: { image_url: 'https://x/y.png' },
      metadata: { n: 1 },
    });
    expect(d).toMatchObject({ id: 'd1', platform: 'linkedin', hashtags: ['#a'], metadata: { n: 1 } });
    expect(d.assets).toEqual({ image_url: 'https://x/y.png' });
  });

  it('gives every deliverable a fresh id', () => {
    expect(createDeliverable(post).id).not.toBe(createDeliverable(post).id);
  });

  it('accepts an empty title and an unknown kind (forward compatibility)', () => {
    expect(createDeliverable({ kind: 'hologram', title: '', contentMarkdown: 'x' })).toMatchObject({
      kind: 'hologram',
      title: '',
    });
  });

  it.each(['', '   ', '\n\t', '\u001c\u0085', '\u3000\u2028'])('refuses blank content %j', (blank) => {
    const err = thrown(() => createDeliverable({ ...post, contentMarkdown: blank }));
    expect(err.code).toBe('ENVELOPE_INVALID');
    expect(err.issues).toEqual([expect.stringMatching(/^content_markdown: must not be blank/)]);
    expect(err.message).toMatch(/^Invalid deliverable: content_markdown: must not be blank/);
  });

  it('accepts content that is only U+FEFF, as Python does', () => {
    expect(createDeliverable({ ...post, contentMarkdown: '\ufeff' }).content_markdown).toBe('\ufeff');
  });
});

describe('createSuccessEnvelope', () => {
  it('generates ids and an ISO timestamp with Z, and mirrors run_id into meta', () => {
    const before = Date.now();
    const e = createSuccessEnvelope({ module: 'campaigns', provider: 'openai', deliverables: [post] });
    expect(e.status).toBe('SUCCESS');
    expect(e.run_id).toMatch(UUID);
    expect(e.meta.run_id).toBe(e.run_id);
    expect(e.meta.timestamp).toMatch(ISO_Z);
    expect(Date.parse(e.meta.timestamp)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(e.meta.timestamp)).toBeLessThanOrEqual(Date.now() + 1);
    expect(e.meta).toEqual({
      timestamp: e.meta.timestamp,
      run_id: e.run_id,
      provider: 'openai',
      warnings: [],
    });
    expect(e).toMatchObject({ module: 'campaigns', raw: null, error: null });
    expect(e.deliverables[0]!.id).toMatch(UUID);
  });

  it('maps camelCase options onto the wire names and omits unset meta fields', () => {
    const e = createSuccessEnvelope({
      module: 'creatives',
      runId: 'run-1',
      provider: 'anthropic',
      model: 'claude-sonnet-4',
      costUsd: 0.0123,
      tokensUsed: 812,
      traceId: 't-1',
      warnings: ['openai failed: RATE_LIMIT'],
      timestamp: '2025-12-17T10:30:00.123456',
      raw: { finish_reason: 'stop' },
      deliverables: [createDeliverable({ ...post, id: 'd1' }), { ...post, id: 'd2' }],
    });
    expect(e).toEqual({
      status: 'SUCCESS',
      module: 'creatives',
      run_id: 'run-1',
      meta: {
        timestamp: '2025-12-17T10:30:00.123456',
        run_id: 'run-1',
        provider: 'anthropic',
        model: 'claude-sonnet-4',
        cost_usd: 0.0123,
        tokens_used: 812,
        warnings: ['openai failed: RATE_LIMIT'],
        trace_id: 't-1',
      },
      deliverables: [expect.objectContaining({ id: 'd1' }), expect.objectContaining({ id: 'd2' })],
      raw: { finish_reason: 'stop' },
      error: null,
    });
    expect(Object.keys(e.meta)).not.toContain('camelCase');
  });

  it('builds envelopes that both validators accept and that survive JSON', () => {
    const e = createSuccessEnvelope({ module: 'campaigns', provider: 'openai', deliverables: [post] });
    const wire = JSON.parse(JSON.stringify(e));
    expect(wire).toEqual(e);
    expect(validateDeliverablesEnvelope(wire)).toEqual({ valid: true, errors: [], issues: [] });
    expect(pythonValidate(wire).valid).toBe(true);
  });

  it('refuses a SUCCESS with no deliverables', () => {
    const err = thrown(() =>
      createSuccessEnvelope({ module: 'campaigns', provider: 'openai', deliverables: [] }),
    );
    expect(err.issues).toEqual(['deliverables: SUCCESS requires at least one deliverable']);
    expect(err.message).toContain('Invalid SUCCESS envelope');
  });

  it('refuses blank content with the deliverable path', () => {
    const err = thrown(() =>
      createSuccessEnvelope({
        module: 'campaigns',
        provider: 'openai',
        deliverables: [post, post, { ...post, contentMarkdown: ' \n ' }],
      }),
    );
    expect(err.issues).toEqual([
      expect.stringMatching(/^deliverables\[2\]\.content_markdown: must not be blank/),
    ]);
  });

  it('refuses a blank run id and a bad timestamp', () => {
    const err = thrown(() =>
      createSuccessEnvelope({
        module: 'm',
        provider: 'p',
        runId: '  ',
        timestamp: 'yesterday',
        deliverables: [post],
      }),
    );
    expect(err.issues).toEqual([
      expect.stringMatching(/^run_id: must not be blank/),
      expect.stringMatching(/^meta\.timestamp: must be an ISO 8601 timestamp/),
    ]);
  });

  it('summarises many issues in the message and keeps them all in issues', () => {
    const bad = Array.from({ length: 7 }, () => ({ ...post, contentMarkdown: '' }));
    const err = thrown(() => createSuccessEnvelope({ module: 'm', provider: 'p', deliverables: bad }));
    expect(err.issues).toHaveLength(7);
    expect(err.message).toContain('and 2 more');
  });
});

describe('createPartialEnvelope', () => {
  it('allows no deliverables and carries warnings and an error with the trace id', () => {
    const e = createPartialEnvelope({
      module: 'campaigns',
      provider: 'openai',
      deliverables: [],
      warnings: ['email_copy failed: TIMEOUT'],
      traceId: 'tr',
      error: { type: 'TIMEOUT', message: '1 of 2 deliverables timed out', code: 504 },
    });
    expect(e.status).toBe('PARTIAL');
    expect(e.deliverables).toEqual([]);
    expect(e.meta.warnings).toEqual(['email_copy failed: TIMEOUT']);
    expect(e.error).toEqual({
      type: 'TIMEOUT',
      message: '1 of 2 deliverables timed out',
      code: 504,
      trace_id: 'tr',
    });
    expect(validateDeliverablesEnvelope(e).valid).toBe(true);
  });

  it('has error null when none is given', () => {
    const e = createPartialEnvelope({ module: 'm', provider: 'p', deliverables: [post] });
    expect(e.error).toBeNull();
  });

  it('refuses blank content', () => {
    const err = thrown(() =>
      createPartialEnvelope({ module: 'm', provider: 'p', deliverables: [{ ...post, contentMarkdown: '' }] }),
    );
    expect(err.issues[0]).toMatch(/^deliverables\[0\]\.content_markdown: /);
  });
});

describe('createFailedEnvelope', () => {
  it('writes what the Python create_failed_envelope writes: no deliverables, provider "none"', () => {
    const e = createFailedEnvelope({
      module: 'campaigns',
      errorType: 'TIMEOUT',
      message: 'Backend timed out after 30s',
      traceId: 'tr',
      code: 504,
    });
    expect(e).toEqual({
      status: 'FAILED',
      module: 'campaigns',
      run_id: expect.stringMatching(UUID),
      meta: {
        timestamp: expect.stringMatching(ISO_Z),
        run_id: e.run_id,
        provider: 'none',
        warnings: [],
        trace_id: 'tr',
      },
      deliverables: [],
      raw: null,
      error: { type: 'TIMEOUT', message: 'Backend timed out after 30s', trace_id: 'tr', code: 504 },
    });
    expect(pythonValidate(e).valid).toBe(true);
  });

  it('omits unset error fields and passes details and a provider through', () => {
    const e = createFailedEnvelope({
      module: 'm',
      runId: 'r',
      errorType: 'VALIDATION_ERROR',
      message: 'campaign_name is required',
      details: { field: 'campaign_name' },
      provider: 'openai',
    });
    expect(e.error).toEqual({
      type: 'VALIDATION_ERROR',
      message: 'campaign_name is required',
      details: { field: 'campaign_name' },
    });
    expect(e.meta.provider).toBe('openai');
    expect(e.run_id).toBe('r');
  });

  it('accepts an empty message (typed, possibly empty) but refuses a non-integer code', () => {
    expect(createFailedEnvelope({ module: 'm', errorType: 'HTTP_502', message: '' }).error.message).toBe('');
    const err = thrown(() => createFailedEnvelope({ module: 'm', errorType: 'X', message: 'y', code: 5.5 }));
    expect(err.issues).toEqual(['error.code: must be an integer']);
  });
});
