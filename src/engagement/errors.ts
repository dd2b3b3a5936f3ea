import { AicmoError } from '../errors.js';

/**
 * Stable codes of {@link EngagementError}, with the HTTP status the reference
 * server answers for each:
 * - `GATING_BLOCKED` (409): an upstream module is not approved (`missing` names them);
 * - `CONFLICT` (409): `expectedVersion` is stale (`currentVersion` is the artifact's version now);
 * - `INVALID_TRANSITION` (422): the action is not allowed from the artifact's (or deliverable's) status;
 * - `INVALID_ARGUMENT` (422): a missing reason, blank content, an unknown module, ...;
 * - `NOT_FOUND` (404): no such engagement, artifact, version or deliverable;
 * - `GENERATION_FAILED` (502): the module answered a FAILED envelope (nothing was stored);
 * - `NOTHING_TO_EXPORT` (422): no approved deliverable to export.
 */
export const ENGAGEMENT_ERROR_CODES = [
  'GATING_BLOCKED',
  'CONFLICT',
  'INVALID_TRANSITION',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'GENERATION_FAILED',
  'NOTHING_TO_EXPORT',
] as const;

/** One of {@link ENGAGEMENT_ERROR_CODES}. */
export type EngagementErrorCode = (typeof ENGAGEMENT_ERROR_CODES)[number];

/** The HTTP status of each {@link EngagementErrorCode} (one mapping, used by the server and the docs). */
export const ENGAGEMENT_ERROR_STATUS: Readonly<Record<EngagementErrorCode, number>> = Object.freeze({
  GATING_BLOCKED: 409,
  CONFLICT: 409,
  INVALID_TRANSITION: 422,
  INVALID_ARGUMENT: 422,
  NOT_FOUND: 404,
  GENERATION_FAILED: 502,
  NOTHING_TO_EXPORT: 422,
});

/** Context of an {@link EngagementError}; every field is optional. */
export interface EngagementErrorDetails {
  /** The engagement concerned. */
  engagementId?: string;
  /** The artifact concerned. */
  artifactId?: string;
  /** The module concerned. */
  module?: string;
  /** The deliverable concerned. */
  deliverableId?: string;
  /** The refused action, e.g. `approve`. */
  action?: string;
  /** The artifact's (or deliverable's) status when the action was refused. */
  status?: string;
  /** `GATING_BLOCKED`: the upstream modules that are not approved. */
  missing?: readonly string[];
  /** `CONFLICT`: the version the caller expected. */
  expectedVersion?: number;
  /** `CONFLICT`: the artifact's version now (0 when the module has no artifact yet). */
  currentVersion?: number;
  /** The underlying error (a workflow error, a FAILED envelope's error type, ...). */
  cause?: unknown;
}

/**
 * Thrown by the engagement service. Switch on `code` (see
 * {@link ENGAGEMENT_ERROR_CODES}); the message says what to do.
 *
 * @example
 * ```ts
 * try { await engagements.approve(id, artifactId, { expectedVersion: 3 }) } catch (err) {
 *   if (isEngagementError(err) && err.code === 'CONFLICT') reloadAt(err.currentVersion)
 * }
 * ```
 */
export class EngagementError extends AicmoError {
  override name = 'EngagementError' as const;
  override readonly code: EngagementErrorCode;
  /** The engagement concerned, if any. */
  readonly engagementId: string | undefined;
  /** The artifact concerned, if any. */
  readonly artifactId: string | undefined;
  /** The module concerned, if any. */
  readonly module: string | undefined;
  /** The deliverable concerned, if any. */
  readonly deliverableId: string | undefined;
  /** The refused action, if any. */
  readonly action: string | undefined;
  /** The status when the action was refused, if any. */
  readonly status: string | undefined;
  /** `GATING_BLOCKED`: the upstream modules that are not approved; empty otherwise. */
  readonly missing: readonly string[];
  /** `CONFLICT`: the version the caller expected. */
  readonly expectedVersion: number | undefined;
  /** `CONFLICT`: the artifact's current version. */
  readonly currentVersion: number | undefined;
  /** The HTTP status the reference server answers (see {@link ENGAGEMENT_ERROR_STATUS}). */
  readonly httpStatus: number;

