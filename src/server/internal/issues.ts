/**
 * zod issues as {@link RequestIssue}s: the readable path and message, plus
 * the structured `loc` and `code` of an {@link Issue}.
 * @internal
 */
import type * as z from 'zod';
import { formatPath, toIssues } from '../../internal/issues.js';
import type { Issue } from '../../issue.js';
import type { RequestIssue } from '../errors.js';

/** One entry per issue; a type error on an absent field reads `is required`. */
export function toRequestIssues(issues: readonly z.core.$ZodIssue[], data: unknown): RequestIssue[] {
  return toIssues(issues, data).map((issue: Issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    loc: [...issue.path],
    code: issue.code,
  }));
}
