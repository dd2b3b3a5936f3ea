/**
 * The logger sees path, status, trace id and duration only: secrets placed in
 * the payload, the request headers, the query string and every kind of
 * response never reach it, nor the console.
 */
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createBackendClient } from '../../src/client/index.js';
import { BASE, campaign, captureLogger, GENERATE, successEnvelope, useFakeBackend } from './helpers.js';

const SECRETS = [
  'sk-PAYLOAD-SECRET-111',
  'Bearer HEADER-SECRET-222',
  'BODY-SECRET-333',
  'QUERY-SECRET-444',
  'RESP-HEADER-SECRET-555',
];

const { backend } = useFakeBackend();

const respHeaders = { 'x-upstream-key': SECRETS[4]!, 'set-cookie': `session=${SECRETS[4]}` };
const scenarios: [string, () => Response | Promise<Response>][] = [
  [
    'success whose content holds a secret',
    () => {
      const envelope = successEnvelope();
      envelope.deliverables[0]!.content_markdown = `Use key ${SECRETS[2]}`;
      return HttpResponse.json(envelope, { headers: respHeaders });
    },
  ],
  [
    'HTTP 500 whose message is a secret',
    () => HttpResponse.json({ message: SECRETS[2] }, { status: 500, headers: respHeaders }),
  ],
  [
    'HTTP 422 detail list with the secret',
    () => HttpResponse.json({ detail: [{ loc: ['body'], msg: SECRETS[2] }] }, { status: 422 }),
  ],
  ['non-JSON 200', () => new HttpResponse(`<p>${SECRETS[2]}</p>`, { status: 200, headers: respHeaders })],
  [
    'invalid envelope',
    () => HttpResponse.json({ status: 'SUCCESS', secret: SECRETS[2] }, { headers: respHeaders }),
  ],
  ['connection error', () => HttpResponse.error()],
  // Never answers: the call ends on its timeoutMs, fired on a virtual clock (see below).
  ['timeout', () => new Promise<Response>(() => {})],
];

/** The one scenario that needs the client's timer; every other one has time to spare. */
const TIMED_OUT = 'timeout';

describe('nothing sensitive reaches the logger or the console', () => {
  it.each(scenarios)('%s', async (name, reply) => {
    backend.reset(reply);
    const logger = captureLogger();
    const consoleLines: unknown[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args);
      }),
    );
    try {
      const timesOut = name === TIMED_OUT;
      // The timeout fires on a virtual clock once the request has reached the backend: a loaded
      // machine can neither fire it before the request is seen nor hold the other scenarios to it.
      if (timesOut) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const client = createBackendClient({
        baseUrl: BASE,
        timeoutMs: timesOut ? 100 : 30_000,
        headers: { Authorization: SECRETS[1]! },
        logger,
        maxRetries: 1,
        backoff: { maxDelayMs: 1 },
        retryStatusCodes: [500],
      });
      const pending = client.postJson(
        `${GENERATE}?api_key=${SECRETS[3]}`,
        { ...campaign, notes: SECRETS[0], api_key: SECRETS[0] },
        { includeRawText: true },
      );
      if (timesOut) {
        await vi.waitFor(() => expect(backend.seen).toHaveLength(1));
        await vi.advanceTimersByTimeAsync(100);
      }
      const result = await pending;
      if (timesOut) expect(result.error?.type).toBe('TIMEOUT');
      // The request really carried the secrets (so the assertion below means something).
      expect(JSON.stringify(backend.seen[0]?.body)).toContain(SECRETS[0]);
      expect(result.traceId).toBeTruthy();

      expect(logger.lines.length).toBeGreaterThan(0);
      const logged = JSON.stringify(logger.lines);
      const printed = JSON.stringify(consoleLines);
      for (const secret of SECRETS) {
        expect(logged).not.toContain(secret);
        expect(printed).not.toContain(secret);
      }
      expect(logged).not.toMatch(/HEADER-SECRET|PAYLOAD-SECRET|BODY-SECRET|QUERY-SECRET|RESP-HEADER/);
      expect(consoleLines).toEqual([]);
      // Only the documented fields, with the path stripped of its query string.
      for (const line of logger.lines) {
        expect(
          Object.keys(line.fields).every((k) =>
            ['path', 'traceId', 'status', 'durationMs', 'errorType', 'retry'].includes(k),
          ),
        ).toBe(true);
        expect(line.fields.path).toBe(GENERATE);
        expect(line.fields.traceId).toBe(result.traceId);
      }
    } finally {
      vi.useRealTimers();
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('one line per outcome: debug on send, info on success (with status and duration), warn on failure', async () => {
    const logger = captureLogger();
    const client = createBackendClient({ baseUrl: BASE, logger });
    const ok = await client.generateCampaign(campaign);
    expect(logger.lines.map((l) => [l.level, l.message])).toEqual([
      ['debug', 'backend request'],
      ['info', 'backend request done'],
    ]);
    expect(logger.lines[1]?.fields).toEqual({
      path: GENERATE,
      traceId: ok.traceId,
      status: 200,
      durationMs: ok.durationMs,
    });
    logger.lines.length = 0;
    backend.reset(() => HttpResponse.json({}, { status: 502 }));
    const failed = await client.generateCampaign(campaign);
    expect(logger.lines.at(-1)).toEqual({
      level: 'warn',
      message: 'backend request failed',
      fields: {
        path: GENERATE,
        traceId: failed.traceId,
        status: 502,
        durationMs: failed.durationMs,
        errorType: 'HTTP_502',
      },
    });
  });

  it('a partial logger (only warn) and a throwing logger are both fine', async () => {
    const warnings: string[] = [];
    const partial = createBackendClient({ baseUrl: BASE, logger: { warn: (m) => warnings.push(m) } });
    expect((await partial.generateCampaign(campaign)).ok).toBe(true);
    const throwing = createBackendClient({
      baseUrl: BASE,
      logger: {
        info: () => {
          throw new Error('logger down');
        },
        debug: () => {
          throw new Error('logger down');
        },
      },
    });
    expect((await throwing.generateCampaign(campaign)).ok).toBe(true);
  });

  it('without a logger nothing is printed at all', async () => {
    const spy = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    backend.reset(() => HttpResponse.error());
    await createBackendClient({ baseUrl: BASE }).generateCampaign(campaign);
    expect(spy).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    spy.mockRestore();
    warn.mockRestore();
  });
});
