/**
 * The system text that carries the schema for JSON mode and for providers
 * without a native structured mode. It always contains the word "JSON",
 * which OpenAI-style JSON mode requires.
 */
import type { StructuredOutputRequest } from '../types.js';

/**
 * The instruction asking for one JSON object matching `structured.schema`.
 *
 * @example
 * ```ts
 * const system = [request.system, structuredInstruction(request.structured)].filter(Boolean).join('\n\n')
 * ```
 */
export function structuredInstruction(structured: StructuredOutputRequest): string {
  const about = structured.description ? ` (${structured.description})` : '';
  return [
    `Respond with a single JSON object named "${structured.name}"${about} that matches this JSON Schema:`,
    JSON.stringify(structured.schema),
    'Output the JSON object only: no prose before or after it, no Markdown code fences.',
  ].join('\n');
}

/** `system` with the structured instruction appended. */
export function withStructuredInstruction(
  system: string | undefined,
  structured: StructuredOutputRequest,
): string {
  const instruction = structuredInstruction(structured);
  return system?.trim() ? `${system}\n\n${instruction}` : instruction;
}
