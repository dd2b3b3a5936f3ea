import type * as z from 'zod';
import type { Issue } from '../issue.js';

/** Formats an issue path as `deliverables[2].content_markdown` (`root` when empty). */
export function formatPath(path: readonly PropertyKey[], root = '(root)'): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || root;
}

/**
 * The inverse of {@link formatPath}: `deliverables[2].content_markdown` →
 * `['deliverables', 2, 'content_markdown']`; `(root)` → `[]`.
 */
export function parsePath(text: string): (string | number)[] {
  const path: (string | number)[] = [];
  const re = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  if (text === '' || /^\(.*\)$/.test(text)) return path;
  let end = 0;
  while (end < text.length) {
    const match = re.exec(text);
    if (match === null) break;
    if (match[1] !== undefined) path.push(match[1]);
    else if (match[2] !== undefined) path.push(Number(match[2]));
    else path.push(JSON.parse(match[3]!) as string);
    end = re.lastIndex;
  }
  return end === text.length ? path : [text];
}

function isAbsent(data: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return true;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur === undefined;
}

/**
 * zod issues as {@link Issue}s: the path as keys and indexes (symbols dropped),
 * zod's code, and the message. A type error on an absent key becomes
 * `{ code: 'required', message: 'is required' }`. `prefix` is prepended to
 * every path (an element checked on its own).
 */
export function toIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  prefix: readonly (string | number)[] = [],
): Issue[] {
  return issues.map((issue) => {
    const local = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const missing = issue.code === 'invalid_type' && issue.path.length > 0 && isAbsent(data, issue.path);
    return {
      path: prefix.length > 0 ? [...prefix, ...local] : local,
      code: missing ? 'required' : issue.code,
      message: missing ? 'is required' : issue.message,
    };
  });
}

/** One issue as a `path: message` line, e.g. `deliverables[2].content_markdown: must not be blank`. */
export function issueLine(issue: Issue, root?: string): string {
  return issue.code === 'too_many_issues'
    ? issue.message
    : `${formatPath(issue.path, root)}: ${issue.message}`;
}

/**
 * Turns zod issues into `path: message` lines. A type error on a key that is
 * absent becomes `path: is required`.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], data: unknown, root?: string): string[] {
  return toIssues(issues, data).map((issue) => issueLine(issue, root));
}

/** The default cap on listed problems (validators and results). */
export const DEFAULT_MAX_ERRORS = 100;

/**
 * `issues` cut to `max` entries plus a final `… and N more` entry
 * (code `too_many_issues`) when there are more; `extra` counts problems found
 * but not in `issues`, `atLeast` says the count is a lower bound.
 */
export function capIssues(issues: readonly Issue[], max: number, extra = 0, atLeast = false): Issue[] {
  const more = Math.max(0, issues.length - max) + extra;
  if (more === 0 && !atLeast) return [...issues];
  const kept = issues.slice(0, max);
  const message = atLeast ? `… and at least ${more} more` : `… and ${more} more`;
  kept.push({ path: [], code: 'too_many_issues', message });
  return kept;
}
