/**
 * aicmo's one internal folder: plumbing shared by the entries, never exported
 * from a package entry. Web-standard only (no Node built-ins), so every entry
 * can use it. Other folders import it through this file.
 * @internal
 */
export { raceAbort } from './abort.js';
export { ENGLISH, englishMessage } from './english.js';
export { fnv1a } from './hash.js';
export { isRecord } from './is-record.js';
export {
  capIssues,
  closestKey,
  DEFAULT_MAX_ERRORS,
  formatIssues,
  formatPath,
  issueLine,
  issuesFromZod,
  MAX_ISSUES,
  parsePath,
  toIssues,
} from './issues.js';
export { isPythonBlank, NOT_BLANK_PATTERN, PYTHON_WHITESPACE, pythonStrip } from './python-strip.js';
export { isSqliteBusy, retryWhileSqliteBusy } from './sqlite-busy.js';
