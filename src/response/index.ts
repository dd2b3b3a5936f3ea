/**
 * `aicmo/response`: ResponseEnvelope v2 for agent and chat responses. Zod
 * schemas and types for the envelope and its ten artifact types, a never-throw
 * validator with size limits, the fluent {@link ResponseBuilder}, and
 * {@link toMarkdown}.
 *
 * @example
 * ```ts
 * import { ResponseBuilder, toMarkdown } from 'aicmo/response'
 * const envelope = ResponseBuilder.text('Found 50 quotes').confidence(0.87).build()
 * console.log(toMarkdown(envelope))
 * ```
 *
 * @packageDocumentation
 */

export * from './artifacts.js';
export * from './builder.js';
export * from './errors.js';
export type { JsonObject, JsonValue } from './json.js';
export { DEFAULT_RESPONSE_LIMITS, type ResponseLimits } from './limits.js';
export { toMarkdown } from './markdown.js';
export * from './references.js';
export * from './schemas.js';
export { inferResponseStatus, type StatusSource } from './status.js';
export {
  isResponseEnvelope,
  parseResponseEnvelope,
  type ResponseValidationOptions,
  type ResponseValidationResult,
  validateResponseEnvelope,
} from './validate.js';
