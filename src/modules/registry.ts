/**
 * The ten built-in operator modules, by name.
 */
import { autonomyModule } from './builtin/autonomy.js';
import { campaignsModule } from './builtin/campaigns.js';
import { creativesModule } from './builtin/creatives.js';
import { deliveryModule } from './builtin/delivery.js';
import { executionModule } from './builtin/execution.js';
import { intakeModule } from './builtin/intake.js';
import { leadgenModule } from './builtin/leadgen.js';
import { learnModule } from './builtin/learn.js';
import { monitoringModule } from './builtin/monitoring.js';
import { strategyModule } from './builtin/strategy.js';
import type { AnyModuleDefinition } from './define.js';

/**
 * Every built-in operator module, keyed by name. Each value is a
 * {@link ModuleDefinition}: request schema, deliverables, path.
 *
 * @example
 * ```ts
 * MODULES.strategy.path // '/api/v1/strategy/generate'
 * ```
 */
export const MODULES = {
  intake: intakeModule,
  strategy: strategyModule,
  creatives: creativesModule,
  execution: executionModule,
  monitoring: monitoringModule,
  leadgen: leadgenModule,
  campaigns: campaignsModule,
  autonomy: autonomyModule,
  delivery: deliveryModule,
  learn: learnModule,
} as const;

/** The name of a built-in module: `intake`, `strategy`, `creatives`, ... */
export type ModuleName = keyof typeof MODULES;

/** The built-in module called `name`. */
export type BuiltinModule<N extends ModuleName> = (typeof MODULES)[N];

/** Names of the built-in modules, in the operator's tab order. */
export const MODULE_NAMES: readonly ModuleName[] = Object.keys(MODULES) as ModuleName[];

/**
 * The built-in module called `name`, or `undefined`.
 *
 * @example
 * ```ts
 * getModule('strategy')?.deliverables
 * ```
 */
export function getModule(name: string): AnyModuleDefinition | undefined {
  return Object.hasOwn(MODULES, name) ? MODULES[name as ModuleName] : undefined;
}
