/**
 * `generateObject`: a zod-typed object from the chain, through each
 * provider's native structured mode, validated, repaired once by asking the
 * same provider again, then failed over.
 */
import type * as z from 'zod';
import type { ChainCallOptions, ChainResult, ChainTarget } from '../chain-types.js';
import type { GenerateRequest } from '../types.js';
import type { SchemaMismatchError, SchemaUnsupportedError } from './errors.js';
import { repairMessages } from './repair.js';
import { type StructuredChain, StructuredSession, winnerOf } from './session.js';
import type { GenerateObjectOptions, GenerateObjectResult } from './types.js';

/** The part of a ProviderChain `generateObject` calls. */
export interface GenerateObjectChain extends StructuredChain {
  /** `ProviderChain.generate`. */
  generate(request: GenerateRequest, options?: ChainCallOptions): Promise<ChainResult>;
}

/**
 * Generates an object that matches `options.schema`, with fail-over.
 *
 * 1. The schema is compiled for every provider of the chain before any
 *    request ({@link SchemaUnsupportedError} when one cannot express it).
 * 2. The chain runs as usual (retries, circuits, deadline); each provider
 *    gets the schema in its native mode: OpenAI strict `json_schema`,
 *    Anthropic tool use, JSON mode with the schema in the prompt elsewhere.
 * 3. The answer is parsed and validated with zod. On a mismatch the same
 *    provider is asked once more with at most 10 issues and the rejected
 *    answer (cut to 4 KB); if that fails too, the next provider is tried.
 *
 * Rejects with {@link SchemaMismatchError} when answers came back but none
 * matched, with the chain's error (`AllProvidersFailedError`,
 * `ChainTimeoutError`, `ChainAbortedError`) when no answer came back.
 *
 * @example
 * ```ts
 * const Post = z.object({ title: z.string(), body: z.string(), hashtags: z.array(z.string()).max(5) })
 * const { object, provider, costUsd } = await generateObject(chain, { schema: Post, prompt: 'A LinkedIn post about our launch' })
 * ```
 */
export async function generateObject<S extends z.ZodType>(
  chain: GenerateObjectChain,
  options: GenerateObjectOptions<S>,
): Promise<GenerateObjectResult<z.output<S>>> {
  const session = new StructuredSession(chain, options);
  const targets = chain.targets;
  const call = (requestFor: (target: ChainTarget) => GenerateRequest | null) =>
    chain.generate(
      { messages: session.conversation },
      {
        requestFor,
        deadlineMs: Math.max(1, session.remaining()),
        ...(options.signal !== undefined && { signal: options.signal }),
      },
    );

  while (session.remaining() >= 1) {
    let result: ChainResult;
    try {
      result = await call(session.initialRequests());
    } catch (error) {
      session.recordError(error, 'initial');
      break;
    }
    const winner = winnerOf(result.attempts);
    /* c8 ignore next */
    if (!winner) break;
    const target = session.targetOf(winner, targets);
    const checked = session.check(target, result.text);
    session.recordAnswer(target, result, 'initial', checked);
    if (checked.ok) return session.result(result, checked.object);

    if (options.repair !== false && session.remaining() >= 1) {
      const messages = repairMessages(
        session.conversation,
        result.text,
        checked.issues,
        session.base.wrapped,
      );
      try {
        const repaired = await call(session.repairRequests(target, messages));
        const again = session.check(target, repaired.text);
        session.recordAnswer(target, repaired, 'repair', again);
        if (again.ok) return session.result(repaired, again.object);
      } catch (error) {
        session.recordError(error, 'repair');
        if (session.fatal(error)) break;
      }
    }
    session.exclude(target);
  }
  throw session.failure();
}
