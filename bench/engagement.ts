/**
 * Engagement store benchmark: opening the embedded store, generate-and-approve
 * round trips per second (embedded node:sqlite, and PostgreSQL when
 * AICMO_TEST_DATABASE_URL is set), and reading an engagement of 10 modules ×
 * 20 versions (about 2 KB per envelope).
 *
 * Run alone: `npx tsx bench/engagement.ts` (about 20 s). Prints figures; exits 0.
 * Targets: opening the embedded store (migration check included) ≤ 20 ms;
 * reading the 10 × 20 engagement ≤ 5 ms at p99 on the embedded store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createEngagementService,
  ENGAGEMENT_MODULES,
  type EngagementGenerator,
  type EngagementService,
  type EngagementStore,
  openPostgresStore,
  openSqliteStore,
} from '../src/engagement/index.js';

const PARAGRAPH = 'Our planner turns a brief into a month of on-brand posts, emails and ads. '.repeat(6);

/** About 2 KB of envelope per generation. */
const generate: EngagementGenerator = async (module, input) => ({
  status: 'SUCCESS',
  module,
  run_id: `${module}-${Math.random().toString(36).slice(2)}`,
  meta: { timestamp: new Date().toISOString(), provider: 'stub' },
  deliverables: [1, 2, 3].map((n) => ({
    id: `${module}-${n}`,
    kind: 'strategy',
    title: `${module} ${n}`,
    content_markdown: `# ${module} ${n}\n\n${PARAGRAPH}\n\n${JSON.stringify(input)}`,
  })),
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const override = { reason: 'benchmark', actor: 'bench' };

async function roundTrips(service: EngagementService, seconds: number): Promise<number> {
  const { id } = await service.createEngagement({ clientName: 'Bench' });
  let version = 0;
  let count = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const draft = await service.generate(id, 'intake', { n: count }, { expectedVersion: version });
    const approved = await service.approve(id, draft.id, { expectedVersion: draft.version, author: 'bench' });
    version = approved.version;
    count += 1;
  }
  return count / seconds;
}

async function bigEngagement(service: EngagementService): Promise<string> {
  const { id } = await service.createEngagement({ clientName: 'Big' });
  for (const module of ENGAGEMENT_MODULES) {
    let version = 0;
    for (let v = 0; v < 20; v++) {
      const a = await service.generate(id, module, { v }, { expectedVersion: version, override });
      version = a.version;
    }
  }
  return id;
}

async function readFigures(service: EngagementService, id: string, runs: number) {
  for (let i = 0; i < 20; i++) await service.getEngagement(id);
  const view: number[] = [];
  const raw: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const c = process.cpuUsage();
    await service.getEngagement(id);
    view.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    t = performance.now();
    await service.store.loadEngagement(id);
    raw.push(performance.now() - t);
  }
  return { view, raw, cpu };
}

async function storeRow(name: string, open: () => Promise<EngagementStore>, target: boolean) {
  const store = await open();
  const service = createEngagementService({ store, generate });
  const rps = await roundTrips(service, 4);
  const id = await bigEngagement(service);
  const { view, raw, cpu } = await readFigures(service, id, 300);
  const p99 = percentile(view, 99);
  const verdict = target ? ` ${p99 <= 5 ? 'MET' : 'MISSED'} (≤ 5 ms p99, wall clock)` : '';
  console.log(
    `| ${name} | ${rps.toFixed(0)} | ${ms(percentile(raw, 50))} / ${ms(percentile(raw, 99))} | ${ms(percentile(view, 50))} / ${ms(p99)} | ${ms(percentile(cpu, 50))} / ${ms(percentile(cpu, 99))} |${verdict} |`,
  );
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), 'aicmo-bench-'));
console.log(
  `Machine: ${cpus().length} cores, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ')} (1/5/15 min)\n`,
);
try {
  // Opening: the first open in a process imports node:sqlite; later ones are what a CLI run pays after that.
  const opens: number[] = [];
  const reopens: number[] = [];
  for (let i = 0; i < 20; i++) {
    const file = join(dir, `open-${i}.db`);
    let t = performance.now();
    const created = await openSqliteStore(file);
    opens.push(performance.now() - t);
    await created.close();
    t = performance.now();
    const reopened = await openSqliteStore(file);
    reopens.push(performance.now() - t);
    await reopened.close();
  }
  const first = opens[0] ?? 0;
  const reopenP99 = percentile(reopens, 99);
  console.log('Opening the embedded store (close not counted):');
  console.log(
    `  first open in the process (imports node:sqlite, creates the file and the schema): ${ms(first)}`,
  );
  console.log(
    `  new file (WAL switch and the migration commit, both fsync-bound) p50 ${ms(percentile(opens.slice(1), 50))}, p99 ${ms(percentile(opens.slice(1), 99))}`,
  );
  console.log(
    `  existing file (the migration check only) p50 ${ms(percentile(reopens, 50))}, p99 ${ms(reopenP99)}: ${reopenP99 <= 20 ? 'MET' : 'MISSED'} (≤ 20 ms)`,
  );
  console.log('');
  console.log(
    '| store | generate+approve round trips/s | load 10 modules × 20 versions, raw p50 / p99 | getEngagement (parsed view) p50 / p99 | its CPU time p50 / p99 | target |',
  );
  console.log('|---|---|---|---|---|---|');
  await storeRow('node:sqlite (WAL, synchronous=FULL)', () => openSqliteStore(join(dir, 'bench.db')), true);
  const url = process.env.AICMO_TEST_DATABASE_URL;
  if (url) {
    const schema = `aicmo_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      await storeRow(
        'PostgreSQL (pg, local socket over TCP)',
        () => openPostgresStore(url, { schema }),
        false,
      );
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  } else {
    console.log('| PostgreSQL | not run: set AICMO_TEST_DATABASE_URL | | | | |');
  }
  console.log(
    '\nOn a loaded machine the wall-clock p99 measures preemption; the CPU time is what one read costs.',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
