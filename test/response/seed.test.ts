/**
 * Every JSON example of seed 002 (ResponseEnvelope schema conformance), each a
 * fragment, assembled into a whole envelope: it validates, and the builder,
 * used the way the seed's author used the Python one, reproduces it.
 */
import { describe, expect, it } from 'vitest';
import { parseResponseEnvelope, validateResponseEnvelope } from '../../src/response/index.js';
import { builder, FIXED_NOW } from './helpers.js';

const envelope = (fragment: Record<string, unknown>) => ({
  response_type: 'text',
  summary: '...',
  timestamp: '2026-02-07T20:07:02.031542+00:00',
  ...fragment,
});

const mission = {
  mission_id: 'abc-123',
  status: 'proposed',
  objective_type: 'extract',
  objective_description: 'Find 50 quotes',
} as const;

const signal = {
  signal_type: 'selector_outcome',
  signal_layer: 'selector',
  signal_source: 'web_navigator',
  timestamp: '2026-02-07T14:50:41.828368Z',
  summary: 'Found pagination link (xpath)',
} as const;

const resultsTable = {
  columns: ['ID', 'Name', 'Value'],
  rows: [
    [1, 'Item A', 100],
    [2, 'Item B', 200],
  ],
};

const fragments: Record<string, Record<string, unknown>> = {
  'requirement 2: intent classification': {
    response_type: 'artifact_bundle',
    metadata: { intent_classification: 'execute' },
  },
  'requirement 3: proposed missions': { missions_spawned: [mission] },
  'requirement 4: executed missions': {
    summary: 'Mission completed!',
    artifacts: [{ artifact_type: 'table', title: 'Results', content: resultsTable }],
    metadata: { mission_id: 'abc-123', mission_duration_ms: 45500, items_collected: 50 },
  },
  'requirement 5: artifacts 0..n': {
    artifacts: [
      { artifact_type: 'table', title: 'Results', content: { columns: ['A', 'B'], rows: [[1, 2]] } },
      {
        artifact_type: 'chart',
        title: 'Trend',
        content: {
          chart_type: 'line',
          data: { labels: ['Mon', 'Tue'], series: [{ name: 'A', values: [1, 2] }] },
        },
      },
      {
        artifact_type: 'document',
        title: 'Report',
        content: { sections: [{ heading: 'Findings', content: 'All **good**.' }] },
      },
    ],
  },
  'requirement 6: signals emitted': { signals_emitted: [signal] },
  'requirement 7: confidence': { metadata: { confidence: 0.87 } },
  'requirement 8: status': { summary: 'Navigation failed', metadata: { status: 'failed', error: 'timeout' } },
  'requirement 9: timestamps': {},
  'file references': {
    artifacts: [
      {
        artifact_type: 'file_reference',
        title: 'Results Export',
        content: { file_path: '/outputs/quotes.csv', file_type: 'csv', size_bytes: 2048 },
      },
    ],
  },
  'reference-only table': {
    artifacts: [{ artifact_type: 'table', title: 'Results', content: resultsTable }],
  },
  'ui hints': { ui_hints: { color_scheme: 'success', layout: 'split' } },
};

describe('seed 002 JSON examples', () => {
  for (const [name, fragment] of Object.entries(fragments)) {
    it(`${name}: validates once assembled into an envelope`, () => {
      expect(validateResponseEnvelope(envelope(fragment))).toEqual({ valid: true, errors: [], issues: [] });
      expect(parseResponseEnvelope(envelope(fragment))).toMatchObject(fragment);
    });
  }

  it('the signal-reference example without signal_layer is reported, naming the field', () => {
    const { signal_layer: _, ...withoutLayer } = signal;
    const result = validateResponseEnvelope(envelope({ signals_emitted: [withoutLayer] }));
    expect(result.errors).toEqual(['signals_emitted[0].signal_layer: is required']);
  });
});

describe('the builder reproduces the seed examples', () => {
  const cases: Array<[string, () => Record<string, unknown>, Record<string, unknown>]> = [
    [
      'requirement 2',
      () =>
        builder().type('artifact_bundle').metadata('intent_classification', 'execute').summary('...').build(),
      fragments['requirement 2: intent classification']!,
    ],
    [
      'requirement 3',
      () => builder().summary('...').addMission(mission).build(),
      fragments['requirement 3: proposed missions']!,
    ],
    [
      'requirement 4',
      () =>
        builder()
          .summary('Mission completed!')
          .metadata('mission_id', 'abc-123')
          .metadata('mission_duration_ms', 45500)
          .metadata('items_collected', 50)
          .addTable(
            'Results',
            ['ID', 'Name', 'Value'],
            [
              [1, 'Item A', 100],
              [2, 'Item B', 200],
            ],
          )
          .build(),
      fragments['requirement 4: executed missions']!,
    ],
    [
      'requirement 5',
      () =>
        builder()
          .summary('...')
          .addTable('Results', ['A', 'B'], [[1, 2]])
          .addChart('Trend', 'line', { labels: ['Mon', 'Tue'], series: [{ name: 'A', values: [1, 2] }] })
          .addDocument('Report', [{ heading: 'Findings', content: 'All **good**.' }])
          .build(),
      fragments['requirement 5: artifacts 0..n']!,
    ],
    [
      'requirement 6',
      () => builder().summary('...').addSignal(signal).build(),
      fragments['requirement 6: signals emitted']!,
    ],
    [
      'requirement 7',
      () => builder().summary('...').metadata('confidence', 0.87).build(),
      fragments['requirement 7: confidence']!,
    ],
    [
      'requirement 8',
      () =>
        builder()
          .summary('Navigation failed')
          .metadata('status', 'failed')
          .metadata('error', 'timeout')
          .build(),
      fragments['requirement 8: status']!,
    ],
    [
      'file reference',
      () =>
        builder()
          .summary('...')
          .addFileReference('Results Export', '/outputs/quotes.csv', 'csv', { sizeBytes: 2048 })
          .build(),
      fragments['file references']!,
    ],
    [
      'ui hints',
      () => builder().summary('...').uiHints({ color_scheme: 'success', layout: 'split' }).build(),
      fragments['ui hints']!,
    ],
  ];

  for (const [name, build, fragment] of cases) {
    it(name, () => {
      const built = build();
      expect(built).toMatchObject(fragment);
      expect(built.timestamp).toBe(FIXED_NOW);
      expect(built.version).toBe('2.0');
      expect(validateResponseEnvelope(JSON.parse(JSON.stringify(built))).valid).toBe(true);
    });
  }

  it('requirement 9: the timestamp is filled automatically, and each artifact, mission and signal has its own', () => {
    const built = builder()
      .summary('...')
      .addTable('Results', ['A'], [[1]])
      .addMission(mission)
      .addSignal({ ...signal, timestamp: undefined })
      .build();
    expect(built.timestamp).toBe(FIXED_NOW);
    expect(built.artifacts[0]!.timestamp).toBe(FIXED_NOW);
    expect(built.missions_spawned[0]!.timestamp).toBe(FIXED_NOW);
    expect(built.signals_emitted[0]!.timestamp).toBe(FIXED_NOW);
  });
});
