/**
 * Secret redaction for every string the chain emits (error messages, status
 * reports, event payloads). Internal: not exported from `aicmo/providers`.
 */

// Key shapes of the providers we know (OpenAI `sk-…`/`sk-proj-…`, Anthropic
// `sk-ant-…`, Groq `gsk_…`, OpenRouter `sk-or-…`, xAI `xai-…`, Google `AIza…`)
// and bearer tokens in general.
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|gsk|xai|pk|rk)[-_][A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/**
 * Replaces anything shaped like an API key with `[redacted]`, and each exact
 * `secrets` value (the keys the caller configured) too.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

/** Keeps a short upstream identifier (error type or code) only when it is a plain token. */
export function safeToken(value: unknown, max = 64): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  if (text.length === 0 || text.length > max || !/^[A-Za-z0-9_.:-]+$/.test(text)) return undefined;
  if (redactSecrets(text) !== text) return undefined;
  return text;
}
