/**
 * Resolving {@link ProviderChainOptions} into the settings and slots the
 * chain runs on: defaults, range checks, renamed options. Internal.
 */
import { ExponentialBackoff, fullJitterGenerator } from 'cockatiel';
import type { ChainEntry, ProviderChainOptions } from './chain-types.js';
import { Circuit, type CircuitSettings } from './circuit.js';
import { ProviderConfigurationError, type ProviderErrorKind } from './errors.js';
import type { FailureRateSettings } from './failure-rate.js';
import { HealthTracker } from './health.js';
import { DEFAULT_PRICES, type PriceTable } from './pricing.js';
import type { Provider } from './types.js';

/** A configured provider + model with its state. */
export interface Slot {
  readonly index: number;
  readonly provider: Provider;
  readonly name: string;
  readonly model: string;
  readonly label: string;
  /** Per-attempt timeout, in ms. */
  readonly timeoutMs: number;
  /** Retries per call. */
  readonly maxRetries: number;
  readonly health: HealthTracker;
  readonly circuit: Circuit;
}

/** The chain-wide settings, resolved. */
export interface ChainSettings {
  readonly deadlineMs: number;
  readonly maxRetryAfterMs: number;
  readonly hedgeAfterMs: number | undefined;
  /** Hedge losers that ran this long count as slow failures; `undefined`: never. */
  readonly slowCallMs: number | undefined;
  readonly retryBeforeFailover: boolean;
  readonly prices: PriceTable;
  readonly lastResort: boolean;
  readonly retryBackoff: ExponentialBackoff<number>;
}

/** Old option names and their replacements (0.2 renames). */
const RENAMED: ReadonlyArray<readonly [string, string]> = [['retries', 'maxRetries']];

/** Throws a configuration error naming the new option when an old name is set. */
function rejectRenamed(options: object, where: string): void {
  for (const [old, replacement] of RENAMED) {
    if ((options as Record<string, unknown>)[old] !== undefined) {
      throw new ProviderConfigurationError(
        `ProviderChain option ${where}${old} was renamed ${where}${replacement} in aicmo 0.2: rename it (same meaning: retries per provider and call).`,
      );
    }
  }
}

/** `value` when it is a finite number in range, the fallback when unset; else a configuration error. */
export function positive(
  value: number | undefined,
  fallback: number,
  name: string,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ProviderConfigurationError(
      `ProviderChain option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number.`,
    );
  }
  return value;
}

function resolveEntry(entry: Provider | ChainEntry): ChainEntry {
  return 'provider' in entry && typeof (entry as ChainEntry).provider === 'object'
    ? (entry as ChainEntry)
    : { provider: entry as Provider };
}

function failureRate(options: ProviderChainOptions['circuit']): FailureRateSettings | undefined {
  const rate = options?.failureRate;
  if (rate === false) return undefined;
  const threshold = positive(rate?.threshold, 0.5, 'circuit.failureRate.threshold');
  if (threshold > 1) {
    throw new ProviderConfigurationError(
      'ProviderChain option circuit.failureRate.threshold is a share of calls: use a number above 0 and at most 1 (e.g. 0.5).',
    );
  }
  const calls = Math.floor(positive(rate?.calls, 10, 'circuit.failureRate.calls'));
  const minCalls = Math.floor(positive(rate?.minCalls, Math.min(5, calls), 'circuit.failureRate.minCalls'));
  if (minCalls > calls) {
    throw new ProviderConfigurationError(
      `ProviderChain option circuit.failureRate.minCalls (${minCalls}) must not exceed circuit.failureRate.calls (${calls}).`,
    );
  }
  return {
    threshold,
    calls,
    minCalls,
    withinMs: positive(rate?.withinMs, 30_000, 'circuit.failureRate.withinMs'),
  };
}

