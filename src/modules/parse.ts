/**
 * `parseModuleInput`: checks a request against a module's schema and reports
 * each problem as an {@link Issue}, with "did you mean" hints for misspelt keys.
 */
import * as z from 'zod/mini';
import { ENGLISH, toIssues } from '../internal/index.js';
import type { Issue } from '../issue.js';
import type { AnyModuleDefinition, ModuleRequest } from './define.js';

/** The result of {@link parseModuleInput}: never throws. */
export type ModuleParseResult<M extends AnyModuleDefinition> =
  | { readonly success: true; readonly data: ModuleRequest<M> }
  | { readonly success: false; readonly issues: readonly Issue[] };

/**
 * Checks `data` against `module`'s request schema. Never throws: each problem
 * is an {@link Issue} naming its field; an unknown key gets a "did you mean"
 * hint when a known key is close.
 *
 * @example
 * ```ts
 * const result = parseModuleInput(MODULES.creatives, { topic: 'Launch', platfroms: ['LinkedIn'] })
 * if (!result.success) console.log(result.issues[0])
 * // { path: ['platfroms'], code: 'unrecognized_key', message: 'is not a field of the creatives request; did you mean "platforms"?' }
 * ```
 */
export function parseModuleInput<M extends AnyModuleDefinition>(
  module: M,
  data: unknown,
): ModuleParseResult<M> {
  const result = z.safeParse(module.input, data, ENGLISH);
  if (result.success) return { success: true, data: result.data as ModuleRequest<M> };
  return {
    success: false,
    issues: toIssues(module.input, result.error.issues, data, `the ${module.name} request`),
  };
}
