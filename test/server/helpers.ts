/** Shared helpers of the server tests. */
import * as z from 'zod';
import { validateDeliverablesEnvelope } from '../../src/envelope/index.js';
import type { BuiltinModule, ModuleInput } from '../../src/modules/index.js';
import { ProviderChain, type StubProviderOptions, stubProvider } from '../../src/providers/index.js';

type CampaignRequestInput = ModuleInput<BuiltinModule<'campaigns'>>;

/** A valid campaign request body. */
export const CAMPAIGN: CampaignRequestInput = {
  campaign_name: 'Spring Launch',
  objectives: ['Awareness', 'Engagement'],
  platforms: ['LinkedIn'],
  budget: 5000,
  timeline_days: 30,
};

/** A stub-backed chain with fast, deterministic answers and no retries/backoff noise. */
export function stubChain(options: StubProviderOptions = {}, chainOptions: { deadlineMs?: number } = {}) {
  return new ProviderChain({
    providers: [stubProvider(options)],
    maxRetries: 0,
    ...chainOptions,
  });
}

/** A POST with a JSON body. */
export function post(
  body: unknown,
  headers: Record<string, string> = {},
  url = 'http://test.local/generate',
): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Reads a response body, asserting it is a valid envelope, and returns it. */
export async function envelopeOf(response: Response) {
  const json = (await response.json()) as Record<string, unknown> & {
    status: string;
    meta: Record<string, unknown>;
    error: Record<string, unknown> | null;
    deliverables: Array<Record<string, unknown>>;
  };
  const check = validateDeliverablesEnvelope(json);
  if (!check.valid) throw new Error(`invalid envelope: ${check.errors.join('; ')}`);
  return json;
}

/** A small input schema for handler tests. */
export const EchoInput = z.object({ name: z.string().min(1), count: z.number().int().optional() });
