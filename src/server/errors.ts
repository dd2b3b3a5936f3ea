/**
 * Errors of `aicmo/server`. Request problems are reported to the caller as
 * FAILED envelopes; these classes exist so that code calling
 * {@link generateCampaign} directly gets the same information as an error.
 */
import { AicmoError, isAicmoError } from '../errors.js';
import type { Issue } from '../issue.js';

/**
 * One problem with a request field, in wire terms (`error.details.issues` of
 * a 422). `path` stays the readable string it always was; `loc` and `code`
 * carry the structured {@link Issue} (`loc` is its `path`).
 */
export interface RequestIssue {
  /** Path of the field, e.g. `platforms[1]`, or `(root)`. */
  path: string;
  /** What is wrong, in plain words. */
  message: string;
  /** The path as keys and indexes, e.g. `['platforms', 1]` (`[]` for the root). */
  loc?: (string | number)[];
  /** Stable machine-readable kind (an {@link Issue} code), e.g. `required`, `too_small`. */
  code?: string;
}

/**
 * A request body did not match the endpoint's input schema. `issues` names
 * each bad field; the HTTP handler answers 422 with the same list.
 *
 * @example
 * ```ts
 * try { await generateCampaign({ campaign_name: '' }, chain) } catch (err) {
 *   if (isInvalidRequestError(err)) console.error(err.issues) // [{ path: 'campaign_name', ... }]
 * }
 * ```
 */
export class InvalidRequestError extends AicmoError {
  override name = 'InvalidRequestError' as const;
  /** Each bad field with what is wrong with it. */
  readonly issues: readonly RequestIssue[];

  constructor(issues: readonly RequestIssue[]) {
    const listed = issues
      .slice(0, 8)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    const more = issues.length > 8 ? `; and ${issues.length - 8} more` : '';
    super('INVALID_REQUEST', `Invalid request: ${listed}${more}. Fix the named fields and send it again.`);
    this.issues = issues;
  }
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
