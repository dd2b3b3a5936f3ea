/**
 * The engagement service: gated generation, the artifact state machine with
 * optimistic locking, the stale cascade, reads and exports, over any
 * {@link EngagementStore}. It never calls a server: module generation is an
 * injected function.
 */
import type { DeliverablesEnvelope } from '../envelope/index.js';
import { EngagementError } from './errors.js';
import { type EngagementModule, isEngagementModule } from './gating.js';
import { type ActionInput, gatingBlocked, inputsHash, type Plan, planAction, trailEntry } from './plan.js';
import type { Artifact, ArtifactAction, Engagement, EngagementView } from './schemas.js';
import {
  checkVersion,
  conflict,
  missingAndUpstream,
  notFound,
  order,
  parseOverride,
  reviewOf,
} from './service-checks.js';
import type {
  AmendOptions,
  ApproveOptions,
  ArtifactActionOptions,
  ArtifactFilter,
  EngagementGenerator,
  EngagementServiceOptions,
  GenerateModuleOptions,
} from './service-options.js';
import type { ArtifactVersionRow, EngagementListFilter, EngagementStore } from './store.js';
import {
  type ArtifactBody,
  currentArtifact,
  currentEnvelope,
  currentLineage,
  type EngagementState,
  indexState,
  type ModuleState,
  missingApprovals,
  toArtifact,
} from './view.js';

/**
 * Creates the engagement service over a store and a module generator.
 *
 * @example
 * ```ts
 * const engagements = createEngagementService({ store: await openEngagementStore('aicmo.db'), generate })
 * const { id } = await engagements.createEngagement({ clientName: 'Acme' })
 * const intake = await engagements.generate(id, 'intake', { client_name: 'Acme' })
 * await engagements.approve(id, intake.id, { expectedVersion: intake.version, author: 'ana' })
 * ```
 */
export function createEngagementService(options: EngagementServiceOptions): EngagementService {
  return new EngagementService(options);
}

/** See {@link createEngagementService}. */
export class EngagementService {
  readonly #store: EngagementStore;
  readonly #generate: EngagementGenerator;
  readonly #clock: () => Date;
  readonly #newId: () => string;
  readonly #maxReplans: number;

  constructor(options: EngagementServiceOptions) {
    this.#store = options.store;
    this.#generate = options.generate;
    this.#clock = options.clock ?? (() => new Date());
    this.#newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.#maxReplans = options.maxReplans ?? 50;
  }

  /** The store underneath. */
  get store(): EngagementStore {
    return this.#store;
  }

  /** Creates an engagement for a client. */
  async createEngagement(input: { clientName: string; id?: string }): Promise<Engagement> {
    const clientName = typeof input.clientName === 'string' ? input.clientName.trim() : '';
    if (clientName === '') {
      throw new EngagementError('INVALID_ARGUMENT', 'Give the client name (client_name), e.g. "Acme Corp".', {
        action: 'create',
      });
    }
    const engagement: Engagement = {
      id: input.id ?? this.#newId(),
      client_name: clientName,
      created_at: this.#clock().toISOString(),
    };
    await this.#store.createEngagement(engagement);
    return engagement;
  }

  /** Engagements, newest first. */
  listEngagements(filter: EngagementListFilter = {}): Promise<Engagement[]> {
    return this.#store.listEngagements(filter);
  }

  /** The engagement with its artifacts (latest version per module) and every version's metadata. */
  async getEngagement(engagementId: string): Promise<EngagementView> {
    const state = await this.#load(engagementId);
    const artifacts = [...state.byModule.values()].map((m) => currentArtifact(state, m));
    artifacts.sort((a, b) => order(a.module) - order(b.module));
    const versions: Record<string, EngagementView['versions'][string]> = {};
    for (const m of state.byModule.values()) versions[m.artifactId] = [...m.versions];
    return { engagement: state.engagement, artifacts, versions };
  }

  /** The engagement's current artifacts, filtered. */
  async listArtifacts(engagementId: string, filter: ArtifactFilter = {}): Promise<Artifact[]> {
    const { artifacts } = await this.getEngagement(engagementId);
    return artifacts.filter(
      (a) =>
        (filter.module === undefined || a.module === filter.module) &&
        (filter.status === undefined || a.status === filter.status) &&
        (filter.stale === undefined || a.stale === filter.stale),
    );
  }

