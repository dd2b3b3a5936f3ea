import { AicmoError, isAicmoError } from '../errors.js';

/**
 * What kind of failure a provider call ended in. The chain acts on the kind:
 * `rate_limit`, `overloaded`, `server`, `timeout` and `network` fail over to
 * the next provider and are retried with backoff once no other provider is
 * left (or first, with `retryBeforeFailover`); the others move on to the next
 * provider at once and are not retried (`auth` also opens the provider's
 * circuit); `aborted` stops everything.
 * `configuration` means the provider is not set up (SDK not installed, key
 * missing): the chain moves on and opens that provider's circuit.
 */
export type ProviderErrorKind =
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'network'
  | 'auth'
  | 'permission'
  | 'bad_request'
  | 'not_found'
  | 'content_policy'
  | 'context_length'
  | 'quota'
  | 'aborted'
  | 'configuration'
  | 'unknown';

/** Kinds worth retrying (after failing over first, unless `retryBeforeFailover`). */
export const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'server',
  'timeout',
  'network',
]);

/** Options of {@link ProviderError}. */
export interface ProviderErrorOptions {
  /** Failure kind. */
  kind: ProviderErrorKind;
  /** Provider name. */
  provider: string;
  /** Model, when known. */
  model?: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Server-requested wait before retrying, in ms (from `Retry-After`). */
  retryAfterMs?: number;
  /** Upstream request id. */
  requestId?: string;
  /** The original error. */
  cause?: unknown;
}

/**
 * A failed provider call, normalized. Adapters throw it (or let the chain
 * classify the SDK's own error); the chain decides from `kind` whether to
 * retry, fall back or stop. Messages never contain API keys or payloads.
 *
 * @example
 * ```ts
 * throw new ProviderError('OpenAI rate limit', { kind: 'rate_limit', provider: 'openai', status: 429, retryAfterMs: 2000 })
 * ```
 */
export class ProviderError extends AicmoError {
  override name = 'ProviderError' as const;
  /** Failure kind. */
  readonly kind: ProviderErrorKind;
  /** Provider name. */
  readonly provider: string;
  /** Model, when known. */
  readonly model: string | undefined;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** Server-requested wait in ms. */
  readonly retryAfterMs: number | undefined;
  /** Upstream request id. */
  readonly requestId: string | undefined;

  constructor(message: string, options: ProviderErrorOptions) {
    super(`PROVIDER_${options.kind.toUpperCase()}`, message, { cause: options.cause });
    this.kind = options.kind;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
  }

  /** True when the chain may retry this kind (see {@link RETRYABLE_KINDS}). */
  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }
}

/**
 * True when `value` is a {@link ProviderError} from any copy of `aicmo`
 * (checks the shared marker and the name, not `instanceof`).
 *
 * @example
 * ```ts
 * if (isProviderError(err) && err.kind === 'rate_limit') { ... }
 * ```
 */
export function isProviderError(value: unknown): value is ProviderError {
  return isAicmoError(value) && value.name === 'ProviderError';
}

/**
 * A configuration problem (missing API key, missing optional SDK, unknown
 * provider name). Its message names what to set or install.
 */
export class ProviderConfigurationError extends AicmoError {
  override name = 'ProviderConfigurationError' as const;
  constructor(message: string) {
    super('PROVIDER_CONFIGURATION', message);
  }
}

/**
 * True when `value` is a {@link ProviderConfigurationError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isProviderConfigurationError(err)) console.error(err.message) // names the variable to set
 * ```
 */
export function isProviderConfigurationError(value: unknown): value is ProviderConfigurationError {
  return isAicmoError(value) && value.name === 'ProviderConfigurationError';
}
