/**
 * zod's English wording for issues a schema gives no message of its own.
 * aicmo's schemas are built on `zod/mini`, which loads no locale (its default
 * message is "Invalid input"); the parses aicmo runs pass {@link ENGLISH}, zod's
 * own English locale (`zod/locales`), so users read what classic zod says,
 * without touching the user's global zod config. A schema's own `error` still
 * wins (zod's order).
 */
import { en } from 'zod/locales';
import type * as z from 'zod/mini';

const english = en().localeError;

/** The message zod's English locale (classic `zod`'s default) gives `issue`. */
export function englishMessage(issue: z.core.$ZodRawIssue): string {
  const message = english(issue);
  if (typeof message === 'string') return message;
  return message?.message ?? 'Invalid input';
}

/** Parse params giving {@link englishMessage} to every issue without a message of its own. */
export const ENGLISH: { readonly error: (issue: z.core.$ZodRawIssue) => string } = Object.freeze({
  error: englishMessage,
});
