/**
 * generateObject with in-process providers: what each provider is sent, the
 * repair round's bounds, deadline and abort.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type GenerateRequest,
  generateObject,
  isChainAbortedError,
  isChainTimeoutError,
  isProviderConfigurationError,
  isSchemaMismatchError,
  ProviderChain,
  type SchemaMismatchError,
} from '../../../src/providers/index.js';
import { MAX_REPAIR_OUTPUT_BYTES, truncateUtf8 } from '../../../src/providers/structured/repair.js';
import { fakeProvider, hang, ok } from '../chain-helpers.js';

const Post = z.object({ title: z.string(), hashtags: z.array(z.string()).max(2) });
const good = JSON.stringify({ title: 'Launch', hashtags: ['#a'] });

const chainOf = (...providers: ReturnType<typeof fakeProvider>[]) =>
  new ProviderChain({ providers, deadlineMs: 5_000 });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('generateObject with providers that have no native mode', () => {
  it('puts the schema in the system text and asks for JSON', async () => {
    const p = fakeProvider('custom', 'm1', ok(good));
    const result = await generateObject(chainOf(p), {
      schema: Post,
      system: 'You are a CMO.',
      prompt: 'A post.',
    });
    expect(result.object).toEqual({ title: 'Launch', hashtags: ['#a'] });
    const request = p.requests[0] as GenerateRequest;
    expect(request.structured).toBeUndefined();
    expect(request.json).toBe(true);
    expect(request.system).toMatch(/^You are a CMO\.\n\n/);
    expect(request.system).toContain('"hashtags"');
    expect(request.messages).toEqual([{ role: 'user', content: 'A post.' }]);
  });

  it('sends a provider with a native mode the compiled schema in `structured`', async () => {
    const p = Object.assign(fakeProvider('strict', 'm1', ok(good)), {
      structuredOutput: 'json_schema' as const,
    });
    await generateObject(chainOf(p), {
      schema: Post,
      name: 'post',
      description: 'A social post',
      prompt: 'x',
    });
    const request = p.requests[0] as GenerateRequest;
    expect(request.json).toBeUndefined();
    expect(request.system).toBeUndefined();
    expect(request.structured).toMatchObject({ name: 'post', description: 'A social post' });
    expect(request.structured?.schema).toMatchObject({
      additionalProperties: false,
      required: ['title', 'hashtags'],
    });
  });

  it('sends at most 10 issues and the rejected answer cut to 4 KB in the repair round', async () => {
    const Many = z.object(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`f${i}`, z.string()])));
    const long = `{"note": "${'é'.repeat(5000)}"}`;
    const p = fakeProvider('custom', 'm1', [ok(long), ok(long)]);
    const error = (await rejection(
      generateObject(chainOf(p), { schema: Many, prompt: 'x' }),
    )) as SchemaMismatchError;
    expect(isSchemaMismatchError(error)).toBe(true);
    const repair = p.requests[1]?.messages ?? [];
    const rejected = repair.at(-2)?.content ?? '';
    expect(new TextEncoder().encode(rejected).length).toBeLessThanOrEqual(MAX_REPAIR_OUTPUT_BYTES);
    expect(rejected.endsWith('[truncated]')).toBe(true);
    expect(rejected).not.toContain('\uFFFD');
    const lines = (repair.at(-1)?.content ?? '').split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('- ... and 5 more');
    expect(lines[0]).toMatch(/^- f0: /);
    expect(error.issues).toHaveLength(15);
  });

  it('reports issues in the project shape: required fields, unknown keys with a hint', async () => {
    const Strict = z.strictObject({ title: z.string() });
    const p = fakeProvider('custom', 'm1', [ok('{"titel": "Launch"}'), ok('{"title": "Launch"}')]);
    const result = await generateObject(chainOf(p), { schema: Strict, prompt: 'x' });
    expect(result.attempts[0]?.issues).toEqual([
      { path: ['title'], code: 'required', message: 'is required' },
      {
        path: ['titel'],
        code: 'unrecognized_key',
        message: 'is not a field of the answer; did you mean "title"?',
      },
    ]);
    expect(p.requests[1]?.messages?.at(-1)?.content).toContain(
      '- titel: is not a field of the answer; did you mean "title"?',
    );
  });

  it('prefixes paths with value. when the root is wrapped', async () => {
    const p = fakeProvider('custom', 'm1', [ok('{"value": [1]}'), ok('{"value": ["a"]}')]);
    const result = await generateObject(chainOf(p), { schema: z.array(z.string()), prompt: 'x' });
    expect(result.object).toEqual(['a']);
    expect(p.requests[1]?.messages?.at(-1)?.content).toMatch(/^- value\[0\]: /m);
  });
});

describe('deadline and abort', () => {
  it('ends with ChainTimeoutError within the deadline when no provider answers', async () => {
    const p = fakeProvider('slow', 'm1', hang());
    // The provider would hang for a day: only the deadline ends the call.
    const error = await rejection(generateObject(chainOf(p), { schema: Post, prompt: 'x', deadlineMs: 100 }));
    expect(isChainTimeoutError(error)).toBe(true);
  });

  it('reports the mismatch, with the timeout as its cause, when the repair runs out of time', async () => {
    const p = fakeProvider('custom', 'm1', [ok('{}'), hang()]);
    const error = (await rejection(
      generateObject(chainOf(p), { schema: Post, prompt: 'x', deadlineMs: 150 }),
    )) as SchemaMismatchError;
    expect(isSchemaMismatchError(error)).toBe(true);
    expect(isChainTimeoutError(error.cause)).toBe(true);
    expect(error.attempts.map((a) => [a.kind, a.status])).toEqual([
      ['initial', 'invalid'],
      ['repair', 'failed'],
    ]);
  });

  it('stops at once with ChainAbortedError when the caller aborts', async () => {
    const controller = new AbortController();
    const p = fakeProvider('custom', 'm1', [ok('{}'), hang()]);
    const pending = generateObject(chainOf(p, fakeProvider('other', 'm2', ok(good))), {
      schema: Post,
      prompt: 'x',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    expect(isChainAbortedError(await rejection(pending))).toBe(true);
  });
});

describe('misuse', () => {
  it('fails before any request without a schema or without a prompt', async () => {
    const p = fakeProvider('custom', 'm1', ok(good));
    const noPrompt = await rejection(generateObject(chainOf(p), { schema: Post }));
    expect(isProviderConfigurationError(noPrompt)).toBe(true);
    expect((noPrompt as Error).message).toMatch(/prompt or messages/);
    const noSchema = await rejection(generateObject(chainOf(p), { prompt: 'x' } as never));
    expect(isProviderConfigurationError(noSchema)).toBe(true);
    expect(p.calls).toBe(0);
  });
});

describe('truncateUtf8', () => {
  it('keeps short text and cuts long text on a character boundary', () => {
    expect(truncateUtf8('abc', 10)).toBe('abc');
    const cut = truncateUtf8('€'.repeat(100), 50);
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/^€+ …\[truncated\]$/);
  });
});
