import {
  type ARTIFACT_TYPES,
  ResponseBuilder,
  type ResponseBuilderOptions,
} from '../../src/response/index.js';

/** A fixed clock so built envelopes are deterministic. */
export const FIXED_NOW = '2026-02-07T20:07:02.031Z';
export const clock = (): Date => new Date(FIXED_NOW);

/** A builder on the fixed clock. */
export const builder = (options: ResponseBuilderOptions = {}): ResponseBuilder =>
  new ResponseBuilder({ clock, ...options });

/** The smallest valid envelope, as a Python backend would send it. */
export const minimal = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  response_type: 'text',
  summary: 'Found 50 quotes successfully',
  timestamp: '2026-02-07T20:07:02.031542',
  ...extra,
});

/** `minimal()` with one artifact. */
export const withArtifact = (artifact: Record<string, unknown>): Record<string, unknown> =>
  minimal({ artifacts: [artifact] });

/** One valid example of each artifact type, in wire form. */
export const ARTIFACT_EXAMPLES: Record<(typeof ARTIFACT_TYPES)[number], Record<string, unknown>> = {
  table: { artifact_type: 'table', title: 'T', content: { columns: ['a', 'b'], rows: [[1, 'x']] } },
  chart: {
    artifact_type: 'chart',
    title: 'C',
    content: {
      chart_type: 'bar',
      data: { labels: ['Q1', 'Q2'], series: [{ name: 'Sales', values: [3, null] }] },
    },
  },
  document: {
    artifact_type: 'document',
    title: 'D',
    content: { sections: [{ heading: 'H', content: 'Body' }] },
  },
  code_block: {
    artifact_type: 'code_block',
    title: 'Code',
    content: { code: 'print(1)', language: 'python' },
  },
  timeline: {
    artifact_type: 'timeline',
    title: 'Run',
    content: { events: [{ timestamp: '2026-02-07T14:50:00Z', event: 'Started', status: 'ok' }] },
  },
  file_reference: {
    artifact_type: 'file_reference',
    title: 'Export',
    content: { file_path: '/outputs/quotes.csv', file_type: 'csv', size_bytes: null },
  },
  json_data: { artifact_type: 'json_data', title: 'J', content: [1, { a: null }] },
  mission_draft: {
    artifact_type: 'mission_draft',
    title: 'Mission Proposal',
    content: { mission_id: 'm-1', status: 'proposed', objective_type: 'extract', objective_description: 'x' },
    metadata: { awaiting_approval: true },
  },
  signal_batch: {
    artifact_type: 'signal_batch',
    title: 'S',
    content: {
      signals: [
        {
          signal_type: 'x',
          signal_layer: 'intent',
          signal_source: 'goal_evaluator',
          timestamp: '2026-02-07',
        },
      ],
    },
  },
};
