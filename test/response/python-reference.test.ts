/**
 * What the Python reference (mcardwell-Buddy/Main `backend/response_envelope.py`,
 * ResponseEnvelope v2) produces, written out as its `to_dict()` JSON: every
 * helper and every `ResponseBuilder.add_*` of that module. Each validates here,
 * as `validate_response_envelope` accepts it there, and renders as markdown.
 */
import { describe, expect, it } from 'vitest';
import {
  parseResponseEnvelope,
  ResponseBuilder,
  toMarkdown,
  type UnifiedProposalContent,
  validateResponseEnvelope,
} from '../../src/response/index.js';
import {
  clock,
  FIXED_NOW,
  PYTHON_UNIFIED_PROPOSAL,
  PYTHON_UNIFIED_PROPOSAL_ENVELOPE,
  pythonChart,
} from './helpers.js';

/** `ResponseEnvelope.to_dict()`: every key present, unset ones `null`. */
const pythonEnvelope = (fields: Record<string, unknown>): Record<string, unknown> => ({
  response_type: 'text',
  summary: 'Done',
  artifacts: [],
  missions_spawned: [],
  signals_emitted: [],
  reality_assessment: null,
  live_stream_id: null,
  ui_hints: null,
  timestamp: '2026-02-07T20:07:02',
  metadata: {},
  ...fields,
});

const hints = (fields: Record<string, unknown>) => ({
  layout: null,
  priority: null,
  suggested_actions: [],
  color_scheme: null,
  icon: null,
  expandable: true,
  ...fields,
});

const mission = {
  mission_id: 'abc-123',
  status: 'proposed',
  objective_type: 'extract',
  objective_description: 'Find 50 quotes',
};

const PYTHON_OUTPUTS: Record<string, Record<string, unknown>> = {
  'minimal_response / text_response': pythonEnvelope({}),
  clarification_response: pythonEnvelope({
    response_type: 'clarification_request',
    summary: 'Which region?',
    metadata: { clarification: { question: 'Which region?', options: ['EMEA', 'APAC'], context: {} } },
    ui_hints: hints({
      priority: 'urgent',
      color_scheme: 'info',
      icon: 'question',
      suggested_actions: ['Respond', 'Cancel'],
    }),
  }),
  mission_proposal_response: pythonEnvelope({
    response_type: 'artifact_bundle',
    missions_spawned: [mission],
    artifacts: [
      {
        artifact_type: 'mission_draft',
        title: 'Mission Proposal',
        content: mission,
        metadata: { awaiting_approval: true },
      },
    ],
    ui_hints: hints({
      priority: 'normal',
      color_scheme: 'info',
      icon: 'clipboard',
      suggested_actions: ['Review', 'Approve', 'Modify', 'Reject'],
    }),
  }),
  unified_proposal_response: PYTHON_UNIFIED_PROPOSAL_ENVELOPE,
  'unified_proposal_response({})': pythonEnvelope({
    response_type: 'artifact_bundle',
    summary: 'Mission proposal: Mission. Estimated cost: $0.00, time: ~0min. Review details below.',
    artifacts: [
      {
        artifact_type: 'unified_proposal',
        title: 'Mission Proposal',
        content: {},
        metadata: { awaiting_approval: true, mission_id: null, requires_approval: true },
      },
    ],
    ui_hints: hints({
      priority: 'normal',
      color_scheme: 'info',
      icon: 'clipboard-list',
      suggested_actions: ['Approve', 'Reject'],
      layout: 'modal',
    }),
  }),
  error_response: pythonEnvelope({
    summary: '❌ Error: timeout',
    metadata: { error: true, error_message: 'timeout', error_details: {} },
    ui_hints: hints({
      priority: 'urgent',
      color_scheme: 'error',
      icon: 'alert',
      suggested_actions: ['Retry', 'Cancel'],
    }),
  }),
  'ResponseBuilder add_* (every artifact class)': pythonEnvelope({
    response_type: 'report',
    live_stream_id: 'stream-abc-123',
    artifacts: [
      {
        artifact_type: 'table',
        title: 'Results',
        content: { columns: ['A', 'B'], rows: [[1, 2]], row_count: 1, column_count: 2 },
        metadata: {},
      },
      pythonChart({ labels: ['Mon', 'Tue'], datasets: [{ label: 'Visits', data: [120, 140] }] }, 'line'),
      pythonChart({ x: [1, 2, 3], y: [0.5, 0.25, 0.125] }, 'scatter'),
      pythonChart({ positive: 12, negative: 3, neutral: 5 }, 'pie'),
      pythonChart({ values: { q1: [1, 2], q2: null }, note: 'nested' }),
      {
        artifact_type: 'document',
        title: 'Report',
        content: {
          format: 'markdown',
          sections: [{ heading: 'Summary', content: 'Sales grew.' }],
          section_count: 1,
        },
        metadata: {},
      },
      {
        artifact_type: 'code_block',
        title: 'Query',
        content: { code: 'SELECT 1\nFROM t', language: 'sql', line_count: 2 },
        metadata: {},
      },
      {
        artifact_type: 'timeline',
        title: 'Run',
        content: {
          events: [{ timestamp: '2026-02-07T14:50:00', event: 'Opened page', status: 'ok' }],
          event_count: 1,
          start_time: '2026-02-07T14:50:00',
          end_time: '2026-02-07T14:50:00',
        },
        metadata: {},
      },
      {
        artifact_type: 'timeline',
        title: 'Nothing yet',
        content: { events: [], event_count: 0, start_time: null, end_time: null },
        metadata: {},
      },
      {
        artifact_type: 'file_reference',
        title: 'Export',
        content: { file_path: '/outputs/quotes.csv', file_type: 'csv', size_bytes: null },
        metadata: {},
      },
    ],
    missions_spawned: [mission],
    signals_emitted: [
      {
        signal_type: 'selector_outcome',
        signal_layer: 'selector',
        signal_source: 'web_navigator',
        timestamp: '2026-02-07T14:50:41.828368Z',
        summary: null,
      },
    ],
    ui_hints: hints({ layout: 'fullscreen', priority: 'low', color_scheme: 'success' }),
    metadata: {
      intent_classification: 'execute',
      confidence: 0.87,
      mission_id: 'abc-123',
      items_collected: 50,
    },
  }),
};

