import type * as z from 'zod';

/** Formats a zod issue path as `deliverables[2].content_markdown`. */
export function formatPath(path: readonly PropertyKey[], root = '(root)'): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || root;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Turns zod issues into `path: message` lines. A type error on a key that is
 * absent becomes `path: is required`.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], data: unknown, root?: string): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path, root);
    const missing =
      issue.code === 'invalid_type' && issue.path.length > 0 && valueAt(data, issue.path) === undefined;
    return `${path}: ${missing ? 'is required' : issue.message}`;
  });
}
