/**
 * One call of the chain and one attempt on one provider: deadlines, abort
 * controllers, classification and accounting (health, circuit, records,
 * events). Internal.
 */
import type { IBackoff } from 'cockatiel';
import type { ChainCore } from './chain-core.js';
import type { Slot } from './chain-settings.js';
import type { AttemptOutcome, AttemptRecord, ChainTarget, CircuitGate } from './chain-types.js';
import { describeProviderFailure, toProviderError } from './classify.js';
import { type ProviderError, ProviderError as ProviderErrorClass, type ProviderErrorKind } from './errors.js';
import type { GenerateRequest } from './types.js';

/** What a `requestFor` callback sees of a slot (never its health or circuit). */
export function targetOf(slot: Slot): ChainTarget {
  return { provider: slot.provider, name: slot.name, model: slot.model };
}

/** Failures caused by the request itself: they say nothing about the provider's health. */
const REQUEST_FAULTS: ReadonlySet<ProviderErrorKind> = new Set([
  'bad_request',
  'content_policy',
  'context_length',
]);

/** State of one `generate` / `stream` call. */
export class Call {
  readonly startedAt = performance.now();
  readonly deadlineAt: number;
  readonly attempts: AttemptRecord[] = [];
  readonly errors: ProviderError[] = [];
  readonly warnings: string[] = [];
  /** Failed or skipped slots waiting for the next provider (one fallback each). */
  readonly pending: Array<{ slot: Slot; reason: ProviderErrorKind | 'circuit_open' }> = [];
  /** The call returned: late (detached probe) attempts no longer land in `attempts`. */
  closed = false;
  deadlineHit = false;

  constructor(
    readonly signal: AbortSignal | undefined,
    readonly deadlineMs: number,
    /** The per-provider request (`null`: leave the provider out), from the call's options. */
    readonly requestFor?: (target: ChainTarget) => GenerateRequest | null,
  ) {
    this.deadlineAt = this.startedAt + deadlineMs;
  }

  /** The request for `slot` (the chain sets `model`), or `null` when the call leaves it out. */
  requestOf(slot: Slot, request: GenerateRequest): GenerateRequest | null {
    const own = this.requestFor ? this.requestFor(targetOf(slot)) : request;
    return own === null ? null : { ...own, model: slot.model };
  }

  /** What is left of the deadline, in ms. */
  remaining(): number {
    return this.deadlineAt - performance.now();
  }

  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /** Closed, past its deadline or aborted: start nothing new. */
  stopped(): boolean {
    return this.closed || this.deadlineHit || this.aborted;
  }
}

/** One provider's run within a call: its attempts, retries and waits. */
export interface Branch {
  readonly slot: Slot;
  readonly gate: CircuitGate;
  hedged: boolean;
  /** Attempts started so far. */
  attempts: number;
  /** Backoff state of its retries. */
  backoff: IBackoff<unknown> | undefined;
  /** When its next attempt may start (`performance.now()` time). */
  readyAt: number;
  /** Another provider won, or the call ended: stop. */
  cancelled: boolean;
  /** Its run ended (success, failure or cancellation). */
  finished: boolean;
  /** The attempt in flight. */
  scope: Attempt | undefined;
  /** Ends the branch's current wait early. */
  wake: () => void;
}

/** A new branch for `slot`. */
export function newBranch(slot: Slot, gate: CircuitGate, hedged: boolean): Branch {
  return {
    slot,
    gate,
    hedged,
    attempts: 0,
    backoff: undefined,
    readyAt: 0,
    cancelled: false,
    finished: false,
    scope: undefined,
    wake: () => {},
  };
}

/**
 * One attempt on one provider: its AbortController (linked to the caller's
 * signal, aborted by its own timeout or by a hedge cancellation), its
 * classification and its accounting. Exactly one of `succeed`, `fail`,
 * `loseRace` and `cancelByConsumer` settles it.
 */
export class Attempt {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly started = performance.now();
  private timedOut: 'timeout' | 'deadline' | undefined;
  /** True until the attempt is settled. */
  open = true;

  constructor(
    private readonly core: ChainCore,
    private readonly call: Call,
    private readonly branch: Branch,
    private readonly n: number,
    private readonly timeoutMs: number,
  ) {
    const clamped = timeoutMs < branch.slot.timeoutMs;
    this.timer = setTimeout(() => {
      this.timedOut = clamped ? 'deadline' : 'timeout';
      this.controller.abort(
        new DOMException(`Attempt timed out after ${Math.round(timeoutMs)} ms`, 'TimeoutError'),
      );
    }, timeoutMs);
    branch.scope = this;
    if (branch.gate === 'closed') branch.slot.circuit.started(this, this.started);
    call.signal?.addEventListener('abort', this.onCallerAbort);
  }

  /** The provider answered (a result, or a stream's first content): it no longer counts as waiting. */
  answered(): void {
    this.branch.slot.circuit.answered(this);
  }

