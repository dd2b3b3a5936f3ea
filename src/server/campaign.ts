/**
 * `generateCampaign`: a campaign brief, one post per platform and an email,
 * written through a ProviderChain with bounded concurrency.
 */
import { createFailedEnvelope, createPartialEnvelope, createSuccessEnvelope } from '../envelope/builders.js';
import type { Deliverable, DeliverablesEnvelope } from '../envelope/schemas.js';
import { isPythonBlank } from '../internal/python-strip.js';
import type { ChainStreamChunk } from '../providers/chain.js';
import { isChainAbortedError } from '../providers/chain-errors.js';
import type { ChainCallOptions, ChainGenerateOptions, ChainResult } from '../providers/chain-types.js';
import { toEnvelopeMeta } from '../providers/envelope-meta.js';
import type { GenerateRequest } from '../providers/types.js';
import type { PlannedDeliverable, RunEventInput } from '../stream/events.js';
import {
  type CampaignDeliverableSpec,
  campaignSystemPrompt,
  campaignUserPrompt,
  planCampaignDeliverables,
} from './campaign-prompts.js';
import {
  type CampaignRequest,
  type CampaignRequestInput,
  CampaignRequestSchema,
} from './campaign-request.js';
import { InvalidRequestError } from './errors.js';
import { describeFailure, type FailureDescription, isAbortError } from './failure.js';
import { toRequestIssues } from './internal/issues.js';

/**
 * What `generateCampaign` needs from a chain: `generate`. A
 * `ProviderChain` fits; so does any test double.
 */
export interface CampaignChain {
  /** Generates one text (see `ProviderChain.generate`). */
  generate(request: GenerateRequest, options?: ChainGenerateOptions): Promise<ChainResult>;
  /** Streams one text (see `ProviderChain.stream`); used when progress is reported through `onEvent`. */
  stream?(request: GenerateRequest, options?: ChainCallOptions): AsyncIterable<ChainStreamChunk>;
}

/** Options of {@link generateCampaign}. */
export interface GenerateCampaignOptions {
  /** Cancels the run: in-flight calls are aborted, queued ones never start, and the call rejects. */
  signal?: AbortSignal;
  /** Trace id written into `meta.trace_id`. */
  traceId?: string;
  /** Run id. @default a random UUID */
  runId?: string;
  /** Module name. @default 'campaigns' */
  module?: string;
  /** Deliverables generated at the same time. @default 3 */
  concurrency?: number;
  /** Deadline of each deliverable's chain call, in ms. @default the chain's `deadlineMs` */
  deadlineMs?: number;
  /** Sampling temperature. @default 0.7 */
  temperature?: number;
  /**
   * Progress: `deliverable.started`, then `deliverable.delta` with the model's
   * text as it arrives (through `chain.stream` when the chain has one), then
   * `deliverable.completed` or `deliverable.failed`. Must not throw.
   */
  onEvent?: (event: RunEventInput) => void;
}

/**
 * The deliverables a campaign run will write, with the ids and titles its
 * envelope will hold (what `run.started` announces).
 *
 * @example
 * ```ts
 * planCampaignRun(request, runId).map((d) => d.kind) // ['campaign_brief', 'linkedin_post', 'email_copy']
 * ```
 */
export function planCampaignRun(request: CampaignRequest, runId: string): PlannedDeliverable[] {
  return planCampaignDeliverables(request).map((spec) => ({
    id: `${runId}:${spec.key}`,
    kind: spec.kind,
    title: `${spec.label}: ${request.campaign_name}`,
  }));
}

/** One chain call, streamed when progress is wanted and the chain can stream. */
async function writeText(
  chain: CampaignChain,
  request: GenerateRequest,
  options: ChainCallOptions,
  onDelta: ((text: string) => void) | undefined,
): Promise<ChainResult> {
  if (onDelta === undefined || chain.stream === undefined) {
    const result = await chain.generate(request, options);
    if (onDelta !== undefined && result.text.length > 0) onDelta(result.text);
    return result;
  }
  for await (const chunk of chain.stream(request, options)) {
    if (chunk.type === 'delta') onDelta(chunk.text);
    else return chunk.result;
  }
  throw new Error('The chain stream ended without a result.');
}

interface Written {
  spec: CampaignDeliverableSpec;
  result: ChainResult;
  deliverable: Deliverable;
}

