/**
 * `runModule`: runs any operator module through a ProviderChain: validates
 * the request, writes each planned deliverable with bounded concurrency, and
 * answers a SUCCESS, PARTIAL or FAILED deliverables envelope.
 */

import type { Deliverable, DeliverablesEnvelope } from '../../envelope/index.js';
import { createFailedEnvelope, createPartialEnvelope, createSuccessEnvelope } from '../../envelope/index.js';
import { isPythonBlank } from '../../internal/index.js';
import type { AnyModuleDefinition, ModuleInput, ModuleRequest } from '../../modules/index.js';
import { parseModuleInput } from '../../modules/index.js';
import type {
  ChainCallOptions,
  ChainGenerateOptions,
  ChainResult,
  ChainStreamChunk,
  GenerateRequest,
} from '../../providers/index.js';
import { isChainAbortedError, toEnvelopeMeta } from '../../providers/index.js';
import { InvalidRequestError } from '../errors.js';
import { describeFailure, type FailureDescription, isAbortError } from '../failure.js';
import type { DeliverablePlan, ModuleHandler } from './handler.js';

/**
 * What a module run needs from a chain: `generate`, and `stream` for live
 * deltas. A `ProviderChain` fits; so does any test double.
 */
export interface ModuleChain {
  /** Generates one text (see `ProviderChain.generate`). */
  generate(request: GenerateRequest, options?: ChainGenerateOptions): Promise<ChainResult>;
  /** Streams one text (see `ProviderChain.stream`); used when `onEvent` is set. */
  stream?(request: GenerateRequest, options?: ChainCallOptions): AsyncIterable<ChainStreamChunk>;
}

/** Progress of a module run, as {@link RunModuleOptions.onEvent} receives it. */
export type ModuleRunEvent =
  | {
      /** A run is about to write these deliverables. */
      readonly type: 'run.planned';
      readonly runId: string;
      readonly module: string;
      readonly deliverables: readonly {
        readonly id: string;
        readonly kind: string;
        readonly title: string;
      }[];
    }
  | {
      /** Writing of one deliverable started. */
      readonly type: 'deliverable.started';
      readonly id: string;
      readonly kind: string;
      readonly title: string;
    }
  | {
      /** Model text for one deliverable, as it arrives. */
      readonly type: 'deliverable.delta';
      readonly id: string;
      readonly text: string;
    }
  | {
      /** One deliverable is written and valid. */
      readonly type: 'deliverable.completed';
      readonly deliverable: Deliverable;
    }
  | {
      /** One deliverable could not be written. */
      readonly type: 'deliverable.failed';
      readonly id: string;
      readonly error: { readonly type: string; readonly message: string; readonly code: number };
    };

/** Options of {@link runModule}. */
export interface RunModuleOptions {
  /** Cancels the run: in-flight calls are aborted, queued ones never start, and the call rejects. */
  signal?: AbortSignal;
  /** Trace id written into `meta.trace_id`. */
  traceId?: string;
  /** Run id. @default a random UUID */
  runId?: string;
  /** Deliverables generated at the same time. @default 3 */
  concurrency?: number;
  /** Deadline of each deliverable's chain call, in ms. @default the chain's `deadlineMs` */
  deadlineMs?: number;
  /** Sampling temperature. @default 0.7 */
  temperature?: number;
  /**
   * Live progress. When set (and the chain can stream), deliverables are
   * written through `chain.stream` and each delta is reported as it arrives.
   * Must not throw; it runs synchronously.
   */
  onEvent?: (event: ModuleRunEvent) => void;
}

interface Written {
  plan: DeliverablePlan;
  result: ChainResult;
  deliverable: Deliverable;
}

interface Failed {
  plan: DeliverablePlan;
  error: unknown;
  failure: FailureDescription;
}

