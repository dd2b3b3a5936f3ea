/**
 * The path a handler routes on, taken from the raw request target rather
 * than from a parsed `URL`: the URL parser resolves `..` and `%2e%2e`
 * segments, so `/api/v1/x/%2e%2e/campaigns/generate` would reach the
 * generate endpoint past a proxy rule keyed on its path. Targets with dot
 * segments, raw or percent-encoded, are refused instead.
 * @internal
 */

/** True when a path (no query) has a `.` or `..` segment, raw or percent-encoded, split on `/` or `\`. */
export function hasDotSegment(path: string): boolean {
  for (const segment of path.split(/[\\/]/)) {
    const decoded = segment.replace(/%2e/gi, '.');
    if (decoded === '.' || decoded === '..') return true;
  }
  return false;
}

/** The path of a request target or absolute URL, as sent: no decoding, no dot-segment resolution, no query. */
export function rawPathOf(target: string): string {
  const afterOrigin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  const rest = afterOrigin ? target.slice(afterOrigin[0].length) : target;
  const path = rest.split(/[?#]/, 1)[0] ?? '';
  return path.startsWith('/') ? path : `/${path}`;
}

/** Where a request goes: its route path (base path removed, no trailing slash), or why it has none. */
export type RouteTarget =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'traversal' }
  | { readonly kind: 'outside' };

/**
 * The route path of `url` under `basePath` (e.g. `/api/aicmo`): `traversal`
 * for dot segments, `outside` when the path is not under the base path.
 */
export function routeTarget(url: string, basePath = ''): RouteTarget {
  const raw = rawPathOf(url);
  if (hasDotSegment(raw)) return { kind: 'traversal' };
  let path = raw.replace(/\/+$/, '') || '/';
  if (basePath !== '') {
    if (path !== basePath && !path.startsWith(`${basePath}/`)) return { kind: 'outside' };
    path = path.slice(basePath.length) || '/';
  }
  return { kind: 'path', path };
}

/**
 * A `basePath` option checked and normalised: `''` for none, else `/a/b`
 * (leading slash, no trailing slash, no dot segments).
 */
export function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined) return '';
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!trimmed.startsWith('/') || hasDotSegment(trimmed) || /[?#\s]/.test(trimmed)) {
    throw new RangeError(
      `basePath must be a path such as "/api/aicmo" (leading slash, no query, no dot segments), got ${JSON.stringify(basePath)}`,
    );
  }
  return trimmed;
}
