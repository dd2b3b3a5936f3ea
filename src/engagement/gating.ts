/**
 * The operator's modules and its gating map: which approved upstream
 * artifacts each module needs before it can be generated.
 */

/** The ten operator modules, in pipeline order (exports follow this order). */
export const ENGAGEMENT_MODULES = [
  'intake',
  'strategy',
  'creatives',
  'execution',
  'monitoring',
  'leadgen',
  'campaigns',
  'autonomy',
  'delivery',
  'learn',
] as const;

/** One of {@link ENGAGEMENT_MODULES}. */
export type EngagementModule = (typeof ENGAGEMENT_MODULES)[number];

/**
 * The gating map: module → the upstream modules whose artifact must be
 * approved first. Modules not listed have no upstream.
 *
 * - strategy ← intake
 * - creatives ← strategy
 * - execution ← strategy + creatives
 * - monitoring ← execution
 * - delivery ← intake + strategy + creatives + execution
 */
export const GATING_MAP: Readonly<Record<EngagementModule, readonly EngagementModule[]>> = Object.freeze({
  intake: [],
  strategy: ['intake'],
  creatives: ['strategy'],
  execution: ['strategy', 'creatives'],
  monitoring: ['execution'],
  leadgen: [],
  campaigns: [],
  autonomy: [],
  delivery: ['intake', 'strategy', 'creatives', 'execution'],
  learn: [],
});

/** True when `value` names one of the ten modules. */
export function isEngagementModule(value: unknown): value is EngagementModule {
  return typeof value === 'string' && (ENGAGEMENT_MODULES as readonly string[]).includes(value);
}

/** The modules that (directly or through others) need `module` approved, in pipeline order. */
export function downstreamOf(module: EngagementModule): EngagementModule[] {
  const found = new Set<EngagementModule>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const candidate of ENGAGEMENT_MODULES) {
      if (found.has(candidate)) continue;
      const needs = GATING_MAP[candidate];
      if (needs.includes(module) || needs.some((m) => found.has(m))) {
        found.add(candidate);
        grew = true;
      }
    }
  }
  return ENGAGEMENT_MODULES.filter((m) => found.has(m));
}
