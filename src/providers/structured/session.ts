/**
 * One structured call's state, shared by `generateObject` and
 * `streamObject`: the schema compiled for every provider before any
 * request, the per-provider requests, the attempts, usage, cost and
 * warnings, and the final result or error.
 *
 * @internal Used by `generateObject` / `streamObject`.
 */
import type * as z from 'zod';
import type { Issue } from '../../issue.js';
import { ChainAbortedError } from '../chain-errors.js';
import type { AttemptRecord, ChainResult, ChainTarget } from '../chain-types.js';
import { isProviderError, ProviderConfigurationError } from '../errors.js';
import type { ChatMessage, GenerateRequest, Provider, TokenUsage } from '../types.js';
import { type CompiledSchema, compileSchema, outputName } from './compile.js';
import { SchemaMismatchError } from './errors.js';
import { type BaseSchema, ROOT_KEY, toBaseSchema } from './json-schema.js';
import { withStructuredInstruction } from './prompt.js';
import type {
  GenerateObjectOptions,
  GenerateObjectResult,
  StructuredAttempt,
  StructuredAttemptKind,
} from './types.js';
import { type Checked, checkAnswer } from './validate.js';

/** What a chain looks like to the structured layer. */
export interface StructuredChain {
  /** The configured providers and models, in order. */
  readonly targets: readonly ChainTarget[];
  /** The default deadline of one call, in ms. */
  readonly defaultDeadlineMs: number;
}

/** A provider and model of the chain, as a key. */
function keyOf(target: { name: string; model: string }): string {
  return `${target.name}\u0000${target.model}`;
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const out: TokenUsage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
  const cached = (a.cachedInputTokens ?? 0) + (b.cachedInputTokens ?? 0);
  const written = (a.cacheWriteInputTokens ?? 0) + (b.cacheWriteInputTokens ?? 0);
  if (a.cachedInputTokens !== undefined || b.cachedInputTokens !== undefined) out.cachedInputTokens = cached;
  if (a.cacheWriteInputTokens !== undefined || b.cacheWriteInputTokens !== undefined)
    out.cacheWriteInputTokens = written;
  return out;
}

/** The provider and configured model that produced a chain result (its successful attempt). */
export function winnerOf(attempts: readonly AttemptRecord[]): { name: string; model: string } | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i] as AttemptRecord;
    if (attempt.outcome === 'success') return { name: attempt.provider, model: attempt.model };
  }
  return undefined;
}

/** The provider and configured model of the last failed attempt. */
export function lastFailureOf(
  attempts: readonly AttemptRecord[],
): { name: string; model: string } | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i] as AttemptRecord;
    if (attempt.outcome === 'failure') return { name: attempt.provider, model: attempt.model };
  }
  return undefined;
}

/** State of one `generateObject` / `streamObject` call. */
export class StructuredSession<S extends z.ZodType> {
  readonly startedAt = performance.now();
  readonly deadlineAt: number;
  readonly base: BaseSchema;
  readonly attempts: StructuredAttempt[] = [];
  readonly warnings: string[] = [];
  readonly conversation: ChatMessage[];
  /** Providers and models left out of the next chain calls (they answered and failed the schema). */
  readonly excluded = new Set<string>();
  /** True when any target compiles with strict-mode nulls (partials decode with them). */
  readonly anyStrict: boolean;
  private readonly compiled = new Map<Provider, CompiledSchema>();
  private readonly name: string;
  private readonly description: string | undefined;
  /** The demo object as JSON text (what stub providers answer). */
  private readonly demo: string | undefined;
  private usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  private cost = 0;
  private costUnknown = false;
  private lastMismatch: { issues: Issue[]; zodIssues: z.core.$ZodIssue[] } | undefined;
  /** The chain error that ended the search, if any. */
  lastError: unknown;

