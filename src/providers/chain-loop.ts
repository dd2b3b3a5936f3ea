/**
 * The one attempt-and-retry loop of the chain, shared by `generate`,
 * `stream` (and anything else that runs attempts through the chain): the
 * order, circuit gates, fail-over-first retries, waits that end early,
 * hedging and half-open probes. Internal.
 *
 * What an attempt does is the {@link AttemptRunner}'s business: call
 * `generate`, or open a stream and read it up to its first content delta
 * (the stream's commit point).
 */
import { raceAbort } from '../internal/index.js';
import { Attempt, type Branch, type Call, newBranch } from './chain-attempt.js';
import type { ChainCore } from './chain-core.js';
import { noteFallback } from './chain-result.js';
import type { Slot } from './chain-settings.js';
import type { CircuitGate } from './chain-types.js';
import type { ProviderError } from './errors.js';
import type { GenerateRequest } from './types.js';

/** How one attempt talks to a provider. */
export interface AttemptRunner<T> {
  /**
   * Starts one attempt on `slot` with `signal` (aborted on timeout, deadline,
   * caller abort or when another provider wins); resolves with what wins the
   * call, rejects with what the provider threw.
   */
  start(slot: Slot, request: GenerateRequest, signal: AbortSignal): Promise<T>;
  /**
   * True: the attempt succeeds when `start` resolves (a `generate` result).
   * False: the winner's attempt stays open and its caller settles it (a
   * stream read to its end after its commit).
   */
  readonly settleOnWin: boolean;
  /** Releases a value that arrived after another provider won (closes a committed stream). */
  discard(value: T): void;
}

/** The attempt that won a call, and the branches still running beside it. */
export interface Won<T> {
  branch: Branch;
  /** Its attempt: still open when the runner does not settle on win. */
  scope: Attempt;
  value: T;
  losers: Branch[];
}

/** True when `slot`'s circuit would open if its calls already past the slow-call threshold failed. */
function suspect(slot: Slot, slowCallMs: number | undefined, at: number): boolean {
  return slowCallMs !== undefined && slot.circuit.suspect(slowCallMs, at);
}

/**
 * Configured order, minus open circuits (they go last-resort); a closed but
 * unhealthy provider moves after the others, and so does one whose calls in
 * flight are already slow enough to open its circuit (see `Circuit.suspect`). Health never reorders the rest:
 * the configured order is the user's cost and quality preference, and a
 * never-tried provider keeps its place.
 */
function plan(
  slots: readonly Slot[],
  call: Call,
  request: GenerateRequest,
  slowCallMs: number | undefined,
): { ordered: Slot[]; open: Slot[] } {
  const now = Date.now();
  const at = performance.now();
  const ordered: Slot[] = [];
  const demoted: Slot[] = [];
  const open: Slot[] = [];
  for (const slot of slots) {
    // Left out of this call by its `requestFor`: not tried, not a fallback.
    if (call.requestFor && call.requestOf(slot, request) === null) continue;
    const view = slot.circuit.view(now);
    if (view === 'open') open.push(slot);
    else if (view === 'closed' && (slot.health.health === 'unhealthy' || suspect(slot, slowCallMs, at)))
      demoted.push(slot);
    else ordered.push(slot);
  }
  return { ordered: demoted.length > 0 ? ordered.concat(demoted) : ordered, open };
}

/**
 * Runs the call: the available providers in order, then (when allowed) the
 * ones with an open circuit as a last resort, one attempt each. Resolves with
 * the winner, or `undefined` when every provider failed or the call stopped.
 */
export async function runAttempts<T>(
  core: ChainCore,
  call: Call,
  request: GenerateRequest,
  runner: AttemptRunner<T>,
): Promise<Won<T> | undefined> {
  const { ordered, open } = plan(core.slots, call, request, core.settings.slowCallMs);
  const skipped: Slot[] = [];
  for (const slot of open) call.pending.push({ slot, reason: 'circuit_open' });
  let won =
    ordered.length > 0 ? await runPhase(core, call, ordered, false, request, runner, skipped) : undefined;
  if (!won && core.settings.lastResort && !call.stopped()) {
    const set = new Set([...open, ...skipped]);
    const rest = core.slots.filter((slot) => set.has(slot));

    if (rest.length > 0) won = await runPhase(core, call, rest, true, request, runner, []);
  }
  return won;
}

/**
 * Runs slots in order. A retryable failure fails over to the next available
 * provider and parks the branch; parked branches are retried (earliest ready
 * first) only when no untried provider is left and nothing else is running.
 * With `retryBeforeFailover`, or when no other provider is left, a branch
 * retries itself after its wait. With hedging (or a half-open probe) a later
 * slot may start while an earlier one is still running.
 */
