/**
 * ResponseEnvelope v2 throughput: validateResponseEnvelope on a small text
 * response and on a report at the default limits' scale (a 1,000-row table and
 * a 1,000-point chart), the rejection of an over-limit table, and toMarkdown of
 * the report. Run alone: `npx tsx bench/response.ts` (a few seconds). Prints
 * figures; no targets are set by the issue.
 */
import { ResponseBuilder, toMarkdown, validateResponseEnvelope } from '../src/response/index.js';

function measure(label: string, fn: () => unknown, budgetMs = 600): void {
  for (let i = 0; i < 20; i++) fn(); // warm up
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    fn();
    runs += 1;
    elapsed = performance.now() - started;
  }
  const perCall = (elapsed * 1000) / runs;
  const unit = perCall >= 1000 ? `${(perCall / 1000).toFixed(2)} ms` : `${perCall.toFixed(1)} µs`;
  console.log(
    `  ${label.padEnd(44)} ${unit.padStart(10)}/call  ${Math.round(runs / (elapsed / 1000))
      .toLocaleString('en-US')
      .padStart(9)}/s`,
  );
}

const text = ResponseBuilder.text('Your campaign is scheduled for Monday.').build();
const rows = Array.from({ length: 1_000 }, (_, i) => [`customer-${i}`, (i % 5) + 1, i % 2 === 0] as const);
const labels = Array.from({ length: 500 }, (_, i) => `d${i}`);
const report = new ResponseBuilder()
  .type('report')
  .summary('Quarterly sentiment report')
  .confidence(0.87)
  .addTable(
    'Reviews',
    ['Customer', 'Stars', 'Verified'],
    rows.map((r) => [...r]),
  )
  .addChart('Sentiment', 'line', {
    labels,
    series: [
      { name: 'positive', values: labels.map((_, i) => i % 17) },
      { name: 'negative', values: labels.map((_, i) => i % 7) },
    ],
  })
  .build();
const overLimit = JSON.parse(JSON.stringify(report)) as {
  artifacts: Array<{ content: { rows: unknown[]; row_count?: number } }>;
};
const table = overLimit.artifacts[0];
if (table) {
  table.content.rows = Array.from({ length: 2_000 }, (_, i) => [`c${i}`, 1, true]);
  table.content.row_count = 2_000;
}

const rejected = validateResponseEnvelope(overLimit);
if (rejected.valid || !validateResponseEnvelope(report).valid)
  throw new Error('bench inputs are not what they claim');

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
console.log(
  `ResponseEnvelope v2 (report: ${Math.round(bytes(report) / 1024)} KiB, 1,000 rows, 1,000 chart points)`,
);
console.log(`over-limit table rejected with: ${rejected.errors[0]}\n`);
measure('validate: small text response', () => validateResponseEnvelope(text));
measure('validate: report (table + chart)', () => validateResponseEnvelope(report));
measure('validate: rejects a 2,000-row table', () => validateResponseEnvelope(overLimit));
measure('toMarkdown: report', () => toMarkdown(report));
measure('ResponseBuilder: text response build()', () => ResponseBuilder.text('Done.').build());
