/**
 * A ProviderChain of three providers: OpenAI, then Anthropic, then Groq.
 *
 * Each provider is real when its key is set (OPENAI_API_KEY, ANTHROPIC_API_KEY,
 * GROQ_API_KEY) and a deterministic stub otherwise, so this runs offline with
 * no keys at all. The stand-in for OpenAI is scripted to be overloaded, so you
 * can watch the chain retry, open its circuit and fall back.
 *
 *   npx tsx examples/provider-chain.ts
 */
import {
  anthropicProvider,
  groqProvider,
  isAllProvidersFailedError,
  openaiProvider,
  type Provider,
  ProviderChain,
  type StubOutcome,
  stubProvider,
  toEnvelopeMeta,
} from '../src/providers/index.js';

const env = process.env;

/** The real provider when its key is set, else a stub standing in for it (same model, so cost is plausible). */
function realOrStub(
  name: string,
  keyVariable: string,
  model: string,
  real: () => Provider,
  stubFailures?: readonly StubOutcome[],
): Provider {
  if (env[keyVariable]?.trim()) return real();
  return stubProvider({
    name: `stub:${name}`,
    model,
    latencyMs: 15,
    ...(stubFailures && { failures: stubFailures }),
  });
}

const chain = new ProviderChain({
  providers: [
    // Offline, the OpenAI stand-in is overloaded for its first calls: the chain fails over at once, and its circuit opens.
    realOrStub('openai', 'OPENAI_API_KEY', 'gpt-4.1-mini', () => openaiProvider({ model: 'gpt-4.1-mini' }), [
      'overloaded',
      'overloaded',
      'overloaded',
      'overloaded',
    ]),
    realOrStub('anthropic', 'ANTHROPIC_API_KEY', 'claude-haiku-4-5', () =>
      anthropicProvider({ model: 'claude-haiku-4-5' }),
    ),
    realOrStub('groq', 'GROQ_API_KEY', 'llama-3.3-70b-versatile', () =>
      groqProvider({ model: 'llama-3.3-70b-versatile' }),
    ),
  ],
  timeoutMs: 30_000, // per attempt
  deadlineMs: 60_000, // whole call
  maxRetries: 1, // per provider, for retryable failures, spent only once no other provider is left
  backoff: { initialDelayMs: 50, maxDelayMs: 500 },
  circuit: { failureThreshold: 2, cooldownMs: 10_000 },
});

chain.on('fallback', (event) =>
  console.log(`  ↪ fallback ${event.from.provider} → ${event.to.provider} (${event.reason})`),
);
chain.on('circuitOpen', (event) =>
  console.log(`  ⚡ circuit open for ${event.provider} (${event.model}) for ${event.cooldownMs} ms`),
);

const requests = [
  { prompt: 'Write a LinkedIn post about the launch of Aurora, our smart desk lamp for remote workers.' },
  {
    prompt: 'Write a launch email for Aurora, the smart desk lamp.',
    metadata: { deliverableKind: 'email_copy' },
  },
  { prompt: 'Write a tweet about Aurora, the smart desk lamp.', maxTokens: 120 },
];

try {
  for (const request of requests) {
    console.log(`\n> ${request.prompt}`);
    const result = await chain.generate(request);
    const meta = toEnvelopeMeta(result);
    console.log(`  answered by ${result.provider} (${result.model}) in ${Math.round(result.latencyMs)} ms`);
    console.log(
      `  cost: ${result.costUsd === null ? 'unknown' : `$${result.costUsd.toFixed(6)}`}, tokens: ${meta.tokens_used}`,
    );
    console.log(
      `  attempts: ${result.attempts.map((a) => `${a.provider}:${a.outcome}${a.errorKind ? `(${a.errorKind})` : ''}`).join(', ')}`,
    );
    for (const warning of result.warnings) console.log(`  warning: ${warning}`);
    console.log(`  ${result.text.split('\n').find((line) => line.trim()) ?? ''}`);
  }

  console.log('\n> streaming');
  let streamed = '';
  for await (const chunk of chain.stream({ prompt: 'Instagram post about Aurora, the smart desk lamp.' })) {
    if (chunk.type === 'delta') streamed += chunk.text;
    else console.log(`  streamed ${streamed.length} chars from ${chunk.result.provider}`);
  }

  console.log('\nstatus report:');
  console.log(JSON.stringify(chain.status(), null, 2));
} catch (error) {
  if (isAllProvidersFailedError(error)) {
    console.error(`every provider failed: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
