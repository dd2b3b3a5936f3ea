/**
 * `aicmo`: the deliverables envelope contract (schemas, types, builders and
 * validators) and ResponseEnvelope v2, wire-compatible with the Python AICMO
 * backends. This entry loads zod and nothing else; providers, client, server
 * and workflow live in their own subpath entries.
 *
 * @packageDocumentation
 */

export * from './envelope/index.js';
export { AicmoError, isAicmoError } from './errors.js';
export type { Issue } from './issue.js';
export * from './modules/index.js';
export * from './response/index.js';
