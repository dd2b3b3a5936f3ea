/**
 * The store conformance suite: one spec run against every EngagementStore
 * (memory, node:sqlite, PostgreSQL) through a small initializer.
 */
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type Artifact,
  ArtifactSchema,
  createEngagementService,
  type EngagementService,
  type EngagementStore,
  EngagementViewSchema,
  exportEngagement,
  GATING_MAP,
  isEngagementError,
} from '../../src/engagement/index.js';
import type { ArtifactVersionRow } from '../../src/engagement/store.js';
import { rejectsWith, serviceOver, stubGenerator } from './helpers.js';

/** How a store is opened for the suite. */
export interface StoreInitializer {
  /** Store name in test titles. */
  name: string;
  /** Opens a store on a fresh, empty database. */
  open(): Promise<EngagementStore>;
  /** Opens a second store on the database of the last `open()` (persistence checks). */
  reopen?(): Promise<EngagementStore>;
  /** Runs of the concurrent-writers property. @default 40 */
  propertyRuns?: number;
  /** Called once after the suite. */
  afterAll?(): Promise<void>;
}

const approveAll = async (svc: EngagementService, id: string, artifact: Artifact, author = 'ana') =>
  svc.approve(id, artifact.id, { expectedVersion: artifact.version, author });

/** Runs the suite against one store. */
export function storeConformance(init: StoreInitializer): void {
  describe(`EngagementStore conformance: ${init.name}`, () => {
    let store: EngagementStore;
    let svc: EngagementService;
    const opened: EngagementStore[] = [];

    const fresh = async () => {
      store = await init.open();
      opened.push(store);
      svc = serviceOver(store);
    };

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    afterAll(async () => {
      await init.afterAll?.();
    });

    it('creates, lists (newest first, filtered, paged) and gets engagements', async () => {
      await fresh();
      let t = Date.parse('2026-01-01T00:00:00Z');
      const clocked = createEngagementService({
        store,
        generate: stubGenerator(),
        clock: () => {
          t += 1000;
          return new Date(t);
        },
      });
      const a = await clocked.createEngagement({ clientName: 'Acme' });
      const b = await clocked.createEngagement({ clientName: 'Globex' });
      const c = await clocked.createEngagement({ clientName: 'Acme' });
      expect((await clocked.listEngagements()).map((e) => e.id)).toEqual([c.id, b.id, a.id]);
      expect((await clocked.listEngagements({ clientName: 'Acme' })).map((e) => e.id)).toEqual([c.id, a.id]);
      expect((await clocked.listEngagements({ limit: 1, offset: 1 })).map((e) => e.id)).toEqual([b.id]);
      const view = await clocked.getEngagement(b.id);
      expect(EngagementViewSchema.parse(view)).toEqual({ engagement: b, artifacts: [], versions: {} });
      await rejectsWith(clocked.getEngagement('nope'), 'NOT_FOUND');
      await rejectsWith(clocked.createEngagement({ clientName: '  ' }), 'INVALID_ARGUMENT');
    });

    it('generates a module as a draft with an empty lineage, an inputs hash and a trail', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const intake = await svc.generate(id, 'intake', { topic: 'shoes' });
      expect(ArtifactSchema.parse(intake)).toEqual(intake);
      expect(intake).toMatchObject({
        module: 'intake',
        version: 1,
        status: 'draft',
        lineage: {},
        stale: false,
      });
      expect(intake.inputs_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(intake.envelope.deliverables[0]?.content_markdown).toBe('intake A about shoes');
      expect(intake.trail).toEqual([
        expect.objectContaining({ version: 1, action: 'generated', status: 'draft' }),
      ]);
      const other = await serviceOver(store).createEngagement({ clientName: 'Acme' });
      const again = await svc.generate(other.id, 'intake', { topic: 'shoes' });
      expect(again.inputs_hash).toBe(intake.inputs_hash);
      const different = await svc.generate(other.id, 'leadgen', { topic: 'shoes' });
      expect(different.inputs_hash).not.toBe(intake.inputs_hash);
    });

    it('gates generation on approved upstreams and names the missing approvals', async () => {
      await fresh();
      const generate = stubGenerator();
      const gated = createEngagementService({ store, generate });
      const { id } = await gated.createEngagement({ clientName: 'Acme' });
      const blocked = await rejectsWith(gated.generate(id, 'delivery', {}), 'GATING_BLOCKED');
      expect(blocked.missing).toEqual(['intake', 'strategy', 'creatives', 'execution']);
      expect(blocked.httpStatus).toBe(409);
      expect(generate.calls).toEqual([]);
      expect((await gated.getEngagement(id)).artifacts).toEqual([]);

      const intake = await gated.generate(id, 'intake', {});
      expect((await rejectsWith(gated.generate(id, 'strategy', {}), 'GATING_BLOCKED')).missing).toEqual([
        'intake',
      ]);
      const approved = await approveAll(gated, id, intake);
      expect(approved).toMatchObject({ status: 'approved', version: 2, approved_by: 'ana' });
      const strategy = await gated.generate(id, 'strategy', {});
      expect(strategy.lineage).toEqual({
        intake: { artifact_id: intake.id, version: 2, approved_at: approved.approved_at },
      });
      expect(generate.calls.at(-1)).toEqual({ module: 'strategy', upstream: ['intake'] });
      const execution = await rejectsWith(gated.generate(id, 'execution', {}), 'GATING_BLOCKED');
      expect(execution.missing).toEqual(['strategy', 'creatives']);
    });

    it('lets an override through and records its reason, actor and missing approvals in the trail', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      await rejectsWith(
        svc.generate(id, 'strategy', {}, { override: { reason: ' ', actor: 'x' } }),
        'INVALID_ARGUMENT',
      );
      const strategy = await svc.generate(
        id,
        'strategy',
        {},
        { override: { reason: 'client call', actor: 'lead@x' } },
      );
      expect(strategy.trail[0]).toMatchObject({
        action: 'generated',
        actor: 'lead@x',
        override: { reason: 'client call', actor: 'lead@x', missing: ['intake'] },
      });
      expect(strategy.lineage).toEqual({});
      await rejectsWith(approveAll(svc, id, strategy), 'GATING_BLOCKED');
    });

    it('refuses stale versions with CONFLICT carrying the current version', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const intake = await svc.generate(id, 'intake', {});
      const again = await rejectsWith(svc.generate(id, 'intake', {}), 'CONFLICT');
      expect(again.currentVersion).toBe(1);
      const regenerated = await svc.generate(id, 'intake', { topic: 'new' }, { expectedVersion: 1 });
      expect(regenerated).toMatchObject({ id: intake.id, version: 2, status: 'draft' });
      const stale = await rejectsWith(svc.approve(id, intake.id, { expectedVersion: 1 }), 'CONFLICT');
      expect(stale.currentVersion).toBe(2);
      await rejectsWith(svc.approve(id, intake.id, { expectedVersion: 0 }), 'INVALID_ARGUMENT');
      await rejectsWith(svc.approve(id, 'no-such-artifact', { expectedVersion: 1 }), 'NOT_FOUND');
    });

    it('lets exactly one of many concurrent writers with the same expected version win', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const intake = await svc.generate(id, 'intake', {});
      const writers = Array.from({ length: 12 }, () => serviceOver(store));
      const results = await Promise.allSettled(
        writers.map((w, i) => w.approve(id, intake.id, { expectedVersion: 1, author: `w${i}` })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(isEngagementError(r.reason) && r.reason.code).toBe('CONFLICT');
      }
      const view = await svc.getEngagement(id);
      expect(view.versions[intake.id]?.map((v) => v.version)).toEqual([1, 2]);
    });

    it('amends with the review rules and history, and refuses invalid transitions (422)', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const intake = await svc.generate(id, 'intake', {});
      const amended = await svc.amend(id, intake.id, {
        expectedVersion: 1,
        deliverableId: 'intake-a',
        contentMarkdown: 'Sharper text',
        author: 'ana',
        note: 'tone',
      });
      expect(amended).toMatchObject({ version: 2, status: 'revised' });
      expect(amended.envelope.deliverables[0]?.content_markdown).toBe('Sharper text');
      const item = amended.review.items.find((i) => i.id === 'intake-a');
      expect(item?.amendments).toEqual([
        expect.objectContaining({
          previousText: 'intake A about general',
          newText: 'Sharper text',
          author: 'ana',
        }),
      ]);
      const same = await svc.amend(id, intake.id, {
        expectedVersion: 2,
        deliverableId: 'intake-a',
        contentMarkdown: 'Sharper text',
      });
      expect(same.version).toBe(2);
      await rejectsWith(
        svc.amend(id, intake.id, { expectedVersion: 2, deliverableId: 'nope', contentMarkdown: 'x' }),
        'NOT_FOUND',
      );
      await rejectsWith(
        svc
          .amend(id, intake.id, { expectedVersion: 2, deliverableId: 'intake-a', contentMarkdown: '   ' })
          .then((a) => svc.approve(id, a.id, { expectedVersion: a.version })),
        'INVALID_ARGUMENT',
      );
      const current = await svc.getArtifact(id, intake.id);
      const fixed = await svc.amend(id, intake.id, {
        expectedVersion: current.version,
        deliverableId: 'intake-a',
        contentMarkdown: 'Fixed',
      });
      const approved = await approveAll(svc, id, fixed);
      const bad = await rejectsWith(
        svc.approve(id, intake.id, { expectedVersion: approved.version }),
        'INVALID_TRANSITION',
      );
      expect(bad.httpStatus).toBe(422);
      await rejectsWith(
        svc.amend(id, intake.id, {
          expectedVersion: approved.version,
          deliverableId: 'intake-a',
          contentMarkdown: 'x',
        }),
        'INVALID_TRANSITION',
      );
      const archived = await svc.archive(id, intake.id, { expectedVersion: approved.version });
      expect(archived.status).toBe('archived');
      await rejectsWith(
        svc.archive(id, intake.id, { expectedVersion: archived.version }),
        'INVALID_TRANSITION',
      );
      const reopened = await svc.reopen(id, intake.id, { expectedVersion: archived.version, author: 'bo' });
      expect(reopened.status).toBe('revised');
      expect(reopened.trail.map((t) => t.action)).toEqual([
        'generated',
        'amended',
        'amended',
        'amended',
        'approved',
        'archived',
        'reopened',
      ]);
    });

    it('rejects with a reason, approves per deliverable, and reopens', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const intake = await svc.generate(id, 'intake', {});
      await rejectsWith(svc.reject(id, intake.id, { expectedVersion: 1 }), 'INVALID_ARGUMENT');
      const one = await svc.approve(id, intake.id, {
        expectedVersion: 1,
        deliverableId: 'intake-a',
        author: 'ana',
      });
      expect(one.status).toBe('revised');
      const rejected = await svc.reject(id, intake.id, {
        expectedVersion: 2,
        deliverableId: 'intake-b',
        note: 'off-brand',
        author: 'bo',
      });
      expect(rejected.status).toBe('revised');
      expect(rejected.trail.at(-1)).toMatchObject({
        action: 'rejected',
        note: 'off-brand',
        deliverable_id: 'intake-b',
      });
      const approved = await svc.approve(id, intake.id, { expectedVersion: 3, author: 'ana' });
      expect(approved).toMatchObject({ status: 'approved', approved_by: 'ana' });
      const reopened = await svc.reopen(id, intake.id, { expectedVersion: 4, deliverableId: 'intake-b' });
      expect(reopened.status).toBe('revised');
      const whole = await svc.reject(id, intake.id, { expectedVersion: 5, note: 'start over' });
      expect(whole.status).toBe('flagged_for_review');
    });

    it('flags every approved downstream artifact when an upstream is re-approved (stale cascade)', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const intake = await approveAll(svc, id, await svc.generate(id, 'intake', {}));
      const strategy = await approveAll(svc, id, await svc.generate(id, 'strategy', {}));
      const creatives = await approveAll(svc, id, await svc.generate(id, 'creatives', {}));
      const execution = await svc.generate(id, 'execution', {});
      const leadgen = await approveAll(svc, id, await svc.generate(id, 'leadgen', {}));

      const reopened = await svc.reopen(id, intake.id, { expectedVersion: intake.version });
      const amended = await svc.amend(id, intake.id, {
        expectedVersion: reopened.version,
        deliverableId: 'intake-a',
        contentMarkdown: 'New positioning',
      });
      const reapproved = await approveAll(svc, id, amended);
      const view = await svc.getEngagement(id);
      const by = Object.fromEntries(view.artifacts.map((a) => [a.module, a]));
      expect(by.strategy).toMatchObject({
        status: 'flagged_for_review',
        version: strategy.version + 1,
        stale: true,
      });
      expect(by.creatives).toMatchObject({ status: 'flagged_for_review', version: creatives.version + 1 });
      expect(by.strategy?.trail.at(-1)).toMatchObject({
        action: 'flagged_for_review',
        actor: null,
        cause: { module: 'intake', artifact_id: intake.id, version: reapproved.version },
      });
      expect(by.execution).toMatchObject({ status: 'draft', version: execution.version });
      expect(by.leadgen).toMatchObject({ status: 'approved', version: leadgen.version });
      expect(
        (await rejectsWith(svc.generate(id, 'execution', {}, { expectedVersion: 1 }), 'GATING_BLOCKED'))
          .missing,
      ).toEqual(['strategy', 'creatives']);
      // Reviewing the flagged strategy re-baselines its lineage on the new intake, and flags creatives again only if approved.
      const strategyAgain = await approveAll(svc, id, by.strategy as Artifact);
      expect(strategyAgain).toMatchObject({ status: 'approved', stale: false });
      expect(strategyAgain.lineage.intake?.version).toBe(reapproved.version);
      expect(strategyAgain.inputs_hash).not.toBe(strategy.inputs_hash);
    });

    it('reads version metadata and the latest envelope, and older envelopes on demand', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const v1 = await svc.generate(id, 'intake', { topic: 'one' });
      await svc.generate(id, 'intake', { topic: 'two' }, { expectedVersion: 1 });
      const view = await svc.getEngagement(id);
      expect(view.artifacts[0]?.envelope.deliverables[0]?.content_markdown).toBe('intake A about two');
      expect(view.versions[v1.id]?.map((v) => [v.version, v.event.action])).toEqual([
        [1, 'generated'],
        [2, 'generated'],
      ]);
      const old = await svc.getArtifact(id, v1.id, { version: 1 });
      expect(old.envelope.deliverables[0]?.content_markdown).toBe('intake A about one');
      expect(old.trail).toHaveLength(1);
      await rejectsWith(svc.getArtifact(id, v1.id, { version: 3 }), 'NOT_FOUND');
      expect(await svc.listArtifacts(id, { status: 'draft' })).toHaveLength(1);
      expect(await svc.listArtifacts(id, { module: 'strategy' })).toEqual([]);
    });

    it('exports one module or the whole engagement as Markdown and JSON (latest approved versions)', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme Corp' });
      const intake = await svc.generate(id, 'intake', { topic: 'shoes' });
      await rejectsWith(exportEngagement(svc, id), 'NOTHING_TO_EXPORT');
      const approved = await svc.approve(id, intake.id, {
        expectedVersion: 1,
        deliverableId: 'intake-a',
        author: 'ana',
      });
      const done = await svc.reject(id, intake.id, {
        expectedVersion: approved.version,
        deliverableId: 'intake-b',
        note: 'no',
      });
      const final = await approveAll(svc, id, done);
      const reopened = await svc.reopen(id, intake.id, {
        expectedVersion: final.version,
        deliverableId: 'intake-a',
      });
      await svc.amend(id, intake.id, {
        expectedVersion: reopened.version,
        deliverableId: 'intake-a',
        contentMarkdown: 'unapproved edit',
      });
      const md = await exportEngagement(svc, id, { format: 'md' });
      expect(md.fileName).toBe('aicmo-acme-corp-engagement.md');
      expect(md.mimeType).toBe('text/markdown;charset=utf-8');
      expect(md.content).toContain('# Acme Corp');
      expect(md.content).toContain('## Intake');
      expect(md.content).toContain('intake A about shoes');
      expect(md.content).not.toContain('unapproved edit');
      expect(md.content).not.toContain('intake B about shoes');
      expect(md.artifacts).toEqual([{ module: 'intake', artifact_id: intake.id, version: final.version }]);
      const json = await exportEngagement(svc, id, { format: 'json', module: 'intake' });
      expect(json.fileName).toBe('aicmo-acme-corp-intake.json');
      const parsed = JSON.parse(json.content);
      expect(parsed.engagement.client_name).toBe('Acme Corp');
      expect(parsed.artifacts[0].envelope.deliverables.map((d: { id: string }) => d.id)).toEqual([
        'intake-a',
      ]);
      await rejectsWith(exportEngagement(svc, id, { module: 'strategy' }), 'NOTHING_TO_EXPORT');
    });

    it('applies a commit batch all or nothing', async () => {
      await fresh();
      const { id } = await svc.createEngagement({ clientName: 'Acme' });
      const intake = await svc.generate(id, 'intake', {});
      const stored = await store.loadEngagement(id);
      const info = stored?.artifacts[0]?.versions[0];
      if (!info || !stored?.artifacts[0]) throw new Error('missing artifact');
      const row = (
        version: number,
        module: 'intake' | 'leadgen',
        artifactId: string,
      ): ArtifactVersionRow => ({
        ...info,
        version,
        module,
        artifact_id: artifactId,
        engagement_id: id,
        body: stored.artifacts[0]?.body as string,
        event: { ...info.event, version },
      });
      const result = await store.commit({
        engagementId: id,
        expect: [],
        writes: [row(1, 'leadgen', 'new-leadgen'), row(5, 'intake', intake.id)],
      });
      expect(result).toEqual({ ok: false, conflicts: [{ module: 'intake', currentVersion: 1 }] });
      const expectFails = await store.commit({
        engagementId: id,
        expect: [{ module: 'strategy', version: 3 }],
        writes: [row(2, 'intake', intake.id)],
      });
      expect(expectFails).toEqual({ ok: false, conflicts: [{ module: 'strategy', currentVersion: 0 }] });
      expect((await store.loadEngagement(id))?.artifacts.map((a) => a.versions.length)).toEqual([1]);
      expect(await store.commit({ engagementId: 'missing', expect: [], writes: [] })).toEqual({
        ok: false,
        conflicts: [],
      });
      expect(await store.loadVersion(id, intake.id, 2)).toBeUndefined();
    });

    if (init.reopen) {
      const reopen = init.reopen;
      it('keeps everything across a close and reopen', async () => {
        await fresh();
        const { id } = await svc.createEngagement({ clientName: 'Acme' });
        const intake = await approveAll(svc, id, await svc.generate(id, 'intake', {}));
        const before = await svc.getEngagement(id);
        await store.close();
        const again = await reopen();
        opened.push(again);
        const after = await serviceOver(again).getEngagement(id);
        expect(after).toEqual(before);
        expect((await again.loadVersion(id, intake.id, 1))?.status).toBe('draft');
      });
    }

    it('loses no update under two concurrent writers, and approved lineage points at approved upstream versions (property)', async () => {
      await fresh();
      const op = fc.record({
        // Weighted towards the moves that build a chain and re-approve upstreams.
        kind: fc.oneof(
          { weight: 8, arbitrary: fc.constant('approve' as const) },
          { weight: 3, arbitrary: fc.constant('reopen' as const) },
          { weight: 1, arbitrary: fc.constantFrom('generate', 'amend', 'reject', 'archive', 'approveOne') },
        ),
        module: fc.constantFrom(
          'intake',
          'intake',
          'strategy',
          'strategy',
          'strategy',
          'creatives',
          'creatives',
          'execution',
          'delivery',
        ),
        stale: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(op, { minLength: 16, maxLength: 30 }),
          fc.array(op, { minLength: 16, maxLength: 30 }),
          async (left, right) => {
            const { id } = await svc.createEngagement({ clientName: 'Prop' });
            const successes: { artifactId: string; version: number }[] = [];
            const run = async (ops: typeof left) => {
              const writer = serviceOver(store);
              for (const o of ops) {
                try {
                  const view = await writer.getEngagement(id);
                  const a = view.artifacts.find((x) => x.module === o.module);
                  const seen = (a?.version ?? 0) - (o.stale && a ? 1 : 0);
                  let out: Artifact;
                  if (o.kind === 'generate' || !a)
                    out = await writer.generate(id, o.module, { n: seen }, { expectedVersion: seen });
                  else if (o.kind === 'approve')
                    out = await writer.approve(id, a.id, { expectedVersion: seen });
                  else if (o.kind === 'approveOne')
                    out = await writer.approve(id, a.id, {
                      expectedVersion: seen,
                      deliverableId: `${o.module}-a`,
                    });
                  else if (o.kind === 'reopen')
                    out = await writer.reopen(id, a.id, { expectedVersion: seen });
                  else if (o.kind === 'reject')
                    out = await writer.reject(id, a.id, { expectedVersion: seen, note: 'no' });
                  else if (o.kind === 'archive')
                    out = await writer.archive(id, a.id, { expectedVersion: seen });
                  else
                    out = await writer.amend(id, a.id, {
                      expectedVersion: seen,
                      deliverableId: `${o.module}-b`,
                      contentMarkdown: `edit ${Math.random()}`,
                    });
                  successes.push({ artifactId: out.id, version: out.version });
                } catch (error) {
                  if (!isEngagementError(error)) throw error;
                }
              }
            };
            await Promise.all([run(left), run(right)]);
            const view = await svc.getEngagement(id);
            // No lost update: every acknowledged write is a distinct version in the history.
            const keys = successes.map((s) => `${s.artifactId}@${s.version}`);
            expect(new Set(keys).size).toBe(keys.length);
            const written = new Set<string>();
            let cascades = 0;
            for (const [artifactId, versions] of Object.entries(view.versions)) {
              expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
              for (const v of versions) {
                written.add(`${artifactId}@${v.version}`);
                if (v.event.action === 'flagged_for_review') cascades += 1;
              }
            }
            for (const k of keys) expect(written.has(k)).toBe(true);
            expect(written.size).toBe(keys.length + cascades);
            // Lineage invariants.
            const byModule = new Map(view.artifacts.map((a) => [a.module, a]));
            for (const [artifactId, versions] of Object.entries(view.versions)) {
              for (const v of versions) {
                if (v.status !== 'approved') continue;
                for (const [m, entry] of Object.entries(v.lineage)) {
                  const up = entry && view.versions[entry.artifact_id]?.[entry.version - 1];
                  expect(up?.status, `${artifactId}@${v.version} lineage ${m}`).toBe('approved');
                }
              }
            }
            for (const a of view.artifacts) {
              if (a.status !== 'approved') continue;
              expect(a.stale, `${a.module} approved but stale`).toBe(false);
              for (const m of GATING_MAP[a.module]) {
                if (a.trail.some((t) => t.override)) continue;
                expect(a.lineage[m]?.artifact_id).toBe(byModule.get(m)?.id);
              }
            }
          },
        ),
        { numRuns: init.propertyRuns ?? 40 },
      );
    });
  });
}
