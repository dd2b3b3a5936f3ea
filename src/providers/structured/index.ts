/**
 * Structured output for the ProviderChain: `generateObject`,
 * `streamObject`, their errors and types.
 */
export {
  isSchemaMismatchError,
  isSchemaUnsupportedError,
  SchemaMismatchError,
  SchemaUnsupportedError,
} from './errors.js';
export { type GenerateObjectChain, generateObject } from './generate-object.js';
export { structuredInstruction } from './prompt.js';
export { type StreamObjectChain, streamObject } from './stream-object.js';
export type {
  DeepPartial,
  GenerateObjectOptions,
  GenerateObjectResult,
  StreamObjectEvent,
  StreamObjectOptions,
  StructuredAttempt,
  StructuredAttemptKind,
} from './types.js';