  constructor(code: EngagementErrorCode, message: string, details: EngagementErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.engagementId = details.engagementId;
    this.artifactId = details.artifactId;
    this.module = details.module;
    this.deliverableId = details.deliverableId;
    this.action = details.action;
    this.status = details.status;
    this.missing = Object.freeze([...(details.missing ?? [])]);
    this.expectedVersion = details.expectedVersion;
    this.currentVersion = details.currentVersion;
    this.httpStatus = ENGAGEMENT_ERROR_STATUS[code];
  }
}

/**
 * True when `value` is an {@link EngagementError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isEngagementError(err) && err.code === 'GATING_BLOCKED') showMissing(err.missing)
 * ```
 */
export function isEngagementError(value: unknown): value is EngagementError {
  return (
    value instanceof Error &&
    value.name === 'EngagementError' &&
    (ENGAGEMENT_ERROR_CODES as readonly unknown[]).includes((value as { code?: unknown }).code)
  );
}

/**
 * Stable codes of {@link EngagementStoreError}:
 * - `STORE_SCHEMA_TOO_NEW`: the database was written by a newer `aicmo` (`found` > `supported`);
 *   upgrade the package, or point this one at another database;
 * - `STORE_UNAVAILABLE`: the store cannot be opened (no `node:sqlite` in this runtime, `pg` not
 *   installed, the server refused the connection, ...);
 * - `STORE_INVALID_LOCATION`: `--db` / `openEngagementStore` got a location it does not understand.
 */
export const ENGAGEMENT_STORE_ERROR_CODES = [
  'STORE_SCHEMA_TOO_NEW',
  'STORE_UNAVAILABLE',
  'STORE_INVALID_LOCATION',
] as const;

/** One of {@link ENGAGEMENT_STORE_ERROR_CODES}. */
export type EngagementStoreErrorCode = (typeof ENGAGEMENT_STORE_ERROR_CODES)[number];

/**
 * Thrown when an engagement store cannot be opened or used. Never carries
 * connection strings with passwords: `location` is redacted.
 *
 * @example
 * ```ts
 * try { await openEngagementStore('aicmo.db') } catch (err) {
 *   if (isEngagementStoreError(err) && err.code === 'STORE_SCHEMA_TOO_NEW') console.error(err.found, err.supported)
 * }
 * ```
 */
export class EngagementStoreError extends AicmoError {
  override name = 'EngagementStoreError' as const;
  override readonly code: EngagementStoreErrorCode;
  /** Which store: `memory`, `sqlite` or `postgres`. */
  readonly store: string;
  /** `STORE_SCHEMA_TOO_NEW`: the schema version found in the database. */
  readonly found: number | undefined;
  /** `STORE_SCHEMA_TOO_NEW`: the newest schema version this package knows. */
  readonly supported: number | undefined;

  constructor(
    code: EngagementStoreErrorCode,
    message: string,
    details: { store: string; found?: number; supported?: number; cause?: unknown },
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.store = details.store;
    this.found = details.found;
    this.supported = details.supported;
  }
}

/**
 * True when `value` is an {@link EngagementStoreError} from any copy of `aicmo`.
 *
 * @example
 * ```ts
 * if (isEngagementStoreError(err)) process.exitCode = 1
 * ```
 */
export function isEngagementStoreError(value: unknown): value is EngagementStoreError {
  return (
    value instanceof Error &&
    value.name === 'EngagementStoreError' &&
    (ENGAGEMENT_STORE_ERROR_CODES as readonly unknown[]).includes((value as { code?: unknown }).code)
  );
}