function runPhase<T>(
  core: ChainCore,
  call: Call,
  slots: Slot[],
  forced: boolean,
  request: GenerateRequest,
  runner: AttemptRunner<T>,
  skipped: Slot[],
): Promise<Won<T> | undefined> {
  const { hedgeAfterMs, slowCallMs } = core.settings;
  return new Promise((resolve) => {
    let next = 0;
    let active = 0;
    let settled = false;
    let hedgeTimer: ReturnType<typeof setTimeout> | undefined;
    const branches: Branch[] = [];
    let parked: Branch[] = [];

    const settle = (won: { branch: Branch; scope: Attempt; value: T } | undefined) => {
      if (settled) return;
      settled = true;
      if (hedgeTimer !== undefined) clearTimeout(hedgeTimer);
      parked = [];
      if (!won) return resolve(undefined);
      const losers = branches.filter((branch) => branch !== won.branch && !branch.finished);
      for (const branch of losers) {
        // A losing probe may finish on its own: its outcome is what closes the circuit.
        if (branch.gate === 'probe') continue;
        branch.cancelled = true;
        branch.scope?.loseRace(slowCallMs);
        branch.wake();
      }
      resolve({ ...won, losers });
    };

    const usable = (branch: Branch, now: number): boolean =>
      branch.slot.circuit.state === 'closed' && branch.readyAt - now < call.remaining();

    const ctx: PhaseContext = {
      hasAlternative(self) {
        if (active > 1) return true;
        const now = Date.now();
        for (let i = next; i < slots.length; i++) {
          if (forced || (slots[i] as Slot).circuit.view(now) !== 'open') return true;
        }
        const at = performance.now();
        return parked.some((branch) => branch !== self && usable(branch, at));
      },
    };

    /** The next branch to run: an untried slot, else the parked branch ready first. */
    const take = (hedged: boolean): Branch | undefined => {
      while (next < slots.length) {
        const slot = slots[next++] as Slot;
        const gate: CircuitGate | undefined = forced ? 'forced' : slot.circuit.acquire(Date.now());
        if (!gate) {
          skipped.push(slot);
          call.pending.push({ slot, reason: 'circuit_open' });
          continue;
        }
        const branch = newBranch(slot, gate, hedged);
        branches.push(branch);
        return branch;
      }
      const now = performance.now();
      parked = parked.filter((branch) => usable(branch, now));
      if (parked.length === 0) return undefined;
      let best = parked[0] as Branch;
      for (const branch of parked) {
        if (
          branch.readyAt < best.readyAt ||
          (branch.readyAt === best.readyAt && branch.slot.index < best.slot.index)
        )
          best = branch;
      }
      parked = parked.filter((branch) => branch !== best);
      best.hedged = best.hedged || hedged;
      best.finished = false;
      return best;
    };

    const launch = (hedged: boolean): void => {
      if (hedgeTimer !== undefined) {
        clearTimeout(hedgeTimer);
        hedgeTimer = undefined;
      }
      if (settled || call.stopped()) {
        if (active === 0) settle(undefined);
        return;
      }
      const branch = take(hedged);
      if (!branch) {
        if (active === 0) settle(undefined);
        return;
      }
      noteFallback(core, call, branch.slot);
      active++;
      runBranch(core, call, branch, request, runner, ctx)
        .catch(() => undefined)
        .then((outcome) => {
          branch.finished = true;
          active--;
          if (settled) {
            if (outcome && outcome !== PARK) lateWin(runner, outcome);
            return;
          }
          if (outcome === PARK) parked.push(branch);
          else if (outcome) return settle({ branch, ...outcome });
          if (active === 0) launch(false);
        });
      const more = next < slots.length || parked.length > 0;
      if (!more) return;
      // A probe never makes the call wait: the next provider starts alongside it.
      if (branch.gate === 'probe') launch(true);
      else if (hedgeAfterMs !== undefined) hedgeTimer = setTimeout(() => launch(true), hedgeAfterMs);
    };
    launch(false);
  });
}

/** A win that came after the call was settled: a probe's late success, a stream that committed too late. */
function lateWin<T>(runner: AttemptRunner<T>, outcome: { scope: Attempt; value: T }): void {
  if (runner.settleOnWin) return;
  outcome.scope.succeed();
  outcome.scope.close();
  try {
    runner.discard(outcome.value);
  } catch {
    // Releasing a late value must never break anything.
  }
}

/** What a branch may ask of its phase. */
interface PhaseContext {
  /** True when another provider can take over now (running, untried and available, or parked and usable). */
  hasAlternative(self: Branch): boolean;
}

