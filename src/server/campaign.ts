/**
 * `generateCampaign`: the `campaigns` module, kept as a named function.
 */
import type { DeliverablesEnvelope } from '../envelope/index.js';
import type { BuiltinModule, ModuleInput } from '../modules/index.js';
import { campaignsHandler } from './modules/builtin/campaigns.js';
import { type ModuleChain, type RunModuleOptions, runModule } from './modules/run.js';

/** What `generateCampaign` needs from a chain (an alias of {@link ModuleChain}). */
export type CampaignChain = ModuleChain;

/** Options of {@link generateCampaign} (an alias of {@link RunModuleOptions}). */
export type GenerateCampaignOptions = RunModuleOptions;

/**
 * Writes a marketing campaign through `chain`: a campaign brief, one post per
 * requested platform and an email. A thin alias of
 * `runModule(BUILTIN_MODULE_HANDLERS.campaigns, request, chain, options)`.
 *
 * @throws InvalidRequestError when `request` does not match the campaigns request schema.
 * @example
 * ```ts
 * const envelope = await generateCampaign(
 *   { campaign_name: 'Spring Launch', objectives: ['Awareness'], platforms: ['LinkedIn', 'Instagram'] },
 *   providerChainFromEnv(),
 * )
 * ```
 */
export function generateCampaign(
  request: ModuleInput<BuiltinModule<'campaigns'>>,
  chain: CampaignChain,
  options: GenerateCampaignOptions = {},
): Promise<DeliverablesEnvelope> {
  return runModule(campaignsHandler, request, chain, options);
}
