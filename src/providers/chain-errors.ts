/**
 * Errors the {@link ProviderChain} throws. All extend `AicmoError`, carry the
 * attempts made, and have a type guard that works across duplicate installs.
 */
import { AicmoError, isAicmoError } from '../errors.js';
import type { AttemptRecord } from './chain-types.js';
import type { ProviderError } from './errors.js';

function summarize(attempts: readonly AttemptRecord[]): string {
  const parts: string[] = [];
  const seen = new Map<string, string[]>();
  for (const attempt of attempts) {
    if (attempt.outcome !== 'failure') continue;
    const key = `${attempt.provider} (${attempt.model})`;
    const kinds = seen.get(key) ?? [];
    kinds.push(attempt.errorKind ?? 'unknown');
    seen.set(key, kinds);
  }
  for (const [key, kinds] of seen) parts.push(`${key}: ${kinds.join(', ')}`);
  return parts.join('; ');
}

/** Fields shared by the chain's errors. */
interface ChainErrorOptions {
  /** Every attempt made, in order. */
  attempts: readonly AttemptRecord[];
  /** The normalized error of each failed attempt, in order. */
  errors: readonly ProviderError[];
}

/**
 * Every provider in the chain failed (or was skipped) for this request.
 * `errors` holds each failed attempt's normalized cause, `attempts` the full
 * record. The message lists provider, model and error kinds only.
 *
 * @example
 * ```ts
 * try { await chain.generate(req) } catch (err) {
 *   if (isAllProvidersFailedError(err)) console.error(err.errors.map((e) => e.kind))
 * }
 * ```
 */
export class AllProvidersFailedError extends AicmoError {
  override name = 'AllProvidersFailedError' as const;
  /** Every attempt made, in order. */
  readonly attempts: readonly AttemptRecord[];
  /** The normalized error of each failed attempt, in order. */
  readonly errors: readonly ProviderError[];

  constructor(options: ChainErrorOptions) {
    const detail = summarize(options.attempts);
    // Setup hints (which SDK to install, which variable to set) are our own, secret-free text.
    const setup = [
      ...new Set(options.errors.filter((e) => e.kind === 'configuration').map((e) => e.message)),
    ];
    super(
      'ALL_PROVIDERS_FAILED',
      `All providers failed${detail ? `: ${detail}` : ' (none could be tried)'}. ${
        setup.length > 0 ? `${setup.join(' ')} ` : ''
      }Check the provider keys and chain.status(), or add a fallback provider.`,
      { cause: options.errors.at(-1) },
    );
    this.attempts = options.attempts;
    this.errors = options.errors;
  }
}

/**
 * The call's overall deadline passed before any provider answered.
 *
 * @example
 * ```ts
 * await chain.generate(req, { deadlineMs: 5_000 }).catch((err) => {
 *   if (isChainTimeoutError(err)) return fallbackCopy
 *   throw err
 * })
 * ```
 */
export class ChainTimeoutError extends AicmoError {
  override name = 'ChainTimeoutError' as const;
  /** The deadline that passed, in ms. */
  readonly deadlineMs: number;
  /** Every attempt made, in order. */
  readonly attempts: readonly AttemptRecord[];
  /** The normalized error of each failed attempt, in order. */
  readonly errors: readonly ProviderError[];

  constructor(options: ChainErrorOptions & { deadlineMs: number }) {
    const detail = summarize(options.attempts);
    super(
      'DEADLINE_EXCEEDED',
      `No provider answered within the ${options.deadlineMs} ms deadline${detail ? ` (${detail})` : ''}. Raise deadlineMs or lower per-provider timeouts so a fallback has time to run.`,
      { cause: options.errors.at(-1) },
    );
    this.deadlineMs = options.deadlineMs;
    this.attempts = options.attempts;
    this.errors = options.errors;
  }
}

/**
 * The caller aborted the call (its `AbortSignal` fired). The in-flight request
 * was cancelled and no new attempt was started. `cause` is the signal's reason.
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const pending = chain.generate(req, { signal: controller.signal })
 * controller.abort() // pending rejects with ChainAbortedError
 * ```
 */
export class ChainAbortedError extends AicmoError {
  override name = 'ChainAbortedError' as const;
  /** Attempts made before the abort. */
  readonly attempts: readonly AttemptRecord[];

  constructor(options: { attempts: readonly AttemptRecord[]; reason?: unknown }) {
    super('ABORTED', 'The call was aborted by the caller; no further provider was tried.', {
      cause: options.reason,
    });
    this.attempts = options.attempts;
  }
}

/**
 * A stream failed after its first content delta. The chain never restarts a
 * committed stream (the user has already seen text); `partialText` holds what
 * was received, `error` the normalized cause.
 *
 * @example
 * ```ts
 * try { for await (const chunk of chain.stream(req)) write(chunk) } catch (err) {
 *   if (isStreamInterruptedError(err)) markPartial(err.partialText)
 * }
 * ```
 */
export class StreamInterruptedError extends AicmoError {
  override name = 'StreamInterruptedError' as const;
  /** Text received before the failure. */
  readonly partialText: string;
  /** Provider that was streaming. */
  readonly provider: string;
  /** Model that was streaming. */
  readonly model: string;
  /** Normalized cause. */
  readonly error: ProviderError;
  /** Every attempt made, in order. */
  readonly attempts: readonly AttemptRecord[];

  constructor(options: { partialText: string; error: ProviderError; attempts: readonly AttemptRecord[] }) {
    super(
      'STREAM_INTERRUPTED',
      `The ${options.error.provider} (${options.error.model ?? 'unknown model'}) stream failed (${options.error.kind}) after ${options.partialText.length} characters; it was not restarted. Use partialText or retry the request.`,
      { cause: options.error },
    );
    this.partialText = options.partialText;
    this.provider = options.error.provider;
    this.model = options.error.model ?? 'unknown';
    this.error = options.error;
    this.attempts = options.attempts;
  }
}

/**
 * True when `value` is an {@link AllProvidersFailedError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isAllProvidersFailedError(err)) res.status(502)
 * ```
 */
export function isAllProvidersFailedError(value: unknown): value is AllProvidersFailedError {
  return isAicmoError(value) && value.name === 'AllProvidersFailedError';
}

/**
 * True when `value` is a {@link ChainTimeoutError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isChainTimeoutError(err)) res.status(504)
 * ```
 */
export function isChainTimeoutError(value: unknown): value is ChainTimeoutError {
  return isAicmoError(value) && value.name === 'ChainTimeoutError';
}

/**
 * True when `value` is a {@link ChainAbortedError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isChainAbortedError(err)) return // the client went away
 * ```
 */
export function isChainAbortedError(value: unknown): value is ChainAbortedError {
  return isAicmoError(value) && value.name === 'ChainAbortedError';
}

/**
 * True when `value` is a {@link StreamInterruptedError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isStreamInterruptedError(err)) console.warn(err.partialText.length)
 * ```
 */
export function isStreamInterruptedError(value: unknown): value is StreamInterruptedError {
  return isAicmoError(value) && value.name === 'StreamInterruptedError';
}
