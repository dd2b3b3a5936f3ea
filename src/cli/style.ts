/**
 * Terminal styling: colors and symbols only on a TTY, and never when
 * `NO_COLOR` is set.
 */
import type { CliIo } from './io.js';

/** Styling helpers for human output. */
export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  /** `✔` / `✖` / `!` / `•` on a terminal, ASCII otherwise. */
  symbols: { ok: string; bad: string; warn: string; info: string };
}

const wrap = (on: boolean, open: number, close: number) => (text: string) =>
  on ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/** Styling for `io`. */
export function styleFor(io: CliIo): Style {
  const color = io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  return {
    ok: wrap(color, 32, 39),
    bad: wrap(color, 31, 39),
    warn: wrap(color, 33, 39),
    dim: wrap(color, 2, 22),
    bold: wrap(color, 1, 22),
    symbols: io.isTTY
      ? { ok: '✔', bad: '✖', warn: '!', info: '•' }
      : { ok: 'PASS', bad: 'FAIL', warn: 'WARN', info: 'INFO' },
  };
}