describe('Python reference output', () => {
  for (const [name, envelope] of Object.entries(PYTHON_OUTPUTS)) {
    it(`${name}: validates, parses and renders`, () => {
      expect(validateResponseEnvelope(envelope)).toEqual({ valid: true, errors: [], issues: [] });
      const parsed = parseResponseEnvelope(JSON.parse(JSON.stringify(envelope)));
      const md = toMarkdown(parsed);
      expect(md).toContain((envelope.summary as string).trim());
      for (const artifact of parsed.artifacts) expect(md).toContain(`## ${artifact.title}`);
    });
  }

  it('free-form chart data is kept as sent', () => {
    const data = {
      labels: ['Mon'],
      datasets: [{ label: 'Visits', data: [120] }],
      options: { stacked: true },
    };
    const parsed = parseResponseEnvelope(pythonEnvelope({ artifacts: [pythonChart(data)] }));
    expect(parsed.artifacts[0]).toMatchObject({ content: { data } });
  });
});

describe('ResponseBuilder.unifiedProposal mirrors unified_proposal_response', () => {
  const unified = (proposal: Record<string, unknown>) =>
    ResponseBuilder.unifiedProposal(proposal as UnifiedProposalContent, { clock }).build();

  it('same type, summary, artifact, metadata and hints as the Python output', () => {
    const envelope = unified(PYTHON_UNIFIED_PROPOSAL);
    const python = PYTHON_UNIFIED_PROPOSAL_ENVELOPE;
    expect(envelope.response_type).toBe(python.response_type);
    expect(envelope.summary).toBe(python.summary);
    const { expandable: _, ...pythonHints } = python.ui_hints as Record<string, unknown>;
    expect(envelope.ui_hints).toEqual(pythonHints);
    expect(envelope.artifacts).toHaveLength(1);
    const { timestamp, ...artifact } = envelope.artifacts[0]!;
    expect(timestamp).toBe(FIXED_NOW);
    expect(artifact).toEqual((python.artifacts as unknown[])[0]);
  });

  it('an empty proposal gets the Python defaults', () => {
    const envelope = unified({});
    expect(envelope.summary).toBe(
      'Mission proposal: Mission. Estimated cost: $0.00, time: ~0min. Review details below.',
    );
    expect(envelope.artifacts[0]).toMatchObject({
      artifact_type: 'unified_proposal',
      content: {},
      metadata: { awaiting_approval: true, mission_id: null, requires_approval: true },
    });
    expect(envelope.ui_hints?.suggested_actions).toEqual(['Approve', 'Reject']);
  });

  it('requires_approval follows human_involvement', () => {
    const envelope = unified({ human_involvement: { requires_approval: false } });
    expect(envelope.artifacts[0]?.metadata).toEqual({
      awaiting_approval: true,
      mission_id: null,
      requires_approval: false,
    });
  });
});