  /** The signal handed to the provider. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onCallerAbort = (): void => {
    this.controller.abort(this.call.signal?.reason);
  };

  /** Releases the timer and the caller-signal listener. */
  close(): void {
    this.answered();
    clearTimeout(this.timer);
    this.call.signal?.removeEventListener('abort', this.onCallerAbort);
    if (this.branch.scope === this) this.branch.scope = undefined;
  }

  /** The provider answered. */
  succeed(): void {
    if (!this.open) return;
    this.open = false;
    this.answered();
    const { slot, gate } = this.branch;
    const latencyMs = performance.now() - this.started;
    slot.health.recordSuccess(latencyMs, Date.now());
    this.core.transition(slot, slot.circuit.success(gate, Date.now()), 'unknown');
    this.record('success', latencyMs);
  }

  /** The consumer of a stream went away: abort the request, count nothing against the provider. */
  cancelByConsumer(): void {
    if (!this.open) return;
    this.open = false;
    this.answered();
    this.controller.abort(new DOMException('The stream consumer stopped reading', 'AbortError'));
    this.branch.slot.circuit.releaseProbe(this.branch.gate);
    this.record('cancelled', performance.now() - this.started, 'aborted');
  }

  /**
   * Another provider answered first: abort this attempt. When it had run past
   * the slow-call threshold it counts as a slow failure (kind `timeout`) for
   * the provider's health and circuit; otherwise as nothing.
   */
  loseRace(slowCallMs: number | undefined): void {
    if (!this.open) return;
    this.open = false;
    this.answered();
    this.controller.abort(new DOMException('Another provider answered first', 'AbortError'));
    const { slot, gate } = this.branch;
    const latencyMs = performance.now() - this.started;
    if (slowCallMs === undefined || latencyMs < slowCallMs) {
      slot.circuit.releaseProbe(gate);
      this.record('cancelled', latencyMs);
      return;
    }
    const now = Date.now();
    const message = `${describeProviderFailure('timeout', { provider: slot.name, model: slot.model })} (slow call: no answer after ${Math.round(latencyMs)} ms, when another provider answered)`;
    slot.health.recordFailure('timeout', message, now, true);
    this.core.transition(slot, slot.circuit.failure(gate, 'timeout', now), 'timeout');
    this.record('cancelled', latencyMs, 'timeout', undefined, true);
  }

  /** Classifies a failure and accounts for it; `undefined` when it was a cancellation. */
  fail(thrown: unknown): ProviderError | undefined {
    if (!this.open) return undefined;
    this.open = false;
    this.answered();
    const { slot, gate } = this.branch;
    const latencyMs = performance.now() - this.started;
    if (!this.timedOut && (this.call.aborted || this.branch.cancelled)) {
      slot.circuit.releaseProbe(gate);
      this.record('cancelled', latencyMs, this.call.aborted ? 'aborted' : undefined);
      return undefined;
    }
    let error: ProviderError;
    if (this.timedOut) {
      if (this.timedOut === 'deadline') this.call.deadlineHit = true;
      error = new ProviderErrorClass(
        `${describeProviderFailure('timeout', { provider: slot.name, model: slot.model })} (no answer within ${Math.round(this.timeoutMs)} ms${this.timedOut === 'deadline' ? ', the rest of the deadline' : ''})`,
        { kind: 'timeout', provider: slot.name, model: slot.model },
      );
    } else {
      error = this.core.sanitize(toProviderError(thrown, { provider: slot.name, model: slot.model }));
    }
    const kind = error.kind;
    const now = Date.now();
    if (REQUEST_FAULTS.has(kind)) {
      // The provider answered: it is alive, the request was the problem.
      slot.health.recordFailure(kind, error.message, now, false);
      this.core.transition(slot, slot.circuit.success(gate, now), kind);
    } else if (kind === 'aborted') {
      slot.health.recordFailure(kind, error.message, now, false);
      slot.circuit.releaseProbe(gate);
    } else {
      slot.health.recordFailure(kind, error.message, now, true);
      this.core.transition(slot, slot.circuit.failure(gate, kind, now, error.retryAfterMs), kind);
    }
    if (!this.call.closed) this.call.errors.push(error);
    this.record('failure', latencyMs, kind, error.status);
    return error;
  }

  private record(
    outcome: AttemptOutcome,
    latencyMs: number,
    errorKind?: ProviderErrorKind,
    status?: number,
    slow?: boolean,
  ): void {
    const { slot, gate, hedged } = this.branch;
    const record: AttemptRecord = {
      provider: slot.name,
      model: slot.model,
      attempt: this.n,
      outcome,
      latencyMs: Math.round(latencyMs * 1000) / 1000,
      gate,
    };
    if (errorKind !== undefined) record.errorKind = errorKind;
    if (status !== undefined) record.status = status;
    if (hedged) record.hedged = true;
    if (slow) record.slow = true;
    if (!this.call.closed) this.call.attempts.push(record);
    this.core.emit('attempt', record);
  }
}
