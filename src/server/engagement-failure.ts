/**
 * How the engagement routes answer an error: a refused request body
 * ({@link BadBody}) or an engagement, store or module-run error, as the
 * fields of a FAILED envelope. @internal
 */
// Not the `aicmo/engagement` index: the server stays runtime-neutral without the file and PostgreSQL stores.

import { isEngagementError, isEngagementStoreError } from '../engagement/errors.js';
import { isRecord } from '../internal/index.js';
import { describeFailure, type FailureDescription } from './failure.js';

/** A request the routes refuse before any work, with its answer. @internal */
export class BadBody extends Error {
  constructor(readonly failure: FailureDescription) {
    super(failure.message);
  }
}

/** Maps an engagement route error to its FAILED envelope fields. @internal */
export function failureOf(error: unknown, traceId: string, clientAborted: boolean): FailureDescription {
  if (error instanceof BadBody) return error.failure;
  if (isEngagementError(error)) {
    if (error.code === 'GENERATION_FAILED' && isRecord(error.cause) && typeof error.cause.type === 'string') {
      const code = typeof error.cause.code === 'number' && error.cause.code >= 400 ? error.cause.code : 502;
      return {
        status: code,
        type: error.cause.type,
        message: error.message,
        ...(error.module && { module: error.module }),
      };
    }
    const details: Record<string, unknown> = {};
    if (error.missing.length > 0) details.missing = [...error.missing];
    if (error.currentVersion !== undefined) details.current_version = error.currentVersion;
    if (error.expectedVersion !== undefined) details.expected_version = error.expectedVersion;
    if (error.artifactId !== undefined) details.artifact_id = error.artifactId;
    if (error.deliverableId !== undefined) details.deliverable_id = error.deliverableId;
    if (error.action !== undefined) details.action = error.action;
    if (error.status !== undefined) details.status = error.status;
    return {
      status: error.httpStatus,
      type: error.code,
      message: error.message,
      ...(Object.keys(details).length > 0 && { details }),
      ...(error.module !== undefined && { module: error.module }),
    };
  }
  if (isEngagementStoreError(error)) {
    return {
      status: error.code === 'STORE_SCHEMA_TOO_NEW' ? 500 : 503,
      type: error.code,
      message: error.message,
      ...(error.found !== undefined && { details: { found: error.found, supported: error.supported } }),
    };
  }
  return describeFailure(error, { clientAborted, traceId });
}
