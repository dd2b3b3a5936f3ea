import type { DeliverablesEnvelope } from '../envelope/index.js';
import { AicmoError } from '../errors.js';
import type { BackendErrorInfo, BackendErrorType, BackendResult } from './types.js';

/**
 * Thrown by {@link createBackendClient} when its options cannot work (a
 * programming error, found before any request): `issues` names each option.
 * Nothing on the wire ever throws; see {@link BackendResult}.
 */
export class BackendClientOptionsError extends AicmoError {
  override name = 'BackendClientOptionsError' as const;
  /** Each problem as `option: message`. */
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(
      'CLIENT_OPTIONS_INVALID',
      `Invalid backend client options: ${issues.join('; ')}. Fix the named options.`,
    );
    this.issues = issues;
  }
}

/**
 * A failed {@link BackendResult} as an exception, thrown only by
 * {@link unwrapBackendResult} for callers who prefer `try`/`catch`. `code` is
 * the result's `error.type` (e.g. `TIMEOUT`, `HTTP_502`); `status` its
 * numeric `error.code`.
 */
export class BackendRequestError extends AicmoError {
  override name = 'BackendRequestError' as const;
  /** The result's error type, e.g. `HTTP_502`. */
  declare readonly code: BackendErrorType;
  /** Numeric code (HTTP status or the conventional one of the type). */
  readonly status: number;
  /** The `X-Trace-ID` of the call. */
  readonly traceId: string;
  /** The failure as data. */
  readonly info: BackendErrorInfo;

  constructor(info: BackendErrorInfo) {
    super(info.type, `${info.type}: ${info.message} (trace id ${info.traceId})`);
    this.status = info.code;
    this.traceId = info.traceId;
    this.info = info;
  }
}

/**
 * The envelope of a successful result, or throws {@link BackendRequestError}.
 *
 * @example
 * ```ts
 * const envelope = unwrapBackendResult(await client.generateCampaign(request))
 * ```
 */
export function unwrapBackendResult(result: BackendResult): DeliverablesEnvelope {
  if (result.ok) return result.envelope;
  throw new BackendRequestError(result.error);
}

/** The CONTRACT §3 family of a failure. */
export type BackendErrorCategory = 'configuration' | 'endpoint' | 'contract' | 'unexpected';

/**
 * Sorts an error type into the CONTRACT §3 families: `configuration` (no
 * URL), `endpoint` (connection, timeout, non-2xx), `contract` (non-JSON or
 * invalid envelope), `unexpected` (everything else, aborts and rejected input
 * included).
 *
 * @example
 * ```ts
 * backendErrorCategory('HTTP_502') // 'endpoint'
 * ```
 */
export function backendErrorCategory(type: BackendErrorType | string): BackendErrorCategory {
  if (type === 'CONFIGURATION_ERROR') return 'configuration';
  if (type === 'TIMEOUT' || type === 'CONNECTION_ERROR' || /^HTTP_\d+$/.test(type)) return 'endpoint';
  if (type === 'RESPONSE_PARSE_ERROR' || type === 'CONTRACT_ERROR') return 'contract';
  return 'unexpected';
}

const EXIT_CODES: Record<BackendErrorCategory, 1 | 2 | 3 | 4> = {
  configuration: 1,
  endpoint: 2,
  contract: 3,
  unexpected: 4,
};

/**
 * The CONTRACT §3 smoke-check exit code of a result: `0` passed, `1`
 * configuration, `2` endpoint, `3` contract, `4` unexpected.
 *
 * @example
 * ```ts
 * process.exitCode = smokeExitCode(await client.generateCampaign(request))
 * ```
 */
export function smokeExitCode(result: BackendResult): 0 | 1 | 2 | 3 | 4 {
  return result.ok ? 0 : EXIT_CODES[backendErrorCategory(result.error.type)];
}
