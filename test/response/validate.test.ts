import { describe, expect, it } from 'vitest';
import { isAicmoError } from '../../src/errors.js';
import {
  ARTIFACT_TYPES,
  isResponseEnvelope,
  isResponseValidationError,
  isSeriesChartData,
  parseResponseEnvelope,
  RESPONSE_TYPES,
  ResponseValidationError,
  validateResponseEnvelope,
} from '../../src/response/index.js';
import { ARTIFACT_EXAMPLES, minimal, PYTHON_UNIFIED_PROPOSAL_ENVELOPE, withArtifact } from './helpers.js';

const errorsOf = (data: unknown) => validateResponseEnvelope(data).errors;

describe('validateResponseEnvelope: the envelope', () => {
  it('accepts the minimal envelope and fills defaults when parsing', () => {
    expect(validateResponseEnvelope(minimal())).toEqual({ valid: true, errors: [], issues: [] });
    const parsed = parseResponseEnvelope(minimal());
    expect(parsed.artifacts).toEqual([]);
    expect(parsed.missions_spawned).toEqual([]);
    expect(parsed.signals_emitted).toEqual([]);
    expect(parsed.metadata).toEqual({});
  });

  it('accepts every response type in lower case and rejects other spellings', () => {
    for (const t of RESPONSE_TYPES) expect(errorsOf(minimal({ response_type: t }))).toEqual([]);
    expect(errorsOf(minimal({ response_type: 'TEXT' }))[0]).toMatch(
      /^response_type: must be one of text, table/,
    );
    expect(errorsOf(minimal({ response_type: 'chat' }))[0]).toMatch(/^response_type: must be one of/);
  });

  it('requires response_type, summary and timestamp, naming each', () => {
    expect(errorsOf({})).toEqual([
      'response_type: is required',
      'summary: is required',
      'timestamp: is required',
    ]);
  });

  it('rejects a blank summary with Python strip semantics', () => {
    expect(errorsOf(minimal({ summary: '  \n' }))).toEqual(['summary: summary must not be blank']);
    expect(errorsOf(minimal({ summary: '\u001c' }))).toEqual(['summary: summary must not be blank']);
    expect(errorsOf(minimal({ summary: '\ufeff' }))).toEqual([]); // Python keeps U+FEFF
  });

  it('rejects non-objects at the root', () => {
    for (const value of [null, undefined, 1, 'x', [], true]) {
      expect(errorsOf(value)).toEqual(['(root): the envelope must be a JSON object']);
    }
  });

  it('accepts naive Python timestamps, Z and offsets, and rejects other strings', () => {
    for (const ts of [
      '2026-02-07T20:07:02.031542',
      '2026-02-07T20:07:02Z',
      '2026-02-07T20:07:02.031542+00:00',
    ]) {
      expect(errorsOf(minimal({ timestamp: ts }))).toEqual([]);
    }
    expect(errorsOf(minimal({ timestamp: 'yesterday' }))[0]).toMatch(
      /^timestamp: must be an ISO 8601 timestamp/,
    );
  });

  it('accepts version 2.x, rejects other versions', () => {
    expect(errorsOf(minimal({ version: '2.0' }))).toEqual([]);
    expect(errorsOf(minimal({ version: '2.1' }))).toEqual([]);
    expect(errorsOf(minimal({ version: '1.0' }))).toEqual(['version: must be a 2.x version such as "2.0"']);
  });

  it('keeps unknown extra keys (forward compatibility)', () => {
    const parsed = parseResponseEnvelope(minimal({ reality_assessment: { ok: true }, future_field: [1] }));
    expect(parsed).toMatchObject({ reality_assessment: { ok: true }, future_field: [1] });
  });

  it('accepts what a Python backend actually sends: nulls for unset fields, ui_hints with nulls', () => {
    const python = {
      response_type: 'artifact_bundle',
      summary: 'Mission proposal ready',
      artifacts: [ARTIFACT_EXAMPLES.mission_draft],
      missions_spawned: [ARTIFACT_EXAMPLES.mission_draft.content],
      signals_emitted: [
        {
          signal_type: 'navigation_intent',
          signal_layer: 'intent',
          signal_source: 'web_navigator',
          timestamp: '2026-02-07T14:50:41.828368',
          summary: null,
        },
      ],
      reality_assessment: null,
      live_stream_id: null,
      ui_hints: {
        layout: 'modal',
        priority: 'normal',
        suggested_actions: ['Review', 'Approve', 'Modify', 'Reject'],
        color_scheme: 'info',
        icon: 'clipboard',
        expandable: true,
      },
      timestamp: '2026-02-07T20:07:02.031542',
      metadata: {},
    };
    expect(errorsOf(python)).toEqual([]);
    const pythonError = minimal({
      summary: '❌ Error: boom',
      metadata: { error: true, error_message: 'boom', error_details: {} },
      ui_hints: {
        layout: null,
        priority: 'urgent',
        suggested_actions: [],
        color_scheme: 'error',
        icon: 'alert',
      },
    });
    expect(errorsOf(pythonError)).toEqual([]);
    const pythonClarification = minimal({
      response_type: 'clarification_request',
      metadata: { clarification: { question: 'Which?', options: [], context: {} } },
    });
    expect(errorsOf(pythonClarification)).toEqual([]);
  });
});

