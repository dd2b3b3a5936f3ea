/**
 * Child process for optional-sdk.test.ts: blocks the three SDK packages as if
 * they were not installed, then imports `aicmo/providers` (sources) and calls
 * each adapter. Prints one JSON line.
 */
import { registerHooks } from 'node:module';

const BLOCKED = new Set(['openai', '@anthropic-ai/sdk', 'groq-sdk']);
registerHooks({
  resolve(specifier, context, nextResolve) {
    if (BLOCKED.has(specifier)) {
      throw Object.assign(
        new Error(`Cannot find package '${specifier}' imported from ${context.parentURL}`),
        {
          code: 'ERR_MODULE_NOT_FOUND',
        },
      );
    }
    return nextResolve(specifier, context);
  },
});

const mod = await import('../../../src/providers/index.js');
const out: Record<string, unknown> = { imported: typeof mod.ProviderChain === 'function' };
const cases = {
  openai: mod.openaiProvider({ apiKey: 'k', model: 'm' }),
  anthropic: mod.anthropicProvider({ apiKey: 'k', model: 'm' }),
  groq: mod.groqProvider({ apiKey: 'k', model: 'm' }),
  mistral: mod.openaiCompatibleProvider({ name: 'mistral', apiKey: 'k', model: 'm' }),
};
for (const [name, provider] of Object.entries(cases)) {
  try {
    await provider.generate({ prompt: 'x' }, { signal: AbortSignal.timeout(1000) });
    out[name] = 'no error';
  } catch (error) {
    const e = error as Error & { code?: string };
    out[name] = { name: e.name, code: e.code, message: e.message };
  }
}
// The stub works without any SDK.
const stub = await mod
  .stubProvider()
  .generate({ prompt: 'Tweet about lamps' }, { signal: AbortSignal.timeout(1000) });
out.stub = stub.text.length > 0;
console.log(JSON.stringify(out));
