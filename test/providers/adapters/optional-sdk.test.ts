import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadOptionalSdk } from '../../../src/providers/adapters/shared.js';
import { isProviderConfigurationError } from '../../../src/providers/index.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./no-sdk-child.ts', import.meta.url));

describe('the SDKs are optional peers', () => {
  it('aicmo/providers imports without any SDK; each adapter says what to npm install on first use', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', child], { timeout: 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    expect(out.imported).toBe(true);
    expect(out.stub).toBe(true);
    const expected = {
      openai: 'openai',
      anthropic: '@anthropic-ai/sdk',
      groq: 'groq-sdk',
      mistral: 'openai',
    };
    for (const [name, pkg] of Object.entries(expected)) {
      expect(out[name]).toMatchObject({ name: 'ProviderConfigurationError', code: 'PROVIDER_CONFIGURATION' });
      expect((out[name] as { message: string }).message).toContain(`Run: npm install ${pkg}`);
    }
  });

  it('loadOptionalSdk: a missing module is a configuration error, other load failures too (with a reinstall hint)', async () => {
    const missing = Object.assign(new Error("Cannot find module 'groq-sdk'"), { code: 'MODULE_NOT_FOUND' });
    const error = await loadOptionalSdk('groq-sdk', 'groq', () => Promise.reject(missing)).catch(
      (e: unknown) => e,
    );
    expect(isProviderConfigurationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'The groq provider needs the optional "groq-sdk" package, which is not installed. Run: npm install groq-sdk',
    );
    const broken = await loadOptionalSdk('openai', 'openai', () =>
      Promise.reject(new SyntaxError('bad')),
    ).catch((e: unknown) => e);
    expect(isProviderConfigurationError(broken)).toBe(true);
    expect((broken as Error).message).toMatch(
      /could not load "openai" \(SyntaxError\).*npm install openai@latest/,
    );
    await expect(loadOptionalSdk('openai', 'openai', async () => 42)).resolves.toBe(42);
  });
});
