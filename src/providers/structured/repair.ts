/**
 * The repair round: the conversation plus the rejected answer (cut to
 * 4 KB) and at most 10 issues with their paths, asking for the corrected
 * object. The model is asked again; the text is never rewritten locally.
 *
 * @internal Used by `generateObject` / `streamObject`.
 */
import type { Issue } from '../../issue.js';
import type { ChatMessage } from '../types.js';
import { ROOT_KEY } from './json-schema.js';

/** Most issues sent back in a repair request. */
export const MAX_REPAIR_ISSUES = 10;
/** Most bytes (UTF-8) of the rejected answer sent back. */
export const MAX_REPAIR_OUTPUT_BYTES = 4096;

/** `text` cut to at most `maxBytes` UTF-8 bytes, on a character boundary, with a marker when cut. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return text;
  const marker = ' …[truncated]';
  let cut = maxBytes - new TextEncoder().encode(marker).length;
  // Step back to the start of a UTF-8 sequence.
  while (cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--;
  return new TextDecoder().decode(bytes.slice(0, cut)) + marker;
}

/** An issue path as the model sees it (`value.` first when the root is wrapped). */
export function pathText(path: readonly (string | number)[], wrapped: boolean): string {
  const full = wrapped ? [ROOT_KEY, ...path] : path;
  if (full.length === 0) return '(root)';
  return full.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

/** The messages of a repair request: the original conversation, the rejected answer, the issues. */
export function repairMessages(
  conversation: readonly ChatMessage[],
  rejected: string,
  issues: readonly Issue[],
  wrapped: boolean,
): ChatMessage[] {
  const shown = issues.slice(0, MAX_REPAIR_ISSUES).map((i) => `- ${pathText(i.path, wrapped)}: ${i.message}`);
  if (issues.length > MAX_REPAIR_ISSUES) shown.push(`- ... and ${issues.length - MAX_REPAIR_ISSUES} more`);
  const answer = truncateUtf8(rejected.trim() === '' ? '(empty answer)' : rejected, MAX_REPAIR_OUTPUT_BYTES);
  return [
    ...conversation,
    { role: 'assistant', content: answer },
    {
      role: 'user',
      content: [
        'Your previous answer does not match the required JSON schema:',
        ...shown,
        'Answer again with the complete corrected JSON object only, following the schema exactly.',
      ].join('\n'),
    },
  ];
}
