/**
 * Operator modules: one definition per module (request schema, deliverables,
 * path), shared by client, server, CLI and docs.
 */
export {
  type AnyModuleDefinition,
  defineModule,
  MODULE_NAME_PATTERN,
  type ModuleConfig,
  type ModuleDefinition,
  ModuleDefinitionError,
  type ModuleDeliverable,
  type ModuleInput,
  type ModuleInputSchema,
  type ModuleRequest,
} from './define.js';
export { amount, choice, pythonStrip, text, textList, wholeNumber } from './fields.js';
export { type ModuleParseResult, parseModuleInput } from './parse.js';
export { type BuiltinModule, getModule, MODULE_NAMES, MODULES, type ModuleName } from './registry.js';
