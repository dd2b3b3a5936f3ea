/**
 * Social posts as typed objects (title, body, hashtags) instead of free
 * Markdown: the model answers through the provider's structured mode, the
 * post is rendered deterministically (body, blank line, hashtags), and the
 * hashtags come from the object rather than from a scan of the text.
 */
import * as z from 'zod';
import { type DeliverableStructure, structuredDeliverable } from '../handler.js';

/** Longest X (Twitter) post, hashtags and the blank line before them included. */
export const X_POST_MAX_CHARS = 280;

function postSchema(kind: string) {
  const twitter = kind === 'twitter_post';
  const post = z
    .object({
      title: z
        .string()
        .min(1)
        .max(100)
        .describe('A short internal headline for the post (for the review queue; not published).'),
      body: z
        .string()
        .min(1)
        .max(twitter ? X_POST_MAX_CHARS - 30 : 5_000)
        .describe(
          'The post text exactly as published, with its line breaks and call to action, WITHOUT the hashtags.',
        ),
      hashtags: z
        .array(z.string().min(2).max(50).describe('One hashtag, e.g. #ProductLaunch'))
        .max(twitter ? 2 : 12)
        .describe('The hashtags for the last line, each starting with #.'),
    })
    .describe(
      twitter
        ? `One post on X: body, blank line and hashtags together at most ${X_POST_MAX_CHARS} characters.`
        : 'One social media post.',
    );
  if (!twitter) return post;
  return post.refine((p) => renderPost(p).length <= X_POST_MAX_CHARS, {
    path: ['body'],
    error: `the post with its hashtags must be at most ${X_POST_MAX_CHARS} characters: shorten the body`,
  });
}

/** A social post object. */
export type SocialPost = z.output<ReturnType<typeof postSchema>>;

/** `#Tag` from what a model wrote (`tag`, `#tag`, `# tag`), or undefined when nothing usable is left. */
function normalizeTag(tag: string): string | undefined {
  const word = tag.replace(/^#+/, '').replace(/\s+/g, '');
  return word.length > 0 ? `#${word}` : undefined;
}

/** The hashtags of a post, normalized and without duplicates. */
export function postHashtags(post: { hashtags?: readonly (string | undefined)[] | undefined }): string[] {
  const tags = new Set<string>();
  for (const tag of post.hashtags ?? []) {
    const normalized = tag === undefined ? undefined : normalizeTag(tag);
    if (normalized) tags.add(normalized);
  }
  return [...tags];
}

/** The Markdown of a (possibly partial) post: the body, then the hashtags on a line of their own. */
export function renderPost(post: {
  body?: string | undefined;
  hashtags?: readonly (string | undefined)[];
}): string {
  const body = post.body ?? '';
  const tags = postHashtags(post);
  return tags.length > 0 ? `${body}\n\n${tags.join(' ')}` : body;
}

/**
 * The structure of a post deliverable of `kind` (`linkedin_post`,
 * `twitter_post`, ...): an X post keeps to 280 characters with at most two
 * hashtags. `demo` is the stub's sample post.
 */
export function socialPostStructure(kind: string, demo?: SocialPost): DeliverableStructure {
  return structuredDeliverable({
    schema: postSchema(kind),
    name: kind,
    render: renderPost,
    hashtags: postHashtags,
    ...(demo !== undefined && { demo }),
  });
}

/** True for the kinds written as structured posts: every `*_post` but the long-form `blog_post`. */
export function isStructuredPostKind(kind: string): boolean {
  return kind.endsWith('_post') && kind !== 'blog_post';
}
