/** Helpers of the CLI tests: a fake io, a built CLI snapshot, process spawning. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';

export const REPO = join(import.meta.dirname, '..', '..');

/** A fake io that records output. */
export function fakeIo(
  options: {
    env?: Record<string, string | undefined>;
    stdin?: string;
    stdinIsTTY?: boolean;
    files?: Record<string, string>;
  } = {},
): CliIo & { stdout: string[]; stderr: string[]; written: Record<string, string>; text(): string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written: Record<string, string> = {};
  return {
    stdout,
    stderr,
    written,
    text: () => [...stdout, ...stderr].join('\n'),
    out: (line = '') => {
      stdout.push(line);
    },
    err: (line = '') => {
      stderr.push(line);
    },
    // Engagements in memory: a test's `aicmo serve` never writes aicmo-engagements.db into the repo.
    env: { AICMO_DB: 'memory', ...(options.env ?? {}) },
    isTTY: false,
    stdinIsTTY: options.stdinIsTTY ?? false,
    readStdin: async () => options.stdin ?? '',
    async readFile(path) {
      const content = options.files?.[path];
      if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return content;
    },
    async writeFile(path, text) {
      written[path] = text;
    },
    waitForShutdownSignal: () => Promise.resolve('SIGTERM'),
  };
}

/** Waits for `npm run build` (maybe running concurrently) or runs it, then snapshots dist/ so a rebuild cannot tear it. */
export function snapshotCli(): { main: string; cleanup(): void } {
  const main = join(REPO, 'dist', 'cli', 'main.js');
  const until = Date.now() + 20_000;
  while (!existsSync(main) && Date.now() < until)
    execFileSync(process.execPath, ['-e', 'setTimeout(()=>{},500)']);
  if (!existsSync(main)) execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
  // Inside the repo so that `zod` and the other dependencies resolve from node_modules.
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(REPO, '.tmp', 'cli-e2e-'));
  cpSync(join(REPO, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  return {
    main: join(dir, 'dist', 'cli', 'main.js'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An environment without any provider key or backend URL, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', AICMO_DB: 'memory', ...extra };
}

/** Result of a finished CLI process. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion. */
export function runNode(
  main: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** A running `aicmo serve` child process. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Finished>;
}

/** Starts `aicmo serve --port 0 ...` and resolves once it prints its URL. */
export function startServe(main: string, args: string[], env: Record<string, string>): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, 'serve', '--port', '0', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let done = false;
    const exited = new Promise<Finished>((resolveExit) => {
      child.on('close', (code, signal) => {
        resolveExit({ code, signal, stdout, stderr });
        if (!done) {
          done = true;
          reject(new Error(`aicmo serve exited early (${code ?? signal}): ${stderr}`));
        }
      });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] && !done) {
        done = true;
        resolve({ child, url: match[1], stderr: () => stderr, exited });
      }
    });
  });
}

/** True when `python3` runs. */
export function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
