/**
 * How a call ends: fallback warnings and events, the {@link ChainResult}
 * (cost, usage, redacted upstream fields) or the error. Internal.
 */
import type { Branch, Call } from './chain-attempt.js';
import type { ChainCore } from './chain-core.js';
import { AllProvidersFailedError, ChainAbortedError, ChainTimeoutError } from './chain-errors.js';
import type { Slot } from './chain-settings.js';
import type { ChainResult } from './chain-types.js';
import { priceUsage } from './pricing.js';
import type { ProviderResult } from './types.js';
import { emptyUsage } from './usage.js';

/** Turns the pending failures and skips into one warning and one `fallback` event each, now that `to` runs. */
export function noteFallback(core: ChainCore, call: Call, to: Slot): void {
  if (call.pending.length === 0) return;
  const later: Call['pending'] = [];
  for (const entry of call.pending.splice(0)) {
    const { slot, reason } = entry;
    if (slot === to) continue;
    // An open circuit further down the list is not a fallback from it (yet).
    if (reason === 'circuit_open' && slot.index > to.index) {
      later.push(entry);
      continue;
    }
    call.warnings.push(
      reason === 'circuit_open'
        ? `${slot.label} skipped (circuit open); fell back to ${to.label}.`
        : `${slot.label} failed (${reason}); fell back to ${to.label}.`,
    );
    core.emit('fallback', {
      from: { provider: slot.name, model: slot.model },
      to: { provider: to.name, model: to.model },
      reason,
    });
  }
  call.pending.push(...later);
}

/** Characters of a model id (`gpt-4o-mini-2024-07-18`, `meta-llama/llama-4-scout`, `llama3:8b`). */
const MODEL_ID = /^[\w.:/@+-]{1,128}$/;

/**
 * The model the upstream reported, when it is a plain model id that holds no
 * secret; else `undefined` (the configured model is reported instead: an
 * upstream can echo anything into that field).
 */
function reportedModel(core: ChainCore, model: string | undefined): string | undefined {
  if (typeof model !== 'string' || !MODEL_ID.test(model)) return undefined;
  return core.redact(model) === model ? model : undefined;
}

/** The usage when it is well-formed (finite, non-negative counts), else `undefined`. */
function validUsage(usage: ProviderResult['usage'] | undefined): ProviderResult['usage'] | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const counts = [usage.inputTokens, usage.outputTokens, usage.totalTokens];
  return counts.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0) ? usage : undefined;
}

/**
 * The call's result: the provider's, with cost, latency, attempts and
 * warnings; upstream-reported strings (`model`, `requestId`) redacted by value.
 */
export function finish(
  core: ChainCore,
  call: Call,
  branch: Branch,
  result: ProviderResult,
  extra: string[],
  partial = false,
): ChainResult {
  call.closed = true;
  const { slot } = branch;
  const provider = core.redact(result.provider || slot.name);
  const model = reportedModel(core, result.model) ?? slot.model;
  const reported = validUsage(result.usage);
  const usage = reported ?? emptyUsage();
  // Failures of providers that ran alongside the winner are fallbacks too.
  noteFallback(core, call, slot);
  const warnings = [...call.warnings, ...extra];
  let costUsd: number | null = null;
  if (partial) {
    warnings.push(`Token usage of the interrupted ${slot.label} stream is unknown: cost_usd is unknown.`);
  } else if (!reported) {
    warnings.push(`${slot.label} reported no valid token usage: cost_usd is unknown.`);
  } else {
    const priced = priceUsage(usage, slot.name, model, core.settings.prices);
    costUsd = priced.costUsd;
    if (priced.warning) warnings.push(priced.warning);
  }
  const out: ChainResult = {
    ...result,
    provider,
    model,
    usage,
    costUsd,
    latencyMs: Math.round((performance.now() - call.startedAt) * 1000) / 1000,
    attempts: call.attempts,
    warnings,
    partial,
  };
  if (result.requestId !== undefined) {
    // A request id that carried a secret is dropped, not half-kept.
    if (core.redact(result.requestId) === result.requestId) out.requestId = result.requestId;
    else delete out.requestId;
  }
  return out;
}

/** The warnings about branches still running when the winner answered. */
export function loserWarnings(winner: Branch, losers: readonly Branch[]): string[] {
  return losers.map((loser) =>
    loser.gate === 'probe'
      ? `${loser.slot.label} circuit probe still running; ${winner.slot.label} answered first.`
      : `${winner.slot.label} answered a hedged request before ${loser.slot.label}, which was cancelled.`,
  );
}

/** The error of a call that found no answer: aborted, past its deadline, or every provider failed. */
export function failure(call: Call): Error {
  call.closed = true;
  const attempts = call.attempts;
  if (call.aborted) return new ChainAbortedError({ attempts, reason: call.signal?.reason });
  if (call.deadlineHit || call.remaining() < 1) {
    return new ChainTimeoutError({ attempts, errors: call.errors, deadlineMs: call.deadlineMs });
  }
  return new AllProvidersFailedError({ attempts, errors: call.errors });
}
