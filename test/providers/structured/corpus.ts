/**
 * The schema corpus: zod shapes an SDK user writes for structured output,
 * each with one valid answer. Every shape must compile for OpenAI strict
 * mode, Anthropic tools and JSON mode with zero schema 400s.
 */
import * as z from 'zod';

export interface CorpusEntry {
  readonly name: string;
  readonly schema: z.ZodType;
  /** A valid answer (zod input). */
  readonly sample: unknown;
  /**
   * What comes back from OpenAI strict mode when it differs from the sample: it writes
   * `null` for an absent optional field, and where the schema accepts `null`
   * too, the `null` is kept (it is valid, and absent cannot be told apart).
   */
  readonly strictExpected?: unknown;
}

type TreeNode = { label: string; children: TreeNode[] };
const TreeNode: z.ZodType<TreeNode> = z.lazy(() =>
  z.object({ label: z.string(), children: z.array(TreeNode) }),
);

export const CORPUS: readonly CorpusEntry[] = [
  {
    name: 'flat primitives',
    schema: z.object({ title: z.string(), words: z.int(), score: z.number(), draft: z.boolean() }),
    sample: { title: 'Launch', words: 120, score: 0.8, draft: false },
  },
  {
    name: 'optional fields',
    schema: z.object({ title: z.string(), subtitle: z.string().optional(), cta: z.string().optional() }),
    sample: { title: 'Launch', cta: 'Sign up' },
  },
  {
    name: 'nullable fields',
    schema: z.object({ title: z.string(), image: z.string().nullable() }),
    sample: { title: 'Launch', image: null },
  },
  {
    name: 'optional and nullable',
    schema: z.object({ note: z.string().nullable().optional(), tag: z.number().optional().nullable() }),
    sample: { note: null },
    strictExpected: { note: null, tag: null },
  },
  {
    name: 'defaults',
    schema: z.object({ tone: z.string().default('friendly'), length: z.int().default(3) }),
    sample: { length: 5 },
  },
  {
    name: 'enum',
    schema: z.object({
      platform: z.enum(['linkedin', 'instagram', 'x']),
      status: z.enum(['draft', 'final']),
    }),
    sample: { platform: 'linkedin', status: 'draft' },
  },
  {
    name: 'literals',
    schema: z.object({ version: z.literal('2.0'), kind: z.literal(['post', 'story']), count: z.literal(3) }),
    sample: { version: '2.0', kind: 'story', count: 3 },
  },
  {
    name: 'nested objects',
    schema: z.object({
      campaign: z.object({
        name: z.string(),
        budget: z.object({ amount: z.number(), currency: z.string() }),
      }),
    }),
    sample: { campaign: { name: 'Q3', budget: { amount: 5000, currency: 'EUR' } } },
  },
  {
    name: 'array of objects',
    schema: z.object({ posts: z.array(z.object({ title: z.string(), body: z.string() })) }),
    sample: { posts: [{ title: 'a', body: 'b' }] },
  },
  {
    name: 'array bounds',
    schema: z.object({ hashtags: z.array(z.string()).min(1).max(5) }),
    sample: { hashtags: ['#launch'] },
  },
  {
    name: 'string constraints',
    schema: z.object({
      slug: z
        .string()
        .min(3)
        .max(40)
        .regex(/^[a-z-]+$/),
      code: z.string().length(6),
    }),
    sample: { slug: 'spring-launch', code: 'ABC123' },
  },
  {
    name: 'string formats',
    schema: z.object({
      email: z.email(),
      id: z.uuid(),
      at: z.iso.datetime(),
      day: z.iso.date(),
      site: z.url(),
    }),
    sample: {
      email: 'cmo@example.com',
      id: '123e4567-e89b-42d3-a456-426614174000',
      at: '2025-01-01T10:00:00Z',
      day: '2025-01-01',
      site: 'https://example.com',
    },
  },
  {
    name: 'number constraints',
    schema: z.object({
      rating: z.int().min(1).max(5),
      ratio: z.number().gt(0).lt(1),
      step: z.number().multipleOf(0.5),
    }),
    sample: { rating: 4, ratio: 0.3, step: 1.5 },
  },
  {
    name: 'discriminated union at the root',
    schema: z.discriminatedUnion('type', [
      z.object({ type: z.literal('post'), text: z.string(), image: z.string().optional() }),
      z.object({ type: z.literal('poll'), question: z.string(), options: z.array(z.string()) }),
    ]),
    sample: { type: 'poll', question: 'Which?', options: ['a', 'b'] },
  },
  {
    name: 'union of primitives',
    schema: z.object({ budget: z.union([z.number(), z.string()]) }),
    sample: { budget: '5k' },
  },
  {
    name: 'array at the root',
    schema: z.array(z.object({ headline: z.string(), score: z.number().optional() })),
    sample: [{ headline: 'a' }, { headline: 'b', score: 2 }],
  },
  {
    name: 'string at the root',
    schema: z.string().min(1),
    sample: 'A tagline',
  },
  {
    name: 'enum-keyed record',
    schema: z.object({ perPlatform: z.record(z.enum(['linkedin', 'x']), z.int()) }),
    sample: { perPlatform: { linkedin: 2, x: 3 } },
  },
  {
    name: 'recursive tree',
    schema: z.object({ outline: TreeNode }),
    sample: { outline: { label: 'root', children: [{ label: 'leaf', children: [] }] } },
  },
  {
    name: 'intersection',
    schema: z.intersection(z.object({ title: z.string() }), z.object({ body: z.string() })),
    sample: { title: 't', body: 'b' },
  },
  {
    name: 'deliverable',
    schema: z.object({
      title: z.string().describe('Headline of the post'),
      body: z.string().describe('Markdown body'),
      hashtags: z.array(z.string()).max(5),
      platform: z.enum(['linkedin', 'instagram', 'x']).optional(),
    }),
    sample: { title: 'Launch', body: '**New**', hashtags: ['#a'] },
  },
  {
    name: 'loose object',
    schema: z.looseObject({ title: z.string() }),
    sample: { title: 't' },
  },
  {
    name: 'transform input side',
    schema: z.object({
      count: z.string().transform((s) => s.length),
      tags: z.string().pipe(z.string().min(1)),
    }),
    sample: { count: 'abc', tags: 'x' },
  },
  {
    name: 'array of unions',
    schema: z.object({
      blocks: z.array(
        z.union([
          z.object({ kind: z.literal('text'), text: z.string() }),
          z.object({ kind: z.literal('image'), url: z.string(), alt: z.string().optional() }),
        ]),
      ),
    }),
    sample: {
      blocks: [
        { kind: 'text', text: 'hi' },
        { kind: 'image', url: 'u' },
      ],
    },
  },
  {
    name: 'nullable object',
    schema: z.object({ sponsor: z.object({ name: z.string() }).nullable() }),
    sample: { sponsor: null },
  },
  {
    name: 'deep optionals',
    schema: z.object({
      sections: z
        .array(z.object({ heading: z.string(), bullets: z.array(z.string()).optional() }))
        .optional(),
    }),
    sample: { sections: [{ heading: 'h' }] },
  },
  {
    name: 'strict object with descriptions',
    schema: z.strictObject({ summary: z.string().describe('One sentence') }).describe('A summary'),
    sample: { summary: 'Done.' },
  },
];
