import { describe, expect, it } from 'vitest';
import { createFailedEnvelope, createSuccessEnvelope } from '../../src/envelope/index.js';
import {
  formatSseEvent,
  isKnownEventType,
  parseLastEventId,
  RUN_EVENT_TYPES,
  type RunEvent,
  RunEventSchema,
  runCancelPath,
  runEventsPath,
} from '../../src/stream/index.js';

const deliverable = { id: 'r1:brief', kind: 'campaign_brief', title: 'Brief', content_markdown: '# Brief\n' };
const success = createSuccessEnvelope({
  module: 'campaigns',
  runId: 'r1',
  deliverables: [deliverable],
  provider: 'stub',
});
const failed = createFailedEnvelope({
  module: 'campaigns',
  runId: 'r1',
  errorType: 'CANCELLED',
  message: 'stopped',
  code: 499,
});

const samples: RunEvent[] = [
  {
    type: 'run.started',
    seq: 1,
    run_id: 'r1',
    module: 'campaigns',
    trace_id: 't',
    deliverables: [{ id: 'r1:brief', kind: 'campaign_brief', title: 'Brief' }],
  },
  { type: 'deliverable.started', seq: 2, id: 'r1:brief', kind: 'campaign_brief', title: 'Brief' },
  { type: 'deliverable.delta', seq: 3, id: 'r1:brief', text: '# Bri' },
  { type: 'deliverable.completed', seq: 4, deliverable },
  {
    type: 'deliverable.failed',
    seq: 5,
    id: 'r1:email',
    error: { type: 'TIMEOUT', message: 'slow', code: 504 },
  },
  { type: 'run.completed', seq: 6, envelope: success },
  { type: 'run.failed', seq: 7, envelope: failed },
];

describe('protocol v1 event schemas', () => {
  it('accepts one valid event of every type', () => {
    expect(samples.map((e) => e.type)).toEqual([...RUN_EVENT_TYPES]);
    for (const event of samples) expect(RunEventSchema.safeParse(event).success, event.type).toBe(true);
  });

  it('refuses a missing or non-positive seq, a run.failed without a FAILED envelope, and an invalid deliverable', () => {
    const { seq: _seq, ...noSeq } = samples[2] as RunEvent;
    expect(RunEventSchema.safeParse(noSeq).success).toBe(false);
    expect(RunEventSchema.safeParse({ ...samples[2], seq: 0 }).success).toBe(false);
    expect(RunEventSchema.safeParse({ type: 'run.failed', seq: 9, envelope: success }).success).toBe(false);
    expect(
      RunEventSchema.safeParse({
        type: 'deliverable.completed',
        seq: 4,
        deliverable: { ...deliverable, content_markdown: '  ' },
      }).success,
    ).toBe(false);
  });

  it('drops unknown keys of an event instead of refusing it (a newer server may add fields)', () => {
    const parsed = RunEventSchema.parse({ ...samples[2], extra: 1 });
    expect(parsed).toEqual(samples[2]);
  });

  it('knows its own types only', () => {
    expect(isKnownEventType('deliverable.delta')).toBe(true);
    expect(isKnownEventType('deliverable.usage')).toBe(false);
  });
});

describe('SSE framing', () => {
  it('writes id, event and one data line holding the same type and seq', () => {
    const event: RunEvent = { type: 'deliverable.delta', seq: 12, id: 'a', text: 'line one\nline two\r\n' };
    const frame = formatSseEvent(event);
    const lines = frame.split('\n');
    expect(lines.slice(0, 2)).toEqual(['id: 12', 'event: deliverable.delta']);
    expect(lines[2]?.startsWith('data: ')).toBe(true);
    expect(JSON.parse((lines[2] as string).slice(6))).toEqual(event);
    expect(frame.endsWith('\n\n')).toBe(true);
    expect(lines).toHaveLength(5);
  });

  it('parses Last-Event-ID as a non-negative integer only', () => {
    expect(parseLastEventId('7')).toBe(7);
    expect(parseLastEventId(' 0 ')).toBe(0);
    expect(parseLastEventId(null)).toBeUndefined();
    expect(parseLastEventId('-1')).toBeUndefined();
    expect(parseLastEventId('3.5')).toBeUndefined();
    expect(parseLastEventId('abc')).toBeUndefined();
  });

  it('encodes run ids in the run paths', () => {
    expect(runEventsPath('a/b')).toBe('/api/v1/runs/a%2Fb/events');
    expect(runCancelPath('r1')).toBe('/api/v1/runs/r1/cancel');
  });
});

describe('ResponseBuilder.liveExecution', () => {
  it('answers a started run as live_execution with live_stream_id = run_id, valid', async () => {
    const { ResponseBuilder, validateResponseEnvelope } = await import('../../src/response/index.js');
    const started = samples[0] as Extract<RunEvent, { type: 'run.started' }>;
    const envelope = ResponseBuilder.liveExecution(started).build();
    expect(envelope.response_type).toBe('live_execution');
    expect(envelope.live_stream_id).toBe('r1');
    expect(envelope.summary).toContain('Brief');
    expect(validateResponseEnvelope(envelope).valid).toBe(true);
  });
});
