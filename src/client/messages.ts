import {
  capIssues,
  DEFAULT_MAX_ERRORS,
  formatPath,
  isRecord,
  issueLine,
  parsePath,
} from '../internal/index.js';
import type { Issue } from '../issue.js';

/** Longest message taken from a response body (CONTRACT §2: first 500 characters). */
export const MAX_MESSAGE_CHARS = 500;

const clip = (text: string): string =>
  text.length > MAX_MESSAGE_CHARS ? text.slice(0, MAX_MESSAGE_CHARS) : text;

function locPath(loc: unknown): string | undefined {
  if (!Array.isArray(loc) || loc.length === 0) return undefined;
  const keys = loc.filter(
    (key): key is string | number => typeof key === 'string' || typeof key === 'number',
  );
  return keys.length === 0 ? undefined : formatPath(keys);
}

/** One FastAPI / pydantic error item (`{loc, msg, type}`) as `body.budget: Field required`. */
function renderDetailItem(item: unknown): string {
  if (typeof item === 'string') return item;
  if (isRecord(item)) {
    const msg =
      typeof item.msg === 'string' ? item.msg : typeof item.message === 'string' ? item.message : undefined;
    if (msg !== undefined) {
      const path = locPath(item.loc);
      return path ? `${path}: ${msg}` : msg;
    }
  }
  return safeStringify(item);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Renders FastAPI's `detail`: a string as is, a list of `{loc, msg}` items as
 * `loc: msg` joined by `; `, an object by its `message` / `msg`, else as JSON.
 * @internal
 */
export function renderDetail(detail: unknown): string | undefined {
  if (detail === undefined || detail === null) return undefined;
  if (typeof detail === 'string') return detail.trim() === '' ? undefined : detail;
  if (Array.isArray(detail)) {
    const parts = detail.map(renderDetailItem).filter((part) => part.trim() !== '');
    return parts.length === 0 ? undefined : parts.join('; ');
  }
  return renderDetailItem(detail);
}

/**
 * The message of a non-2xx answer: the body's `message`, else `detail`, else
 * (for a FAILED envelope) `error.message`, else the text itself; at most 500
 * characters.
 * @internal
 */
export function httpErrorMessage(status: number, text: string | undefined, json: unknown): string {
  if (isRecord(json)) {
    const fromBody =
      (typeof json.message === 'string' && json.message.trim() !== '' ? json.message : undefined) ??
      renderDetail(json.detail) ??
      (isRecord(json.error) && typeof json.error.message === 'string' && json.error.message.trim() !== ''
        ? json.error.message
        : undefined);
    if (fromBody !== undefined) return clip(fromBody);
  }
  if (text !== undefined && text.trim() !== '') return clip(text);
  return `The backend answered HTTP ${status} without a readable message (empty or unreadable body).`;
}

/** `JSON.parse` that answers `undefined` instead of throwing. @internal */
export function tryParseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Request path for logs: query string and fragment removed. @internal */
export function logPath(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

const isKey = (key: unknown): key is string | number => typeof key === 'string' || typeof key === 'number';

/** One listed problem of an error body as an {@link Issue}, or `undefined` when it is not one. */
function bodyIssue(item: unknown): Issue | undefined {
  if (!isRecord(item)) return undefined;
  const message =
    typeof item.message === 'string' ? item.message : typeof item.msg === 'string' ? item.msg : undefined;
  if (message === undefined) return undefined;
  let path: (string | number)[] = [];
  if (Array.isArray(item.path)) path = item.path.filter(isKey);
  else if (Array.isArray(item.loc)) {
    path = item.loc.filter(isKey);
    // FastAPI: ['body', 'budget'] names the request body's field
    if (path[0] === 'body' && typeof item.type === 'string') path = path.slice(1);
  } else if (typeof item.path === 'string') path = parsePath(item.path);
  const code =
    typeof item.code === 'string' ? item.code : typeof item.type === 'string' ? item.type : 'invalid';
  return { path, code: code.slice(0, 60), message: message.slice(0, MAX_MESSAGE_CHARS) };
}

/**
 * The field list of an error body, as issues and `path: message` lines: an
 * aicmo server's FAILED envelope (`error.details.issues`) or FastAPI's
 * `detail` list. `undefined` when the body names no field. At most 100.
 * @internal
 */
export function httpErrorIssues(json: unknown): { issues: Issue[]; errors: string[] } | undefined {
  if (!isRecord(json)) return undefined;
  const details = isRecord(json.error) && isRecord(json.error.details) ? json.error.details : undefined;
  const list = Array.isArray(details?.issues)
    ? details.issues
    : Array.isArray(json.detail)
      ? json.detail
      : undefined;
  if (list === undefined || list.length === 0) return undefined;
  const found: Issue[] = [];
  for (const item of list.slice(0, DEFAULT_MAX_ERRORS + 1)) {
    const issue = bodyIssue(item);
    if (issue !== undefined) found.push(issue);
  }
  if (found.length === 0) return undefined;
  const issues = capIssues(found, DEFAULT_MAX_ERRORS, Math.max(0, list.length - DEFAULT_MAX_ERRORS - 1));
  return { issues, errors: issues.map((issue) => issueLine(issue)) };
}
