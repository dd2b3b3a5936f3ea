/**
 * What the commands need from the outside world, so they can be run in
 * tests without a process: output streams, environment, stdin, files,
 * signals.
 */
import { readFile, writeFile } from 'node:fs/promises';

/** The outside world of a command. */
export interface CliIo {
  /** Writes a line (a newline is added) to standard output. */
  out(line?: string): void;
  /** Writes a line (a newline is added) to standard error. */
  err(line?: string): void;
  /** Environment variables. */
  env: Record<string, string | undefined>;
  /** True when standard output is a terminal (colors, symbols). */
  isTTY: boolean;
  /** True when standard input is a terminal (nothing piped in). */
  stdinIsTTY: boolean;
  /** Reads all of standard input as UTF-8. */
  readStdin(): Promise<string>;
  /** Reads a file as UTF-8. */
  readFile(path: string): Promise<string>;
  /** Writes a UTF-8 file (replacing it). */
  writeFile(path: string, text: string): Promise<void>;
  /** Resolves with the name of the first SIGINT/SIGTERM received. */
  waitForShutdownSignal(): Promise<string>;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    out: (line = '') => {
      process.stdout.write(`${line}\n`);
    },
    err: (line = '') => {
      process.stderr.write(`${line}\n`);
    },
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin)
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return Buffer.concat(chunks).toString('utf8');
    },
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    waitForShutdownSignal() {
      return new Promise((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          // A second signal while shutting down stops at once.
          const force = () => process.exit(130);
          process.once('SIGINT', force);
          process.once('SIGTERM', force);
          resolve(signal);
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
    },
  };
}
