/**
 * Building providers and chains from environment variables, the way the
 * Python reference is configured (`AICMO_LLM_PRIMARY_PROVIDER`,
 * `AICMO_LLM_FALLBACK_PROVIDERS`, the key variables, `AICMO_DEV_STUBS`).
 */
import { type AnthropicClientLike, anthropicProvider } from './adapters/anthropic.js';
import type { ChatCompletionsClientLike } from './adapters/chat-completions.js';
import { groqProvider } from './adapters/groq.js';
import { openaiProvider } from './adapters/openai.js';
import { openaiCompatibleProvider } from './adapters/openai-compatible.js';
import { PROVIDER_ALIASES, PROVIDER_CATALOG, type ProviderCatalogEntry } from './catalog.js';
import { ProviderChain } from './chain.js';
import type { ChainEntry, ProviderChainOptions } from './chain-types.js';
import { ProviderConfigurationError } from './errors.js';
import {
  defaultEnv,
  type LlmUseCase,
  ROUTING_PROFILES,
  type RoutingProfile,
  resolveProfile,
} from './profiles.js';
import { type StubProviderOptions, stubProvider } from './stub.js';
import type { Provider } from './types.js';

/** An environment: `process.env` or any record of strings. */
export type Env = Record<string, string | undefined>;

/** What {@link providerChainFromEnv} needs to know about one provider name. */
export interface EnvProviderSpec {
  /** Variables holding the API key, in lookup order. Empty for servers that need none. */
  readonly keyVariables: readonly string[];
  /** Model when neither the options nor `AICMO_<NAME>_MODEL` / `<NAME>_MODEL` set one. */
  readonly defaultModel: string;
  /** Variable holding a base URL override. */
  readonly baseUrlVariable: string;
}

/**
 * The provider names {@link providerChainFromEnv} understands, with their key
 * variables and default models: a view of the {@link PROVIDER_CATALOG}.
 * `gemini`, `grok` and `claude` are accepted as aliases of `google`, `xai`
 * and `anthropic`.
 */
export const ENV_PROVIDERS: Readonly<Record<string, EnvProviderSpec>> = Object.freeze(
  Object.fromEntries(
    Object.entries(PROVIDER_CATALOG as Readonly<Record<string, ProviderCatalogEntry>>).map(
      ([name, entry]) => [
        name,
        Object.freeze({
          keyVariables: entry.keyVariables,
          defaultModel: entry.defaultModel,
          baseUrlVariable: entry.baseUrlVariable,
        }),
      ],
    ),
  ),
);

/** The name of the development stub in provider lists (`AICMO_DEV_STUBS=1` only). */
const STUB = 'stub';

const ALIASES: Readonly<Record<string, string>> = PROVIDER_ALIASES;

/** The variables named in the "nothing configured" error, the four of the contract first. */
const MAIN_KEY_VARIABLES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GROQ_API_KEY', 'MISTRAL_API_KEY'];

/** One provider of an {@link EnvChainPlan}. */
export interface EnvProviderPlan {
  /** Provider name (`openai`, `mistral`, …). */
  provider: string;
  /** Model it will be asked for. */
  model: string;
  /** True when a stub stands in for it (`AICMO_DEV_STUBS=1` and no key). */
  stub: boolean;
  /** The variable its key came from (the name only), when it has one. */
  keyVariable?: string;
}

/** What {@link planProvidersFromEnv} decided, before any provider is built. Holds no secret. */
export interface EnvChainPlan {
  /** The providers, in chain order. */
  providers: EnvProviderPlan[];
  /** Whether `AICMO_DEV_STUBS=1`. */
  stubs: boolean;
  /** Configuration notes (a fallback skipped for lack of a key, …); names only. */
  warnings: string[];
}

/** Options of {@link planProvidersFromEnv}. */
export interface PlanFromEnvOptions {
  /** Model per provider name; beats `AICMO_<NAME>_MODEL`, `<NAME>_MODEL` and the defaults. */
  models?: Readonly<Record<string, string>>;
  /** Provider names that have an SDK client from the caller, so need no key. */
  clientNames?: readonly string[];
}