/** What {@link runBranch} returns for a branch that failed over and may be retried later. */
const PARK = 'park';

/** One provider: attempts until a win, a park, or a failure that ends it. */
async function runBranch<T>(
  core: ChainCore,
  call: Call,
  branch: Branch,
  request: GenerateRequest,
  runner: AttemptRunner<T>,
  ctx: PhaseContext,
): Promise<{ scope: Attempt; value: T } | typeof PARK | undefined> {
  const { slot } = branch;
  const providerRequest = call.requestOf(slot, request);
  if (providerRequest === null) return undefined;
  for (;;) {
    const waitMs = branch.readyAt - performance.now();
    if (waitMs > 0 && !(await waitForRetry(call, branch, waitMs))) {
      slot.circuit.releaseProbe(branch.gate);
      return undefined;
    }
    const timeoutMs = attemptBudget(call, branch);
    if (timeoutMs === undefined) return undefined;
    branch.attempts++;
    const scope = new Attempt(core, call, branch, branch.attempts, timeoutMs);
    let error: ProviderError | undefined;
    try {
      const value = await raceAbort(runner.start(slot, providerRequest, scope.signal), scope.signal);
      scope.answered();
      if (runner.settleOnWin) {
        scope.succeed();
        scope.close();
      }
      return { scope, value };
    } catch (thrown) {
      error = scope.fail(thrown);
      scope.close();
    }
    if (!error) return undefined;
    const retry = retryWait(core, call, branch, error);
    if (retry === undefined) {
      call.pending.push({ slot, reason: error.kind });
      return undefined;
    }
    branch.backoff = retry.backoff;
    branch.readyAt = performance.now() + retry.ms;
    if (!core.settings.retryBeforeFailover && ctx.hasAlternative(branch)) {
      // Fail over first: another provider takes the call now; this one may be retried later.
      call.pending.push({ slot, reason: error.kind });
      return PARK;
    }
  }
}

/**
 * Waits `ms` before a retry. Ends early (false) when the provider's circuit
 * opens, the call is aborted or the branch is cancelled.
 */
function waitForRetry(call: Call, branch: Branch, ms: number): Promise<boolean> {
  if (branch.gate === 'closed' && branch.slot.circuit.state !== 'closed') return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    if (call.aborted || branch.cancelled) return resolve(false);
    let stopWatching = (): void => {};
    const done = (full: boolean) => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', early);
      stopWatching();
      branch.wake = () => {};
      resolve(full);
    };
    const early = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    call.signal?.addEventListener('abort', early, { once: true });
    if (branch.gate === 'closed') stopWatching = branch.slot.circuit.onNextOpen(early);
    branch.wake = early;
  });
}

/** Timeout for the next attempt of `branch`, or `undefined` when it must not start. */
function attemptBudget(call: Call, branch: Branch): number | undefined {
  if (branch.cancelled || call.stopped()) {
    branch.slot.circuit.releaseProbe(branch.gate);
    return undefined;
  }
  // The circuit opened (here or in another call) since this branch was let through: do not call into it.
  if (branch.gate === 'closed' && branch.slot.circuit.state !== 'closed') return undefined;
  const remaining = call.remaining();
  if (remaining < 1) {
    call.deadlineHit = true;
    branch.slot.circuit.releaseProbe(branch.gate);
    return undefined;
  }
  return Math.min(branch.slot.timeoutMs, remaining);
}

/**
 * How long to wait before retrying the same provider, or `undefined` to move
 * on: not retryable, budget spent, circuit opened, `Retry-After` above the
 * cap, or a wait that would not leave time for the attempt.
 */
function retryWait(
  core: ChainCore,
  call: Call,
  branch: Branch,
  error: ProviderError,
): { ms: number; backoff: Branch['backoff'] } | undefined {
  const maxAttempts = branch.gate === 'closed' ? 1 + branch.slot.maxRetries : 1;
  if (branch.attempts >= maxAttempts || !error.retryable || branch.cancelled || call.stopped())
    return undefined;
  // The failure opened the circuit: stop hammering this provider.
  if (branch.slot.circuit.state !== 'closed') return undefined;
  let ms: number;
  let backoff = branch.backoff;
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > core.settings.maxRetryAfterMs) return undefined;
    ms = error.retryAfterMs;
  } else {
    backoff = backoff ? backoff.next(undefined) : core.settings.retryBackoff.next();
    ms = backoff.duration;
  }
  // The deadline is nearer than the wait: do not wait, move on now.
  if (ms >= call.remaining()) return undefined;
  return { ms, backoff };
}
