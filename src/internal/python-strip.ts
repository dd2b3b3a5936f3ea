/**
 * The characters Python's `str.strip()` removes (`str.isspace()`), which are
 * not the ones JavaScript's `trim()` and `\s` remove: Python strips
 * U+001C–U+001F and U+0085 and keeps U+FEFF.
 */
export const PYTHON_WHITESPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Matches a string that has at least one character Python would not strip. */
export const NOT_BLANK_PATTERN: RegExp = new RegExp(`[^${PYTHON_WHITESPACE}]`, 'u');

/** True when Python's `value.strip()` would be the empty string. */
export function isPythonBlank(value: string): boolean {
  return !NOT_BLANK_PATTERN.test(value);
}

const STRIPPED = new RegExp(`^[${PYTHON_WHITESPACE}]$`, 'u');

/**
 * `value` as Python's `value.strip()` returns it: the characters in
 * {@link PYTHON_WHITESPACE} removed from both ends, U+FEFF kept (JavaScript's
 * `trim()` removes U+FEFF and keeps U+001C–U+001F and U+0085).
 */
export function pythonStrip(value: string): string {
  let start = 0;
  let end = value.length;
  // Every Python whitespace character is in the BMP: one UTF-16 unit each.
  while (start < end && STRIPPED.test(value.charAt(start))) start++;
  while (end > start && STRIPPED.test(value.charAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
