import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KNOWN_DELIVERABLE_KINDS } from '../../src/envelope/schemas.js';
import { isPythonBlank } from '../../src/internal/python-strip.js';
import { isProviderError, type ProviderError } from '../../src/providers/index.js';
import { stubProvider } from '../../src/providers/stub.js';
import { extractTopic, inferDeliverableKind } from '../../src/providers/stub-content.js';
import type { StreamChunk } from '../../src/providers/types.js';

const signal = () => new AbortController().signal;

async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('stubProvider content', () => {
  it('is deterministic: the same request gives the same text, a different prompt or seed a different one', async () => {
    const prompt = 'Write a LinkedIn post about our new eco-friendly running shoes for marathon runners';
    const a = await stubProvider().generate({ prompt }, { signal: signal() });
    const b = await stubProvider().generate({ prompt }, { signal: signal() });
    expect(a.text).toBe(b.text);
    expect(a.usage).toEqual(b.usage);
    const other = await stubProvider().generate({ prompt: `${prompt}!` }, { signal: signal() });
    expect(other.text).not.toBe(a.text);
    const seeded = await stubProvider({ seed: 42 }).generate({ prompt }, { signal: signal() });
    expect(seeded.text).not.toBe(a.text);
  });

  it.each(KNOWN_DELIVERABLE_KINDS)('writes realistic, non-blank markdown for %s', async (kind) => {
    const result = await stubProvider().generate(
      {
        prompt: 'Launch campaign for Brightline cold brew coffee, audience: remote workers',
        metadata: { deliverableKind: kind },
      },
      { signal: signal() },
    );
    expect(isPythonBlank(result.text)).toBe(false);
    expect(result.text.length).toBeGreaterThan(150);
    expect(result.text).toMatch(/cold brew/i); // speaks about the prompt's topic
    // Structure: headings, bold labels or a hashtag line (social posts are plain text with hashtags).
    expect(result.text).toMatch(/^#{1,3} |\*\*[^*]+\*\*|^#[A-Z]\w+ #/m);
    if (kind !== 'image_prompt' && kind !== 'persona_card') {
      expect(result.text).toMatch(
        /#[A-Z][A-Za-z]+|demo|trial|early access|discount|guide|waitlist|sign ?up|learn more|shop now|next step/i,
      );
    }
    expect(result.text).not.toMatch(/undefined|\[object Object\]|NaN/);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.outputTokens).toBeGreaterThan(20);
    expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
  });

  it('social posts carry hashtags and a call to action; the brief has objectives, KPIs and a CTA', async () => {
    const post = await stubProvider().generate(
      { prompt: 'Instagram post promoting SolarPeak portable chargers' },
      { signal: signal() },
    );
    expect(post.text).toMatch(/#SolarpeakPortable|#SolarPeak|#Solarpeak/i);
    expect(post.text).toMatch(/link in bio/i);
    const brief = await stubProvider().generate(
      { prompt: 'Create a campaign brief for SolarPeak portable chargers' },
      { signal: signal() },
    );
    expect(brief.text).toMatch(
      /^# Campaign Brief: Solarpeak Portable Chargers|^# Campaign Brief: SolarPeak/m,
    );
    expect(brief.text).toMatch(/## Objective/);
    expect(brief.text).toMatch(/## KPIs/);
    expect(brief.text).toMatch(/## Call to Action/);
  });

  it('infers the kind from the prompt; metadata.deliverableKind wins; unknown kinds fall back to inference', () => {
    expect(inferDeliverableKind('Write a LinkedIn post')).toBe('linkedin_post');
    expect(inferDeliverableKind('Draft a tweet thread')).toBe('twitter_post');
    expect(inferDeliverableKind('Newsletter email for our subscribers')).toBe('email_copy');
    expect(inferDeliverableKind('Google Ads copy for the sale')).toBe('ad_copy');
    expect(inferDeliverableKind('Landing page for the app')).toBe('landing_page');
    expect(inferDeliverableKind('A 30s TikTok video script')).toBe('video_script');
    expect(inferDeliverableKind('A coffee subscription brief')).toBe('campaign_brief'); // not "script"
    expect(inferDeliverableKind('Go-to-market strategy')).toBe('strategy');
    expect(inferDeliverableKind('Content calendar for March')).toBe('content_calendar');
    expect(inferDeliverableKind('Buyer persona')).toBe('persona_card');
    expect(inferDeliverableKind('hello there')).toBe('unknown');
    expect(extractTopic('Write an email announcing the launch of SmartDesk Pro.')).toBe('SmartDesk Pro');
    expect(extractTopic('product: Aurora Lamp\naudience: designers')).toBe('Aurora Lamp');
  });

  it('metadata.deliverableKind selects the template even when the prompt says otherwise', async () => {
    const result = await stubProvider().generate(
      { prompt: 'Write a LinkedIn post about Aurora lamps', metadata: { deliverableKind: 'email_copy' } },
      { signal: signal() },
    );
    expect(result.text).toMatch(/\*\*Subject:\*\*/);
  });

  it('json: true returns a JSON object with the deliverable fields', async () => {
    const result = await stubProvider().generate(
      { prompt: 'Ad copy for Aurora lamps', json: true },
      { signal: signal() },
    );
    const parsed = JSON.parse(result.text) as Record<string, unknown>;
    expect(parsed.kind).toBe('ad_copy');
    expect(typeof parsed.title).toBe('string');
    expect(String(parsed.content_markdown)).toMatch(/Variant A/);
    expect(Array.isArray(parsed.hashtags)).toBe(true);
  });

  it('maxTokens truncates with finish reason length', async () => {
    const result = await stubProvider().generate(
      { prompt: 'Blog post about Aurora lamps', maxTokens: 10 },
      { signal: signal() },
    );
    expect(result.finishReason).toBe('length');
    expect(result.text.length).toBeLessThanOrEqual(40);
    expect(result.usage.outputTokens).toBeLessThanOrEqual(10);
  });

  it('reports name, model (request model wins) and a request id', async () => {
    const stub = stubProvider({ name: 'stub:openai', model: 'gpt-4.1-mini' });
    const result = await stub.generate({ prompt: 'x', model: 'gpt-4.1' }, { signal: signal() });
    expect(result).toMatchObject({ provider: 'stub:openai', model: 'gpt-4.1' });
    expect(result.requestId).toMatch(/^stub-[0-9a-f]+-0$/);
    expect(stub.model).toBe('gpt-4.1-mini');
    expect(stub.calls).toBe(1);
  });
});

describe('stubProvider content properties', () => {
  it('any prompt and kind: non-blank, deterministic, no template holes, honest usage', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.constantFrom(...KNOWN_DELIVERABLE_KINDS, undefined, 'not_a_kind'),
        fc.boolean(),
        async (prompt, kind, json) => {
          const request = {
            prompt,
            json,
            ...(kind !== undefined && { metadata: { deliverableKind: kind } }),
          };
          const a = await stubProvider().generate(request, { signal: signal() });
          const b = await stubProvider().generate(request, { signal: signal() });
          expect(a.text).toBe(b.text);
          expect(isPythonBlank(a.text)).toBe(false);
          expect(a.text).not.toMatch(/undefined|\[object Object\]|NaN/);
          if (json) expect(() => JSON.parse(a.text)).not.toThrow();
          expect(a.usage.totalTokens).toBe(a.usage.inputTokens + a.usage.outputTokens);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('stubProvider streaming', () => {
  it('streams the same text as generate, then done with usage', async () => {
    const request = { prompt: 'Twitter post about Aurora lamps' };
    const full = await stubProvider().generate(request, { signal: signal() });
    const chunks = await collect(stubProvider().stream(request, { signal: signal() }));
    const deltas = chunks.filter((c): c is { type: 'delta'; text: string } => c.type === 'delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((d) => d.text).join('')).toBe(full.text);
    expect(chunks.at(-1)).toEqual({
      type: 'done',
      usage: full.usage,
      finishReason: 'stop',
      model: 'stub-1',
      requestId: full.requestId,
    });
  });

  it('can fail mid-stream after N deltas (a committed stream breaking)', async () => {
    const stub = stubProvider({ failures: [{ kind: 'server', afterChunks: 2 }] });
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of stub.stream({ prompt: 'x' }, { signal: signal() })) {
          if (chunk.type === 'delta') seen.push(chunk.text);
        }
      })(),
    );
    expect(seen).toHaveLength(2);
    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
  });

  it('a scripted failure without afterChunks fails before the first delta', async () => {
    const stub = stubProvider({ failures: ['overloaded'] });
    const seen: StreamChunk[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of stub.stream({ prompt: 'x' }, { signal: signal() })) seen.push(chunk);
      })(),
    );
    expect(seen).toEqual([]);
    expect(error.kind).toBe('overloaded');
  });
});

describe('stubProvider scripted failures, latency and abort', () => {
  it('a list scripts calls in order, then succeeds', async () => {
    const stub = stubProvider({
      failures: ['rate_limit', { kind: 'rate_limit', retryAfterMs: 1500 }, 'auth', 'ok'],
    });
    const first = await failure(stub.generate({ prompt: 'x' }, { signal: signal() }));
    expect(first).toMatchObject({ kind: 'rate_limit', status: 429, provider: 'stub', retryable: true });
    expect(first.retryAfterMs).toBeUndefined();
    expect((await failure(stub.generate({ prompt: 'x' }, { signal: signal() }))).retryAfterMs).toBe(1500);
    expect(await failure(stub.generate({ prompt: 'x' }, { signal: signal() }))).toMatchObject({
      kind: 'auth',
      status: 401,
      retryable: false,
    });
    await expect(stub.generate({ prompt: 'x' }, { signal: signal() })).resolves.toMatchObject({
      provider: 'stub',
    });
    await expect(stub.generate({ prompt: 'x' }, { signal: signal() })).resolves.toMatchObject({
      provider: 'stub',
    });
    expect(stub.calls).toBe(5);
  });

  it('a function decides per call, and raw Errors are thrown as they are', async () => {
    const raw = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const stub = stubProvider({ failures: ({ index }) => (index % 2 === 0 ? raw : 'ok') });
    await expect(stub.generate({ prompt: 'x' }, { signal: signal() })).rejects.toBe(raw);
    await expect(stub.generate({ prompt: 'x' }, { signal: signal() })).resolves.toBeTruthy();
    await expect(stub.generate({ prompt: 'x' }, { signal: signal() })).rejects.toBe(raw);
  });

  it('every error kind gets a realistic status', async () => {
    const cases = [
      ['rate_limit', 429],
      ['overloaded', 529],
      ['server', 500],
      ['auth', 401],
      ['permission', 403],
      ['not_found', 404],
      ['bad_request', 400],
      ['content_policy', 400],
      ['context_length', 400],
      ['quota', 429],
      ['network', undefined],
      ['timeout', undefined],
    ] as const;
    for (const [kind, status] of cases) {
      const error = await failure(
        stubProvider({ failures: [kind] }).generate({ prompt: 'x' }, { signal: signal() }),
      );
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
    }
  });

  it("'hang' waits until the signal aborts, then throws aborted (or timeout for a TimeoutError)", async () => {
    const stub = stubProvider({ failures: ['hang', 'hang'] });
    const controller = new AbortController();
    const pending = stub.generate({ prompt: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await failure(pending)).kind).toBe('aborted');
    expect((await failure(stub.generate({ prompt: 'x' }, { signal: AbortSignal.timeout(10) }))).kind).toBe(
      'timeout',
    );
  });

  it('latency is honoured and interrupted by abort; an aborted signal fails at once', async () => {
    const stub = stubProvider({ latencyMs: 60_000 });
    const controller = new AbortController();
    const pending = stub.generate({ prompt: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await failure(pending)).kind).toBe('aborted');
    const fast = stubProvider();
    expect((await failure(fast.generate({ prompt: 'x' }, { signal: AbortSignal.abort() }))).kind).toBe(
      'aborted',
    );
  });

  it('per-call latency from the script, and an abort between stream deltas stops the stream', async () => {
    const stub = stubProvider({ failures: [{ latencyMs: 5 }], chunkDelayMs: 50 });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of stub.stream(
          { prompt: 'Blog post about lamps' },
          { signal: controller.signal },
        )) {
          if (chunk.type === 'delta') {
            seen.push(chunk.text);
            controller.abort();
          }
        }
      })(),
    );
    expect(seen).toHaveLength(1);
    expect(error.kind).toBe('aborted');
  });

  it('a fixed text option replaces the generated markdown', async () => {
    const result = await stubProvider({ text: 'fixed' }).generate({ prompt: 'x' }, { signal: signal() });
    expect(result.text).toBe('fixed');
    const fn = await stubProvider({ text: (r) => `echo ${r.prompt}` }).generate(
      { prompt: 'y' },
      { signal: signal() },
    );
    expect(fn.text).toBe('echo y');
  });
});
