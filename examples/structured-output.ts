/**
 * Structured output: a zod-typed LinkedIn post from a ProviderChain, then the
 * same post streamed as validated partial objects.
 *
 * Each provider is real when its key is set (OPENAI_API_KEY,
 * ANTHROPIC_API_KEY); offline, a stub stands in whose first answer breaks the
 * schema (too many hashtags), so you can watch the repair round ask again.
 *
 *   npx tsx examples/structured-output.ts
 */
import * as z from 'zod';
import {
  anthropicProvider,
  openaiProvider,
  type Provider,
  ProviderChain,
  stubProvider,
} from '../src/providers/index.js';

const Post = z.object({
  title: z.string().describe('Headline, under 80 characters'),
  body: z.string().describe('Markdown body, two short paragraphs'),
  hashtags: z.array(z.string()).max(3),
  platform: z.enum(['linkedin', 'instagram', 'x']).optional(),
});

const good = {
  title: 'Spring launch: reports in one click',
  body: 'Our spring release ships today.\n\nEvery report is now one click away.',
  hashtags: ['#launch', '#analytics'],
  platform: 'linkedin',
};

let stubAnswers = 0;
/** Offline stand-in: the first answer has four hashtags (the schema allows three), later ones are right. */
const stub = stubProvider({
  name: 'stub:openai',
  model: 'gpt-4.1-mini',
  latencyMs: 10,
  text: () => JSON.stringify(stubAnswers++ === 0 ? { ...good, hashtags: ['#a', '#b', '#c', '#d'] } : good),
});

const providers: Provider[] = [];
if (process.env.OPENAI_API_KEY?.trim()) providers.push(openaiProvider({ model: 'gpt-4.1-mini' }));
if (process.env.ANTHROPIC_API_KEY?.trim()) providers.push(anthropicProvider({ model: 'claude-haiku-4-5' }));
if (providers.length === 0) providers.push(stub);

const chain = new ProviderChain({ providers, deadlineMs: 60_000 });
const request = {
  schema: Post,
  name: 'linkedin_post',
  system: 'You are the CMO of a B2B analytics company.',
  prompt: 'Write a LinkedIn post announcing our spring release.',
};

const result = await chain.generateObject(request);
console.log('object:', result.object);
console.log(
  `provider: ${result.provider} (${result.model}), tokens: ${result.usage.totalTokens}, cost: ${result.costUsd ?? 'unknown'}`,
);
for (const attempt of result.attempts) {
  const issues = attempt.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  console.log(`  ${attempt.provider} ${attempt.kind}: ${attempt.status}${issues ? ` (${issues})` : ''}`);
}

console.log('\nstreaming:');
for await (const event of chain.streamObject(request)) {
  if (event.type === 'partial') console.log('  partial keys:', Object.keys(event.partial).join(', '));
  else if (event.type === 'reset') console.log(`  reset (${event.reason}): ${event.provider} starts over`);
  else console.log('  final title:', event.result.object.title);
}