/** Resolves the options: the chain-wide settings and one slot per entry. */
export function resolveChainOptions(options: ProviderChainOptions): {
  settings: ChainSettings;
  slots: Slot[];
} {
  if (!options || !Array.isArray(options.providers) || options.providers.length === 0) {
    throw new ProviderConfigurationError(
      'ProviderChain needs at least one provider: pass { providers: [provider, ...] } or use providerChainFromEnv().',
    );
  }
  rejectRenamed(options, '');
  const timeoutMs = positive(options.timeoutMs, 60_000, 'timeoutMs');
  const maxRetries = positive(options.maxRetries, 2, 'maxRetries', true);
  const hedgeAfterMs =
    options.hedgeAfterMs === undefined ? undefined : positive(options.hedgeAfterMs, 0, 'hedgeAfterMs', true);
  // Racing every provider at once (hedgeAfterMs 0) is no sign of slowness: no default then.
  const slowCallMs =
    options.circuit?.slowCallMs === undefined
      ? hedgeAfterMs || undefined
      : positive(options.circuit.slowCallMs, 0, 'circuit.slowCallMs', true);
  const settings: ChainSettings = {
    deadlineMs: positive(options.deadlineMs, 120_000, 'deadlineMs'),
    maxRetryAfterMs: positive(options.maxRetryAfterMs, 10_000, 'maxRetryAfterMs', true),
    hedgeAfterMs,
    slowCallMs,
    retryBeforeFailover: options.retryBeforeFailover === true,
    prices: options.prices ? { ...DEFAULT_PRICES, ...options.prices } : DEFAULT_PRICES,
    lastResort: options.tryOpenCircuitsAsLastResort ?? true,
    retryBackoff: new ExponentialBackoff({
      generator: fullJitterGenerator,
      initialDelay: positive(options.backoff?.initialDelayMs, 250, 'backoff.initialDelayMs'),
      maxDelay: positive(options.backoff?.maxDelayMs, 4_000, 'backoff.maxDelayMs'),
    }),
  };
  const circuit: CircuitSettings = {
    failureThreshold: positive(options.circuit?.failureThreshold, 3, 'circuit.failureThreshold'),
    cooldownMs: positive(options.circuit?.cooldownMs, 5_000, 'circuit.cooldownMs'),
    cooldownMultiplier: positive(options.circuit?.cooldownMultiplier, 2, 'circuit.cooldownMultiplier'),
    maxCooldownMs: positive(options.circuit?.maxCooldownMs, 300_000, 'circuit.maxCooldownMs'),
    openImmediatelyOn: new Set<ProviderErrorKind>(
      options.circuit?.openImmediatelyOn ?? ['auth', 'permission', 'quota', 'not_found', 'configuration'],
    ),
    failureRate: failureRate(options.circuit),
  };
  const unhealthyAfter = positive(options.health?.unhealthyAfter, 3, 'health.unhealthyAfter');
  const healthyAfter = positive(options.health?.healthyAfter, 5, 'health.healthyAfter');

  // One health tracker and circuit per provider AND model, shared by duplicate entries.
  const shared = new Map<string, { health: HealthTracker; circuit: Circuit }>();
  const slots = options.providers.map((raw, index): Slot => {
    const entry = resolveEntry(raw);
    const provider = entry.provider;
    if (!provider || typeof provider.generate !== 'function' || typeof provider.name !== 'string') {
      throw new ProviderConfigurationError(
        `ProviderChain providers[${index}] is not a Provider (it needs a name and a generate method).`,
      );
    }
    rejectRenamed(entry, `providers[${index}].`);
    const model = entry.model ?? provider.model;
    const key = `${provider.name}\u0000${model}`;
    let state = shared.get(key);
    if (!state) {
      state = { health: new HealthTracker(unhealthyAfter, healthyAfter), circuit: new Circuit(circuit) };
      shared.set(key, state);
    }
    return {
      index,
      provider,
      name: provider.name,
      model,
      label: `${provider.name} (${model})`,
      timeoutMs: positive(entry.timeoutMs, timeoutMs, `providers[${index}].timeoutMs`),
      maxRetries: positive(entry.maxRetries, maxRetries, `providers[${index}].maxRetries`, true),
      ...state,
    };
  });
  return { settings, slots };
}