  constructor(
    chain: StructuredChain,
    readonly options: GenerateObjectOptions<S>,
  ) {
    if (!options || typeof options.schema?.safeParse !== 'function') {
      throw new ProviderConfigurationError(
        'generateObject / streamObject need a zod schema: pass { schema: z.object({ ... }), prompt }.',
      );
    }
    const targets = chain.targets;
    const first = targets[0]?.name ?? 'unknown';
    this.base = toBaseSchema(options.schema, first);
    // Compile for every provider before any request: an unsupported schema fails here.
    for (const target of targets) {
      if (this.compiled.has(target.provider)) continue;
      this.compiled.set(
        target.provider,
        compileSchema(this.base, target.provider.structuredOutput, target.name),
      );
    }
    this.anyStrict = [...this.compiled.values()].some((c) => c.nullForOptional);
    this.name = outputName(options.name);
    this.description = options.description ?? this.base.description;
    // A schema whose root is not an object is sent wrapped in one; so is its demo.
    this.demo =
      options.demo === undefined
        ? undefined
        : JSON.stringify(this.base.wrapped ? { [ROOT_KEY]: options.demo } : options.demo);
    this.conversation = [...(options.messages ?? [])];
    if (options.prompt !== undefined && options.prompt !== '') {
      this.conversation.push({ role: 'user', content: options.prompt });
    }
    if (this.conversation.length === 0) {
      throw new ProviderConfigurationError('generateObject / streamObject need a prompt or messages.');
    }
    const deadlineMs = options.deadlineMs ?? chain.defaultDeadlineMs;
    if (!Number.isFinite(deadlineMs) || deadlineMs <= 0) {
      throw new ProviderConfigurationError('generateObject option deadlineMs must be a positive number.');
    }
    this.deadlineAt = this.startedAt + deadlineMs;
  }

  /** What is left of the deadline, in ms. */
  remaining(): number {
    return this.deadlineAt - performance.now();
  }

  /** The compiled schema of a target. */
  compiledFor(target: { provider: Provider }): CompiledSchema {
    const compiled = this.compiled.get(target.provider);
    /* c8 ignore next */
    if (!compiled) throw new ProviderConfigurationError('The chain changed during a structured call.');
    return compiled;
  }

  /** The request for one provider: its compiled schema in its native mode, or in the system text. */
  request(target: ChainTarget, messages: ChatMessage[]): GenerateRequest {
    const compiled = this.compiledFor(target);
    const structured = {
      name: this.name,
      ...(this.description !== undefined && { description: this.description }),
      schema: compiled.schema,
    };
    const request: GenerateRequest = { messages };
    if (this.options.metadata !== undefined) request.metadata = this.options.metadata;
    if (this.demo !== undefined) request.demo = this.demo;
    if (this.options.temperature !== undefined) request.temperature = this.options.temperature;
    if (this.options.maxTokens !== undefined) request.maxTokens = this.options.maxTokens;
    if (compiled.mode !== undefined) {
      if (this.options.system !== undefined) request.system = this.options.system;
      request.structured = structured;
    } else {
      request.system = withStructuredInstruction(this.options.system, structured);
      request.json = true;
    }
    return request;
  }

  /** `requestFor` of the first answer: every provider not yet excluded. */
  initialRequests(): (target: ChainTarget) => GenerateRequest | null {
    return (target) => (this.excluded.has(keyOf(target)) ? null : this.request(target, this.conversation));
  }

  /** `requestFor` of a repair: only `only`, with the rejected answer and its issues. */
  repairRequests(
    only: { name: string; model: string },
    messages: ChatMessage[],
  ): (target: ChainTarget) => GenerateRequest | null {
    const key = keyOf(only);
    return (target) => (keyOf(target) === key ? this.request(target, messages) : null);
  }

  /** The chain target of a result's winner. */
  targetOf(winner: { name: string; model: string }, targets: readonly ChainTarget[]): ChainTarget {
    const key = keyOf(winner);
    const target = targets.find((t) => keyOf(t) === key);
    /* c8 ignore next */
    if (!target) throw new ProviderConfigurationError('A chain result came from an unknown provider.');
    return target;
  }

  /** Leaves a provider out of the next chain calls. */
  exclude(target: { name: string; model: string }): void {
    this.excluded.add(keyOf(target));
  }

  /** Checks an answer of `target`. */
  check(target: ChainTarget, text: string): Checked<z.output<S>> {
    return checkAnswer(this.options.schema, text, this.base, this.compiledFor(target));
  }

