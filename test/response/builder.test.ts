import { describe, expect, it } from 'vitest';
import {
  inferResponseStatus,
  isResponseValidationError,
  ResponseBuilder,
  type ResponseValidationError,
  validateResponseEnvelope,
} from '../../src/response/index.js';
import { builder, clock, FIXED_NOW } from './helpers.js';

const mission = {
  mission_id: 'abc-123',
  status: 'proposed',
  objective_type: 'extract',
  objective_description: 'Find 50 quotes',
} as const;

function buildError(fn: () => unknown): ResponseValidationError {
  try {
    fn();
  } catch (error) {
    if (isResponseValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ResponseValidationError');
}

describe('ResponseBuilder: immutability', () => {
  it('every method returns a new builder and leaves the original untouched', () => {
    const base = builder().summary('Base');
    const a = base
      .type('report')
      .metadata('confidence', 0.5)
      .addTable('T', ['a'], [[1]]);
    const b = base.addMission(mission).uiHints({ layout: 'split' }).liveStream('s-1');
    expect(a).not.toBe(base);
    const plain = base.build();
    expect(plain.response_type).toBe('text');
    expect(plain.artifacts).toEqual([]);
    expect(plain.missions_spawned).toEqual([]);
    expect(plain.metadata).toEqual({ status: 'ok' });
    expect(plain.ui_hints).toBeUndefined();
    expect(plain.live_stream_id).toBeUndefined();
    expect(a.build().artifacts).toHaveLength(1);
    expect(a.build().missions_spawned).toEqual([]);
    expect(b.build().artifacts).toEqual([]);
    expect(b.build().missions_spawned).toHaveLength(1);
  });

  it('build() can be called repeatedly and never mutates the caller’s data', () => {
    const rows = [[1, 'a']];
    const meta = { source: 'crm' };
    const b = builder().summary('x').addTable('T', ['n', 's'], rows, { metadata: meta });
    const first = b.build();
    rows.push([2, 'b']);
    expect(b.build()).toEqual(first);
    expect(first.artifacts[0]).toMatchObject({ content: { rows: [[1, 'a']] } });
    expect(meta).toEqual({ source: 'crm' });
    // an object cell is taken as it was when added
    const cell = { tags: ['a'] };
    const withObject = builder()
      .summary('x')
      .addTable('T', ['t'], [[cell]]);
    cell.tags.push('MUTATED');
    expect(withObject.build().artifacts[0]).toMatchObject({ content: { rows: [[{ tags: ['a'] }]] } });
  });
});

describe('ResponseBuilder: build()', () => {
  it('fills timestamp (clock, with Z) and version 2.0', () => {
    const envelope = builder().summary('Done').build();
    expect(envelope).toEqual({
      response_type: 'text',
      summary: 'Done',
      artifacts: [],
      missions_spawned: [],
      signals_emitted: [],
      metadata: { status: 'ok' },
      timestamp: FIXED_NOW,
      version: '2.0',
    });
    expect(new ResponseBuilder().summary('x').build().timestamp).toMatch(/Z$/);
  });

  it('throws ResponseValidationError (RESPONSE_INVALID) naming the field', () => {
    const error = buildError(() => builder().build());
    expect(error.code).toBe('RESPONSE_INVALID');
    expect(error.issues).toEqual(['summary: summary must not be blank']);
    expect(error.message).toContain('summary');

    const table = buildError(() =>
      builder()
        .summary('x')
        .addTable('T', ['a', 'b'], [[1]])
        .build(),
    );
    expect(table.issues).toEqual([
      'artifacts[0].content.rows[0]: row has 1 cells but there are 2 columns; give one cell per column (null for an empty cell)',
    ]);

    const confidence = buildError(() => builder().summary('x').confidence(1.5).build());
    expect(confidence.issues).toEqual(['metadata.confidence: must be from 0 to 1 (0.87 means 87 %)']);

    const impure = buildError(() =>
      builder()
        .summary('x')
        .addJson('J', { when: new Date(0) as never })
        .build(),
    );
    expect(impure.issues).toEqual([
      'artifacts[0].content.when: is a Date; use an ISO 8601 string such as 2026-02-07T14:50:41Z',
    ]);
  });

  it('safeBuild() never throws', () => {
    expect(builder().safeBuild()).toEqual({ ok: false, errors: ['summary: summary must not be blank'] });
    const ok = builder().summary('x').safeBuild();
    expect(ok.ok && ok.envelope.summary).toBe('x');
    const broken = new ResponseBuilder({ clock: () => new Date(Number.NaN) }).summary('x').safeBuild();
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.errors[0]).toMatch(/^timestamp: must be an ISO 8601 timestamp/);
  });

  it('untyped (JavaScript) callers passing junk get a typed error from build(), not a TypeError from add*', () => {
    const junk = null as never;
    const b = builder()
      .summary('x')
      .addTable('T', junk, junk)
      .addDocument('D', junk)
      .addCodeBlock('C', junk, 'js')
      .addTimeline('L', junk)
      .addMissionDraft('M', junk)
      .addSignalBatch('S', junk)
      .addMission(junk)
      .addSignal(junk)
      .addArtifact(junk);
    const error = buildError(() => b.build());
    expect(error.code).toBe('RESPONSE_INVALID');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        'artifacts[0].content.columns: must be an array of column names',
        'artifacts[1].content.sections: must be an array of sections',
        'artifacts[2].content.code: must be a string',
        'missions_spawned[0]: must be an object',
        'signals_emitted[0]: must be an object',
      ]),
    );
  });
});

