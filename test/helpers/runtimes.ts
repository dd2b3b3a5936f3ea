/** Bun and Deno for the runtime tests: where their binaries are, and how to run a script. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { bundleDistEntry } from './bundle.js';
import { inCi } from './ci.js';

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

/**
 * Writes the `aicmo/client` bundle (`aicmo-client.mjs`) and `script` (`main.mjs`)
 * into a new temp folder for `name`, and returns it; `undefined` when the
 * runtime is missing (an error in CI, where it is a devDependency).
 */
export async function writeClientScript(
  name: string,
  bin: string | undefined,
  script: string,
): Promise<string | undefined> {
  if (!bin) {
    if (inCi()) throw new Error(`${name} not found: run npm ci (it is a devDependency) or set its *_PATH.`);
    return undefined;
  }
  const bundle = await bundleDistEntry('client', {
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'esm',
  });
  const dir = mkdtempSync(join(tmpdir(), `aicmo-client-${name}-`));
  writeFileSync(join(dir, 'aicmo-client.mjs'), bundle);
  writeFileSync(join(dir, 'main.mjs'), script);
  return dir;
}
