import { describe, expect, it } from 'vitest';
import { parseUrlList } from '../../src/crawl/url-list.js';
import { UsageError } from '../../src/errors.js';

describe('parseUrlList', () => {
  it('reads one URL per line, skipping blank lines and # comments', () => {
    const text = '\uFEFF# landing pages\r\nhttps://www.shop.test/\n\n   \n  https://www.shop.test/p?utm_source=x#top  \n#http://skipped.test/\nHTTP://Blog.Shop.TEST/a\n';
    expect(parseUrlList(text, 'urls.txt')).toEqual(['https://www.shop.test/', 'https://www.shop.test/p?utm_source=x#top', 'http://blog.shop.test/a']);
  });

  it('reads an empty file as no URL', () => {
    expect(parseUrlList('', 'empty.txt')).toEqual([]);
  });

  it('names every bad line with file:line, the text and what is expected, in one error', () => {
    const text = ['# pages', 'https://www.shop.test/', 'www.shop.test/about', '', 'ftp://files.shop.test/x', 'https://www.shop.test/a b', 'https://ok.test/'].join('\n');
    let error: unknown;
    try {
      parseUrlList(text, 'lists/urls.txt');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      [
        'lists/urls.txt: 3 lines are not URLs; expected one absolute http(s) URL per line, e.g. https://www.example.com/page (blank lines and lines starting with # are skipped):',
        '  lists/urls.txt:3: "www.shop.test/about" is not an absolute URL',
        '  lists/urls.txt:5: "ftp://files.shop.test/x" uses ftp:, only http and https are crawled',
        '  lists/urls.txt:6: "https://www.shop.test/a b" holds spaces: one URL per line, spaces written %20',
      ].join('\n'),
    );
  });

  it('says "1 line" for a single bad line', () => {
    expect(() => parseUrlList('https://a.test/\nnope', 'u.txt')).toThrow(/^u\.txt: 1 line is not a URL;[^]*\n {2}u\.txt:2: "nope" is not an absolute URL$/);
  });
});
