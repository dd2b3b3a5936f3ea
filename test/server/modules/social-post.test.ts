import { describe, expect, it } from 'vitest';
import {
  isStructuredPostKind,
  postHashtags,
  renderPost,
  socialPostStructure,
} from '../../../src/server/modules/builtin/social-post.js';

describe('structured social posts', () => {
  it('renders the body, a blank line, then the normalized hashtags; partial posts render what is there', () => {
    expect(renderPost({ body: 'We launched.', hashtags: ['launch', '#Spring Sale', '#launch'] })).toBe(
      'We launched.\n\n#launch #SpringSale',
    );
    expect(renderPost({ body: 'We laun' })).toBe('We laun');
    expect(renderPost({})).toBe('');
    expect(postHashtags({ hashtags: ['#', ' ', 'ok'] })).toEqual(['#ok']);
  });

  it('an X post must fit 280 characters with its hashtags; other posts may be longer', () => {
    const x = socialPostStructure('twitter_post');
    const fits = { title: 't', body: 'a'.repeat(200), hashtags: ['#One', '#Two'] };
    expect(x.schema.safeParse(fits).success).toBe(true);
    const tooLong = {
      title: 't',
      body: 'a'.repeat(240),
      hashtags: ['#ThisIsALongHashtagIndeed', '#AndAnotherOneToo'],
    };
    const result = x.schema.safeParse(tooLong);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['body']]);
    expect(socialPostStructure('linkedin_post').schema.safeParse(tooLong).success).toBe(true);
  });

  it('every *_post kind is structured except the long-form blog_post', () => {
    expect(
      ['linkedin_post', 'twitter_post', 'mastodon_post', 'social_post'].every(isStructuredPostKind),
    ).toBe(true);
    expect(isStructuredPostKind('blog_post')).toBe(false);
    expect(isStructuredPostKind('video_script')).toBe(false);
  });
});
