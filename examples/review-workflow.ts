/**
 * The review workflow in a terminal: generate three deliverables with the
 * offline stub provider, then Draft → Amend → Approve (and Reject) → Export,
 * and print the exported Markdown. Runs offline, no keys needed.
 *
 *   npx tsx examples/review-workflow.ts
 */
import { createSuccessEnvelope, type DeliverableInput } from '../src/index.js';
import { ProviderChain, stubProvider, toEnvelopeMeta } from '../src/providers/index.js';
import { createReview, exportJson, exportMarkdown, isWorkflowError, Review } from '../src/workflow/index.js';

const chain = new ProviderChain({ providers: [stubProvider({ name: 'stub', model: 'stub-1' })] });

// 1. Generate: one stub call per deliverable, wrapped in a SUCCESS envelope.
const briefs = [
  {
    id: 'li-1',
    kind: 'linkedin_post',
    title: 'Launch post',
    platform: 'linkedin',
    prompt: 'A LinkedIn post',
  },
  { id: 'mail-1', kind: 'email_copy', title: 'Welcome email', platform: 'email', prompt: 'A welcome email' },
  { id: 'ad-1', kind: 'ad_copy', title: 'Search ad', platform: 'google', prompt: 'Ad copy for search' },
] as const;
const deliverables: DeliverableInput[] = [];
let lastMeta: ReturnType<typeof toEnvelopeMeta> | undefined;
for (const brief of briefs) {
  const result = await chain.generate({ prompt: `${brief.prompt} for the Spring Launch campaign` });
  lastMeta = toEnvelopeMeta(result);
  deliverables.push({ ...brief, contentMarkdown: result.text, hashtags: ['SpringLaunch'] });
}
const envelope = createSuccessEnvelope({
  module: 'campaigns',
  runId: 'run-spring-launch',
  provider: lastMeta?.provider ?? 'stub',
  model: lastMeta?.model ?? 'stub-1',
  deliverables,
  raw: { request: { campaign_name: 'Spring Launch' } },
});

// 2. Review. Every change returns a new Review with version + 1.
let review = createReview(envelope);
console.log(`Review ${review.id}: ${review.items.length} drafts (version ${review.version})`);

review = review.amend('li-1', '**Spring is here.** Our planner ships today. Plan faster, ship sooner.', {
  author: 'ana@example.com',
  note: 'shorter, punchier',
  expectedVersion: review.version, // refuses if another UI changed the review meanwhile
});
review = review.approve('li-1', { author: 'ana@example.com' });
review = review.approve('mail-1', { author: 'bo@example.com' });
review = review.reject('ad-1', 'needs legal review', { author: 'bo@example.com' });
console.log(
  'Statuses:',
  review.items.map((i) => `${i.id}=${i.status}`).join(', '),
  `(version ${review.version})`,
);

// Invalid transitions throw a typed WorkflowError with a stable code.
try {
  review.approve('ad-1');
} catch (err) {
  if (isWorkflowError(err)) console.log(`Refused as expected: ${err.code}`);
}

// 3. Persist and restore (e.g. localStorage): exact round trip, validated on the way in.
review = Review.fromJSON(JSON.stringify(review));

// 4. Export. Each export returns the file and the review marked exported (read-only).
const markdown = exportMarkdown(review);
const json = exportJson(markdown.review);
console.log(
  `\n${markdown.fileName} (${markdown.mimeType}) and ${json.fileName}: ${json.envelope.deliverables.length} approved deliverables\n`,
);
console.log(markdown.content);
