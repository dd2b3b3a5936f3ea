/** Scriptable in-process providers for the chain tests and the bench. */
import type {
  GenerateRequest,
  Provider,
  ProviderCallOptions,
  ProviderResult,
  StreamChunk,
} from '../../src/providers/index.js';

/** What one call of a fake provider does. */
export type Step =
  | { ok: string; delayMs?: number; usage?: ProviderResult['usage'] }
  | { throw: unknown; delayMs?: number }
  | { hang: true; ignoreSignal?: boolean }
  | { stream: string[]; failAfter?: number; error?: unknown; delayMs?: number };

/** A fake provider that records every call and its signal. */
export interface FakeProvider extends Provider {
  calls: number;
  signals: AbortSignal[];
  requests: GenerateRequest[];
}

/** An HTTP-like error the classifier understands (duck-typed like the SDKs' APIError). */
export function httpError(status: number, headers: Record<string, string> = {}, body?: unknown): Error {
  return Object.assign(new Error(`${status} upstream error`), {
    status,
    headers: new Headers(headers),
    error: body,
  });
}

export function connReset(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

const USAGE = { inputTokens: 100, outputTokens: 50, totalTokens: 150 };

export function fakeProvider(
  name: string,
  model: string,
  script: Step | Step[] | ((call: number) => Step),
  options: { streaming?: boolean } = {},
): FakeProvider {
  const stepFor = (n: number): Step =>
    typeof script === 'function'
      ? script(n)
      : Array.isArray(script)
        ? (script[Math.min(n, script.length - 1)] as Step)
        : script;
  const provider: FakeProvider = {
    name,
    model,
    calls: 0,
    signals: [],
    requests: [],
    async generate(request: GenerateRequest, { signal }: ProviderCallOptions): Promise<ProviderResult> {
      const step = stepFor(provider.calls++);
      provider.signals.push(signal);
      provider.requests.push(request);
      if ('hang' in step) {
        if (step.ignoreSignal) return new Promise(() => {});
        await wait(1e9, signal);
      }
      if ('delayMs' in step && step.delayMs) await wait(step.delayMs, signal);
      if ('throw' in step) throw step.throw;
      if ('stream' in step) throw new Error('stream step used with generate');
      return {
        text: (step as { ok: string }).ok,
        provider: name,
        model: request.model ?? model,
        usage: (step as { usage?: ProviderResult['usage'] }).usage ?? USAGE,
        finishReason: 'stop',
      };
    },
  };
  if (options.streaming) {
    provider.stream = async function* (
      request: GenerateRequest,
      { signal }: ProviderCallOptions,
    ): AsyncIterable<StreamChunk> {
      const step = stepFor(provider.calls++);
      provider.signals.push(signal);
      provider.requests.push(request);
      if ('hang' in step) await wait(1e9, signal);
      if ('throw' in step) {
        if (step.delayMs) await wait(step.delayMs, signal);
        throw step.throw;
      }
      if ('ok' in step) {
        yield { type: 'delta', text: step.ok };
        yield { type: 'done', usage: USAGE, finishReason: 'stop', model: request.model ?? model };
        return;
      }
      if (!('stream' in step)) return;
      yield { type: 'delta', text: '' }; // an empty delta does not commit the stream
      for (let i = 0; i < step.stream.length; i++) {
        if (step.failAfter !== undefined && i === step.failAfter) throw step.error ?? connReset();
        if (step.delayMs) await wait(step.delayMs, signal);
        yield { type: 'delta', text: step.stream[i]! };
      }
      if (step.failAfter !== undefined && step.failAfter >= step.stream.length)
        throw step.error ?? connReset();
      yield { type: 'done', usage: USAGE, finishReason: 'stop', model: request.model ?? model };
    };
  }
  return provider;
}

export const ok = (text = 'hello', delayMs?: number): Step => ({
  ok: text,
  ...(delayMs !== undefined && { delayMs }),
});
export const fail = (error: unknown, delayMs?: number): Step => ({
  throw: error,
  ...(delayMs !== undefined && { delayMs }),
});
export const hang = (ignoreSignal = false): Step => ({ hang: true, ignoreSignal });
export const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