describe('validateResponseEnvelope: artifacts', () => {
  it('accepts one valid example of each of the ten artifact types', () => {
    expect(Object.keys(ARTIFACT_EXAMPLES).sort()).toEqual([...ARTIFACT_TYPES].sort());
    for (const example of Object.values(ARTIFACT_EXAMPLES))
      expect(errorsOf(withArtifact(example))).toEqual([]);
  });

  it('rejects an unknown or missing artifact_type', () => {
    expect(errorsOf(withArtifact({ artifact_type: 'html', title: 'x', content: '<b>' }))).toEqual([
      'artifacts[0].artifact_type: must be one of table, chart, document, code_block, timeline, file_reference, json_data, mission_draft, signal_batch, unified_proposal (lower case)',
    ]);
    expect(errorsOf(withArtifact({ title: 'x' }))).toEqual(['artifacts[0].artifact_type: is required']);
  });

  it('table: every row has one cell per column, and counts must match when present', () => {
    const table = (content: Record<string, unknown>) =>
      withArtifact({ artifact_type: 'table', title: 'T', content });
    expect(errorsOf(table({ columns: ['a', 'b'], rows: [[1, 2], [1], [1, 2, 3]] }))).toEqual([
      'artifacts[0].content.rows[1]: row has 1 cells but there are 2 columns; give one cell per column (null for an empty cell)',
      'artifacts[0].content.rows[2]: row has 3 cells but there are 2 columns; give one cell per column (null for an empty cell)',
    ]);
    expect(errorsOf(table({ columns: ['a'], rows: [[1]], row_count: 2, column_count: 1 }))).toEqual([
      'artifacts[0].content.row_count: says 2 but there are 1 rows; omit it or make it match',
    ]);
    // any JSON value in a cell, as the Python reference (rows: List[List[Any]]) writes them
    expect(errorsOf(table({ columns: ['a', 'b'], rows: [[{ nested: true }, ['x', 1]]] }))).toEqual([]);
    expect(errorsOf(table({ columns: ['a'], rows: [[() => 1]] }))).toEqual([
      'artifacts[0].content.rows[0][0]: is a function; responses are pure data (no functions or execution logic)',
    ]);
    expect(errorsOf(table({ columns: ['a'] }))).toEqual(['artifacts[0].content.rows: is required']);
  });

  it('chart: a chart_type and data that is any JSON object, as the Python reference accepts', () => {
    const chart = (data: unknown) =>
      withArtifact({ artifact_type: 'chart', title: 'C', content: { chart_type: 'line', data } });
    // The recommended form, and free-form data (Chart.js style, x/y arrays, scalars, empty).
    for (const data of [
      { labels: ['a', 'b'], series: [{ name: 's', values: [1, null] }] },
      { labels: ['Mon', 'Tue'], datasets: [{ label: 'Visits', data: [120, 140] }] },
      { x: [1, 2, 3], y: [2, 4, 8], x_label: 'day' },
      { positive: 12, negative: 3 },
      {},
      // Not the recommended form (a value missing, no series) but still an object: accepted.
      { labels: ['a', 'b'], series: [{ name: 's', values: [1] }] },
      { labels: [], series: [] },
    ]) {
      expect(errorsOf(chart(data)), JSON.stringify(data)).toEqual([]);
    }
    expect(errorsOf(chart([1, 2]))).toEqual(['artifacts[0].content.data: must be an object']);
    expect(errorsOf(chart('1,2'))).toEqual(['artifacts[0].content.data: must be an object']);
    expect(errorsOf(chart(null))).toEqual(['artifacts[0].content.data: must be an object']);
    expect(
      errorsOf(withArtifact({ artifact_type: 'chart', title: 'C', content: { chart_type: 'line' } })),
    ).toEqual(['artifacts[0].content.data: is required']);
    expect(
      errorsOf(
        withArtifact({ artifact_type: 'chart', title: 'C', content: { data: { labels: [], series: [] } } }),
      ),
    ).toContain('artifacts[0].content.chart_type: is required');
    // Another chart type is accepted: a UI draws it as a table.
    expect(
      errorsOf(
        withArtifact({ artifact_type: 'chart', title: 'C', content: { chart_type: 'sankey', data: {} } }),
      ),
    ).toEqual([]);
  });

  it('isSeriesChartData tells the recommended form from free-form chart data', () => {
    expect(isSeriesChartData({ labels: ['a'], series: [{ name: 's', values: [1] }] })).toBe(true);
    expect(isSeriesChartData({ labels: ['a', 'b'], series: [{ name: 's', values: [1] }] })).toBe(false);
    expect(isSeriesChartData({ labels: [], series: [] })).toBe(false);
    expect(isSeriesChartData({ x: [1], y: [2] })).toBe(false);
    expect(isSeriesChartData(null)).toBe(false);
  });

  it('unified_proposal: a Python UnifiedProposal.to_dict() validates; every field is optional', () => {
    const proposal = (content: unknown, metadata: unknown = {}) =>
      withArtifact({ artifact_type: 'unified_proposal', title: 'Mission Proposal', content, metadata });
    expect(
      errorsOf(minimal({ response_type: 'artifact_bundle', ...PYTHON_UNIFIED_PROPOSAL_ENVELOPE })),
    ).toEqual([]);
    // unified_proposal_response({}) writes mission_id None.
    expect(
      errorsOf(proposal({}, { awaiting_approval: true, mission_id: null, requires_approval: true })),
    ).toEqual([]);
    expect(
      errorsOf(proposal({ mission_title: 'X', extra: { any: ['json'] }, costs: { total_usd: 1 } })),
    ).toEqual([]);
    expect(errorsOf(proposal({ costs: { total_usd: 'cheap' } }))).toEqual([
      'artifacts[0].content.costs.total_usd: must be a number',
    ]);
    expect(errorsOf(proposal({ next_steps: { approval_options: 'Approve' } }))).toEqual([
      'artifacts[0].content.next_steps.approval_options: must be an array of strings',
    ]);
    expect(errorsOf(proposal('a proposal'))).toEqual(['artifacts[0].content: must be an object']);
  });

  it('document: sections with heading and content', () => {
    const doc = (sections: unknown) =>
      withArtifact({ artifact_type: 'document', title: 'D', content: { sections } });
    expect(errorsOf(doc([{ heading: 'H' }]))).toEqual([
      'artifacts[0].content.sections[0].content: is required',
    ]);
    expect(errorsOf(doc('text'))).toEqual(['artifacts[0].content.sections: must be an array of sections']);
  });

  it('code_block, timeline, file_reference, mission_draft, signal_batch: required fields', () => {
    const art = (artifact_type: string, content: unknown) =>
      withArtifact({ artifact_type, title: 'x', content });
    expect(errorsOf(art('code_block', { code: 'x' }))).toEqual([
      'artifacts[0].content.language: is required',
    ]);
    expect(errorsOf(art('code_block', { code: 'a\nb', language: '', line_count: 1 }))).toEqual([
      'artifacts[0].content.line_count: says 1 but there are 2 lines in code; omit it or make it match',
    ]);
    expect(errorsOf(art('timeline', { events: [{ event: 'x' }] }))).toEqual([
      'artifacts[0].content.events[0].timestamp: is required',
    ]);
    expect(errorsOf(art('timeline', { events: [{ event: 'x', timestamp: 'soon' }] }))[0]).toMatch(
      /events\[0\]\.timestamp: must be an ISO 8601/,
    );
    expect(errorsOf(art('file_reference', { file_path: ' ', file_type: 'csv', size_bytes: -1 }))).toEqual([
      'artifacts[0].content.file_path: file_path must not be blank',
      'artifacts[0].content.size_bytes: must not be negative',
    ]);
    expect(errorsOf(art('mission_draft', { mission_id: 'm', status: 'running' }))).toEqual([
      'artifacts[0].content.status: must be one of proposed, active, completed, failed (lower case)',
      'artifacts[0].content.objective_type: is required',
      'artifacts[0].content.objective_description: is required',
    ]);
    expect(errorsOf(art('signal_batch', { signals: [{ signal_type: 'x' }] }))).toEqual([
      'artifacts[0].content.signals[0].signal_layer: is required',
      'artifacts[0].content.signals[0].signal_source: is required',
      'artifacts[0].content.signals[0].timestamp: is required',
    ]);
  });

  it('artifact title is required, metadata must be an object, timestamp must be ISO', () => {
    const { title: _, ...untitled } = ARTIFACT_EXAMPLES.table;
    expect(errorsOf(withArtifact(untitled))).toEqual(['artifacts[0].title: is required']);
    expect(errorsOf(withArtifact({ ...ARTIFACT_EXAMPLES.table, metadata: [] }))).toEqual([
      'artifacts[0].metadata: must be an object',
    ]);
    expect(errorsOf(withArtifact({ ...ARTIFACT_EXAMPLES.table, timestamp: 'now' }))[0]).toMatch(
      /^artifacts\[0\]\.timestamp: must be an ISO 8601/,
    );
  });
});

