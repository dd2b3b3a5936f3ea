/**
 * zod issues as {@link RequestIssue}s (path + message).
 * @internal
 */
import type * as z from 'zod';
import { formatPath } from '../../internal/issues.js';
import type { RequestIssue } from '../errors.js';

function isAbsent(data: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return true;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur === undefined;
}

/** One entry per issue; a type error on an absent field reads `is required`. */
export function toRequestIssues(issues: readonly z.core.$ZodIssue[], data: unknown): RequestIssue[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    message:
      issue.code === 'invalid_type' && issue.path.length > 0 && isAbsent(data, issue.path)
        ? 'is required'
        : issue.message,
  }));
}
