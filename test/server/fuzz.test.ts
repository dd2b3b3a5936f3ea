/** Whatever arrives, the reference handler answers with a valid envelope and a known status. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import type { ChainResult } from '../../src/providers/index.js';
import { createReferenceHandler } from '../../src/server/index.js';

const chain = {
  async generate(): Promise<ChainResult> {
    return {
      text: '# Draft\n\nCopy #Tag',
      provider: 'fake',
      model: 'fake-1',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
      finishReason: 'stop',
      costUsd: 0,
      latencyMs: 0,
      attempts: [],
      warnings: [],
      partial: false,
    };
  },
  status: () => ({
    overall_health: 'unknown' as const,
    generated_at: new Date().toISOString(),
    providers: [],
  }),
};
const handler = createReferenceHandler({ chain, maxBodyBytes: 4096 });
const URL = 'http://fuzz.test/api/v1/campaigns/generate';

async function check(body: string | Uint8Array, contentType = 'application/json') {
  const response = await handler(
    new Request(URL, { method: 'POST', headers: { 'content-type': contentType }, body: body as BodyInit }),
  );
  expect([200, 400, 413, 415, 422]).toContain(response.status);
  const json = await response.json();
  expect(validateDeliverablesEnvelope(json).errors).toEqual([]);
  expect(JSON.stringify(json)).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
  return { status: response.status, json };
}

const campaignLike = fc.record(
  {
    campaign_name: fc.oneof(fc.string(), fc.constant('Launch'), fc.integer()),
    objectives: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.string()),
    platforms: fc.oneof(
      fc.array(fc.constantFrom('LinkedIn', 'X', '', 'Mastodon', 'ig'), { maxLength: 4 }),
      fc.constant(null),
    ),
    budget: fc.oneof(fc.double(), fc.constant(null), fc.string()),
    timeline_days: fc.oneof(fc.integer({ min: -5, max: 4000 }), fc.double()),
  },
  { requiredKeys: [] },
);

describe('reference handler under arbitrary input', () => {
  it('answers any JSON value with a valid envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), campaignLike), async (value) => {
        const { status, json } = await check(JSON.stringify(value));
        if (status === 200) expect(json.status).toBe('SUCCESS');
        else expect(json.status).toBe('FAILED');
      }),
      { numRuns: 150 },
    );
  });

  it('answers arbitrary bytes and strings with a valid envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 6000 }), fc.uint8Array({ maxLength: 6000 })),
        async (body) => {
          await check(body);
        },
      ),
      { numRuns: 150 },
    );
  });
});
