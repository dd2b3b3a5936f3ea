/**
 * A line-by-line TypeScript model of the Python backends'
 * `validate_deliverables_envelope(data)` (backend/schemas_deliverables.py), used
 * as the oracle of the compatibility tests: whatever it rejects, the TypeScript
 * validator must reject too; on well-typed input the two must agree.
 *
 * It models Python semantics, not JavaScript ones: `"key" in dict` is an own-key
 * test, `isinstance(x, dict)` is a plain object, `str.strip()` removes exactly
 * the characters `str.isspace()` reports, and `not data.get("error")` is Python
 * truthiness (`None`, `{}`, `[]`, `""`, `0`, `False` are falsy).
 */

/** Every code point for which CPython 3.11's `str.isspace()` is true. */
export const PYTHON_ISSPACE: readonly number[] = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

const SPACE = new Set(PYTHON_ISSPACE);

/** Python's `s.strip() == ""`. */
export function pythonStripIsEmpty(s: string): boolean {
  for (const ch of s) if (!SPACE.has(ch.codePointAt(0)!)) return false;
  return true;
}

/** Python `isinstance(x, dict)` for JSON-decoded data. */
const isDict = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Python truthiness of a JSON value. */
export function pythonTruthy(x: unknown): boolean {
  if (x === null || x === undefined || x === false || x === 0 || x === '') return false;
  if (Array.isArray(x)) return x.length > 0;
  if (typeof x === 'object') return Object.keys(x).length > 0;
  return true;
}

const has = (o: Record<string, unknown>, k: string): boolean => Object.hasOwn(o, k);
const STATUSES: readonly unknown[] = ['SUCCESS', 'FAILED', 'PARTIAL'];

/**
 * `(is_valid, errors)` as Python returns them. Input that is not a dict made
 * the Python function raise (or, for a list, report missing fields): either way
 * it is never accepted, so it is reported as one error here.
 */
export function pythonValidate(data: unknown): { valid: boolean; errors: string[] } {
  if (!isDict(data)) return { valid: false, errors: ['not a dict'] };
  const errors: string[] = [];
  if (!has(data, 'status')) errors.push('Missing required field: status');
  else if (!STATUSES.includes(data.status)) errors.push('Invalid status');
  if (!has(data, 'module')) errors.push('Missing required field: module');
  if (!has(data, 'run_id')) errors.push('Missing required field: run_id');
  else if (typeof data.run_id !== 'string' || pythonStripIsEmpty(data.run_id))
    errors.push('run_id must be non-empty string');
  if (!has(data, 'meta')) errors.push('Missing required field: meta');
  else if (!isDict(data.meta)) errors.push('meta must be a dict');
  else {
    if (!has(data.meta, 'timestamp')) errors.push('meta missing required field: timestamp');
    if (!has(data.meta, 'provider')) errors.push('meta missing required field: provider');
  }
  if (!has(data, 'deliverables')) errors.push('Missing required field: deliverables');
  else if (!Array.isArray(data.deliverables)) errors.push('deliverables must be a list');
  else {
    if (data.status === 'SUCCESS' && data.deliverables.length === 0)
      errors.push('SUCCESS status requires at least one deliverable');
    data.deliverables.forEach((d: unknown, i: number) => {
      if (!isDict(d)) {
        errors.push(`deliverables[${i}] must be a dict`);
        return;
      }
      for (const k of ['id', 'kind', 'title', 'content_markdown'])
        if (!has(d, k)) errors.push(`deliverables[${i}] missing required field: ${k}`);
      if (
        has(d, 'content_markdown') &&
        typeof d.content_markdown === 'string' &&
        pythonStripIsEmpty(d.content_markdown)
      )
        errors.push(`deliverables[${i}].content_markdown cannot be empty string`);
    });
  }
  if (data.status === 'FAILED' && (!has(data, 'error') || !pythonTruthy(data.error)))
    errors.push('FAILED status should include error details');
  return { valid: errors.length === 0, errors };
}
