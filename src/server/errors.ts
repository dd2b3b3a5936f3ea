/**
 * Errors of `aicmo/server`. Request problems are reported to the caller as
 * FAILED envelopes; these classes exist so that code calling
 * {@link generateCampaign} directly gets the same information as an error.
 */
import { AicmoError, isAicmoError } from '../errors.js';
import { formatPath } from '../internal/index.js';
import type { Issue } from '../issue.js';

/**
 * One problem with a request field: the shared {@link Issue} shape
 * (`{ path: ['platforms', 1], code, message }`).
 */
export type RequestIssue = Issue;

/**
 * A request body did not match the endpoint's input schema. `issues` names
 * each bad field; the HTTP handler answers 422 with the same list.
 *
 * @example
 * ```ts
 * try { await generateCampaign({ campaign_name: '' }, chain) } catch (err) {
 *   if (isInvalidRequestError(err)) console.error(err.issues) // [{ path: ['campaign_name'], code: 'required', message: 'is required' }]
 * }
 * ```
 */
export class InvalidRequestError extends AicmoError {
  override name = 'InvalidRequestError' as const;
  /** Each bad field with what is wrong with it. */
  readonly issues: readonly RequestIssue[];
  /** The module whose request it was, when known. */
  readonly module: string | undefined;

  constructor(issues: readonly RequestIssue[], options: { module?: string } = {}) {
    const listed = issues
      .slice(0, 8)
      .map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
      .join('; ');
    const more = issues.length > 8 ? `; and ${issues.length - 8} more` : '';
    super('INVALID_REQUEST', `Invalid request: ${listed}${more}. Fix the named fields and send it again.`);
    this.issues = issues;
    this.module = options.module;
  }
}

/**
 * A request named a module the server does not serve (an unknown
 * `/api/v1/<module>/generate` path or `use_case`). Answered 404 with
 * `error.type` `UNKNOWN_MODULE` and the known modules in `error.details.modules`.
 *
 * @example
 * ```ts
 * throw new UnknownModuleError('stratgy', ['intake', 'strategy'])
 * ```
 */
export class UnknownModuleError extends AicmoError {
  override name = 'UnknownModuleError' as const;
  /** The name asked for (cut to 60 characters). */
  readonly module: string;
  /** The modules the server serves. */
  readonly known: readonly string[];

  constructor(module: string, known: readonly string[]) {
    const name = module.slice(0, 60);
    super(
      'UNKNOWN_MODULE',
      `There is no module named ${JSON.stringify(name)}. Known modules: ${known.join(', ')}.`,
    );
    this.module = name;
    this.known = known;
  }
}

/**
 * True when `value` is an {@link UnknownModuleError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isUnknownModuleError(err)) console.log(err.known)
 * ```
 */
export function isUnknownModuleError(value: unknown): value is UnknownModuleError {
  return isAicmoError(value) && value.name === 'UnknownModuleError';
}

/**
 * True when `value` is an {@link InvalidRequestError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isInvalidRequestError(err)) return err.issues
 * ```
 */
export function isInvalidRequestError(value: unknown): value is InvalidRequestError {
  return isAicmoError(value) && value.name === 'InvalidRequestError';
}

/**
 * The reason a request's signal aborts when the server stops before the
 * request finished (see `startReferenceServer`'s `close()` and
 * `toNodeListener`'s `signal`). Handlers answer it with a 503 `ABORTED`
 * FAILED envelope, not as a client that went away.
 *
 * @example
 * ```ts
 * controller.abort(new ServerShutdownError())
 * ```
 */
export class ServerShutdownError extends AicmoError {
  override name = 'ServerShutdownError' as const;
  constructor() {
    super(
      'SERVER_SHUTDOWN',
      'The server is shutting down and cancelled this request before it finished. Retry in a moment.',
    );
  }
}

/**
 * True when `value` is a {@link ServerShutdownError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isServerShutdownError(request.signal.reason)) { ... }
 * ```
 */
export function isServerShutdownError(value: unknown): value is ServerShutdownError {
  return isAicmoError(value) && value.name === 'ServerShutdownError';
}
