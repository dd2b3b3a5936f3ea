/**
 * Shared fixtures for the client tests: a valid envelope, a campaign request,
 * an MSW backend that records what it saw (and its per-file setup), and a
 * capturing logger.
 */
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { BackendLogFields, BackendLogger, CampaignGenerateRequest } from '../../src/client/index.js';
import { createFailedEnvelope, createSuccessEnvelope } from '../../src/envelope/index.js';

export const BASE = 'http://backend.test';
export const GENERATE = '/api/v1/campaigns/generate';
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const campaign: CampaignGenerateRequest = {
  campaign_name: 'SMOKE_TEST',
  objectives: ['Awareness', 'Engagement'],
  platforms: ['LinkedIn'],
  budget: 5000,
  timeline_days: 30,
};

/** A valid SUCCESS envelope, echoing `traceId` like a real backend. */
export function successEnvelope(traceId?: string) {
  return createSuccessEnvelope({
    module: 'campaigns',
    provider: 'stub',
    model: 'stub-1',
    ...(traceId ? { traceId } : {}),
    deliverables: [
      { kind: 'campaign_brief', title: 'Brief', contentMarkdown: '# Spring launch' },
      { kind: 'linkedin_post', title: 'Post', contentMarkdown: 'We are live!', platform: 'linkedin' },
    ],
  });
}

/** A valid FAILED envelope. */
export function failedEnvelope(message = 'budget: must not be negative', code = 422) {
  return createFailedEnvelope({ module: 'campaigns', errorType: 'VALIDATION_ERROR', message, code });
}

/** What the fake backend saw of one request. */
export interface Seen {
  method: string;
  path: string;
  traceId: string | null;
  contentType: string | null;
  body: unknown;
}

export type Reply = (request: Request, seen: Seen, call: number) => Response | Promise<Response>;

/** An MSW handler for POST {BASE}{path} that records requests and answers with `reply`. */
export class FakeBackend {
  seen: Seen[] = [];
  private reply: Reply;
  readonly handler;

  constructor(reply: Reply, path = GENERATE) {
    this.reply = reply;
    this.handler = http.all(`${BASE}${path}`, async ({ request }) => {
      const text = await request.clone().text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep text
      }
      const seen: Seen = {
        method: request.method,
        path: new URL(request.url).pathname,
        traceId: request.headers.get('x-trace-id'),
        contentType: request.headers.get('content-type'),
        body,
      };
      this.seen.push(seen);
      return this.reply(request, seen, this.seen.length);
    });
  }

  reset(reply: Reply): void {
    this.seen = [];
    this.reply = reply;
  }
}

/** Answers with a SUCCESS envelope echoing the trace id. */
export const echoSuccess: Reply = (_request, seen) =>
  HttpResponse.json(successEnvelope(seen.traceId ?? undefined));

/**
 * Registers, for the calling test file, an MSW server whose only handler is a
 * {@link FakeBackend} on {@link GENERATE}: listening for the whole file
 * (unhandled requests are errors), reset to {@link echoSuccess} after each test.
 *
 * @example
 * const { backend, server } = useFakeBackend();
 */
export function useFakeBackend(): { backend: FakeBackend; server: SetupServer } {
  const backend = new FakeBackend(echoSuccess);
  const server = setupServer(backend.handler);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => backend.reset(echoSuccess));
  afterAll(() => server.close());
  return { backend, server };
}

/** A logger that keeps every line (and every argument) it receives. */
export function captureLogger(): BackendLogger & {
  lines: { level: string; message: string; fields: BackendLogFields }[];
} {
  const lines: { level: string; message: string; fields: BackendLogFields }[] = [];
  const at = (level: string) => (message: string, fields: BackendLogFields) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
