/**
 * The reference backend as a Next.js App Router route handler. In a Next
 * app this file is `app/api/campaign/[...path]/route.ts`: Next calls the
 * exported `GET`/`POST`/... with a `Request` whose URL keeps the full path,
 * so the handler is told its `basePath`. Here the handlers are called
 * directly, as Next would.
 *
 *   npx tsx examples/frameworks/next-route.ts
 */
import { createReferenceHandler } from '../../src/server/index.js';
import { exampleChain, isMain } from './shared.js';

// In Next: `import { providerChainFromEnv } from 'aicmo/providers'` and `chain: providerChainFromEnv()`.
const handler = createReferenceHandler({ chain: exampleChain(), basePath: '/api/campaign' });

/** `GET /api/campaign/health`. */
export const GET = handler;
/** `HEAD /api/campaign/health`. */
export const HEAD = handler;
/** `POST /api/campaign/api/v1/campaigns/generate`. */
export const POST = handler;
/** Preflights, when `cors` is set. */
export const OPTIONS = handler;
/** The route runs on the Node runtime (it also runs on `edge`: the handler is web-standard). */
export const runtime = 'nodejs';

if (isMain(import.meta.url)) {
  const base = 'http://localhost:3000/api/campaign';
  const response = await POST(
    new Request(`${base}/api/v1/campaigns/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ campaign_name: 'Spring Launch', objectives: ['Awareness'], platforms: ['X'] }),
    }),
  );
  const envelope = (await response.json()) as { status: string; deliverables: Array<{ kind: string }> };
  console.log(
    `next: POST → ${response.status} ${envelope.status}: ${envelope.deliverables.map((d) => d.kind).join(', ')}`,
  );
  const health = await GET(new Request(`${base}/health`));
  console.log(`next: GET /api/campaign/health → ${health.status}`);
}