describe('validateResponseEnvelope: references, hints and metadata', () => {
  it('missions and signals: enums in lower case, ids not blank', () => {
    expect(
      errorsOf(
        minimal({
          missions_spawned: [
            { mission_id: '', status: 'Proposed', objective_type: 'x', objective_description: 'y' },
          ],
        }),
      ),
    ).toEqual([
      'missions_spawned[0].mission_id: mission_id must not be blank',
      'missions_spawned[0].status: must be one of proposed, active, completed, failed (lower case)',
    ]);
    expect(
      errorsOf(
        minimal({
          signals_emitted: [
            { signal_type: 'x', signal_layer: 'page', signal_source: 's', timestamp: '2026-01-01' },
          ],
        }),
      ),
    ).toEqual([
      'signals_emitted[0].signal_layer: must be one of selector, intent, mission, aggregate (lower case)',
    ]);
  });

  it('metadata conventions: confidence 0..1, status ok|blocked|failed|noop, counts', () => {
    expect(errorsOf(minimal({ metadata: { confidence: 0 } }))).toEqual([]);
    expect(errorsOf(minimal({ metadata: { confidence: 1 } }))).toEqual([]);
    expect(errorsOf(minimal({ metadata: { confidence: 87 } }))).toEqual([
      'metadata.confidence: must be from 0 to 1 (0.87 means 87 %)',
    ]);
    expect(errorsOf(minimal({ metadata: { confidence: -0.1 } }))).toEqual([
      'metadata.confidence: must be from 0 to 1',
    ]);
    for (const status of ['ok', 'blocked', 'failed', 'noop']) {
      expect(errorsOf(minimal({ metadata: { status } }))).toEqual([]);
    }
    expect(errorsOf(minimal({ metadata: { status: 'OK' } }))).toEqual([
      'metadata.status: must be one of ok, blocked, failed, noop (lower case)',
    ]);
    expect(errorsOf(minimal({ metadata: { items_collected: 1.5, mission_duration_ms: -1 } }))).toEqual([
      'metadata.mission_duration_ms: must not be negative',
      'metadata.items_collected: must be an integer',
    ]);
    expect(errorsOf(minimal({ metadata: { error: 42 } }))).toEqual([
      'metadata.error: must be a string, a boolean or an object with message',
    ]);
  });

  it('ui_hints: known values complete, other strings accepted, wrong types rejected', () => {
    expect(errorsOf(minimal({ ui_hints: { layout: 'fullscreen', priority: 'low' } }))).toEqual([]);
    expect(errorsOf(minimal({ ui_hints: { expandable: 'yes', suggested_actions: 'Retry' } }))).toEqual([
      'ui_hints.suggested_actions: must be an array of strings',
      'ui_hints.expandable: must be a boolean',
    ]);
  });
});

