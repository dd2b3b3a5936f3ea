/** Bun and Deno for the runtime tests: where their binaries are, and how to run a script. */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The binary `name` from `$<envVar>` or the PATH, or `undefined`. */
export function findBinary(name: string, envVar?: string): string | undefined {
  const explicit = envVar === undefined ? undefined : process.env[envVar];
  if (explicit && existsSync(explicit)) return explicit;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Bun and Deno, each with the arguments that run `script` with loopback network access. */
export const RUNTIMES = [
  { name: 'bun', bin: findBinary('bun', 'BUN_PATH'), args: (script: string) => ['run', script] },
  {
    name: 'deno',
    bin: findBinary('deno', 'DENO_PATH'),
    args: (script: string) => ['run', '--no-prompt', '--allow-net=127.0.0.1', script],
  },
];