/** The canonical provider name, or a configuration error listing the known ones. */
function canonicalProviderName(raw: string, variable?: string): string {
  const name = raw.trim().toLowerCase();
  const canonical = ALIASES[name] ?? name;
  if (Object.hasOwn(ENV_PROVIDERS, canonical) || canonical === STUB) return canonical;
  const where = variable
    ? `${variable} names an unknown provider "${raw.trim().slice(0, 40)}"`
    : `Unknown provider "${raw.trim().slice(0, 40)}"`;
  throw new ProviderConfigurationError(
    `${where}: use one of ${Object.keys(ENV_PROVIDERS).join(', ')} (or ${STUB} with AICMO_DEV_STUBS=1).`,
  );
}

function readVar(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The variable that holds a usable key for `provider`, if any (names only). */
function keyVariableOf(env: Env, provider: string): string | undefined {
  return ENV_PROVIDERS[provider]?.keyVariables.find((variable) => readVar(env, variable) !== undefined);
}

function isConfigured(env: Env, provider: string, clientNames: readonly string[]): boolean {
  if (clientNames.includes(provider)) return true;
  if (provider === 'ollama') return readVar(env, 'OLLAMA_BASE_URL') !== undefined;
  return keyVariableOf(env, provider) !== undefined;
}

function needsNoKey(provider: string): boolean {
  return (ENV_PROVIDERS[provider]?.keyVariables.length ?? 0) === 0;
}

/** The model for `provider`: options, then `AICMO_<NAME>_MODEL`, then `<NAME>_MODEL`, then the default. */
function modelOf(env: Env, provider: string, options: PlanFromEnvOptions): string {
  const upper = provider.toUpperCase();
  return (
    options.models?.[provider] ??
    readVar(env, `AICMO_${upper}_MODEL`) ??
    readVar(env, `${upper}_MODEL`) ??
    (ENV_PROVIDERS[provider] as EnvProviderSpec).defaultModel
  );
}

function listVariable(env: Env, variable: string): string[] | undefined {
  const raw = env[variable];
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => canonicalProviderName(part, variable));
}

function noProviderError(): ProviderConfigurationError {
  const others = Object.values(ENV_PROVIDERS)
    .flatMap((spec) => spec.keyVariables)
    .filter((variable) => !MAIN_KEY_VARIABLES.includes(variable));
  return new ProviderConfigurationError(
    `No LLM provider is configured. Set at least one of ${MAIN_KEY_VARIABLES.join(', ')} ` +
      `(or ${others.join(', ')}); choose the order with AICMO_LLM_PRIMARY_PROVIDER and ` +
      'AICMO_LLM_FALLBACK_PROVIDERS; or set AICMO_DEV_STUBS=1 to use deterministic stub providers in development.',
  );
}

/**
 * Decides which providers a chain built from `env` will use, without
 * building anything (and without reading any key's value into the result).
 *
 * - `AICMO_LLM_PRIMARY_PROVIDER` comes first. Unset: the first provider with a
 *   key, in the order openai, anthropic, groq, mistral, deepseek, google, xai,
 *   openrouter, perplexity, cohere.
 * - `AICMO_LLM_FALLBACK_PROVIDERS` (comma list) follows. Unset: every other
 *   provider that has a key, in the same order.
 * - A primary without a key is a configuration error; a fallback without a key
 *   is skipped with a warning. With `AICMO_DEV_STUBS=1` (exactly `1`) a stub
 *   stands in for every provider without a key, and a lone `stub` is used
 *   when nothing is configured.
 * - Nothing configured and no stubs: a configuration error naming the variables.
 *
 * @example
 * ```ts
 * planProvidersFromEnv({ OPENAI_API_KEY: 'sk-…', AICMO_LLM_FALLBACK_PROVIDERS: 'anthropic', AICMO_DEV_STUBS: '1' })
 * // providers: openai (real), anthropic (stub)
 * ```
 */
