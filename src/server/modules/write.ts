/**
 * How `runModule` writes one deliverable: free Markdown through
 * `chain.generate` / `chain.stream`, or a typed object through
 * `chain.generateObject` / `chain.streamObject` rendered to Markdown.
 * (`describeFailure` maps a structured-output failure, `SCHEMA_MISMATCH`.)
 *
 * @internal Used by `runModule`.
 */
import type * as z from 'zod';
import type {
  ChainCallOptions,
  ChainEnvelopeMeta,
  ChainResult,
  FinishReason,
  GenerateObjectOptions,
  GenerateObjectResult,
  GenerateRequest,
} from '../../providers/index.js';
import { toEnvelopeMeta, toObjectEnvelopeMeta } from '../../providers/index.js';
import type { DeliverableStructure } from './handler.js';
import type { ModuleChain, ModuleRunEvent, RunModuleOptions } from './run.js';

/** What one deliverable's chain call gave, text or object alike. */
export interface Answer {
  /** The Markdown (model text, or the rendered object), not yet stripped. */
  markdown: string;
  /** Envelope meta of the call (provider, model, tokens, cost, warnings). */
  meta: ChainEnvelopeMeta;
  finishReason: FinishReason;
  latencyMs: number;
  attempts: number;
  /** The validated object of a structured deliverable. */
  object?: unknown;
}

/** Calls the progress hook; a throwing hook never breaks the run. */
export function safeEmit(onEvent: RunModuleOptions['onEvent'], event: ModuleRunEvent): void {
  try {
    onEvent?.(event);
  } catch {
    // A progress hook must not break the run.
  }
}

function textAnswer(result: ChainResult): Answer {
  return {
    markdown: result.text,
    meta: toEnvelopeMeta(result),
    finishReason: result.finishReason,
    latencyMs: result.latencyMs,
    attempts: result.attempts.length,
  };
}

function objectAnswer(structure: DeliverableStructure, result: GenerateObjectResult<unknown>): Answer {
  return {
    markdown: structure.render(result.object),
    meta: toObjectEnvelopeMeta(result),
    finishReason: 'stop',
    latencyMs: result.latencyMs,
    attempts: result.attempts.length,
    object: result.object,
  };
}

/** Writes a free-Markdown deliverable: `chain.generate`, or `chain.stream` with a delta per chunk. */
export async function writeText(
  chain: ModuleChain,
  request: GenerateRequest,
  callOptions: ChainCallOptions,
  id: string,
  onEvent: RunModuleOptions['onEvent'],
): Promise<Answer> {
  if (onEvent === undefined || chain.stream === undefined)
    return textAnswer(await chain.generate(request, callOptions));
  for await (const chunk of chain.stream(request, callOptions)) {
    if (chunk.type === 'delta') safeEmit(onEvent, { type: 'deliverable.delta', id, text: chunk.text });
    else return textAnswer(chunk.result);
  }
  throw new Error('The stream ended without a result.');
}

/**
 * Writes a structured deliverable: `chain.generateObject`, or
 * `chain.streamObject` when progress is reported. While streaming, each
 * validated partial object is rendered, and the whole lines of the rendering
 * that extend what was sent so far go out as a `deliverable.delta` (the
 * line being written may still change, so it waits); the final object sends
 * the rest. A rendering that does not extend what was sent (a repair or a
 * fail-over restarted the answer, or the model filled the fields out of
 * order) sends nothing, so the deltas only ever grow a preview;
 * `deliverable.completed` carries the final Markdown.
 */
export async function writeObject(
  chain: ModuleChain & Required<Pick<ModuleChain, 'generateObject'>>,
  structure: DeliverableStructure,
  options: GenerateObjectOptions<z.ZodType>,
  id: string,
  onEvent: RunModuleOptions['onEvent'],
): Promise<Answer> {
  if (onEvent === undefined || chain.streamObject === undefined)
    return objectAnswer(structure, await chain.generateObject(options));
  let sent = '';
  // While partials arrive, only whole lines are sent: the last line may still change (a table row whose
  // cell is being written); the final object sends the rest.
  const preview = (markdown: string, final: boolean) => {
    const next = final ? markdown : markdown.slice(0, markdown.lastIndexOf('\n') + 1);
    if (next.length <= sent.length || !next.startsWith(sent)) return;
    safeEmit(onEvent, { type: 'deliverable.delta', id, text: next.slice(sent.length) });
    sent = next;
  };
  for await (const event of chain.streamObject(options)) {
    if (event.type === 'partial') preview(structure.render(event.partial), false);
    else if (event.type === 'object') {
      const answer = objectAnswer(structure, event.result);
      preview(answer.markdown, true);
      return answer;
    }
  }
  throw new Error('The object stream ended without a result.');
}
