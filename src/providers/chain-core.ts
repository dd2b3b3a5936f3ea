/**
 * What every call of one chain shares: its slots, settings, listeners and the
 * secret values to redact. Internal: the public {@link ProviderChain} keeps
 * one in a private field, so `emit`, `transition` and `sanitize` are not part
 * of its type.
 */

import type { ChainSettings, Slot } from './chain-settings.js';
import type { ChainEventName, ChainEvents } from './chain-types.js';
import type { CircuitTransition } from './circuit.js';
import type { ProviderError, ProviderErrorKind } from './errors.js';
import { redactProviderError, redactSecrets } from './secrets/redact.js';
import { secretsOf } from './secrets/secrets.js';

type Listener<K extends ChainEventName> = (payload: ChainEvents[K]) => void;

/** The shared state and plumbing of one chain. */
export class ChainCore {
  /** Every secret value to redact: the `redact` option plus the keys the providers registered. */
  readonly secrets: readonly string[];
  private readonly listeners: { [K in ChainEventName]: Set<Listener<K>> } = {
    attempt: new Set(),
    fallback: new Set(),
    circuitOpen: new Set(),
    circuitClose: new Set(),
  };

  constructor(
    readonly settings: ChainSettings,
    readonly slots: readonly Slot[],
    redact: readonly string[],
  ) {
    const all = new Set<string>(redact.filter((s) => typeof s === 'string' && s.length > 0));
    for (const slot of slots) for (const secret of secretsOf(slot.provider)) all.add(secret);
    // Longest first, so that a key containing another is removed whole.
    this.secrets = [...all].sort((a, b) => b.length - a.length);
  }

  /** Adds a listener; returns the unsubscribe function. */
  on<K extends ChainEventName>(event: K, handler: Listener<K>): () => void {
    const set = this.listeners[event] as Set<Listener<K>>;
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Calls the listeners of `event`; a throwing listener never breaks a call. */
  emit<K extends ChainEventName>(event: K, payload: ChainEvents[K]): void {
    const set = this.listeners[event] as Set<Listener<K>>;
    if (set.size === 0) return;
    for (const handler of set) {
      try {
        handler(payload);
      } catch {
        // A listener must never break a call.
      }
    }
  }

  /** Emits the event of a circuit transition, if any. */
  transition(slot: Slot, change: CircuitTransition, errorKind: ProviderErrorKind): void {
    if (!change) return;
    if (change.type === 'open') {
      this.emit('circuitOpen', {
        provider: slot.name,
        model: slot.model,
        errorKind,
        cooldownMs: change.cooldownMs,
        retryAt: new Date(change.retryAt).toISOString(),
      });
    } else {
      this.emit('circuitClose', { provider: slot.name, model: slot.model });
    }
  }

  /** `text` without any configured secret value or key-shaped string. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** The error with every upstream-reachable string redacted by value and by shape. */
  sanitize(error: ProviderError): ProviderError {
    return redactProviderError(error, this.secrets);
  }
}
