/**
 * One call's context: its trace id, clock, logging, and the failed results
 * it reports (every failure is logged once, here). Shared by the transport
 * (`post.ts`), streams and engagement calls.
 * @internal
 */
import type { DeliverablesEnvelope } from '../envelope/index.js';
import type { Issue } from '../issue.js';
import { logPath } from './messages.js';
import { isValidTraceId, newTraceId } from './trace.js';
import type {
  BackendCallOptions,
  BackendClientOptions,
  BackendErrorInfo,
  BackendErrorType,
  BackendFailure,
  BackendLogFields,
  BackendLogger,
} from './types.js';
import { now } from './wire.js';

/** Everything a call needs from its client. @internal */
export interface CallSettings extends BackendClientOptions {}

/** One call's trace id, path, clock and logging. @internal */
export interface CallContext {
  readonly traceId: string;
  readonly path: string;
  readonly started: number;
  readonly logger: BackendLogger | undefined;
  readonly includeRawText: boolean;
}

/** Reports to the logger; a broken logger never breaks the call. @internal */
export function log(
  logger: BackendLogger | undefined,
  level: keyof BackendLogger,
  message: string,
  fields: BackendLogFields,
): void {
  if (logger === undefined) return;
  try {
    logger[level]?.(message, fields);
  } catch {
    // A broken logger must not break the call.
  }
}

/** Milliseconds since the call started. @internal */
export function elapsed(ctx: CallContext): number {
  return Math.max(0, Math.round((now() - ctx.started) * 1000) / 1000);
}

interface FailExtra {
  status?: number;
  rawText?: string;
  issues?: readonly Issue[];
  errors?: readonly string[];
  field?: string;
  location?: string;
  envelope?: DeliverablesEnvelope;
}

/** A failed result, logged. @internal */
export function fail(
  ctx: CallContext,
  type: BackendErrorType,
  code: number,
  message: string,
  extra: FailExtra = {},
): BackendFailure {
  const error: BackendErrorInfo = {
    type,
    code,
    message,
    traceId: ctx.traceId,
    ...(extra.issues !== undefined ? { issues: extra.issues } : {}),
    ...(extra.errors !== undefined ? { errors: extra.errors } : {}),
    ...(extra.field !== undefined ? { field: extra.field } : {}),
    ...(extra.location !== undefined ? { location: extra.location } : {}),
    ...(extra.envelope !== undefined ? { envelope: extra.envelope } : {}),
  };
  const durationMs = elapsed(ctx);
  log(ctx.logger, 'warn', 'backend request failed', {
    path: ctx.path,
    traceId: ctx.traceId,
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    durationMs,
    errorType: type,
  });
  return {
    ok: false,
    error,
    traceId: ctx.traceId,
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    durationMs,
    ...(ctx.includeRawText && extra.rawText !== undefined ? { rawText: extra.rawText } : {}),
  };
}

/** An `option.path: message` line as an {@link Issue}. */
function lineIssue(line: string): Issue {
  const at = line.indexOf(': ');
  const where = at < 0 ? '' : line.slice(0, at);
  const path = where === '' || where.startsWith('(') ? [] : where.split('.');
  return { path, code: 'invalid_option', message: at < 0 ? line : line.slice(at + 2) };
}

/** A `VALIDATION_ERROR` result: nothing was sent. @internal */
export function rejectInput(
  ctx: CallContext,
  errors: readonly string[],
  field: string | undefined,
  what: string,
  issues: readonly Issue[] = errors.map(lineIssue),
): BackendFailure {
  return fail(
    ctx,
    'VALIDATION_ERROR',
    422,
    `${what} was not sent: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''}. Fix the named fields.`,
    { errors, issues, ...(field !== undefined ? { field } : {}) },
  );
}

/** Starts the clock and settles the trace id of a call. @internal */
export function startCall(
  path: string,
  call: BackendCallOptions | undefined,
  settings: Pick<CallSettings, 'logger' | 'includeRawText'>,
): { ctx: CallContext; traceIdIssue: string | undefined } {
  const wanted = call?.traceId;
  const traceIdIssue =
    wanted !== undefined && !isValidTraceId(wanted)
      ? 'traceId: must be 1 to 200 visible ASCII characters (a UUID fits)'
      : undefined;
  const ctx: CallContext = {
    traceId: wanted !== undefined && traceIdIssue === undefined ? wanted : newTraceId(),
    path: logPath(typeof path === 'string' ? path : String(path)),
    started: now(),
    logger: settings.logger,
    includeRawText: (call?.includeRawText ?? settings.includeRawText) === true,
  };
  return { ctx, traceIdIssue };
}
