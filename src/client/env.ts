/** A read-only view of environment variables, e.g. `process.env`. */
export type EnvLike = Readonly<Record<string, string | undefined>>;

/**
 * The ambient environment: `globalThis.process.env` when there is one, else
 * an empty object. Never throws (Deno without `--allow-env`, browsers, edge).
 * @internal
 */
export function ambientEnv(): EnvLike {
  try {
    const env = (globalThis as { process?: { env?: EnvLike } }).process?.env;
    return env ?? {};
  } catch {
    return {};
  }
}

/**
 * Strips trailing slashes and surrounding blanks; an empty result is `undefined`.
 * @internal
 */
export function normalizeBaseUrl(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  const url = value.trim().replace(/\/+$/, '');
  return url === '' ? undefined : url;
}

/**
 * The backend base URL from `BACKEND_URL`, else `AICMO_BACKEND_URL`, with
 * trailing slashes stripped; `undefined` when neither is set (or both are
 * blank). Mirrors `get_backend_url()` of the Python reference client.
 *
 * @param env - Where to look. Defaults to `process.env` when the runtime has
 *   one, and to an empty environment in browsers and edge runtimes.
 *
 * @example
 * ```ts
 * getBackendUrl({ BACKEND_URL: 'http://localhost:8000/' }) // 'http://localhost:8000'
 * getBackendUrl({}) // undefined
 * ```
 */
export function getBackendUrl(env: EnvLike = ambientEnv()): string | undefined {
  let primary: string | undefined;
  let fallback: string | undefined;
  try {
    primary = env.BACKEND_URL;
    fallback = env.AICMO_BACKEND_URL;
  } catch {
    return undefined;
  }
  return normalizeBaseUrl(primary) ?? normalizeBaseUrl(fallback);
}
