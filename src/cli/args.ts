/**
 * Argument parsing on `node:util` `parseArgs`, with usage errors that say
 * what to type instead.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Exit code of a usage error (unknown command, option or bad value), as in sysexits' `EX_USAGE`. */
export const EXIT_USAGE = 64;

/** A command line that cannot be run as typed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** `parseArgs` in strict mode, its errors turned into {@link UsageError}s. */
export function parse<T extends ParseArgsConfig['options']>(
  args: readonly string[],
  options: T,
  allowPositionals: boolean,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

/** A TCP port (0 to 65535) from an option value. */
export function portOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new UsageError(`--port must be a number from 0 to 65535 (0 picks a free port), got "${value}".`);
  }
  return Number(value);
}

/** A positive integer from an option value. */
export function positiveIntOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a positive whole number, got "${value}".`);
  }
  return Number(value);
}
