import { describe, expectTypeOf, it } from 'vitest';
import {
  type AllProvidersFailedError,
  type AttemptRecord,
  type ChainEntry,
  type ChainEnvelopeMeta,
  type ChainResult,
  type ChainStatus,
  type ChainStreamChunk,
  type ChainSummary,
  type ChainTarget,
  type ChainTimeoutError,
  type GenerateRequest,
  isAllProvidersFailedError,
  isChainTimeoutError,
  type ProviderChain,
  type ProviderChainOptions,
  type ProviderErrorKind,
  toEnvelopeMeta,
} from '../../src/providers/index.js';

declare const chain: ProviderChain;

describe('ProviderChain public types', () => {
  it('generate resolves a ChainResult with a nullable cost', () => {
    expectTypeOf(chain.generate).returns.resolves.toEqualTypeOf<ChainResult>();
    expectTypeOf<ChainResult['costUsd']>().toEqualTypeOf<number | null>();
    expectTypeOf<ChainResult['attempts']>().toEqualTypeOf<AttemptRecord[]>();
    expectTypeOf(chain.generate).parameter(1).toEqualTypeOf<
      | {
          signal?: AbortSignal;
          deadlineMs?: number;
          stream?: boolean;
          requestFor?: (target: ChainTarget) => GenerateRequest | null;
        }
      | undefined
    >();
  });

  it('stream yields deltas and a done chunk', () => {
    expectTypeOf(chain.stream).returns.toEqualTypeOf<AsyncGenerator<ChainStreamChunk, void, undefined>>();
    expectTypeOf<Extract<ChainStreamChunk, { type: 'done' }>['result']>().toEqualTypeOf<ChainResult>();
  });

  it('event handlers get the payload of their event', () => {
    chain.on('fallback', (e) => {
      expectTypeOf(e.reason).toEqualTypeOf<ProviderErrorKind | 'circuit_open'>();
      expectTypeOf(e.from.provider).toBeString();
    });
    chain.on('circuitOpen', (e) => {
      expectTypeOf(e.cooldownMs).toBeNumber();
      expectTypeOf(e.retryAt).toBeString();
    });
    expectTypeOf(chain.on('attempt', () => {})).toEqualTypeOf<() => void>();
    // @ts-expect-error unknown event
    chain.on('nope', () => {});
  });

  it('status and envelope meta use wire (snake_case) names', () => {
    expectTypeOf(chain.status()).toEqualTypeOf<ChainStatus>();
    expectTypeOf<ChainStatus['providers'][number]['avg_latency_ms']>().toEqualTypeOf<number | null>();
    expectTypeOf(toEnvelopeMeta).returns.toEqualTypeOf<ChainEnvelopeMeta>();
    expectTypeOf<ChainEnvelopeMeta['cost_usd']>().toEqualTypeOf<number | undefined>();
  });

  it('type guards narrow', () => {
    const error: unknown = undefined;
    if (isAllProvidersFailedError(error)) expectTypeOf(error).toEqualTypeOf<AllProvidersFailedError>();
    if (isChainTimeoutError(error)) expectTypeOf(error.code).toBeString();
    expectTypeOf<ChainTimeoutError['deadlineMs']>().toBeNumber();
  });

  it('the shared vocabulary: maxRetries, not retries; summary() is names and states only', () => {
    expectTypeOf<ProviderChainOptions['maxRetries']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ProviderChainOptions['retryBeforeFailover']>().toEqualTypeOf<boolean | undefined>();
    // The old name only accepts `undefined` (a compile error with a number).
    expectTypeOf<ProviderChainOptions['retries']>().toEqualTypeOf<undefined>();
    expectTypeOf<ChainEntry['retries']>().toEqualTypeOf<undefined>();
    expectTypeOf(chain.summary()).toEqualTypeOf<ChainSummary>();
    expectTypeOf<ChainSummary['providers'][number]>().toEqualTypeOf<{
      name: string;
      model: string;
      health: 'healthy' | 'degraded' | 'unhealthy' | 'unknown';
      circuit: 'closed' | 'open' | 'half_open';
    }>();
    expectTypeOf<AttemptRecord['slow']>().toEqualTypeOf<boolean | undefined>();
  });
});