describe('metadata.status inference', () => {
  it('clarification_request ⇒ blocked', () => {
    expect(builder().type('clarification_request').summary('Which?').build().metadata.status).toBe('blocked');
  });

  it('an error ⇒ failed (string, true, object); false, null or "" is no error', () => {
    for (const error of ['timeout', true, { message: 'x' }] as const) {
      expect(builder().summary('x').metadata('error', error).build().metadata.status).toBe('failed');
    }
    for (const error of [false, ''] as const) {
      expect(builder().summary('x').metadata('error', error).build().metadata.status).toBe('ok');
    }
  });

  it('otherwise ok, for every other response type', () => {
    for (const t of ['text', 'table', 'report', 'forecast', 'live_execution', 'artifact_bundle'] as const) {
      expect(builder().type(t).summary('x').build().metadata.status).toBe('ok');
    }
  });

  it('an explicit status always wins (including noop, never inferred)', () => {
    expect(builder().summary('x').status('noop').build().metadata.status).toBe('noop');
    expect(builder().type('clarification_request').summary('x').status('ok').build().metadata.status).toBe(
      'ok',
    );
    expect(
      builder().summary('x').metadata('error', 'timeout').status('blocked').build().metadata.status,
    ).toBe('blocked');
  });

  it('clarification takes precedence over an error, as listed in the contract', () => {
    expect(
      builder().type('clarification_request').summary('x').metadata('error', 'e').build().metadata.status,
    ).toBe('blocked');
  });

  it('inferResponseStatus applies the same rules to received envelopes', () => {
    expect(inferResponseStatus({ response_type: 'text' })).toBe('ok');
    expect(inferResponseStatus({ response_type: 'text', metadata: null })).toBe('ok');
    expect(inferResponseStatus({ response_type: 'clarification_request', metadata: {} })).toBe('blocked');
    expect(inferResponseStatus({ response_type: 'report', metadata: { error: { code: 1 } } })).toBe('failed');
    expect(inferResponseStatus({ response_type: 'report', metadata: { status: 'noop', error: 'x' } })).toBe(
      'noop',
    );
  });
});

