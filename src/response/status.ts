import type { ResponseMetadataStatus, ResponseType } from './schemas.js';

/** The part of an envelope {@link inferResponseStatus} reads. */
export interface StatusSource {
  /** The response type. */
  response_type: ResponseType;
  /** The metadata, if any. */
  metadata?: { status?: ResponseMetadataStatus | null; error?: unknown } | null;
}

/**
 * The outcome of a response: `metadata.status` when set, otherwise inferred
 * as `blocked` for a clarification request, `failed` when `metadata.error` is
 * set (anything but `null`, `false` or `""`), and `ok` otherwise. `noop` is
 * never inferred; set it explicitly.
 *
 * @example
 * ```ts
 * inferResponseStatus({ response_type: 'clarification_request' }) // 'blocked'
 * inferResponseStatus({ response_type: 'text', metadata: { error: 'timeout' } }) // 'failed'
 * ```
 */
export function inferResponseStatus(envelope: StatusSource): ResponseMetadataStatus {
  const metadata = envelope.metadata ?? {};
  if (metadata.status) return metadata.status;
  if (envelope.response_type === 'clarification_request') return 'blocked';
  const error = metadata.error;
  if (error !== undefined && error !== null && error !== false && error !== '') return 'failed';
  return 'ok';
}
