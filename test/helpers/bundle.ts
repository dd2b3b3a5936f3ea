/**
 * The built entries (dist/, from `npm run build`) bundled with esbuild, no
 * externals, as a browser, worker, Deno or Bun would load them; and a bare vm
 * context with web-platform globals only to run such a bundle in.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext } from 'node:vm';
import { type BuildOptions, build } from 'esbuild';

/** The path of a built entry, e.g. `dist/client/index.js`. */
export function distEntry(name: 'client' | 'server' | 'engagement'): string {
  return fileURLToPath(new URL(`../../dist/${name}/index.js`, import.meta.url));
}

/**
 * Bundles the built `name` entry into one file and returns its text. Defaults:
 * browser platform, nothing written, silent; `options` override them (format,
 * globalName, minify...).
 *
 * @example
 * const iife = await bundleDistEntry('client', { format: 'iife', globalName: 'aicmoClient' });
 */
export async function bundleDistEntry(
  name: 'client' | 'server' | 'engagement',
  options: BuildOptions = {},
): Promise<string> {
  const entry = distEntry(name);
  if (!existsSync(entry)) throw new Error(`dist/${name}/index.js is missing: run \`npm run build\` first.`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    logLevel: 'silent',
    ...options,
    write: false,
  });
  return result.outputFiles?.[0]?.text ?? '';
}

/**
 * A vm context with web-platform globals only: what a browser, Deno, Bun or a
 * worker has; no `process`, `require`, `Buffer` or `global`. `extra` adds
 * globals (a mocked `fetch`, for one).
 */
export function webContext(extra: Record<string, unknown> = {}) {
  const g = globalThis;
  return createContext({
    Request: g.Request,
    Response: g.Response,
    Headers: g.Headers,
    AbortController: g.AbortController,
    AbortSignal: g.AbortSignal,
    DOMException: g.DOMException,
    Event: g.Event,
    EventTarget: g.EventTarget,
    URL: g.URL,
    URLSearchParams: g.URLSearchParams,
    TextEncoder: g.TextEncoder,
    TextDecoder: g.TextDecoder,
    ReadableStream: g.ReadableStream,
    FormData: g.FormData,
    Blob: g.Blob,
    crypto: g.crypto,
    performance: g.performance,
    setTimeout: g.setTimeout,
    clearTimeout: g.clearTimeout,
    queueMicrotask: g.queueMicrotask,
    structuredClone: g.structuredClone,
    console: g.console,
    ...extra,
  });
}
