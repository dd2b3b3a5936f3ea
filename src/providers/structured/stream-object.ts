/**
 * `streamObject`: validated deep-partial objects while the answer arrives,
 * then exactly one validated object (or a typed failure).
 */
import type * as z from 'zod';
import type { ChainStreamChunk } from '../chain.js';
import { isStreamInterruptedError } from '../chain-errors.js';
import type { ChainCallOptions, ChainResult, ChainTarget } from '../chain-types.js';
import type { GenerateRequest } from '../types.js';
import { decodeOutput } from './decode.js';
import { ROOT_KEY } from './json-schema.js';
import { parsePartialJson } from './partial-json.js';
import { repairMessages } from './repair.js';
import { lastFailureOf, type StructuredChain, StructuredSession, winnerOf } from './session.js';
import type { DeepPartial, StreamObjectEvent, StreamObjectOptions } from './types.js';

/** The part of a ProviderChain `streamObject` calls. */
export interface StreamObjectChain extends StructuredChain {
  /** `ProviderChain.stream`. */
  stream(request: GenerateRequest, options?: ChainCallOptions): AsyncIterable<ChainStreamChunk>;
}

type Path = readonly (string | number)[];

function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((key, i) => path[i] === key);
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function without(data: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const copy = structuredClone(data);
  const parent = valueAt(copy, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
  return copy;
}

/** True when `next` holds everything `prev` holds (strings may only grow at their end). */
export function extendsValue(prev: unknown, next: unknown): boolean {
  if (prev === undefined) return true;
  if (typeof prev === 'string') return typeof next === 'string' && next.startsWith(prev);
  if (Array.isArray(prev)) {
    return (
      Array.isArray(next) &&
      next.length >= prev.length &&
      prev.every((item, i) => extendsValue(item, next[i]))
    );
  }
  if (prev !== null && typeof prev === 'object') {
    if (next === null || typeof next !== 'object' || Array.isArray(next)) return false;
    return Object.entries(prev).every(
      ([key, item]) => Object.hasOwn(next, key) && extendsValue(item, (next as Record<string, unknown>)[key]),
    );
  }
  return Object.is(prev, next);
}

/**
 * The partial object a text prefix stands for, when it is valid so far:
 * zod issues are tolerated only where a value is still missing or still
 * open; an open string that already breaks its own rule is left out.
 */
export function validPartial<S extends z.ZodType>(
  session: StructuredSession<S>,
  text: string,
): DeepPartial<z.input<S>> | undefined {
  const parsed = parsePartialJson(text);
  if (!parsed || parsed.value === undefined) return undefined;
  let open: Path | undefined = parsed.openPath;
  if (session.base.wrapped) {
    const root = parsed.value;
    if (root === null || typeof root !== 'object' || !Object.hasOwn(root, ROOT_KEY)) return undefined;
    if (open !== undefined) open = open[0] === ROOT_KEY ? open.slice(1) : [];
  }
  let value = decodeOutput(parsed.value, session.base, session.anyStrict);
  if (value === undefined) return undefined;
  for (let round = 0; round < 2; round++) {
    const result = session.options.schema.safeParse(value);
    if (result.success) return value as DeepPartial<z.input<S>>;
    const blocking = result.error.issues.filter(
      (issue) =>
        !(
          valueAt(value, issue.path as Path) === undefined ||
          (open !== undefined && isPrefix(issue.path as Path, open))
        ),
    );
    if (blocking.length > 0) return undefined;
    // Still-open string that breaks its own rule (an enum value half written): leave it out.
    const at = open;
    const openBroken =
      at !== undefined &&
      at.length > 0 &&
      typeof valueAt(value, at) === 'string' &&
      result.error.issues.some(
        (issue) => issue.path.length === at.length && isPrefix(issue.path as Path, at),
      );
    if (!openBroken || at === undefined) return value as DeepPartial<z.input<S>>;
    value = without(value, at);
    open = at.slice(0, -1);
  }
  return value as DeepPartial<z.input<S>>;
}

/**
 * Streams an object that matches `options.schema`, with fail-over.
 *
 * Yields `{ type: 'partial', partial }` whenever the validated partial object
 * changed (never a smaller one), then exactly one `{ type: 'object', result }`.
 * A mismatch is repaired once on the same provider, then the next provider
 * is tried; when partials were already shown, a `{ type: 'reset' }` event
 * comes first (or, with `resetOnRetry: false`, the stream commit rule
 * holds: no new attempt, the typed failure is thrown). Failures before the
 * first content delta fall back inside the chain, invisibly. Throws what
 * `generateObject` rejects with; ends within the deadline.
 *
 * @example
 * ```ts
 * for await (const event of streamObject(chain, { schema: Post, prompt })) {
 *   if (event.type === 'partial') render(event.partial)
 *   else if (event.type === 'reset') clear()
 *   else if (event.type === 'object') save(event.result.object)
 * }
 * ```
 */
export async function* streamObject<S extends z.ZodType>(
  chain: StreamObjectChain,
  options: StreamObjectOptions<S>,
): AsyncGenerator<StreamObjectEvent<S>, void, undefined> {
  const session = new StructuredSession(chain, options);
  const targets = chain.targets;
  const resetAllowed = options.resetOnRetry !== false;
  let shown = false;

  /** One streamed answer: partials as they validate; the chain result at the end. */
  async function* answer(
    requestFor: (target: ChainTarget) => GenerateRequest | null,
  ): AsyncGenerator<StreamObjectEvent<S>, ChainResult, undefined> {
    let text = '';
    let last: unknown;
    let lastJson = '';
    for await (const chunk of chain.stream(
      { messages: session.conversation },
      {
        requestFor,
        deadlineMs: Math.max(1, session.remaining()),
        ...(options.signal !== undefined && { signal: options.signal }),
      },
    )) {
      if (chunk.type === 'done') return chunk.result;
      text += chunk.text;
      const partial = validPartial(session, text);
      if (partial === undefined) continue;
      const json = JSON.stringify(partial);
      if (json === lastJson || !extendsValue(last, partial)) continue;
      last = partial;
      lastJson = json;
      shown = true;
      yield { type: 'partial', partial };
    }
    /* c8 ignore next */
    throw session.failure();
  }

  /** Before a new answer replaces one already shown: a reset, or the end (commit rule). */
  function* reset(
    reason: 'repair' | 'failover',
    target: { name: string; model: string },
    error: () => Error,
  ): Generator<StreamObjectEvent<S>, void, undefined> {
    if (!shown) return;
    if (!resetAllowed) throw error();
    shown = false;
    yield { type: 'reset', reason, provider: target.name, model: target.model };
  }

  while (session.remaining() >= 1) {
    let result: ChainResult;
    try {
      result = yield* answer(session.initialRequests());
    } catch (error) {
      session.recordError(error, 'initial');
      // A stream that broke after its first delta names who failed; any other chain error ends the search.
      const who = isStreamInterruptedError(error) ? lastFailureOf(error.attempts) : undefined;
      if (!who || session.fatal(error)) break;
      session.exclude(who);
      yield* reset('failover', who, () => error as Error);
      continue;
    }
    const winner = winnerOf(result.attempts);
    /* c8 ignore next */
    if (!winner) break;
    const target = session.targetOf(winner, targets);
    const checked = session.check(target, result.text);
    session.recordAnswer(target, result, 'initial', checked);
    if (checked.ok) {
      yield { type: 'object', result: session.result(result, checked.object) };
      return;
    }
    if (options.repair !== false && session.remaining() >= 1) {
      yield* reset('repair', target, () => session.failure());
      const messages = repairMessages(
        session.conversation,
        result.text,
        checked.issues,
        session.base.wrapped,
      );
      try {
        const repaired = yield* answer(session.repairRequests(target, messages));
        const again = session.check(target, repaired.text);
        session.recordAnswer(target, repaired, 'repair', again);
        if (again.ok) {
          yield { type: 'object', result: session.result(repaired, again.object) };
          return;
        }
      } catch (error) {
        session.recordError(error, 'repair');
        if (session.fatal(error)) break;
      }
    }
    session.exclude(target);
    yield* reset('failover', target, () => session.failure());
  }
  throw session.failure();
}
