import type * as z from 'zod/mini';
import type { Issue } from '../issue.js';

/** At most this many issues are reported; the last one says how many more there were. */
export const MAX_ISSUES = 100;

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
export function issuesFromZod(
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
  return issuesFromZod(issues, data).map((issue) => issueLine(issue, root));
}

/** The default cap on listed problems (validators and results): {@link MAX_ISSUES}. */
export const DEFAULT_MAX_ERRORS = MAX_ISSUES;

/**
 * `issues` cut to at most `max` entries in all: past it, the first `max - 1`
 * and a final `… and N more` entry (code `too_many_issues`). `extra` counts
 * problems found but not in `issues`; `atLeast` says the count is a lower bound.
 */
export function capIssues(issues: readonly Issue[], max: number, extra = 0, atLeast = false): Issue[] {
  if (issues.length <= max && extra === 0 && !atLeast) return [...issues];
  if (issues.length < max && extra === 0) {
    // everything found is listed; some items were not checked
    const message = '… and maybe more: only the first items of a long array were checked';
    return [...issues, { path: [], code: 'too_many_issues', message }];
  }
  const kept = issues.slice(0, Math.max(0, max - 1));
  const more = issues.length - kept.length + extra;
  kept.push({
    path: [],
    code: 'too_many_issues',
    message: atLeast ? `… and at least ${more} more` : `… and ${more} more`,
  });
  return kept;
}

function valueAtPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

type PublicDef = { type?: string; innerType?: unknown; shape?: Record<string, unknown>; element?: unknown };

/** A schema's public `def` (classic and `zod/mini` schemas both expose it; `{}` for anything else). */
function defOf(schema: unknown): PublicDef {
  if (schema === null || typeof schema !== 'object') return {};
  const def = (schema as { def?: unknown }).def;
  return def !== null && typeof def === 'object' ? (def as PublicDef) : {};
}

const WRAPPERS: ReadonlySet<string | undefined> = new Set(['optional', 'nullable', 'default', 'prefault']);

/**
 * Unwraps optional, nullable, default and array wrappers to reach an object's
 * keys. Reads the public `def` (its `type`), so classic and `zod/mini` schemas
 * both work and no zod class is needed at run time.
 */
function objectKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let cur: unknown = schema;
  const unwrap = () => {
    for (let i = 0; i < 10 && WRAPPERS.has(defOf(cur).type); i++) cur = defOf(cur).innerType;
  };
  unwrap();
  for (const key of path) {
    const def = defOf(cur);
    if (def.type === 'object' && typeof key === 'string') cur = def.shape?.[key];
    else if (def.type === 'array' && typeof key === 'number') cur = def.element;
    else return [];
    unwrap();
  }
  const def = defOf(cur);
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

const normalize = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Damerau-Levenshtein distance (optimal string alignment), for short keys. */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (d[i - 1]?.[j] ?? 0) + 1,
        (d[i]?.[j - 1] ?? 0) + 1,
        (d[i - 1]?.[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (d[i - 2]?.[j - 2] ?? 0) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return d[a.length]?.[b.length] ?? Number.POSITIVE_INFINITY;
}

/**
 * The known key closest to `key`, when it is close enough to be a typo
 * (`target_audiance` → `target_audience`, `targetAudience` → `target_audience`,
 * `hashtag` → `hashtags`).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  if (key.length > 100) return undefined;
  const wanted = normalize(key);
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const score = normalize(candidate) === wanted ? 0 : distance(wanted, normalize(candidate));
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(wanted.length / 4)));
  return bestScore <= limit ? best : undefined;
}

/**
 * zod issues as {@link Issue}s: an absent required field reads `is required`,
 * an unknown key names itself with a "did you mean" hint from `schema`'s keys,
 * and the list is capped at {@link MAX_ISSUES}. `subject` names the payload
 * in messages, e.g. `the strategy request`.
 */
export function toIssues(
  schema: z.core.$ZodType,
  zodIssues: readonly z.core.$ZodIssue[],
  data: unknown,
  subject: string,
): Issue[] {
  const issues: Issue[] = [];
  for (const issue of zodIssues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = objectKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        const hint = closestKey(key, known);
        issues.push({
          path: [...path, key],
          code: 'unrecognized_key',
          message: hint
            ? `is not a field of ${subject}; did you mean "${hint}"?`
            : `is not a field of ${subject}${known.length > 0 ? ` (fields: ${known.join(', ')})` : ''}`,
        });
      }
    } else if (
      issue.code === 'invalid_type' &&
      issue.path.length > 0 &&
      valueAtPath(data, issue.path) === undefined
    ) {
      issues.push({ path, code: 'required', message: 'is required' });
    } else if (issue.code === 'invalid_type' && issue.path.length === 0) {
      issues.push({
        path,
        code: 'invalid_type',
        message: `${subject} must be a JSON object`,
      });
    } else {
      issues.push({ path, code: issue.code, message: issue.message });
    }
  }
  if (issues.length > MAX_ISSUES) {
    const more = issues.length - (MAX_ISSUES - 1);
    issues.length = MAX_ISSUES - 1;
    issues.push({ path: [], code: 'too_many_issues', message: `… and ${more} more` });
  }
  return issues;
}
