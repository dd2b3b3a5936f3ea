/**
 * Server side of the operator modules: handlers (prompts, stub content) and the runner.
 */
export { BUILTIN_MODULE_HANDLERS } from './builtin/index.js';
export {
  type DeliverablePlan,
  type DeliverableStructure,
  defineModuleHandler,
  type ModuleHandler,
  type ModuleHandlerConfig,
  type StructuredDeliverableConfig,
  structuredDeliverable,
} from './handler.js';
export { type ModuleChain, type ModuleRunEvent, type RunModuleOptions, runModule } from './run.js';
