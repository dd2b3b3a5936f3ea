/**
 * True for an object that is not an array (and not `null`): something with
 * keys to read. Internal; no Node built-ins, so every entry can use it.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
