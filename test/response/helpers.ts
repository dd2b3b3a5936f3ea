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
  unified_proposal: {
    artifact_type: 'unified_proposal',
    title: 'Mission Proposal',
    content: {
      mission_id: 'm-1',
      mission_title: 'Research React optimization',
      costs: { total_usd: 0.67, breakdown: [] },
      time: { buddy_seconds: 13.0, human_minutes: 10, total_minutes: 10 },
      next_steps: { approval_options: ['Approve', 'Reject'], what_happens_next: 'Buddy starts.' },
    },
    metadata: { awaiting_approval: true, mission_id: 'm-1', requires_approval: true },
  },
};

/**
 * `UnifiedProposal.to_dict()` of the Python reference
 * (mcardwell-Buddy/Main `backend/proposal_presenter.py`), as JSON.
 */
export const PYTHON_UNIFIED_PROPOSAL: Record<string, unknown> = {
  mission_id: 'mission-7f3a',
  mission_title: 'Research React optimization techniques',
  objective: 'Research the best React optimization techniques and create a summary document',
  executive_summary:
    'Buddy will execute 3 automated steps including research, analysis, and content generation. Your approval will be required before execution begins. Estimated cost: $0.67, total time: ~10 minutes.',
  task_breakdown: {
    steps: [
      { step_number: 1, description: 'Search for React optimization techniques', step_type: 'buddy' },
      { step_number: 2, description: 'Compile results', step_type: 'buddy' },
    ],
    total_steps: 2,
  },
  metrics: { total_steps: 4, buddy_steps: 2, human_steps: 1, hybrid_steps: 1 },
  costs: {
    total_usd: 0.6675,
    breakdown: [
      {
        service: 'serpapi',
        type: 'credits',
        credits_needed: 1,
        tier: 'FREE',
        cost_usd: 0.0,
        details: 'web search',
        note: 'Uses monthly quota credits',
      },
      { service: 'openai', type: 'dollars', cost_usd: 0.6675, operations: 2, tier: 'gpt-4o', details: 'llm' },
    ],
  },
  time: { buddy_seconds: 13.0, human_minutes: 10, total_minutes: 10 },
  human_involvement: {
    requires_approval: true,
    has_blocking_steps: false,
    actions_required: [
      {
        step_number: 3,
        step_description: 'Format as document',
        action: 'review',
        description: 'Review the final document',
        estimated_minutes: 10,
        is_blocking: false,
      },
    ],
  },
  next_steps: {
    approval_options: ['Approve', 'Modify', 'Reject'],
    what_happens_next:
      "If you approve, Buddy will execute all automated steps. You'll receive updates as each step completes and a final summary when done.",
  },
  metadata: { created_at: '2026-02-07T20:07:02.031542', proposal_version: '1.0' },
};

/**
 * The envelope fields `unified_proposal_response(PYTHON_UNIFIED_PROPOSAL).to_dict()`
 * writes (mcardwell-Buddy/Main `backend/response_envelope.py`): artifacts
 * without a timestamp, every unset field as `null`.
 */
export const PYTHON_UNIFIED_PROPOSAL_ENVELOPE: Record<string, unknown> = {
  response_type: 'artifact_bundle',
  summary:
    'Mission proposal: Research React optimization techniques. Estimated cost: $0.67, time: ~10min. Review details below.',
  artifacts: [
    {
      artifact_type: 'unified_proposal',
      title: 'Mission Proposal',
      content: PYTHON_UNIFIED_PROPOSAL,
      metadata: { awaiting_approval: true, mission_id: 'mission-7f3a', requires_approval: true },
    },
  ],
  missions_spawned: [],
  signals_emitted: [],
  reality_assessment: null,
  live_stream_id: null,
  ui_hints: {
    layout: 'modal',
    priority: 'normal',
    suggested_actions: ['Approve', 'Modify', 'Reject'],
    color_scheme: 'info',
    icon: 'clipboard-list',
    expandable: true,
  },
  timestamp: '2026-02-07T20:07:02.031542',
  metadata: {},
};

/** A Python `ChartArtifact(...).to_dict()` with free-form (Chart.js-style) data. */
export const pythonChart = (data: Record<string, unknown>, chartType = 'bar'): Record<string, unknown> => ({
  artifact_type: 'chart',
  title: 'Trend',
  content: { chart_type: chartType, data },
  metadata: {},
});
