/**
 * Streaming through the chain: the stream runner (an attempt opens the
 * provider's stream and reads it up to its first content delta, the commit
 * point) and the reading of the winner's stream after it. Internal.
 */
import { raceAbort } from '../internal/index.js';
import type { Call } from './chain-attempt.js';
import type { ChainCore } from './chain-core.js';
import { StreamInterruptedError } from './chain-errors.js';
import { type AttemptRunner, runAttempts } from './chain-loop.js';
import { failure, finish, loserWarnings } from './chain-result.js';
import type { ChainResult } from './chain-types.js';
import type { ProviderError } from './errors.js';
import type { GenerateRequest, Provider, ProviderResult, StreamChunk } from './types.js';
import { emptyUsage } from './usage.js';

/**
 * One chunk of {@link ProviderChain.stream}: text deltas, then one `done`
 * carrying the full {@link ChainResult}.
 */
export type ChainStreamChunk = { type: 'delta'; text: string } | { type: 'done'; result: ChainResult };

type DoneChunk = Extract<StreamChunk, { type: 'done' }>;

/** What a stream attempt wins with: a committed stream, or a whole result from a provider without `stream`. */
type StreamStart =
  | { kind: 'result'; result: ProviderResult }
  | {
      kind: 'stream';
      iterator: AsyncIterator<StreamChunk>;
      /** The first content delta (absent when the stream ended without content). */
      first: string | undefined;
      done: DoneChunk | undefined;
      ended: boolean;
    };

function noop(): void {}

/** Calls `provider.generate` now (no microtask gap after the circuit check), turning a synchronous throw into a rejection. */
export function invoke(
  provider: Provider,
  request: GenerateRequest,
  signal: AbortSignal,
): Promise<ProviderResult> {
  try {
    return Promise.resolve(provider.generate(request, { signal }));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The runner of `generate`: one `provider.generate` per attempt. */
export const generateRunner: AttemptRunner<ProviderResult> = {
  start: (slot, request, signal) => invoke(slot.provider, request, signal),
  settleOnWin: true,
  discard: noop,
};

/** The runner of `stream`: opens the stream and reads it up to its first content delta. */
const streamRunner: AttemptRunner<StreamStart> = {
  async start(slot, request, signal) {
    const stream = slot.provider.stream?.(request, { signal });
    if (!stream) return { kind: 'result', result: await invoke(slot.provider, request, signal) };
    const iterator = stream[Symbol.asyncIterator]();
    let done: DoneChunk | undefined;
    try {
      while (true) {
        const step = await raceAbort(iterator.next(), signal);
        if (step.done) return { kind: 'stream', iterator, first: undefined, done, ended: true };
        const chunk = step.value;
        if (chunk.type === 'delta') {
          if (chunk.text) return { kind: 'stream', iterator, first: chunk.text, done, ended: false };
        } else if (chunk.type === 'done') {
          done = chunk;
        }
      }
    } catch (error) {
      void Promise.resolve(iterator.return?.()).catch(noop);
      throw error;
    }
  },
  settleOnWin: false,
  discard(value) {
    if (value.kind === 'stream' && !value.ended) void Promise.resolve(value.iterator.return?.()).catch(noop);
  },
};

/**
 * A stream call: the shared loop until a stream commits (failures before the
 * first delta fall back freely), then the winner's stream to its end. After
 * the commit the chain never restarts: a failure throws
 * {@link StreamInterruptedError}, or with `partialResult` ends with a PARTIAL
 * result.
 */
export async function* streamCall(
  core: ChainCore,
  call: Call,
  request: GenerateRequest,
  partialResult: boolean,
): AsyncGenerator<ChainStreamChunk, void, undefined> {
  try {
    const won = await runAttempts(core, call, request, streamRunner);
    if (!won) throw failure(call);
    const { branch, scope, value } = won;
    const extra = loserWarnings(branch, won.losers);
    if (value.kind === 'result') {
      scope.succeed();
      scope.close();
      if (value.result.text) yield { type: 'delta', text: value.result.text };
      yield { type: 'done', result: finish(core, call, branch, value.result, extra) };
      return;
    }
    const { slot } = branch;
    const { iterator } = value;
    let text = '';
    let done = value.done;
    let ended = value.ended;
    let error: ProviderError | undefined;
    try {
      if (value.first !== undefined) {
        text += value.first;
        yield { type: 'delta', text: value.first };
      }
      while (!ended) {
        const step = await raceAbort(iterator.next(), scope.signal);
        if (step.done) {
          ended = true;
          break;
        }
        const chunk = step.value;
        if (chunk.type === 'delta') {
          if (!chunk.text) continue;
          text += chunk.text;
          yield { type: 'delta', text: chunk.text };
        } else if (chunk.type === 'done') {
          done = chunk;
        }
      }
      scope.succeed();
    } catch (thrown) {
      if (!scope.open) throw thrown; // not a provider failure (e.g. the consumer threw)
      error = scope.fail(thrown);
    } finally {
      // The consumer stopped iterating mid-stream: cancel the request.
      if (scope.open) scope.cancelByConsumer();
      scope.close();
      if (!ended) void Promise.resolve(iterator.return?.()).catch(noop);
    }
    if (!error) {
      if (!ended) throw failure(call); // cancelled (caller abort) mid-stream
      const result = {
        text,
        provider: slot.name,
        model: done?.model ?? slot.model,
        // Missing usage stays missing: finish() reports cost as unknown, never 0.
        usage: done?.usage,
        finishReason: done?.finishReason ?? 'stop',
        ...(done?.requestId !== undefined && { requestId: done.requestId }),
      } as ProviderResult;
      yield { type: 'done', result: finish(core, call, branch, result, extra) };
      return;
    }
    if (!partialResult) {
      call.closed = true;
      throw new StreamInterruptedError({ partialText: text, error, attempts: call.attempts });
    }
    const result: ProviderResult = {
      text,
      provider: slot.name,
      model: slot.model,
      usage: emptyUsage(),
      finishReason: 'error',
    };
    const warning = `${slot.label} stream failed (${error.kind}) after ${text.length} characters: the result is PARTIAL.`;
    yield { type: 'done', result: finish(core, call, branch, result, [...extra, warning], true) };
  } finally {
    call.closed = true;
  }
}