export function planProvidersFromEnv(
  env: Env = defaultEnv(),
  options: PlanFromEnvOptions = {},
): EnvChainPlan {
  const stubs = env.AICMO_DEV_STUBS?.trim() === '1';
  const clientNames = (options.clientNames ?? []).map((name) => canonicalProviderName(name));
  const warnings: string[] = [];
  const primaryRaw = readVar(env, 'AICMO_LLM_PRIMARY_PROVIDER');
  const explicitPrimary =
    primaryRaw !== undefined ? canonicalProviderName(primaryRaw, 'AICMO_LLM_PRIMARY_PROVIDER') : undefined;
  const explicitFallbacks = listVariable(env, 'AICMO_LLM_FALLBACK_PROVIDERS');
  const autoOrder = Object.keys(ENV_PROVIDERS).filter(
    (name) => name !== 'ollama' || isConfigured(env, name, clientNames),
  );
  const configured = autoOrder.filter((name) => isConfigured(env, name, clientNames));

  const primary = explicitPrimary ?? configured[0] ?? explicitFallbacks?.[0];
  if (primary === undefined) {
    if (!stubs) throw noProviderError();
    return { providers: [{ provider: 'stub', model: 'stub-1', stub: true }], stubs, warnings };
  }
  const fallbacks = explicitFallbacks ?? configured;
  const order = [...new Set([primary, ...fallbacks])];

  const providers: EnvProviderPlan[] = [];
  for (const name of order) {
    if (name === STUB) {
      if (!stubs) {
        throw new ProviderConfigurationError(
          'The provider list names "stub", but stub providers are off: set AICMO_DEV_STUBS=1 (development only) or remove it.',
        );
      }
      providers.push({ provider: STUB, model: options.models?.[STUB] ?? 'stub-1', stub: true });
      continue;
    }
    const keyVariable = keyVariableOf(env, name);
    const hasKey = keyVariable !== undefined || clientNames.includes(name) || needsNoKey(name);
    const entry: EnvProviderPlan = { provider: name, model: modelOf(env, name, options), stub: false };
    if (keyVariable !== undefined) entry.keyVariable = keyVariable;
    if (hasKey) {
      providers.push(entry);
      continue;
    }
    const variables = (ENV_PROVIDERS[name] as EnvProviderSpec).keyVariables.join(' or ');
    if (stubs) {
      providers.push({ ...entry, stub: true });
      warnings.push(`${name}: ${variables} is not set; a stub stands in for it (AICMO_DEV_STUBS=1).`);
    } else if (name === primary && explicitPrimary !== undefined) {
      throw new ProviderConfigurationError(
        `AICMO_LLM_PRIMARY_PROVIDER is "${name}" but ${variables} is not set. Set ${variables}, ` +
          'choose another primary provider, or set AICMO_DEV_STUBS=1 to use stub providers in development.',
      );
    } else {
      warnings.push(`${name}: ${variables} is not set; this fallback provider is skipped.`);
    }
  }
  if (providers.length === 0) throw noProviderError();
  return { providers, stubs, warnings };
}

/** Options of {@link providerFromEnv}. */
export interface ProviderFromEnvOptions {
  /** Model; beats `AICMO_<NAME>_MODEL`, `<NAME>_MODEL` and the default. */
  model?: string;
  /** An existing SDK client (then no key is needed). */
  client?: ChatCompletionsClientLike | AnthropicClientLike;
  /** SDK-level timeout in ms (a safety net; the chain's per-attempt timeout is the real limit). */
  sdkTimeoutMs?: number;
}

/**
 * Builds one SDK-backed provider by name, reading its key, model
 * (`AICMO_<NAME>_MODEL`, `<NAME>_MODEL`) and base URL (`<NAME>_BASE_URL`)
 * from `env`.
 *
 * @throws ProviderConfigurationError for an unknown name or a missing key (the message names the variable).
 * @example
 * ```ts
 * const mistral = providerFromEnv('mistral') // MISTRAL_API_KEY, MISTRAL_MODEL
 * ```
 */