describe('artifact methods', () => {
  it('write the wire shape with counts, metadata and a timestamp each', () => {
    const e = builder()
      .summary('All artifacts')
      .addTable('T', ['a', 'b'], [[1, null]], {
        metadata: { source: 'crm' },
        timestamp: '2026-01-01T00:00:00Z',
      })
      .addChart('C', 'bar', { labels: ['Q1'], series: [{ name: 'S', values: [1] }], unit: '€' })
      .addDocument('D', [{ heading: 'H', content: 'Body' }], { format: 'text' })
      .addCodeBlock('K', 'a\nb', 'python')
      .addTimeline('L', [
        { timestamp: '2026-01-01T00:00:00Z', event: 'start' },
        { timestamp: '2026-01-01T01:00:00Z', event: 'end', status: 'ok' },
      ])
      .addFileReference('F', '/out/x.csv', 'csv', { sizeBytes: 10 })
      .addFileReference('G', '/out/y.csv', 'csv')
      .addJson('J', { a: [1] })
      .addMissionDraft('M', mission)
      .addMissionDraft('N', { ...mission, status: 'active' })
      .addSignalBatch('S', [{ signal_type: 't', signal_layer: 'mission', signal_source: 'x' }])
      .build();
    const [table, chart, doc, code, timeline, file, file2, json, draft, active, batch] = e.artifacts;
    expect(table).toEqual({
      artifact_type: 'table',
      title: 'T',
      content: { columns: ['a', 'b'], rows: [[1, null]], row_count: 1, column_count: 2 },
      metadata: { source: 'crm' },
      timestamp: '2026-01-01T00:00:00Z',
    });
    expect(chart).toMatchObject({ content: { chart_type: 'bar', data: { unit: '€' } }, metadata: {} });
    expect(doc).toMatchObject({ content: { format: 'text', section_count: 1 } });
    expect(code).toMatchObject({ content: { code: 'a\nb', language: 'python', line_count: 2 } });
    expect(timeline).toMatchObject({
      content: { event_count: 2, start_time: '2026-01-01T00:00:00Z', end_time: '2026-01-01T01:00:00Z' },
    });
    expect(file).toMatchObject({ content: { file_path: '/out/x.csv', file_type: 'csv', size_bytes: 10 } });
    expect(file2).toMatchObject({ content: { size_bytes: null } });
    expect(json).toMatchObject({ artifact_type: 'json_data', content: { a: [1] } });
    expect(draft).toMatchObject({ content: mission, metadata: { awaiting_approval: true } });
    expect(active).toMatchObject({ metadata: {} });
    expect(batch).toMatchObject({ content: { signal_count: 1, signals: [{ timestamp: FIXED_NOW }] } });
    for (const artifact of e.artifacts.slice(1)) expect(artifact.timestamp).toBe(FIXED_NOW);
  });

  it('addChart writes and checks the recommended { labels, series } form', () => {
    const chart = buildError(() =>
      builder()
        .summary('x')
        .addChart('C', 'line', { labels: ['a', 'b'], series: [{ name: 's', values: [1] }] })
        .build(),
    );
    expect(chart.issues).toEqual([
      'artifacts[0].content.data.series[0].values: has 1 values but there are 2 labels; give one value per label (null for a gap)',
    ]);
    const empty = builder().summary('x').addChart('C', 'line', { labels: [], series: [] }).safeBuild();
    expect(empty).toEqual({
      ok: false,
      errors: ['artifacts[0].content.data.series: a chart needs at least one series'],
    });
    const missing = builder()
      .summary('x')
      .addChart('C', 'line', { labels: ['a'] } as never)
      .safeBuild();
    expect(missing).toEqual({ ok: false, errors: ['artifacts[0].content.data.series: is required'] });
    // Its index is tracked through later artifacts and branches.
    const later = builder()
      .summary('x')
      .addJson('J', 1)
      .addChart('C', 'bar', { labels: ['a'], series: [{ name: 's', values: [] }] })
      .addTable('T', ['a'], [[1]])
      .safeBuild();
    expect(later.ok ? [] : later.errors).toEqual([
      'artifacts[1].content.data.series[0].values: has 0 values but there are 1 labels; give one value per label (null for a gap)',
    ]);
  });

  it('free-form chart data (as Python sends it) goes through addArtifact', () => {
    const data = { labels: ['Mon'], datasets: [{ label: 'Visits', data: [120] }] };
    const e = builder()
      .summary('x')
      .addArtifact({ artifact_type: 'chart', title: 'C', content: { chart_type: 'bar', data } })
      .build();
    expect(e.artifacts[0]).toMatchObject({ content: { data } });
  });

  it('addUnifiedProposal writes the proposal and Python’s default metadata', () => {
    const e = builder()
      .summary('x')
      .addUnifiedProposal('Mission Proposal', {
        mission_id: 'm-1',
        mission_title: 'T',
        costs: { total_usd: 1.5 },
      })
      .addUnifiedProposal('Other', { mission_id: 'm-2' }, { metadata: { source: 'planner' } })
      .build();
    expect(e.artifacts).toEqual([
      {
        artifact_type: 'unified_proposal',
        title: 'Mission Proposal',
        content: { mission_id: 'm-1', mission_title: 'T', costs: { total_usd: 1.5 } },
        metadata: { awaiting_approval: true, mission_id: 'm-1', requires_approval: true },
        timestamp: FIXED_NOW,
      },
      {
        artifact_type: 'unified_proposal',
        title: 'Other',
        content: { mission_id: 'm-2' },
        metadata: { source: 'planner' },
        timestamp: FIXED_NOW,
      },
    ]);
    const bad = builder()
      .summary('x')
      .addUnifiedProposal('P', { costs: { total_usd: '1' } } as never)
      .safeBuild();
    expect(bad).toEqual({ ok: false, errors: ['artifacts[0].content.costs.total_usd: must be a number'] });
  });

  it('an empty timeline has no start or end time', () => {
    const e = builder().summary('x').addTimeline('L', []).build();
    expect(e.artifacts[0]!.content).toEqual({ events: [], event_count: 0 });
  });

  it('addArtifact takes a prebuilt artifact and stamps it when needed', () => {
    const e = builder()
      .summary('x')
      .addArtifact({ artifact_type: 'json_data', title: 'J', content: 1 })
      .addArtifact({ artifact_type: 'json_data', title: 'K', content: 2, timestamp: '2026-01-01' })
      .build();
    expect(e.artifacts.map((a) => a.timestamp)).toEqual([FIXED_NOW, '2026-01-01']);
  });

  it('uiHints merges; liveStream sets live_stream_id', () => {
    const e = builder()
      .summary('x')
      .uiHints({ layout: 'split', priority: 'normal' })
      .uiHints({ priority: 'urgent' })
      .liveStream('stream-1')
      .build();
    expect(e.ui_hints).toEqual({ layout: 'split', priority: 'urgent' });
    expect(e.live_stream_id).toBe('stream-1');
  });
});