  /** One artifact, at its current version or at `version` (loaded on demand). */
  async getArtifact(
    engagementId: string,
    artifactId: string,
    options: { version?: number } = {},
  ): Promise<Artifact> {
    const state = await this.#load(engagementId);
    const target = this.#target(state, artifactId);
    const version = options.version ?? target.head.version;
    if (!Number.isInteger(version) || version < 1 || version > target.head.version) {
      throw new EngagementError(
        'NOT_FOUND',
        `The ${target.module} artifact ${artifactId} has versions 1 to ${target.head.version}, not ${String(version)}.`,
        { engagementId, artifactId, module: target.module },
      );
    }
    if (version === target.head.version) return currentArtifact(state, target);
    const row = await this.#store.loadVersion(engagementId, artifactId, version);
    if (!row) throw notFound(`Version ${version} of artifact ${artifactId}`, engagementId);
    return toArtifact(
      state,
      target.module,
      artifactId,
      target.versions.slice(0, version),
      JSON.parse(row.body) as ArtifactBody,
    );
  }

  /**
   * Generates a module: checks the gate (GATING_BLOCKED names the missing
   * approvals unless `override` is given), calls the generator, and stores the
   * envelope as the module artifact's next version (a `draft`), with its
   * lineage and inputs hash. A FAILED envelope stores nothing
   * (GENERATION_FAILED).
   */
  async generate(
    engagementId: string,
    module: string,
    input: unknown,
    options: GenerateModuleOptions = {},
  ): Promise<Artifact> {
    if (!isEngagementModule(module)) {
      throw new EngagementError(
        'NOT_FOUND',
        `No module "${module.slice(0, 40)}". Use one of the ten operator modules.`,
        {
          engagementId,
          action: 'generate',
        },
      );
    }
    const override = parseOverride(options.override);
    const expected = options.expectedVersion ?? 0;
    checkVersion(expected, 0);
    let state = await this.#load(engagementId);
    const check = (s: EngagementState) => {
      const head = s.byModule.get(module);
      if ((head?.head.version ?? 0) !== expected) throw conflict(module, head, expected);
      const missing = missingApprovals(s, module);
      if (missing.length > 0 && !override) throw gatingBlocked(s, module, missing, 'generate');
      return missing;
    };
    check(state);

    const upstream: Partial<Record<EngagementModule, DeliverablesEnvelope>> = {};
    for (const [m, entry] of Object.entries(currentLineage(state, module))) {
      const up = entry && state.byModule.get(m as EngagementModule);
      if (up) upstream[m as EngagementModule] = currentEnvelope(up.body.review);
    }
    const envelope = await this.#generate(module, input, {
      engagementId,
      clientName: state.engagement.client_name,
      upstream,
      ...(options.signal !== undefined && { signal: options.signal }),
      ...(options.traceId !== undefined && { traceId: options.traceId }),
      ...(options.runId !== undefined && { runId: options.runId }),
      ...(options.onEvent !== undefined && { onEvent: options.onEvent }),
    });
    const review = reviewOf(module, envelope, this.#clock);
    const at = this.#clock().toISOString();
    const body = JSON.stringify({ input: input ?? null, review: review.toJSON() } satisfies ArtifactBody);

    for (let attempt = 0; ; attempt++) {
      const missing = check(state);
      const head = state.byModule.get(module);
      const lineage = currentLineage(state, module);
      const version = (head?.head.version ?? 0) + 1;
      const row: ArtifactVersionRow = {
        artifact_id: head?.artifactId ?? this.#newId(),
        engagement_id: engagementId,
        module,
        version,
        status: 'draft',
        created_at: at,
        approved_at: null,
        approved_by: null,
        lineage,
        inputs_hash: await inputsHash(module, input ?? null, lineage),
        event: trailEntry({
          version,
          action: 'generated',
          at,
          status: 'draft',
          actor: options.actor ?? override?.actor ?? null,
          override: missing.length > 0 && override ? { ...override, missing } : null,
        }),
        body,
      };
      const plan: Plan = {
        writes: [row],
        expect: missingAndUpstream(state, module),
        changed: true,
      };
      const done = await this.#commit(state, plan, module, expected, attempt);
      if (done) return this.#artifactAfter(engagementId, row.artifact_id);
      state = await this.#load(engagementId);
    }
  }

  /** Replaces one deliverable's text (review workflow rules: not on approved or rejected deliverables). */
  amend(engagementId: string, artifactId: string, options: AmendOptions): Promise<Artifact> {
    return this.#act(engagementId, artifactId, 'amend', options, {
      contentMarkdown: options.contentMarkdown,
    });
  }

  /**
   * Approves the artifact (every undecided deliverable) or one deliverable.
   * When the whole artifact is approved, its lineage is set to the approved
   * upstream versions, and every approved downstream artifact is flagged for
   * review (the stale cascade), in the same transaction.
   */
  approve(engagementId: string, artifactId: string, options: ApproveOptions): Promise<Artifact> {
    const override = parseOverride(options.override);
    return this.#act(engagementId, artifactId, 'approve', options, override ? { override } : {});
  }

  /** Rejects the artifact (every undecided deliverable) or one deliverable; `note` is the reason. */
  reject(engagementId: string, artifactId: string, options: ArtifactActionOptions): Promise<Artifact> {
    return this.#act(engagementId, artifactId, 'reject', options, {});
  }

  /** Sends an approved, flagged or archived artifact (or one decided deliverable) back to editing. */
  reopen(engagementId: string, artifactId: string, options: ArtifactActionOptions): Promise<Artifact> {
    return this.#act(engagementId, artifactId, 'reopen', options, {});
  }

  /** Archives the artifact (it no longer counts as approved). */
  archive(engagementId: string, artifactId: string, options: ArtifactActionOptions): Promise<Artifact> {
    return this.#act(engagementId, artifactId, 'archive', options, {});
  }

  async #act(
    engagementId: string,
    artifactId: string,
    action: ArtifactAction,
    options: ArtifactActionOptions,
    extra: Pick<ActionInput, 'contentMarkdown' | 'override'>,
  ): Promise<Artifact> {
    checkVersion(options?.expectedVersion, 1);
    for (let attempt = 0; ; attempt++) {
      const state = await this.#load(engagementId);
      const target = this.#target(state, artifactId);
      if (target.head.version !== options.expectedVersion) {
        throw conflict(target.module, target, options.expectedVersion);
      }
      const plan = await planAction(state, target, {
        action,
        at: this.#clock(),
        author: options.author ?? null,
        note: options.note ?? null,
        deliverableId: options.deliverableId ?? null,
        ...extra,
      });
      if (!plan.changed) return currentArtifact(state, target);
      if (await this.#commit(state, plan, target.module, options.expectedVersion, attempt)) {
        return this.#artifactAfter(engagementId, artifactId);
      }
    }
  }

  /**
   * Commits a plan. True when applied; false to re-plan (another writer
   * changed a module the plan read); CONFLICT when the named artifact moved.
   */
  async #commit(
    state: EngagementState,
    plan: Plan,
    module: EngagementModule,
    expected: number,
    attempt: number,
  ): Promise<boolean> {
    const result = await this.#store.commit({
      engagementId: state.engagement.id,
      expect: plan.expect,
      writes: plan.writes,
    });
    if (result.ok) return true;
    const mine = result.conflicts.find((c) => c.module === module);
    if (mine || result.conflicts.length === 0) {
      throw new EngagementError(
        'CONFLICT',
        `The ${module} artifact is at version ${mine?.currentVersion ?? '?'}, not ${expected}: someone else changed it. Reload it and apply your change again.`,
        {
          engagementId: state.engagement.id,
          module,
          expectedVersion: expected,
          ...(mine && { currentVersion: mine.currentVersion }),
        },
      );
    }
    if (attempt >= this.#maxReplans) {
      throw new EngagementError(
        'CONFLICT',
        `Engagement ${state.engagement.id} kept changing while the ${module} change was applied (${attempt + 1} tries). Try again.`,
        { engagementId: state.engagement.id, module, expectedVersion: expected, currentVersion: expected },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    return false;
  }

  async #artifactAfter(engagementId: string, artifactId: string): Promise<Artifact> {
    const state = await this.#load(engagementId);
    return currentArtifact(state, this.#target(state, artifactId));
  }

  /** The state of an engagement; NOT_FOUND when there is none. @internal */
  async #load(engagementId: string): Promise<EngagementState> {
    const stored =
      typeof engagementId === 'string' ? await this.#store.loadEngagement(engagementId) : undefined;
    if (!stored) throw notFound(`Engagement ${String(engagementId).slice(0, 80)}`, engagementId);
    return indexState(stored);
  }

  #target(state: EngagementState, artifactId: string): ModuleState {
    const target = state.byId.get(artifactId);
    if (!target) throw notFound(`Artifact ${String(artifactId).slice(0, 80)}`, state.engagement.id);
    return target;
  }
}
