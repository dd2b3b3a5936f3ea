/**
 * `runModule`: runs any operator module through a ProviderChain: validates
 * the request, writes each planned deliverable with bounded concurrency, and
 * answers a SUCCESS, PARTIAL or FAILED deliverables envelope.
 */

import type * as z from 'zod';
import type { Deliverable, DeliverablesEnvelope } from '../../envelope/index.js';
import { createFailedEnvelope, createPartialEnvelope, createSuccessEnvelope } from '../../envelope/index.js';
import { isPythonBlank, pythonStrip } from '../../internal/index.js';
import type { AnyModuleDefinition, ModuleInput, ModuleRequest } from '../../modules/index.js';
import { parseModuleInput } from '../../modules/index.js';
import type {
  ChainCallOptions,
  ChainGenerateOptions,
  ChainResult,
  ChainStreamChunk,
  GenerateObjectOptions,
  GenerateObjectResult,
  GenerateRequest,
  StreamObjectEvent,
  StreamObjectOptions,
} from '../../providers/index.js';
import { isChainAbortedError } from '../../providers/index.js';
import { InvalidRequestError } from '../errors.js';
import { describeFailure, type FailureDescription, isAbortError } from '../failure.js';
import type { DeliverablePlan, ModuleHandler } from './handler.js';
import { type Answer, safeEmit, writeObject, writeText } from './write.js';

/**
 * What a module run needs from a chain: `generate`, and `stream` for live
 * deltas. A `ProviderChain` fits; so does any test double.
 */
export interface ModuleChain {
  /** Generates one text (see `ProviderChain.generate`). */
  generate(request: GenerateRequest, options?: ChainGenerateOptions): Promise<ChainResult>;
  /** Streams one text (see `ProviderChain.stream`); used when `onEvent` is set. */
  stream?(request: GenerateRequest, options?: ChainCallOptions): AsyncIterable<ChainStreamChunk>;
  /**
   * Generates one typed object (see `ProviderChain.generateObject`); used for
   * structured deliverables. A chain without it writes them as Markdown
   * through `generate`.
   */
  generateObject?<S extends z.ZodType>(
    options: GenerateObjectOptions<S>,
  ): Promise<GenerateObjectResult<z.output<S>>>;
  /** Streams one typed object (see `ProviderChain.streamObject`); used for structured deliverables when `onEvent` is set. */
  streamObject?<S extends z.ZodType>(options: StreamObjectOptions<S>): AsyncIterable<StreamObjectEvent<S>>;
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
  answer: Answer;
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
    const cost = w.answer.meta.cost_usd;
    if (cost === undefined) return undefined;
    total += cost;
  }
  return Math.round(total * 1e8) / 1e8;
}

function distinct(values: readonly string[]): string {
  return [...new Set(values)].join(',');
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
      const request: GenerateRequest = {
        system,
        prompt: plan.prompt,
        maxTokens: plan.maxTokens ?? 900,
        temperature: options.temperature ?? 0.7,
        metadata: { module, deliverableKind: plan.kind, runId },
      };
      const structure = plan.structured;
      let answer: Answer;
      if (structure !== undefined && chain.generateObject !== undefined) {
        const objectOptions: GenerateObjectOptions<z.ZodType> = {
          schema: structure.schema,
          name: structure.name,
          system,
          prompt: plan.prompt,
          maxTokens: plan.maxTokens ?? 900,
          temperature: options.temperature ?? 0.7,
          metadata: request.metadata ?? {},
          ...(structure.demo !== undefined && { demo: structure.demo }),
          ...callOptions,
        };
        answer = await writeObject(
          chain as ModuleChain & Required<Pick<ModuleChain, 'generateObject'>>,
          structure,
          objectOptions,
          id,
          onEvent,
        );
      } else {
        // A structured deliverable on a chain without generateObject (a test double) is written as Markdown.
        const demo =
          structure?.demo !== undefined ? structure.render(structure.demo) : (plan.demo ?? undefined);
        if (demo !== undefined) request.demo = demo;
        answer = await writeText(chain, request, callOptions, id, onEvent);
      }
      // Python strip rules (str.strip()), as the Python operator strips model output: U+FEFF stays.
      const markdown = pythonStrip(answer.markdown);
      if (isPythonBlank(markdown)) {
        const failure = emptyOutput(plan);
        safeEmit(onEvent, {
          type: 'deliverable.failed',
          id,
          error: { type: failure.type, message: failure.message, code: failure.status },
        });
        return { plan, error: undefined, failure };
      }
      const meta = answer.meta;
      const hashtags =
        answer.object !== undefined && structure !== undefined
          ? structure.hashtags(answer.object)
          : (plan.hashtags ?? plan.kind.endsWith('_post'))
            ? hashtagsOf(markdown)
            : [];
      const deliverable: Deliverable = {
        id,
        kind: plan.kind,
        title: plan.title,
        content_markdown: `${markdown}\n`,
        platform: plan.platform ?? null,
        hashtags,
        assets: null,
        metadata: {
          provider: meta.provider,
          model: meta.model,
          tokens_used: meta.tokens_used,
          ...(meta.cost_usd !== undefined && { cost_usd: meta.cost_usd }),
          latency_ms: Math.round(answer.latencyMs),
          finish_reason: answer.finishReason,
          attempts: answer.attempts,
          ...(answer.object !== undefined && { data: answer.object as Record<string, unknown> }),
        },
      };
      safeEmit(onEvent, { type: 'deliverable.completed', deliverable });
      return { plan, answer, deliverable };
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
    for (const warning of w.answer.meta.warnings) note(w.plan.kind, warning);
    if (w.answer.finishReason === 'length')
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

  const tokens = written.reduce((sum, w) => sum + w.answer.meta.tokens_used, 0);
  const cost = sumCost(written);
  const common = {
    module,
    runId,
    deliverables: written.map((w) => w.deliverable),
    provider: distinct(written.map((w) => w.answer.meta.provider)),
    model: distinct(written.map((w) => w.answer.meta.model)),
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