export function providerFromEnv(
  name: string,
  env: Env = defaultEnv(),
  options: ProviderFromEnvOptions = {},
): Provider {
  const provider = canonicalProviderName(name);
  if (provider === STUB) {
    if (env.AICMO_DEV_STUBS?.trim() !== '1') {
      throw new ProviderConfigurationError(
        'The stub provider is for development only: set AICMO_DEV_STUBS=1.',
      );
    }
    return stubProvider({ model: options.model ?? 'stub-1' });
  }
  const spec = ENV_PROVIDERS[provider] as EnvProviderSpec;
  const model = options.model ?? modelOf(env, provider, {});
  const keyVariable = keyVariableOf(env, provider);
  const baseURL = readVar(env, spec.baseUrlVariable);
  const common = {
    model,
    env,
    ...(keyVariable !== undefined && { apiKey: readVar(env, keyVariable) as string }),
    ...(baseURL !== undefined && { baseURL }),
    ...(options.sdkTimeoutMs !== undefined && { timeoutMs: options.sdkTimeoutMs }),
  };
  if (options.client === undefined && keyVariable === undefined && spec.keyVariables.length > 0) {
    throw new ProviderConfigurationError(
      `The ${provider} provider has no API key: set ${spec.keyVariables.join(' or ')}.`,
    );
  }
  switch (provider) {
    case 'openai':
      return openaiProvider({
        ...common,
        ...(options.client && { client: options.client as ChatCompletionsClientLike }),
      });
    case 'anthropic':
      return anthropicProvider({
        ...common,
        ...(options.client && { client: options.client as AnthropicClientLike }),
      });
    case 'groq':
      return groqProvider({
        ...common,
        ...(options.client && { client: options.client as ChatCompletionsClientLike }),
      });
    default:
      return openaiCompatibleProvider({
        ...common,
        name: provider,
        ...(spec.keyVariables[0] !== undefined && { apiKeyEnv: keyVariable ?? spec.keyVariables[0] }),
        ...(options.client && { client: options.client as ChatCompletionsClientLike }),
      });
  }
}

/** Options of {@link providerChainFromEnv}: the chain's own options plus how to build the providers. */
export interface ProviderChainFromEnvOptions extends Omit<ProviderChainOptions, 'providers'> {
  /** Model per provider name; beats `AICMO_<NAME>_MODEL`, `<NAME>_MODEL` and the defaults. */
  models?: Readonly<Record<string, string>>;
  /** Existing SDK clients by provider name (custom transports, tests); such a provider needs no key. */
  clients?: Readonly<Record<string, ChatCompletionsClientLike | AnthropicClientLike>>;
  /** Options of the stub providers used with `AICMO_DEV_STUBS=1`. */
  stub?: Omit<StubProviderOptions, 'name' | 'model'>;
  /** SDK-level timeout in ms (a safety net; the chain's per-attempt timeout is the real limit). @default 600000 */
  sdkTimeoutMs?: number;
  /** Receives configuration warnings (names only, never values). @default console.warn */
  onWarning?: (message: string) => void;
}

function keysIn(env: Env): string[] {
  return Object.values(ENV_PROVIDERS)
    .flatMap((spec) => spec.keyVariables)
    .map((variable) => readVar(env, variable))
    .filter((value): value is string => value !== undefined);
}

function buildChain(plan: EnvChainPlan, env: Env, options: ProviderChainFromEnvOptions): ProviderChain {
  const { models: _models, clients, stub, sdkTimeoutMs, onWarning, ...chainOptions } = options;
  const warn = onWarning ?? ((message: string) => console.warn(`[aicmo] ${message}`));
  for (const warning of plan.warnings) warn(warning);
  const built = new Map<string, Provider>();
  const entries: ChainEntry[] = plan.providers.map((step) => {
    const key = step.stub ? `stub:${step.provider}` : step.provider;
    let provider = built.get(key);
    if (!provider) {
      if (step.stub) {
        provider = stubProvider({
          ...stub,
          name: step.provider === 'stub' ? 'stub' : `stub:${step.provider}`,
          model: step.model,
        });
      } else {
        const client = clients?.[step.provider];
        provider = providerFromEnv(step.provider, env, {
          model: step.model,
          ...(client !== undefined && { client }),
          ...(sdkTimeoutMs !== undefined && { sdkTimeoutMs }),
        });
      }
      built.set(key, provider);
    }
    return { provider, model: step.model };
  });
  return new ProviderChain({
    ...chainOptions,
    providers: entries,
    redact: [...(chainOptions.redact ?? []), ...keysIn(env)],
  });
}

/**
 * A {@link ProviderChain} configured from environment variables, as the
 * Python reference is: see {@link planProvidersFromEnv} for the rules.
 * Providers are built on the official SDKs (loaded on first use); the API
 * keys are handed to the chain's redaction list so they can never appear in
 * an error or a status report.
 *
 * @param env - the environment. @default process.env
 * @param options - chain options (timeouts, retries, circuit, prices, …) and provider overrides.
 * @throws ProviderConfigurationError when nothing is configured (the message
 * names the variables to set), when the primary provider has no key, or for
 * an unknown provider name.
 * @example
 * ```ts
 * // OPENAI_API_KEY=… ANTHROPIC_API_KEY=… AICMO_LLM_PRIMARY_PROVIDER=openai AICMO_LLM_FALLBACK_PROVIDERS=anthropic
 * const chain = providerChainFromEnv(process.env, { timeoutMs: 30_000 })
 * const result = await chain.generate({ prompt: 'Write a LinkedIn post about …' })
 * ```
 */