  /** Records the transport failures of one chain call. */
  recordFailures(attempts: readonly AttemptRecord[], kind: StructuredAttemptKind): void {
    for (const attempt of attempts) {
      if (attempt.outcome !== 'failure') continue;
      this.attempts.push({
        provider: attempt.provider,
        model: attempt.model,
        kind,
        status: 'failed',
        issues: [],
        usage: null,
        costUsd: null,
        ...(attempt.errorKind !== undefined && { errorKind: attempt.errorKind }),
      });
    }
  }

  /** Records an answer (valid or not) and adds its usage and cost. */
  recordAnswer(
    target: { name: string; model: string },
    result: ChainResult,
    kind: StructuredAttemptKind,
    checked: Checked<unknown>,
  ): void {
    this.recordFailures(result.attempts, kind);
    for (const warning of result.warnings) if (!this.warnings.includes(warning)) this.warnings.push(warning);
    this.usage = addUsage(this.usage, result.usage);
    // A generation the API rejected itself (Groq's json_validate_failed) comes with no usage: unknown, not free.
    const unreported = result.finishReason === 'error' && result.usage.totalTokens === 0;
    const costUsd = unreported ? null : result.costUsd;
    if (unreported) {
      this.warnings.push(`${target.name} (${target.model}) reported no token usage for its rejected answer.`);
    }
    if (costUsd === null) this.costUnknown = true;
    else this.cost += costUsd;
    this.attempts.push({
      provider: target.name,
      model: target.model,
      kind,
      status: checked.ok ? 'valid' : 'invalid',
      issues: checked.ok ? [] : checked.issues,
      usage: unreported ? null : result.usage,
      costUsd,
    });
    if (!checked.ok) {
      this.lastMismatch = { issues: checked.issues, zodIssues: checked.zodIssues };
      this.warnings.push(
        `${target.name} (${target.model}) ${kind === 'repair' ? 'repair' : 'answer'} did not match the schema (${checked.issues.length} issue(s)).`,
      );
    }
  }

  /** Records a failed chain call; rethrows at once when the caller aborted. */
  recordError(error: unknown, kind: StructuredAttemptKind): void {
    const attempts = (error as { attempts?: unknown }).attempts;
    if (Array.isArray(attempts)) this.recordFailures(attempts as AttemptRecord[], kind);
    this.lastError = error;
    if (this.options.signal?.aborted) {
      throw (error as { name?: unknown })?.name === 'ChainAbortedError'
        ? error
        : new ChainAbortedError({ attempts: [], reason: this.options.signal.reason });
    }
  }

  /** The result for a valid answer. */
  result(result: ChainResult, object: z.output<S>): GenerateObjectResult<z.output<S>> {
    if (this.costUnknown) this.warnings.push('The cost of at least one attempt is unknown: costUsd is null.');
    return {
      object,
      provider: result.provider,
      model: result.model,
      usage: this.usage,
      costUsd: this.costUnknown ? null : Math.round(this.cost * 1e10) / 1e10,
      attempts: this.attempts,
      warnings: this.warnings,
      latencyMs: Math.round((performance.now() - this.startedAt) * 1000) / 1000,
    };
  }

  /** The error when no answer matched: a {@link SchemaMismatchError} when any answer came back, else the chain's error. */
  failure(): Error {
    if (this.lastMismatch) {
      return new SchemaMismatchError({
        issues: this.lastMismatch.issues,
        zodIssues: this.lastMismatch.zodIssues,
        attempts: this.attempts,
        cause: this.lastError,
      });
    }
    if (this.lastError instanceof Error) return this.lastError;
    /* c8 ignore next */
    return new ProviderConfigurationError('No provider could be tried for the structured call.');
  }

  /** True when the error must end the call at once (abort, deadline, a provider error that is not a chain error). */
  fatal(error: unknown): boolean {
    if (this.options.signal?.aborted) return true;
    const name = (error as { name?: unknown })?.name;
    if (name === 'ChainAbortedError' || name === 'ChainTimeoutError') return true;
    if (this.remaining() < 1) return true;
    // Anything that is not the chain's own failure report (a bug in a custom provider) ends the call too.
    return !(
      name === 'AllProvidersFailedError' ||
      name === 'StreamInterruptedError' ||
      isProviderError(error)
    );
  }
}
