/** The package version, read from the package's own `package.json`. */
import { readFile } from 'node:fs/promises';

/** The `version` of the `aicmo` package.json next to this file (source or `dist/`), or `unknown`. */
export async function packageVersion(): Promise<string> {
  for (const relative of ['../../package.json', '../package.json']) {
    try {
      const json = JSON.parse(await readFile(new URL(relative, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (json.name === 'aicmo' && typeof json.version === 'string') return json.version;
    } catch {
      // Try the next location.
    }
  }
  return 'unknown';
}
