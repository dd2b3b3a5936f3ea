/**
 * Public types of structured output: options, results, attempts and stream
 * events of `generateObject` / `streamObject`.
 */
import type * as z from 'zod';
import type { Issue } from '../../issue.js';
import type { ProviderErrorKind } from '../errors.js';
import type { ChatMessage, TokenUsage } from '../types.js';

/**
 * Options of `generateObject` and `streamObject`.
 *
 * @example
 * ```ts
 * const options: GenerateObjectOptions<typeof Post> = {
 *   schema: Post,
 *   name: 'linkedin_post',
 *   system: 'You are a CMO.',
 *   prompt: 'Write a LinkedIn post about our launch.',
 *   deadlineMs: 30_000,
 * }
 * ```
 */
export interface GenerateObjectOptions<S extends z.ZodType> {
  /** The zod schema the answer must match. Its input type is what the model writes. */
  schema: S;
  /**
   * Name of the output, sent as the json_schema / tool name (letters, digits,
   * `_` and `-`, at most 64).
   * @default 'output'
   */
  name?: string;
  /** What the output is, sent with the schema. @default the schema's `.describe()` text */
  description?: string;
  /** System instructions. */
  system?: string;
  /** Conversation so far. */
  messages?: ChatMessage[];
  /** Shorthand for a single user message. */
  prompt?: string;
  /** Sampling temperature. */
  temperature?: number;
  /** Upper bound on output tokens, per request. */
  maxTokens?: number;
  /**
   * Ask the same provider once more, with the validation issues, when its
   * answer does not match; `false` fails over at once.
   * @default true
   */
  repair?: boolean;
  /** Free-form tags for logs and routing (never sent upstream), as `GenerateRequest.metadata`. */
  metadata?: Record<string, string>;
  /**
   * A sample object for offline stub providers: a stub answers with its
   * JSON, so a structured call works without any API key
   * (`AICMO_DEV_STUBS=1`). Never sent upstream by the real adapters.
   */
  demo?: z.input<S>;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Deadline of the whole call, repairs and fail-overs included, in ms. @default the chain's `deadlineMs` */
  deadlineMs?: number;
}

/** Options of `streamObject`. */
export interface StreamObjectOptions<S extends z.ZodType> extends GenerateObjectOptions<S> {
  /**
   * What happens when an answer must be replaced after partial objects were
   * emitted (a repair, or a fail-over after a broken stream): `true` emits a
   * `reset` event and starts over with the next answer; `false` follows the
   * stream commit rule: no new attempt after the first partial, the stream
   * ends with the typed failure.
   * @default true
   */
  resetOnRetry?: boolean;
}

/** What one structured attempt was: the first answer of a provider, or its repair. */
export type StructuredAttemptKind = 'initial' | 'repair';

/**
 * One structured attempt: one answer (or failure) of one provider. Plain
 * data, JSON-serializable.
 */
export interface StructuredAttempt {
  /** Provider name. */
  provider: string;
  /** Model configured in the chain. */
  model: string;
  /** `initial` or `repair`. */
  kind: StructuredAttemptKind;
  /** `valid` (matched), `invalid` (answered, did not match) or `failed` (no answer). */
  status: 'valid' | 'invalid' | 'failed';
  /** What did not match (empty unless `invalid`). */
  issues: Issue[];
  /** Tokens of this attempt, `null` when the provider did not answer or did not report them. */
  usage: TokenUsage | null;
  /** Cost of this attempt in USD, `null` when unknown. */
  costUsd: number | null;
  /** Failure kind, when `failed`. */
  errorKind?: ProviderErrorKind;
}

/**
 * The result of `generateObject`: the validated object and what it cost.
 */
export interface GenerateObjectResult<T> {
  /** The validated object (zod's parse output). */
  object: T;
  /** Provider that produced it. */
  provider: string;
  /** Model that answered. */
  model: string;
  /** Tokens of every attempt, repairs and mismatched answers of other providers included. */
  usage: TokenUsage;
  /** Cost of every attempt in USD, or `null` when any part is unknown (see `warnings`). */
  costUsd: number | null;
  /** Every structured attempt, in order. */
  attempts: StructuredAttempt[];
  /** Fallbacks, repairs and cost warnings. */
  warnings: string[];
  /** Wall time of the whole call, in ms. */
  latencyMs: number;
}

/** A deeply partial version of `T`: every property optional, at every level. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * One event of `streamObject`:
 * - `partial`: a validated deep-partial object, emitted only when it changed,
 *   never smaller than the previous one of the same answer;
 * - `reset`: the answer shown so far is discarded (repair or fail-over); the
 *   next partial starts from scratch;
 * - `object`: the final validated object, exactly once, last.
 */
export type StreamObjectEvent<S extends z.ZodType> =
  | { type: 'partial'; partial: DeepPartial<z.input<S>> }
  | {
      type: 'reset';
      /** Why: the answer did not match (`repair`), or the provider failed and another one is tried (`failover`). */
      reason: 'repair' | 'failover';
      /** Provider whose answer is discarded. */
      provider: string;
      /** Its model. */
      model: string;
    }
  | { type: 'object'; result: GenerateObjectResult<z.output<S>> };