describe('pure data only', () => {
  it('rejects functions, class instances, undefined in arrays, NaN and Infinity, with paths', () => {
    class Thing {
      x = 1;
    }
    const data = minimal({
      metadata: {
        fn: () => 1,
        date: new Date(0),
        map: new Map(),
        thing: new Thing(),
        list: [1, undefined, 3],
        nan: Number.NaN,
        inf: Number.POSITIVE_INFINITY,
        big: 1n,
        sym: Symbol('x'),
      },
    });
    expect(errorsOf(data)).toEqual([
      'metadata.fn: is a function; responses are pure data (no functions or execution logic)',
      'metadata.date: is a Date; use an ISO 8601 string such as 2026-02-07T14:50:41Z',
      'metadata.map: is a Map; use a plain object or array',
      'metadata.thing: is an instance of Thing; responses are pure data: use plain objects, arrays, strings, numbers, booleans and null',
      'metadata.list[1]: is undefined; arrays must not contain undefined (use null)',
      'metadata.nan: is NaN; JSON has no such number (use null, or a string such as "NaN")',
      'metadata.inf: is Infinity; JSON has no such number (use null, or a string such as "Infinity")',
      'metadata.big: is a BigInt; use a number or a string',
      'metadata.sym: is a symbol; use a string',
    ]);
  });

  it('reports NaN inside a table cell once, at its path', () => {
    const data = withArtifact({
      artifact_type: 'table',
      title: 'T',
      content: { columns: ['a'], rows: [[Number.NaN]] },
    });
    expect(errorsOf(data)).toEqual([
      'artifacts[0].content.rows[0][0]: is NaN; JSON has no such number (use null, or a string such as "NaN")',
    ]);
  });

  it('accepts Object.create(null) objects and undefined-valued keys (JSON omits them)', () => {
    const meta = Object.create(null) as Record<string, unknown>;
    meta.a = 1;
    expect(errorsOf(minimal({ metadata: meta, live_stream_id: undefined }))).toEqual([]);
  });

  it('rejects sparse arrays and array subclasses', () => {
    // biome-ignore lint/suspicious/noSparseArray: the point of the test
    const sparse = [1, , 3];
    class MyArray extends Array {}
    expect(errorsOf(minimal({ metadata: { sparse, sub: MyArray.from([1]) } }))).toEqual([
      'metadata.sparse[1]: is an empty slot in a sparse array; arrays must not contain undefined (use null)',
      'metadata.sub: is an instance of MyArray; responses are pure data: use plain objects, arrays, strings, numbers, booleans and null',
    ]);
  });

  it('never throws on cycles, throwing getters, proxies and revoked proxies', () => {
    const cyclic: Record<string, unknown> = minimal();
    cyclic.metadata = { self: cyclic };
    expect(errorsOf(cyclic)).toEqual([
      'metadata.self: is a circular reference (it contains itself); responses must be trees of plain data',
    ]);

    const getter = minimal();
    Object.defineProperty(getter, 'summary', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(errorsOf(getter)).toEqual(['summary: is a getter; use a plain data property']);

    const trap = new Proxy(minimal(), {
      ownKeys() {
        throw new Error('trap');
      },
    });
    expect(errorsOf(trap)).toEqual(['(root): could not be read (it is not plain JSON data)']);

    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => validateResponseEnvelope(minimal({ metadata: { p: proxy } }))).not.toThrow();
    expect(validateResponseEnvelope(minimal({ metadata: { p: proxy } })).valid).toBe(false);
  });

  it('__proto__ keys from JSON.parse never pollute or swap prototypes (they are dropped from typed objects)', () => {
    const wire = JSON.parse(
      '{"response_type":"text","summary":"x","timestamp":"2026-01-01T00:00:00Z","__proto__":{"polluted":1},' +
        '"metadata":{"__proto__":{"status":"failed"}}}',
    );
    const parsed = parseResponseEnvelope(wire);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
    expect(parsed.metadata.status).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('junk options never make the validator throw', () => {
    const options = {
      get limits() {
        return {
          get maxTableRows(): number {
            throw new Error('boom');
          },
        };
      },
    };
    expect(validateResponseEnvelope(minimal(), options)).toEqual({ valid: true, errors: [], issues: [] });
    expect(validateResponseEnvelope(minimal(), { limits: 'x' as never })).toEqual({
      valid: true,
      errors: [],
      issues: [],
    });
    const throwing = {
      get limits(): never {
        throw new Error('boom');
      },
    };
    expect(validateResponseEnvelope(minimal(), throwing)).toEqual({ valid: true, errors: [], issues: [] });
  });

  it('shared (non-cyclic) references are fine', () => {
    const shared = { a: 1 };
    expect(errorsOf(minimal({ metadata: { x: shared, y: shared } }))).toEqual([]);
  });

  it('caps the error list at 100 lines plus a count', () => {
    const errors = errorsOf(minimal({ metadata: { list: Array.from({ length: 500 }, () => Number.NaN) } }));
    expect(errors.length).toBeLessThanOrEqual(101);
  });
});

describe('parseResponseEnvelope and isResponseEnvelope', () => {
  it('parse throws ResponseValidationError (RESPONSE_INVALID) listing every problem', () => {
    let caught: unknown;
    try {
      parseResponseEnvelope({ response_type: 'TEXT' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ResponseValidationError);
    expect(isResponseValidationError(caught)).toBe(true);
    expect(isAicmoError(caught)).toBe(true);
    const error = caught as ResponseValidationError;
    expect(error.code).toBe('RESPONSE_INVALID');
    expect(error.name).toBe('ResponseValidationError');
    expect(error.issues).toEqual([
      'response_type: must be one of text, table, report, forecast, live_execution, artifact_bundle, clarification_request (lower case)',
      'summary: is required',
      'timestamp: is required',
    ]);
    expect(error.message).toMatch(/^Invalid response envelope: response_type: .*Fix the named fields\.$/);
  });

  it('isResponseEnvelope is a guard, and isResponseValidationError rejects look-alikes', () => {
    expect(isResponseEnvelope(minimal())).toBe(true);
    expect(isResponseEnvelope({})).toBe(false);
    expect(isResponseValidationError(new Error('x'))).toBe(false);
    expect(isResponseValidationError({ name: 'ResponseValidationError' })).toBe(false);
  });
});
