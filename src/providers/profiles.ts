/**
 * Routing profiles and use cases, after the Python reference router
 * (`aicmo/llm/router.py`): a use case maps to a profile, a profile is an
 * ordered list of provider/model pairs.
 */
import { ProviderConfigurationError } from './errors.js';

/** A cost/capability trade-off. */
export type RoutingProfile = 'cheap' | 'standard' | 'premium' | 'research';

/** The four profiles, in the reference's order. */
export const ROUTING_PROFILE_NAMES: readonly RoutingProfile[] = ['cheap', 'standard', 'premium', 'research'];

/** One step of a profile. */
export interface ProfileEntry {
  /** Provider name, as understood by {@link providerChainFromEnv} (e.g. `openai`, `mistral`). */
  readonly provider: string;
  /** Model id sent to the API. */
  readonly model: string;
}

/**
 * The ordered provider/model list of each profile. Same providers in the
 * same order as the Python reference; the reference's shorthand model names
 * are replaced by ids the APIs accept (`claude-3.5-haiku` → `claude-haiku-4-5`,
 * `llama-3.1-70b-instruct` → `llama-3.3-70b-versatile` on Groq,
 * `mistral-small` → `mistral-small-latest`, `gemini-1.5-*` → `gemini-2.5-*`,
 * `command-r` → `command-r-08-2024`, `claude-opus` → `claude-opus-4-5`).
 */
export const ROUTING_PROFILES: Readonly<Record<RoutingProfile, readonly ProfileEntry[]>> = Object.freeze({
  cheap: [
    { provider: 'openai', model: 'gpt-4.1-mini' },
    { provider: 'anthropic', model: 'claude-haiku-4-5' },
    { provider: 'google', model: 'gemini-2.5-flash' },
    { provider: 'mistral', model: 'mistral-small-latest' },
    { provider: 'groq', model: 'llama-3.3-70b-versatile' },
    { provider: 'deepseek', model: 'deepseek-chat' },
  ],
  standard: [
    { provider: 'openai', model: 'gpt-4.1' },
    { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    { provider: 'google', model: 'gemini-2.5-pro' },
    { provider: 'mistral', model: 'mistral-large-latest' },
    { provider: 'cohere', model: 'command-r-08-2024' },
  ],
  premium: [
    { provider: 'openai', model: 'o3-mini' },
    { provider: 'anthropic', model: 'claude-opus-4-5' },
    { provider: 'cohere', model: 'command-r-plus-08-2024' },
  ],
  research: [
    { provider: 'openai', model: 'gpt-4.1' },
    { provider: 'google', model: 'gemini-2.5-pro' },
    { provider: 'perplexity', model: 'sonar' },
    { provider: 'perplexity', model: 'sonar-reasoning-pro' },
  ],
});

/** The use cases of the Python reference router. */
export type LlmUseCase =
  | 'SOCIAL_CONTENT'
  | 'EMAIL_COPY'
  | 'STRATEGY_DOC'
  | 'WEBSITE_COPY'
  | 'CONVERSION_AUDIT'
  | 'RESEARCH_WEB'
  | 'CREATIVE_IDEATION'
  | 'CREATIVE_SPEC'
  | 'LEAD_REASONING'
  | 'KAIZEN_QA'
  | 'ORCHESTRATOR'
  | 'MULTIMODAL_ANALYSIS';

/** The default profile of each use case (identical to the reference's `USECASE_PROFILE_MAP`). */
export const USE_CASE_PROFILES: Readonly<Record<LlmUseCase, RoutingProfile>> = Object.freeze({
  SOCIAL_CONTENT: 'cheap',
  EMAIL_COPY: 'cheap',
  STRATEGY_DOC: 'standard',
  WEBSITE_COPY: 'standard',
  CONVERSION_AUDIT: 'standard',
  RESEARCH_WEB: 'research',
  CREATIVE_IDEATION: 'cheap',
  CREATIVE_SPEC: 'cheap',
  LEAD_REASONING: 'cheap',
  KAIZEN_QA: 'cheap',
  ORCHESTRATOR: 'standard',
  MULTIMODAL_ANALYSIS: 'standard',
});

/** The profile of a use case the table does not know (the reference's default). */
export const DEFAULT_ROUTING_PROFILE: RoutingProfile = 'standard';

/** True when `value` names a {@link RoutingProfile}. */
export function isRoutingProfile(value: string): value is RoutingProfile {
  return (ROUTING_PROFILE_NAMES as readonly string[]).includes(value);
}

function parseProfile(value: string, source: string): RoutingProfile {
  const profile = value.trim().toLowerCase();
  if (isRoutingProfile(profile)) return profile;
  throw new ProviderConfigurationError(
    `${source} is "${value.trim().slice(0, 40)}", which is not a routing profile: use one of ${ROUTING_PROFILE_NAMES.join(', ')}.`,
  );
}

/**
 * The profile a use case runs on. Priority, as in the reference:
 * `override`, then the `LLM_PROFILE_<USE_CASE>` variable, then
 * {@link USE_CASE_PROFILES}, then `standard` for an unknown use case. Use
 * cases are matched case-insensitively (`social_content` = `SOCIAL_CONTENT`).
 *
 * @throws ProviderConfigurationError when the override or the variable names
 * no profile (the reference would silently end up with no providers).
 * @example
 * ```ts
 * resolveProfile('SOCIAL_CONTENT') // 'cheap'
 * resolveProfile('SOCIAL_CONTENT', { LLM_PROFILE_SOCIAL_CONTENT: 'premium' }) // 'premium'
 * ```
 */
export function resolveProfile(
  useCase: LlmUseCase | (string & {}),
  env: Record<string, string | undefined> = defaultEnv(),
  override?: RoutingProfile | (string & {}),
): RoutingProfile {
  if (override?.trim()) return parseProfile(override, 'The profile override');
  const key = useCase.trim().toUpperCase();
  const variable = `LLM_PROFILE_${key}`;
  const fromEnv = env[variable];
  if (fromEnv?.trim()) return parseProfile(fromEnv, variable);
  return Object.hasOwn(USE_CASE_PROFILES, key)
    ? USE_CASE_PROFILES[key as LlmUseCase]
    : DEFAULT_ROUTING_PROFILE;
}

/** `process.env` where there is one, else an empty object (browsers, edge runtimes). */
export function defaultEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}
