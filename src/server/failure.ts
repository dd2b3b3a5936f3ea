/**
 * The one place where an error becomes an HTTP status and a FAILED
 * envelope's `error` fields. Messages are taken only from errors whose
 * messages are written to be secret-free (the library's own), and are
 * scrubbed once more; anything else gets a generic message. Stack traces
 * never leave the process.
 */
import { isAicmoError } from '../errors.js';
import {
  isAllProvidersFailedError,
  isChainAbortedError,
  isChainTimeoutError,
  isProviderConfigurationError,
  isProviderError,
  isSchemaMismatchError,
  isSchemaUnsupportedError,
} from '../providers/index.js';
// biome-ignore lint/style/noRestrictedImports: the server scrubs messages with the providers' redaction (shared plumbing; move it to src/internal once the providers folder settles)
import { redactSecrets } from '../providers/secrets/redact.js';
import { isInvalidRequestError, isServerShutdownError, isUnknownModuleError } from './errors.js';
import { isRunError } from './stream/errors.js';

/**
 * HTTP status for a request the client abandoned before the answer was
 * written (nginx's convention; nobody reads it, but logs do).
 */
export const CLIENT_CLOSED_REQUEST = 499;

/** What a failure looks like on the wire. */
export interface FailureDescription {
  /** HTTP status to answer with. */
  status: number;
  /** `error.type` of the FAILED envelope, e.g. `TIMEOUT`. */
  type: string;
  /** Human message: what happened and what to do. Secret-free. */
  message: string;
  /** Structured, secret-free details (provider names, error kinds, field paths). */
  details?: Record<string, unknown>;
  /** The module the failure belongs to, when the error knows it better than the endpoint. */
  module?: string;
}

/** Context for {@link describeFailure}. */
export interface DescribeFailureContext {
  /** True when the HTTP client went away (its request signal aborted). */
  clientAborted?: boolean;
  /** Trace id to quote in generic messages. */
  traceId?: string;
}

function safe(message: string): string {
  return redactSecrets(message).slice(0, 1000);
}

function attemptsOf(
  attempts: ReadonlyArray<{
    provider: string;
    model: string;
    outcome: string;
    errorKind?: string;
    status?: number;
  }>,
) {
  return attempts.map((a) => ({
    provider: a.provider,
    model: a.model,
    outcome: a.outcome,
    ...(a.errorKind !== undefined && { error_kind: a.errorKind }),
    ...(a.status !== undefined && { status: a.status }),
  }));
}

/**
 * Maps any error thrown while generating to an HTTP status and FAILED
 * envelope fields:
 *
 * | error | status | `error.type` |
 * |---|---|---|
 * | `InvalidRequestError` | 422 | `VALIDATION_ERROR` |
 * | `UnknownModuleError` | 404 | `UNKNOWN_MODULE` |
 * | `ChainTimeoutError` | 504 | `TIMEOUT` |
 * | `AllProvidersFailedError` | 503 | `ALL_PROVIDERS_FAILED` |
 * | `ProviderConfigurationError` | 503 | `CONFIGURATION_ERROR` |
 * | `ProviderError` (a provider used without a chain) | 502 | `PROVIDER_ERROR` |
 * | `SchemaMismatchError` (a structured deliverable never matched) | 502 | `SCHEMA_MISMATCH` |
 * | `SchemaUnsupportedError` (a provider cannot express the schema) | 500 | `SCHEMA_UNSUPPORTED` |
 * | abort, client gone | 499 | `CLIENT_CLOSED_REQUEST` |
 * | abort, server side (shutdown), `ServerShutdownError` | 503 | `ABORTED` |
 * | `RunCancelledError` (cancel endpoint, client `stop()`) | 499 | `CANCELLED` |
 * | `RunAbandonedError` (no reader for the grace time) | 499 | `CLIENT_CLOSED_REQUEST` |
 * | `RunBufferFullError` | 507 | `RUN_BUFFER_FULL` |
 * | `RunCapacityError` | 503 | `RUN_CAPACITY` |
 * | `RunExistsError` | 409 | `RUN_EXISTS` |
 * | `RunStoreUnavailableError` (the shared run store refused) | 503 | `RUN_STORE_UNAVAILABLE` |
 * | anything else | 500 | `INTERNAL_ERROR` (generic message) |
 *
 * @example
 * ```ts
 * const { status, type, message } = describeFailure(err, { traceId })
 * ```
 */
