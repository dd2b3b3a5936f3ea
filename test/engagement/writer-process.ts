/**
 * A separate writer process for the multi-process tests: amends one
 * deliverable `count` times on the store at `location` (re-reading and
 * retrying on CONFLICT), printing one line per applied write. Exits 1 on any
 * other error, printing its code and message.
 *
 * Usage: tsx writer-process.ts <location> <engagementId> <tag> <count>
 */
import { isEngagementError, openEngagementStore } from '../../src/engagement/index.js';
import { serviceOver } from './helpers.js';

const [location, engagementId, tag, countText] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const store = await openEngagementStore(location);
const service = serviceOver(store);
let conflicts = 0;
try {
  for (let i = 0; i < count; i++) {
    for (;;) {
      const [artifact] = await service.listArtifacts(engagementId, { module: 'intake' });
      if (!artifact) throw new Error('no intake artifact');
      try {
        const out = await service.amend(engagementId, artifact.id, {
          expectedVersion: artifact.version,
          deliverableId: 'intake-a',
          contentMarkdown: `${tag}-${i}`,
          author: tag,
        });
        process.stdout.write(`applied ${tag}-${i} v${out.version}\n`);
        break;
      } catch (error) {
        if (isEngagementError(error) && error.code === 'CONFLICT') {
          conflicts += 1;
          continue;
        }
        throw error;
      }
    }
  }
  process.stdout.write(`done ${tag} conflicts=${conflicts}\n`);
} catch (error) {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`failed ${e.code ?? ''}: ${e.message ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  await store.close();
}
