/**
 * Secret redaction for every string the chain emits (error messages, status
 * reports, event payloads). Internal: not exported from `aicmo/providers`.
 */
import { ProviderError } from '../errors.js';

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

/**
 * The error with every string that upstream text can reach (message, model,
 * request id, provider) redacted by value and by shape. Unchanged errors are
 * returned as they are; a changed one is rebuilt without its `cause` (which
 * may hold the raw upstream text), and a request id that held a secret is
 * dropped rather than half-kept.
 */
export function redactProviderError(error: ProviderError, secrets: readonly string[]): ProviderError {
  const message = redactSecrets(error.message, secrets);
  const model = error.model === undefined ? undefined : redactSecrets(error.model, secrets);
  const requestId = error.requestId === undefined ? undefined : redactSecrets(error.requestId, secrets);
  const provider = redactSecrets(error.provider, secrets);
  const cause: unknown = error.cause;
  const causeLeaks = cause !== undefined && leaks(cause, secrets);
  if (
    message === error.message &&
    model === error.model &&
    requestId === error.requestId &&
    provider === error.provider &&
    !causeLeaks
  ) {
    return error;
  }
  return new ProviderError(message, {
    kind: error.kind,
    provider,
    ...(model !== undefined && { model }),
    ...(error.status !== undefined && { status: error.status }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(requestId !== undefined && requestId === error.requestId && { requestId }),
  });
}

/** True when `value` (an error cause) shows a secret in its text, or cannot be read. */
function leaks(value: unknown, secrets: readonly string[]): boolean {
  let text: string;
  try {
    text =
      value instanceof Error
        ? `${value.name} ${value.message} ${JSON.stringify(value)} ${String((value as { cause?: unknown }).cause ?? '')}`
        : typeof value === 'string'
          ? value
          : String(JSON.stringify(value));
  } catch {
    return true;
  }
  return redactSecrets(text, secrets) !== text;
}
