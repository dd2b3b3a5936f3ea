import { describe, expect, it } from 'vitest';
import {
  parseResponseEnvelope,
  ResponseBuilder,
  type ResponseEnvelopeInput,
  toMarkdown,
} from '../../src/response/index.js';
import {
  ARTIFACT_EXAMPLES,
  builder,
  clock,
  FIXED_NOW,
  minimal,
  PYTHON_UNIFIED_PROPOSAL_ENVELOPE,
  pythonChart,
} from './helpers.js';

describe('toMarkdown', () => {
  it('renders a text response: summary, then the details list', () => {
    expect(toMarkdown(ResponseBuilder.text('Found 50 quotes', { clock }).confidence(0.87).build())).toBe(
      [
        'Found 50 quotes',
        '',
        '---',
        '',
        '- **Response type:** text',
        '- **Status:** ok',
        '- **Confidence:** 87 %',
        `- **Timestamp:** ${FIXED_NOW}`,
        '- **Version:** 2.0',
        '',
      ].join('\n'),
    );
  });

  it('tables: header, separator, rows; pipes, backslashes and newlines escaped; null as empty', () => {
    const md = toMarkdown(
      builder()
        .summary('x')
        .addTable(
          'Results',
          ['ID', 'Name | alias'],
          [
            [1, 'a|b'],
            [2, 'line1\nline2'],
            [3, null],
            [4, 'back\\slash'],
            [5, { tags: ['a|b'] }],
          ],
        )
        .build(),
    );
    expect(md).toContain(
      [
        '## Results',
        '',
        '| ID | Name \\| alias |',
        '| --- | --- |',
        '| 1 | a\\|b |',
        '| 2 | line1<br>line2 |',
        '| 3 | |',
        '| 4 | back\\\\slash |',
        '| 5 | {"tags":["a\\|b"]} |',
      ].join('\n'),
    );
  });

  it('charts become a data table with one column per series', () => {
    const md = toMarkdown(
      builder()
        .summary('x')
        .addChart('Trend', 'line', {
          labels: ['Mon', 'Tue'],
          series: [
            { name: 'Visits', values: [120, null] },
            { name: 'Signups', values: [3, 4] },
          ],
          x_label: 'Day',
          unit: 'count',
        })
        .build(),
    );
    expect(md).toContain(
      [
        '## Trend',
        '',
        '_line chart (x: Day, unit: count)_',
        '',
        '| Day | Visits | Signups |',
        '| --- | --- | --- |',
        '| Mon | 120 | 3 |',
        '| Tue | | 4 |',
      ].join('\n'),
    );
  });

  it('free-form charts: Chart.js datasets as a table, flat objects as key/value, anything else as JSON', () => {
    const md = toMarkdown(
      minimal({
        artifacts: [
          pythonChart({
            labels: ['Mon', 'Tue'],
            datasets: [{ label: 'Visits', data: [120, 140] }, { data: [1] }],
          }),
          pythonChart({ positive: 12, negative: 'n/a' }, 'pie'),
          pythonChart({ x: [1, 2], y: [3, 4] }, 'scatter'),
        ],
      }) as ResponseEnvelopeInput,
    );
    expect(md).toContain(
      [
        '_bar chart_',
        '',
        '| Label | Visits | Series 2 |',
        '| --- | --- | --- |',
        '| Mon | 120 | 1 |',
        '| Tue | 140 | |',
      ].join('\n'),
    );
    expect(md).toContain(
      ['_pie chart_', '', '| Key | Value |', '| --- | --- |', '| positive | 12 |', '| negative | n/a |'].join(
        '\n',
      ),
    );
    expect(md).toContain('_scatter chart_\n\n```json\n{\n  "x": [\n    1,\n    2\n  ],');
  });

  it('unified proposals: mission, facts, cost and action tables, options, task breakdown', () => {
    const md = toMarkdown(PYTHON_UNIFIED_PROPOSAL_ENVELOPE as ResponseEnvelopeInput);
    for (const line of [
      '## Mission Proposal',
      'Mission: **Research React optimization techniques** `mission-7f3a`',
      'Objective: Research the best React optimization techniques and create a summary document',
      '- **Steps:** 4 (agent 2, human 1, hybrid 1)',
      '- **Estimated cost:** $0.67',
      '- **Estimated time:** ~10 min (agent 13 s, human 10 min)',
      '- **Requires approval:** yes',
      '| service | type | credits_needed | tier | cost_usd | details | note | operations |',
      '| 3 | Format as document | review | Review the final document | 10 | false |',
      'Options: Approve · Modify · Reject',
      '**Task breakdown**',
      '_awaiting_approval: true · mission_id: mission-7f3a · requires_approval: true_',
    ]) {
      expect(md).toContain(line);
    }
    const empty = toMarkdown(
      minimal({
        artifacts: [{ artifact_type: 'unified_proposal', title: '', content: {} }],
      }) as ResponseEnvelopeInput,
    );
    expect(empty).toContain('## unified proposal\n\n_(an empty proposal)_');
  });

  it('documents become headed sections; code is fenced, longer than any fence inside', () => {
    const md = toMarkdown(
      builder()
        .summary('x')
        .addDocument('Report', [
          { heading: 'Summary', content: 'Sales **grew**.' },
          { heading: 'Next', content: '- a\n- b' },
        ])
        .addCodeBlock('Snippet', 'print("```")', 'python')
        .build(),
    );
    expect(md).toContain('## Report\n\n### Summary\n\nSales **grew**.\n\n### Next\n\n- a\n- b');
    expect(md).toContain('## Snippet\n\n````python\nprint("```")\n````');
  });

  it('timelines, files, JSON, mission drafts, signal batches, missions and signals', () => {
    const envelope = parseResponseEnvelope(
      minimal({
        artifacts: Object.values(ARTIFACT_EXAMPLES),
        missions_spawned: [ARTIFACT_EXAMPLES.mission_draft.content],
        signals_emitted: [
          {
            signal_type: 'selector_outcome',
            signal_layer: 'selector',
            signal_source: 'web_navigator',
            timestamp: '2026-02-07T14:50:41Z',
            summary: 'Found pagination',
          },
        ],
        live_stream_id: 'stream-9',
        ui_hints: { suggested_actions: ['Approve', 'Reject'] },
        metadata: { mission_id: 'm-1', error: 'timeout', custom: { a: 1 } },
      }),
    );
    const md = toMarkdown(envelope);
    expect(md).toContain('## Run\n\n- **2026-02-07T14:50:00Z** Started _(ok)_');
    expect(md).toContain('## Export\n\nFile: `/outputs/quotes.csv` (csv)');
    expect(md).toContain('## J\n\n```json\n[\n  1,\n  {\n    "a": null\n  }\n]\n```');
    expect(md).toContain('- **Mission:** `m-1` (proposed)\n- **Objective:** extract — x');
    expect(md).toContain('_awaiting_approval: true_');
    expect(md).toContain('| x | intent | goal_evaluator | 2026-02-07 | |');
    expect(md).toContain('## Missions\n\n| Mission | Status | Objective | Description |');
    expect(md).toContain('| m-1 | proposed | extract | x |');
    expect(md).toContain('## Signals\n\n| Signal | Layer | Source | Time | Summary |');
    expect(md).toContain(
      '| selector_outcome | selector | web_navigator | 2026-02-07T14:50:41Z | Found pagination |',
    );
    expect(md).toContain('- **Mission:** `m-1`\n- **Error:** timeout\n- **custom:** `{"a":1}`');
    expect(md).toContain('- **Suggested actions:** Approve, Reject');
    expect(md).toContain('- **Live stream:** `stream-9`');
  });

  it('clarification requests list their options', () => {
    const md = toMarkdown(ResponseBuilder.clarification('Which region?', ['EMEA', 'APAC']).build());
    expect(md.startsWith('Which region?\n\n1. EMEA\n2. APAC\n')).toBe(true);
    expect(md).toContain('- **Status:** blocked');
  });

  it('accepts a wire envelope before defaults are applied, and untitled artifacts get their type', () => {
    const md = toMarkdown({
      response_type: 'text',
      summary: 'raw',
      timestamp: '2026-01-01T00:00:00',
      artifacts: [{ artifact_type: 'code_block', title: '', content: { code: 'x', language: '' } }],
    });
    expect(md).toContain('## code block\n\n```\nx\n```');
  });
});
