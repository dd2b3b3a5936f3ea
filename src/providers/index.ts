/**
 * `aicmo/providers`: LLM providers and the ProviderChain.
 *
 * @packageDocumentation
 */

export {
  type AnthropicClientLike,
  type AnthropicProviderOptions,
  anthropicProvider,
} from './adapters/anthropic.js';
export type { ChatCompletionsClientLike } from './adapters/chat-completions.js';
export { type GroqProviderOptions, groqProvider } from './adapters/groq.js';
export { type OpenAIProviderOptions, openaiProvider } from './adapters/openai.js';
export {
  OPENAI_COMPATIBLE_PRESETS,
  type OpenAICompatiblePreset,
  type OpenAICompatiblePresetName,
  type OpenAICompatibleProviderOptions,
  openaiCompatibleProvider,
} from './adapters/openai-compatible.js';
export type { SdkAdapterOptions } from './adapters/shared.js';
export {
  type CatalogProviderName,
  catalogEntry,
  OPENAI_STRICT_SCHEMA,
  PROVIDER_CATALOG,
  type ProviderCatalogEntry,
  type ProviderQuirks,
  type ProviderWire,
  type StrictSchemaRules,
  type StructuredQuirks,
} from './catalog.js';
export { type ChainStreamChunk, ProviderChain } from './chain.js';
export {
  AllProvidersFailedError,
  ChainAbortedError,
  ChainTimeoutError,
  isAllProvidersFailedError,
  isChainAbortedError,
  isChainTimeoutError,
  isStreamInterruptedError,
  StreamInterruptedError,
} from './chain-errors.js';
export type {
  AttemptOutcome,
  AttemptRecord,
  BackoffOptions,
  ChainCallOptions,
  ChainEntry,
  ChainEventName,
  ChainEvents,
  ChainGenerateOptions,
  ChainResult,
  ChainStatus,
  ChainSummary,
  ChainTarget,
  CircuitGate,
  CircuitOptions,
  CircuitState,
  FailureRateOptions,
  HealthOptions,
  HealthState,
  ProviderChainOptions,
  ProviderStatusReport,
  RenamedOption,
} from './chain-types.js';
export {
  type ClassifyContext,
  type HeaderBag,
  parseRetryAfter,
  toProviderError,
  upstreamErrorOf,
} from './classify.js';
export { type ChainEnvelopeMeta, toEnvelopeMeta, toObjectEnvelopeMeta } from './envelope-meta.js';
export {
  isProviderConfigurationError,
  isProviderError,
  ProviderConfigurationError,
  ProviderError,
  type ProviderErrorKind,
  type ProviderErrorOptions,
} from './errors.js';
export {
  ENV_PROVIDERS,
  type Env,
  type EnvChainPlan,
  type EnvProviderPlan,
  type EnvProviderSpec,
  type PlanFromEnvOptions,
  type ProviderChainFromEnvOptions,
  type ProviderFromEnvOptions,
  planProvidersFromEnv,
  planUseCaseFromEnv,
  providerChainForUseCase,
  providerChainFromEnv,
  providerFromEnv,
  type UseCaseOptions,
} from './from-env.js';
export {
  costOf,
  DEFAULT_PRICES,
  findPrice,
  type ModelPrice,
  PRICES_AS_OF,
  type PricedUsage,
  type PriceTable,
  priceUsage,
} from './pricing.js';
export {
  DEFAULT_ROUTING_PROFILE,
  isRoutingProfile,
  type LlmUseCase,
  type ProfileEntry,
  ROUTING_PROFILE_NAMES,
  ROUTING_PROFILES,
  type RoutingProfile,
  resolveProfile,
  USE_CASE_PROFILES,
} from './profiles.js';
export {
  type DeepPartial,
  type GenerateObjectChain,
  type GenerateObjectOptions,
  type GenerateObjectResult,
  generateObject,
  isSchemaMismatchError,
  isSchemaUnsupportedError,
  SchemaMismatchError,
  SchemaUnsupportedError,
  type StreamObjectChain,
  type StreamObjectEvent,
  type StreamObjectOptions,
  type StructuredAttempt,
  type StructuredAttemptKind,
  streamObject,
  structuredInstruction,
} from './structured/index.js';
export {
  type StubCallInfo,
  type StubFailureSpec,
  type StubOutcome,
  type StubProvider,
  type StubProviderOptions,
  type StubScript,
  stubProvider,
} from './stub.js';
export type * from './types.js';
export { normalizeAnthropicUsage, normalizeOpenAIUsage } from './usage.js';
