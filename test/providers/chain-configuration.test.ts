import { describe, expect, it } from 'vitest';
import {
  isAllProvidersFailedError,
  ProviderChain,
  ProviderConfigurationError,
} from '../../src/providers/index.js';
import { fakeProvider } from './chain-helpers.js';

const HINT = 'The openai SDK is not installed: run `npm install openai`.';

describe('a provider that is not set up', () => {
  it('falls back to the next provider and opens its own circuit', async () => {
    const missing = fakeProvider('openai', 'gpt-4o-mini', { throw: new ProviderConfigurationError(HINT) });
    const backup = fakeProvider('stub', 'stub-1', { ok: 'fine' });
    const chain = new ProviderChain({ providers: [missing, backup] });
    const first = await chain.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(first.provider).toBe('stub');
    await chain.generate({ messages: [{ role: 'user', content: 'hi' }] });
    expect(missing.calls).toBe(1);
  });

  it('keeps the setup hint in the error when no provider can answer', async () => {
    const chain = new ProviderChain({
      providers: [fakeProvider('openai', 'gpt-4o-mini', { throw: new ProviderConfigurationError(HINT) })],
    });
    const error = await chain.generate({ messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(isAllProvidersFailedError(error)).toBe(true);
    expect(error.errors[0].kind).toBe('configuration');
    expect(error.errors[0].message).toContain('npm install openai');
    expect(error.message).toContain('npm install openai');
  });
});
