/**
 * `aicmo/engagement` in a browser: the built entry bundles for the browser
 * platform (the file and PostgreSQL stores load their drivers only when
 * opened), and the service runs on the memory store with web globals only.
 */
import { runInContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleDistEntry, webContext } from '../helpers/bundle.js';

let code = '';
beforeAll(async () => {
  code = await bundleDistEntry('engagement', { format: 'iife', globalName: 'aicmoEngagement' });
});

describe('aicmo/engagement on web globals only', () => {
  it('bundles without Node built-ins or pg', () => {
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/from\s+['"]node:/);
    expect(code).not.toContain('pg-pool');
  });

  it('gates, approves and flags on the memory store in a context without process or require', async () => {
    const context = webContext();
    runInContext(code, context);
    const result = await runInContext(
      `(async () => {
        if (typeof process !== 'undefined' || typeof require !== 'undefined') throw new Error('not a bare web context');
        const E = aicmoEngagement;
        const generate = async (module) => ({
          status: 'SUCCESS', module, run_id: module + '-run',
          meta: { timestamp: '2026-01-01T00:00:00Z', provider: 'web' },
          deliverables: [{ id: 'd', kind: 'strategy', title: module, content_markdown: '# ' + module }],
        });
        const svc = E.createEngagementService({ store: E.createMemoryStore(), generate });
        const { id } = await svc.createEngagement({ clientName: 'Web' });
        let blocked = '';
        try { await svc.generate(id, 'strategy', {}); } catch (e) { blocked = e.code + ':' + e.missing.join(','); }
        const intake = await svc.approve(id, (await svc.generate(id, 'intake', {})).id, { expectedVersion: 1 });
        const strategy = await svc.generate(id, 'strategy', {});
        await svc.approve(id, strategy.id, { expectedVersion: 1 });
        const reopened = await svc.reopen(id, intake.id, { expectedVersion: intake.version });
        await svc.approve(id, intake.id, { expectedVersion: reopened.version });
        const view = await svc.getEngagement(id);
        return { blocked, statuses: view.artifacts.map((a) => a.module + ':' + a.status), hash: strategy.inputs_hash.length };
      })()`,
      context,
    );
    expect(result).toEqual({
      blocked: 'GATING_BLOCKED:intake',
      statuses: ['intake:approved', 'strategy:flagged_for_review'],
      hash: 64,
    });
  });
});