export function describeFailure(error: unknown, context: DescribeFailureContext = {}): FailureDescription {
  if (isUnknownModuleError(error)) {
    return {
      status: 404,
      type: 'UNKNOWN_MODULE',
      message: error.message,
      details: { modules: [...error.known] },
    };
  }
  if (isInvalidRequestError(error)) {
    return {
      ...(error.module !== undefined && { module: error.module }),
      status: 422,
      type: 'VALIDATION_ERROR',
      message: safe(error.message),
      details: {
        issues: error.issues.map((issue) => ({
          path: [...issue.path],
          code: issue.code,
          message: issue.message,
        })),
      },
    };
  }
  if (isChainTimeoutError(error)) {
    return {
      status: 504,
      type: 'TIMEOUT',
      message: safe(error.message),
      details: { deadline_ms: error.deadlineMs, attempts: attemptsOf(error.attempts) },
    };
  }
  if (isAllProvidersFailedError(error)) {
    return {
      status: 503,
      type: 'ALL_PROVIDERS_FAILED',
      message: safe(error.message),
      details: { attempts: attemptsOf(error.attempts) },
    };
  }
  if (isRunError(error)) {
    const [status, type] = {
      RunCancelledError: [CLIENT_CLOSED_REQUEST, 'CANCELLED'],
      RunAbandonedError: [CLIENT_CLOSED_REQUEST, 'CLIENT_CLOSED_REQUEST'],
      RunBufferFullError: [507, 'RUN_BUFFER_FULL'],
      RunCapacityError: [503, 'RUN_CAPACITY'],
      RunExistsError: [409, 'RUN_EXISTS'],
      RunStoreUnavailableError: [503, 'RUN_STORE_UNAVAILABLE'],
    }[error.name] as [number, string];
    return { status, type, message: safe(error.message) };
  }
  if (isServerShutdownError(error)) {
    return { status: 503, type: 'ABORTED', message: safe(error.message) };
  }
  if (isChainAbortedError(error) || isAbortError(error)) {
    return context.clientAborted
      ? {
          status: CLIENT_CLOSED_REQUEST,
          type: 'CLIENT_CLOSED_REQUEST',
          message: 'The client closed the connection before the answer was ready; generation was cancelled.',
        }
      : {
          status: 503,
          type: 'ABORTED',
          message: 'Generation was cancelled on the server (it may be shutting down). Retry in a moment.',
        };
  }
  if (isProviderConfigurationError(error)) {
    return { status: 503, type: 'CONFIGURATION_ERROR', message: safe(error.message) };
  }
  if (isSchemaMismatchError(error)) {
    return {
      status: 502,
      type: 'SCHEMA_MISMATCH',
      message: safe(error.message),
      details: {
        issues: error.issues.slice(0, 10).map((issue) => ({
          path: [...issue.path],
          code: issue.code,
          message: safe(issue.message).slice(0, 300),
        })),
        attempts: error.attempts.map((a) => ({
          provider: a.provider,
          model: a.model,
          kind: a.kind,
          status: a.status,
        })),
      },
    };
  }
  if (isSchemaUnsupportedError(error)) {
    return {
      status: 500,
      type: 'SCHEMA_UNSUPPORTED',
      message: safe(error.message),
      details: { provider: error.provider, path: [...error.path] },
    };
  }
  if (isProviderError(error)) {
    return {
      status: 502,
      type: 'PROVIDER_ERROR',
      message: safe(error.message),
      details: { provider: error.provider, error_kind: error.kind },
    };
  }
  const code = isAicmoError(error) ? ` (${error.code})` : '';
  const trace = context.traceId ? ` Quote trace id ${context.traceId} when reporting it.` : '';
  return {
    status: 500,
    type: 'INTERNAL_ERROR',
    message: `The server failed unexpectedly${code}; the details are in the server log.${trace}`,
  };
}

/** True for a DOM-style `AbortError` / `TimeoutError` (what `fetch` and `AbortSignal` throw). */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' ||
      (error as { name?: unknown }).name === 'TimeoutError')
  );
}