export function providerChainFromEnv(
  env: Env = defaultEnv(),
  options: ProviderChainFromEnvOptions = {},
): ProviderChain {
  const plan = planProvidersFromEnv(env, {
    ...(options.models !== undefined && { models: options.models }),
    ...(options.clients !== undefined && { clientNames: Object.keys(options.clients) }),
  });
  return buildChain(plan, env, options);
}

/** Options of {@link planUseCaseFromEnv} and {@link providerChainForUseCase}. */
export interface UseCaseOptions {
  /** Profile to use instead of the use case's (the reference's `profile_override`). */
  profile?: RoutingProfile;
}

/**
 * The plan of a use case: the providers of its routing profile (see
 * {@link resolveProfile}) that have a key, in profile order; with
 * `AICMO_DEV_STUBS=1`, stubs stand in for the others.
 *
 * @throws ProviderConfigurationError when no provider of the profile has a key and stubs are off.
 */
export function planUseCaseFromEnv(
  useCase: LlmUseCase | (string & {}),
  env: Env = defaultEnv(),
  options: UseCaseOptions & PlanFromEnvOptions = {},
): EnvChainPlan & { profile: RoutingProfile } {
  const profile = resolveProfile(useCase, env, options.profile);
  const stubs = env.AICMO_DEV_STUBS?.trim() === '1';
  const clientNames = (options.clientNames ?? []).map((name) => canonicalProviderName(name));
  const providers: EnvProviderPlan[] = [];
  const warnings: string[] = [];
  const missing = new Set<string>();
  for (const entry of ROUTING_PROFILES[profile]) {
    const keyVariable = keyVariableOf(env, entry.provider);
    const model = options.models?.[entry.provider] ?? entry.model;
    if (keyVariable !== undefined || clientNames.includes(entry.provider)) {
      providers.push({ provider: entry.provider, model, stub: false, ...(keyVariable && { keyVariable }) });
    } else {
      for (const variable of (ENV_PROVIDERS[entry.provider] as EnvProviderSpec).keyVariables)
        missing.add(variable);
      if (stubs) providers.push({ provider: entry.provider, model, stub: true });
    }
  }
  if (!providers.some((p) => !p.stub) && !stubs) {
    throw new ProviderConfigurationError(
      `No provider of the "${profile}" profile (use case ${useCase.trim().toUpperCase()}) has an API key. ` +
        `Set one of ${[...missing].join(', ')}, choose another profile with LLM_PROFILE_${useCase.trim().toUpperCase()}, ` +
        'or set AICMO_DEV_STUBS=1 to use stub providers in development.',
    );
  }
  if (stubs && missing.size > 0) {
    warnings.push(
      `${[...missing].join(', ')} not set; stubs stand in for those providers (AICMO_DEV_STUBS=1).`,
    );
  }
  return { profile, providers, stubs, warnings };
}

/**
 * A {@link ProviderChain} for a use case of the reference router
 * (`SOCIAL_CONTENT`, `EMAIL_COPY`, `STRATEGY_DOC`, `CREATIVE_SPEC`, …): the
 * use case picks a profile (`LLM_PROFILE_<USE_CASE>` overrides it), the
 * profile's providers that have a key form the chain, in order.
 *
 * @example
 * ```ts
 * const chain = providerChainForUseCase('EMAIL_COPY') // cheap: gpt-4.1-mini, claude-haiku-4-5, …
 * const strategy = providerChainForUseCase('STRATEGY_DOC', process.env, { profile: 'premium' })
 * ```
 */
export function providerChainForUseCase(
  useCase: LlmUseCase | (string & {}),
  env: Env = defaultEnv(),
  options: ProviderChainFromEnvOptions & UseCaseOptions = {},
): ProviderChain {
  const { profile, ...rest } = options;
  const plan = planUseCaseFromEnv(useCase, env, {
    ...(profile !== undefined && { profile }),
    ...(options.models !== undefined && { models: options.models }),
    ...(options.clients !== undefined && { clientNames: Object.keys(options.clients) }),
  });
  return buildChain(plan, env, rest);
}
