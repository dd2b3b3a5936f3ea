/**
 * The key values each provider was configured with, so that the chain can
 * redact them by value (whatever they look like) without the provider
 * exposing them as a property. Internal: not exported from `aicmo/providers`.
 */
import type { Provider } from '../types.js';

const secrets = new WeakMap<object, readonly string[]>();

/** Values that are placeholders, not secrets (redacting them would only blank ordinary words). */
const SHORTEST_SECRET = 6;

/**
 * Registers the secret values of `provider` (its API key). Blank or very
 * short values are ignored. Returns the provider.
 */
export function registerSecrets<P extends Provider>(
  provider: P,
  values: ReadonlyArray<string | undefined>,
): P {
  const kept = values.filter((v): v is string => typeof v === 'string' && v.trim().length >= SHORTEST_SECRET);
  if (kept.length > 0) secrets.set(provider, [...(secrets.get(provider) ?? []), ...kept]);
  return provider;
}

/** The secret values registered for `provider` (none for a provider we did not build). */
export function secretsOf(provider: Provider): readonly string[] {
  return secrets.get(provider) ?? [];
}

/** The `apiKey` an SDK client object carries (the official SDK clients keep it as a property), when it is a string. */
export function clientApiKey(client: unknown): string | undefined {
  if (client === null || typeof client !== 'object') return undefined;
  try {
    const key = (client as { apiKey?: unknown }).apiKey;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}