const HASHTAG = /(?:^|[\s(])(#[\p{L}\p{N}_]{2,50})/gu;

function hashtagsOf(markdown: string): string[] {
  const tags = new Set<string>();
  for (const match of markdown.matchAll(HASHTAG)) {
    if (match[1]) tags.add(match[1]);
    if (tags.size >= 15) break;
  }
  return [...tags];
}

/** Runs `tasks` with at most `limit` at a time; resolves in task order. */
async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

function emptyOutput(plan: DeliverablePlan): FailureDescription {
  return { status: 502, type: 'EMPTY_OUTPUT', message: `The model returned no content for "${plan.title}".` };
}

function sumCost(written: readonly Written[]): number | undefined {
  let total = 0;
  for (const w of written) {
    const cost = toEnvelopeMeta(w.result).cost_usd;
    if (cost === undefined) return undefined;
    total += cost;
  }
  return Math.round(total * 1e8) / 1e8;
}

function distinct(values: readonly string[]): string {
  return [...new Set(values)].join(',');
}

function safeEmit(onEvent: RunModuleOptions['onEvent'], event: ModuleRunEvent): void {
  try {
    onEvent?.(event);
  } catch {
    // A progress hook must not break the run.
  }
}

async function write(
  chain: ModuleChain,
  request: GenerateRequest,
  callOptions: ChainCallOptions,
  id: string,
  onEvent: RunModuleOptions['onEvent'],
): Promise<ChainResult> {
  if (onEvent === undefined || chain.stream === undefined) return chain.generate(request, callOptions);
  for await (const chunk of chain.stream(request, callOptions)) {
    if (chunk.type === 'delta') safeEmit(onEvent, { type: 'deliverable.delta', id, text: chunk.text });
    else return chunk.result;
  }
  throw new Error('The stream ended without a result.');
}

/**
 * Runs `handler`'s module on `input` through `chain`: each planned
 * deliverable under the module's system prompt, `concurrency` at a time.
 *
 * - All written: a SUCCESS envelope.
 * - Some failed: a PARTIAL envelope with what was written, one warning per
 *   failure, and `error.details.failed` listing them.
 * - All failed: a FAILED envelope whose `error.type`/`error.code` describe
 *   the failure (e.g. `TIMEOUT`/504, `ALL_PROVIDERS_FAILED`/503).
 *
 * `meta` sums `tokens_used` and `cost_usd` (omitted when a model has no
 * price: never a made-up 0) and lists every provider and model used. Each
 * deliverable's `metadata` records its provider, model, tokens, cost and latency.
 *
 * @throws InvalidRequestError when `input` does not match the module's request schema.
 * @throws the chain's abort error when `options.signal` aborts.
 * @example
 * ```ts
 * const envelope = await runModule(BUILTIN_MODULE_HANDLERS.strategy, { campaign_name: 'Spring Launch' }, chain)
 * ```
 */
export async function runModule<M extends AnyModuleDefinition>(
  handler: ModuleHandler<M>,
  input: ModuleInput<M>,
  chain: ModuleChain,
  options: RunModuleOptions = {},
): Promise<DeliverablesEnvelope> {
  const parsed = parseModuleInput(handler.module, input);
  if (!parsed.success) throw new InvalidRequestError(parsed.issues);
  return runParsed(handler, parsed.data, chain, options);
}

/** {@link runModule} on a request already validated by the module's schema. @internal */
export async function runParsed<M extends AnyModuleDefinition>(
  handler: ModuleHandler<M>,
  request: ModuleRequest<M>,
  chain: ModuleChain,
  options: RunModuleOptions = {},
): Promise<DeliverablesEnvelope> {
  const module = handler.module.name;
  const runId = options.runId ?? globalThis.crypto.randomUUID();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 3));
  const { signal, onEvent } = options;
  signal?.throwIfAborted();

  const plans = handler.plan(request);
  const system = handler.system(request);
  const idOf = (plan: DeliverablePlan) => `${runId}:${plan.key}`;
  safeEmit(onEvent, {
    type: 'run.planned',
    runId,
    module,
    deliverables: plans.map((p) => ({ id: idOf(p), kind: p.kind, title: p.title })),
  });
  const callOptions: ChainCallOptions = {
    ...(signal !== undefined && { signal }),
    ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }),
  };
  const outcomes = await pool(plans.length, concurrency, async (index): Promise<Written | Failed> => {
    const plan = plans[index] as DeliverablePlan;
    const id = idOf(plan);
    try {
      signal?.throwIfAborted();
      safeEmit(onEvent, { type: 'deliverable.started', id, kind: plan.kind, title: plan.title });
      const result = await write(
        chain,
        {
          system,
          prompt: plan.prompt,
          maxTokens: plan.maxTokens ?? 900,
          temperature: options.temperature ?? 0.7,
          metadata: { module, deliverableKind: plan.kind, runId },
          ...(plan.demo !== undefined && { demo: plan.demo }),
        },
        callOptions,
        id,
        onEvent,
      );
      const markdown = result.text.trim();
      if (isPythonBlank(markdown)) {
        const failure = emptyOutput(plan);
        safeEmit(onEvent, {
          type: 'deliverable.failed',
          id,
          error: { type: failure.type, message: failure.message, code: failure.status },
        });
        return { plan, error: undefined, failure };
      }
      const meta = toEnvelopeMeta(result);
      const deliverable: Deliverable = {
        id,
        kind: plan.kind,
        title: plan.title,
        content_markdown: `${markdown}\n`,
        platform: plan.platform ?? null,
        hashtags: (plan.hashtags ?? plan.kind.endsWith('_post')) ? hashtagsOf(markdown) : [],
        assets: null,
        metadata: {
          provider: meta.provider,
          model: meta.model,
          tokens_used: meta.tokens_used,
          ...(meta.cost_usd !== undefined && { cost_usd: meta.cost_usd }),
          latency_ms: Math.round(result.latencyMs),
          finish_reason: result.finishReason,
          attempts: result.attempts.length,
        },
      };
      safeEmit(onEvent, { type: 'deliverable.completed', deliverable });
      return { plan, result, deliverable };
    } catch (error) {
      const failure = describeFailure(error, { clientAborted: signal?.aborted ?? false });
      safeEmit(onEvent, {
        type: 'deliverable.failed',
        id,
        error: { type: failure.type, message: failure.message, code: failure.status },
      });
      return { plan, error, failure };
    }
  });

  if (signal?.aborted) {
    const aborted = outcomes.find(
      (o): o is Failed => 'failure' in o && (isChainAbortedError(o.error) || isAbortError(o.error)),
    );
    throw aborted?.error ?? signal.reason;
  }

  const written = outcomes.filter((o): o is Written => 'deliverable' in o);
  const failed = outcomes.filter((o): o is Failed => 'failure' in o);
  // The same warning from several deliverables (e.g. an unpriced model) is listed once, naming each kind.
  const grouped = new Map<string, string[]>();
  const note = (kind: string, warning: string) =>
    grouped.set(warning, [...(grouped.get(warning) ?? []), kind]);
  for (const w of written) {
    for (const warning of w.result.warnings) note(w.plan.kind, warning);
    if (w.result.finishReason === 'length')
      note(w.plan.kind, 'the text hit the token limit and may be cut short.');
  }
  const warnings = [...grouped].map(([warning, kinds]) => `${[...new Set(kinds)].join(', ')}: ${warning}`);
  for (const f of failed)
    warnings.push(`${f.plan.kind} was not generated (${f.failure.type}): ${f.failure.message}`);
  const failedDetails = failed.map((f) => ({
    kind: f.plan.kind,
    error_type: f.failure.type,
    code: f.failure.status,
  }));
  const traceId = options.traceId;

  if (written.length === 0) {
    const first = failed[0] as Failed;
    return createFailedEnvelope({
      module,
      runId,
      errorType: first.failure.type,
      code: first.failure.status,
      message: `No deliverable could be generated. ${first.failure.message}`,
      details: { ...first.failure.details, failed: failedDetails },
      ...(traceId !== undefined && { traceId }),
    });
  }

  const tokens = written.reduce((sum, w) => sum + toEnvelopeMeta(w.result).tokens_used, 0);
  const cost = sumCost(written);
  const common = {
    module,
    runId,
    deliverables: written.map((w) => w.deliverable),
    provider: distinct(written.map((w) => w.result.provider)),
    model: distinct(written.map((w) => w.result.model)),
    tokensUsed: tokens,
    warnings,
    ...(cost !== undefined && { costUsd: cost }),
    ...(traceId !== undefined && { traceId }),
  };
  if (failed.length === 0) return createSuccessEnvelope(common);
  return createPartialEnvelope({
    ...common,
    error: {
      type: 'PARTIAL_FAILURE',
      message: `${failed.length} of ${plans.length} deliverables could not be generated: ${failed
        .map((f) => `${f.plan.kind} (${f.failure.type})`)
        .join(', ')}. See meta.warnings.`,
      details: { failed: failedDetails },
    },
  });
}