interface Failed {
  spec: CampaignDeliverableSpec;
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

function emptyOutput(spec: CampaignDeliverableSpec): FailureDescription {
  return {
    status: 502,
    type: 'EMPTY_OUTPUT',
    message: `The model returned no content for the ${spec.label.toLowerCase()}.`,
  };
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

/**
 * Writes a marketing campaign through `chain`: a campaign brief, one post per
 * requested platform (LinkedIn, Instagram, X, TikTok, ...) and an email, each
 * with its own instructions under a shared system prompt. Deliverables are
 * generated `concurrency` at a time.
 *
 * - All written: a SUCCESS envelope.
 * - Some failed: a PARTIAL envelope with what was written, one warning per
 *   failure, and `error.details.failed` listing them.
 * - All failed: a FAILED envelope whose `error.type`/`error.code` describe
 *   the failure (e.g. `TIMEOUT`/504, `ALL_PROVIDERS_FAILED`/503).
 *
 * `meta` sums `tokens_used` and `cost_usd` (omitted when a model has no
 * price: never a made-up 0), lists every provider and model used, and carries
 * the chain's warnings (fallbacks taken, truncation). Each deliverable's
 * `metadata` records its provider, model, tokens, cost and latency.
 *
 * @throws InvalidRequestError when `request` does not match {@link CampaignRequestSchema}.
 * @throws the chain's abort error when `options.signal` aborts.
 * @example
 * ```ts
 * const envelope = await generateCampaign(
 *   { campaign_name: 'Spring Launch', objectives: ['Awareness'], platforms: ['LinkedIn', 'Instagram'], budget: 5000, timeline_days: 30 },
 *   providerChainFromEnv(),
 * )
 * for (const d of envelope.deliverables) console.log(d.kind, d.title)
 * ```
 */
export async function generateCampaign(
  request: CampaignRequestInput,
  chain: CampaignChain,
  options: GenerateCampaignOptions = {},
): Promise<DeliverablesEnvelope> {
  const parsed = CampaignRequestSchema.safeParse(request);
  if (!parsed.success) throw new InvalidRequestError(toRequestIssues(parsed.error.issues, request));
  const campaign: CampaignRequest = parsed.data;
  const module = options.module ?? 'campaigns';
  const runId = options.runId ?? globalThis.crypto.randomUUID();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 3));
  const { signal } = options;
  signal?.throwIfAborted();

  const specs = planCampaignDeliverables(campaign);
  const system = campaignSystemPrompt(campaign);
  const { onEvent } = options;
  const titleOf = (spec: CampaignDeliverableSpec) => `${spec.label}: ${campaign.campaign_name}`;
  const failed = (spec: CampaignDeliverableSpec, error: unknown, failure: FailureDescription): Failed => {
    onEvent?.({
      type: 'deliverable.failed',
      id: `${runId}:${spec.key}`,
      error: { type: failure.type, message: failure.message, code: failure.status },
    });
    return { spec, error, failure };
  };
  const outcomes = await pool(specs.length, concurrency, async (index): Promise<Written | Failed> => {
    const spec = specs[index] as CampaignDeliverableSpec;
    const id = `${runId}:${spec.key}`;
    const emit = onEvent;
    try {
      signal?.throwIfAborted();
      emit?.({ type: 'deliverable.started', id, kind: spec.kind, title: titleOf(spec) });
      const result = await writeText(
        chain,
        {
          system,
          prompt: campaignUserPrompt(campaign, spec),
          maxTokens: spec.maxTokens,
          temperature: options.temperature ?? 0.7,
          metadata: { module, deliverableKind: spec.kind, runId },
        },
        {
          ...(signal !== undefined && { signal }),
          ...(options.deadlineMs !== undefined && { deadlineMs: options.deadlineMs }),
        },
        emit && ((text) => emit({ type: 'deliverable.delta', id, text })),
      );
      const markdown = result.text.trim();
      if (isPythonBlank(markdown)) return failed(spec, undefined, emptyOutput(spec));
      const meta = toEnvelopeMeta(result);
      const deliverable: Deliverable = {
        id,
        kind: spec.kind,
        title: titleOf(spec),
        content_markdown: `${markdown}\n`,
        platform: spec.platform,
        hashtags: spec.kind === 'campaign_brief' ? [] : hashtagsOf(markdown),
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
      emit?.({ type: 'deliverable.completed', deliverable });
      return { spec, result, deliverable };
    } catch (error) {
      return failed(spec, error, describeFailure(error, { clientAborted: signal?.aborted ?? false }));
    }
  });

  if (signal?.aborted) {
    const aborted = outcomes.find(
      (o): o is Failed => 'failure' in o && (isChainAbortedError(o.error) || isAbortError(o.error)),
    );
    throw aborted?.error ?? signal.reason;
  }

  const written = outcomes.filter((o): o is Written => 'deliverable' in o);
  const failures = outcomes.filter((o): o is Failed => 'failure' in o);
  // The same warning from several deliverables (e.g. an unpriced model) is listed once, naming each kind.
  const grouped = new Map<string, string[]>();
  const note = (kind: string, warning: string) =>
    grouped.set(warning, [...(grouped.get(warning) ?? []), kind]);
  for (const w of written) {
    for (const warning of w.result.warnings) note(w.spec.kind, warning);
    if (w.result.finishReason === 'length')
      note(w.spec.kind, 'the text hit the token limit and may be cut short.');
  }
  const warnings = [...grouped].map(([warning, kinds]) => `${[...new Set(kinds)].join(', ')}: ${warning}`);
  for (const f of failures)
    warnings.push(`${f.spec.kind} was not generated (${f.failure.type}): ${f.failure.message}`);
  const failedDetails = failures.map((f) => ({
    kind: f.spec.kind,
    error_type: f.failure.type,
    code: f.failure.status,
  }));
  const traceId = options.traceId;

  if (written.length === 0) {
    const first = failures[0] as Failed;
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
  if (failures.length === 0) return createSuccessEnvelope(common);
  return createPartialEnvelope({
    ...common,
    error: {
      type: 'PARTIAL_FAILURE',
      message: `${failures.length} of ${specs.length} deliverables could not be generated: ${failures
        .map((f) => `${f.spec.kind} (${f.failure.type})`)
        .join(', ')}. See meta.warnings.`,
      details: { failed: failedDetails },
    },
  });
}
