/**
 * The server parts of the ten built-in operator modules, by name.
 */
import type { ModuleName } from '../../../modules/index.js';
import type { ModuleHandler } from '../handler.js';
import { autonomyHandler } from './autonomy.js';
import { campaignsHandler } from './campaigns.js';
import { creativesHandler } from './creatives.js';
import { deliveryHandler } from './delivery.js';
import { executionHandler } from './execution.js';
import { intakeHandler } from './intake.js';
import { leadgenHandler } from './leadgen.js';
import { learnHandler } from './learn.js';
import { monitoringHandler } from './monitoring.js';
import { strategyHandler } from './strategy.js';

/**
 * The server part (prompts, stub content) of every built-in module, keyed by
 * module name; `createReferenceHandler` serves them all.
 *
 * @example
 * ```ts
 * await runModule(BUILTIN_MODULE_HANDLERS.strategy, { campaign_name: 'Spring Launch' }, chain)
 * ```
 */
export const BUILTIN_MODULE_HANDLERS = {
  intake: intakeHandler,
  strategy: strategyHandler,
  creatives: creativesHandler,
  execution: executionHandler,
  monitoring: monitoringHandler,
  leadgen: leadgenHandler,
  campaigns: campaignsHandler,
  autonomy: autonomyHandler,
  delivery: deliveryHandler,
  learn: learnHandler,
} as const satisfies { readonly [N in ModuleName]: ModuleHandler };
