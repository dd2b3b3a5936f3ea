import { describe, expectTypeOf, it } from 'vitest';
import type { Issue } from '../../src/issue.js';
import {
  type Artifact,
  parseResponseEnvelope,
  ResponseBuilder,
  type ResponseBuildResult,
  type ResponseEnvelope,
  type ResponseMetadataStatus,
  type ResponseType,
  validateResponseEnvelope,
} from '../../src/response/index.js';

const b = new ResponseBuilder();

describe('ResponseBuilder types', () => {
  it('every method returns a ResponseBuilder; build returns the envelope', () => {
    expectTypeOf(b.type('report')).toEqualTypeOf<ResponseBuilder>();
    expectTypeOf(b.summary('x').build()).toEqualTypeOf<ResponseEnvelope>();
    expectTypeOf(b.safeBuild()).toEqualTypeOf<ResponseBuildResult>();
    expectTypeOf(ResponseBuilder.text('x')).toEqualTypeOf<ResponseBuilder>();
    expectTypeOf(ResponseBuilder.clarification('x', ['a'])).toEqualTypeOf<ResponseBuilder>();
    expectTypeOf(ResponseBuilder.error('x', 'timeout')).toEqualTypeOf<ResponseBuilder>();
  });

  it('response types and statuses are literal unions', () => {
    expectTypeOf<ResponseType>().toEqualTypeOf<
      | 'text'
      | 'table'
      | 'report'
      | 'forecast'
      | 'live_execution'
      | 'artifact_bundle'
      | 'clarification_request'
    >();
    expectTypeOf<ResponseMetadataStatus>().toEqualTypeOf<'ok' | 'blocked' | 'failed' | 'noop'>();
    // @ts-expect-error upper case is not a response type
    b.type('TEXT');
    // @ts-expect-error not a status
    b.status('done');
  });

  it('metadata: conventional keys are typed, others take JSON', () => {
    b.metadata('confidence', 0.87);
    b.metadata('status', 'failed');
    b.metadata('items_collected', 50);
    b.metadata('error', 'timeout');
    b.metadata('custom_key', { nested: [1, 'a', null] });
    // @ts-expect-error confidence is a number
    b.metadata('confidence', 'high');
    // @ts-expect-error status is an enum
    b.metadata('status', 'done');
    // @ts-expect-error a function is not JSON
    b.metadata('custom_key', () => 1);
  });

  it('addTable checks row width at compile time with `as const` columns', () => {
    b.addTable('T', ['a', 'b'] as const, [[1, 'x']]);
    // @ts-expect-error three cells for two columns
    b.addTable('T', ['a', 'b'] as const, [[1, 'x', true]]);
    // dynamic rows stay accepted with inferred columns
    const rows: number[][] = [[1, 2]];
    b.addTable('T', ['a', 'b'], rows);
    // cells are any JSON value (as the Python reference writes them), never a function
    b.addTable('T', ['a'], [[{ a: 1 }]]);
    // @ts-expect-error a function is not JSON
    b.addTable('T', ['a'], [[() => 1]]);
  });

  it('artifact arguments are typed', () => {
    b.addChart('C', 'line', { labels: ['a'], series: [{ name: 's', values: [1] }] });
    b.addChart('C', 'sankey', { labels: [], series: [] }); // any chart type string
    // @ts-expect-error series is required
    b.addChart('C', 'line', { labels: [] });
    b.addMission({ mission_id: 'm', status: 'proposed', objective_type: 'x', objective_description: 'y' });
    // @ts-expect-error mission status is an enum
    b.addMission({ mission_id: 'm', status: 'running', objective_type: 'x', objective_description: 'y' });
    b.addSignal({ signal_type: 's', signal_layer: 'intent', signal_source: 'x' });
    // @ts-expect-error signal layer is an enum
    b.addSignal({ signal_type: 's', signal_layer: 'page', signal_source: 'x' });
    b.uiHints({ layout: 'split', color_scheme: 'success', suggested_actions: ['Go'] });
    // @ts-expect-error expandable is a boolean
    b.uiHints({ expandable: 'yes' });
    b.addFileReference('F', '/x.csv', 'csv', { sizeBytes: 1 });
    b.addJson('J', { a: [1, null] });
  });

  it('artifacts narrow on artifact_type', () => {
    const a = {} as Artifact;
    if (a.artifact_type === 'table') expectTypeOf(a.content.columns).toEqualTypeOf<string[]>();
    if (a.artifact_type === 'file_reference') expectTypeOf(a.content.file_path).toEqualTypeOf<string>();
  });

  it('validators', () => {
    expectTypeOf(validateResponseEnvelope({})).toEqualTypeOf<{
      valid: boolean;
      errors: string[];
      issues: Issue[];
    }>();
    expectTypeOf(parseResponseEnvelope({}).artifacts).toEqualTypeOf<Artifact[]>();
  });
});
