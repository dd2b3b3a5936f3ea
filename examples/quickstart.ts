/**
 * Quick start: build a deliverables envelope, then validate a good payload and a
 * bad one, printing the errors the way a client would log them.
 *
 *   npx tsx examples/quickstart.ts
 *
 * Runs offline: no backend, no provider, no API key.
 */
import {
  createDeliverable,
  createFailedEnvelope,
  createSuccessEnvelope,
  isAicmoError,
  isDeliverablesEnvelope,
  parseDeliverablesEnvelope,
  validateDeliverablesEnvelope,
} from '../src/index.js';

// 1. Build a SUCCESS envelope with camelCase options; the result is wire JSON (snake_case),
//    with ids and an ISO timestamp ending in Z generated for you.
const envelope = createSuccessEnvelope({
  module: 'campaigns',
  provider: 'openai',
  model: 'gpt-4o-mini',
  costUsd: 0.0042,
  tokensUsed: 2810,
  deliverables: [
    createDeliverable({
      kind: 'linkedin_post',
      title: 'Launch day',
      contentMarkdown: '# We are live\n\nToday we launch **Acme Cloud**.',
      platform: 'linkedin',
      hashtags: ['#launch'],
    }),
    { kind: 'email_copy', title: 'Welcome email', contentMarkdown: 'Hi {{first_name}}, thanks for joining.' },
  ],
});
console.log(`built ${envelope.status} envelope ${envelope.run_id} at ${envelope.meta.timestamp}`);
console.log(`  ${envelope.deliverables.map((d) => `${d.kind}: ${d.title}`).join('\n  ')}`);

// 2. A good payload, as a Python backend sends it: naive timestamp, nulls for unset fields.
const good: unknown = JSON.parse(`{
  "status": "PARTIAL", "module": "campaigns", "run_id": "run-42",
  "meta": {"timestamp": "2025-12-17T10:30:00.123456", "run_id": "run-42", "provider": "anthropic",
           "warnings": ["email_copy failed: TIMEOUT"]},
  "deliverables": [{"id": "d1", "kind": "twitter_post", "title": "", "content_markdown": "Shipping day.",
                    "platform": null, "hashtags": [], "assets": null, "metadata": {}}],
  "raw": null, "error": null}`);
console.log('\ngood payload:', validateDeliverablesEnvelope(good));
if (isDeliverablesEnvelope(good))
  console.log(`  typed: ${good.status}, ${good.deliverables.length} deliverable(s)`);

// 3. A bad payload: no provider, a manifest-only deliverable (no content), blank content.
const bad: unknown = {
  status: 'SUCCESS',
  module: 'campaigns',
  run_id: 'run-43',
  meta: { timestamp: '2025-12-17T10:30:00' },
  deliverables: [
    { id: 'd1', kind: 'blog_post', title: 'Draft', content_markdown: '# Title' },
    { id: 'd2', kind: 'ad_copy', title: 'Ad' },
    { id: 'd3', kind: 'email_copy', title: 'Email', content_markdown: ' \n\t ' },
  ],
};
const result = validateDeliverablesEnvelope(bad);
console.log(`\nbad payload: valid=${result.valid}`);
for (const line of result.errors) console.log(`  - ${line}`);

// 4. parse throws a typed error listing the same problems.
try {
  parseDeliverablesEnvelope(bad);
} catch (err) {
  if (isAicmoError(err)) console.log(`\nparse threw ${err.name} (${err.code}): ${err.message}`);
}

// 5. Builders refuse envelopes that would not validate.
try {
  createSuccessEnvelope({ module: 'campaigns', provider: 'openai', deliverables: [] });
} catch (err) {
  if (isAicmoError(err)) console.log(`\nbuilder refused: ${err.message}`);
}
const failed = createFailedEnvelope({
  module: 'campaigns',
  errorType: 'TIMEOUT',
  message: 'No answer in 30 s',
  code: 504,
});
console.log(
  `\nfailed envelope: provider=${failed.meta.provider}, error=${failed.error.type} ${failed.error.code}`,
);