describe('static helpers', () => {
  it('text(summary)', () => {
    expect(ResponseBuilder.text('Hello', { clock }).build()).toMatchObject({
      response_type: 'text',
      summary: 'Hello',
      metadata: { status: 'ok' },
      timestamp: FIXED_NOW,
    });
  });

  it('clarification(question, options) ⇒ blocked, options as suggested actions', () => {
    const e = ResponseBuilder.clarification('Which region?', ['EMEA', 'APAC'], { topic: 'launch' }).build();
    expect(e).toMatchObject({
      response_type: 'clarification_request',
      summary: 'Which region?',
      metadata: {
        status: 'blocked',
        clarification: { question: 'Which region?', options: ['EMEA', 'APAC'], context: { topic: 'launch' } },
      },
      ui_hints: {
        priority: 'urgent',
        color_scheme: 'info',
        icon: 'question',
        suggested_actions: ['EMEA', 'APAC'],
      },
    });
    expect(ResponseBuilder.clarification('Why?').build().ui_hints?.suggested_actions).toEqual([
      'Respond',
      'Cancel',
    ]);
  });

  it('error(summary, error) ⇒ failed; an Error contributes message and code, never its stack', () => {
    expect(ResponseBuilder.error('Navigation failed', 'timeout').build()).toMatchObject({
      metadata: { status: 'failed', error: 'timeout', error_message: 'timeout' },
      ui_hints: { color_scheme: 'error', priority: 'urgent' },
    });
    const err = Object.assign(new Error('No space left'), { code: 'ENOSPC' });
    const e = ResponseBuilder.error('Export failed', err).build();
    expect(e.metadata.error).toEqual({ code: 'ENOSPC', message: 'No space left' });
    expect(JSON.stringify(e)).not.toContain('at ');
    expect(
      ResponseBuilder.error('x', { code: 504, message: 'slow', details: { upstream: 'crm' } }).build()
        .metadata.error,
    ).toEqual({ code: 504, message: 'slow', details: { upstream: 'crm' } });
  });

  it('helpers return builders, so more can be chained before build()', () => {
    const e = ResponseBuilder.error('Partial export', 'disk full')
      .addFileReference('Part', '/out/p.csv', 'csv')
      .build();
    expect(e.artifacts).toHaveLength(1);
    expect(validateResponseEnvelope(e).valid).toBe(true);
  });
});
