import { describe, expect, it } from 'vitest';
import { Frontier, MAX_SKIPPED_LISTED, pageKey, type QueuedPage } from '../../src/crawl/frontier.js';
import { createScope } from '../../src/crawl/scope.js';

const shopScope = createScope({ domains: ['shop.test'], exclude: ['/admin/**'] });

function drain(frontier: Frontier): QueuedPage[] {
  const pages: QueuedPage[] = [];
  for (let page = frontier.next(); page; page = frontier.next()) pages.push(page);
  return pages;
}

describe('Frontier', () => {
  it('visits breadth first, once per URL (fragments ignored), in scope only, within limits', () => {
    const frontier = new Frontier(shopScope, { maxPages: 3, maxDepth: 1 });
    frontier.addStart('https://www.shop.test/');
    expect(frontier.next()).toEqual({ url: 'https://www.shop.test/', depth: 0 });
    frontier.addLinks(
      ['https://www.shop.test/#top', 'https://www.shop.test/a', 'https://other.test/', 'mailto:x@shop.test', 'https://cdn.shop.test/b'],
      1,
      'https://www.shop.test/',
    );
    frontier.addLinks(['https://www.shop.test/too-deep'], 2, 'https://www.shop.test/a');
    expect(frontier.next()?.url).toBe('https://www.shop.test/a');
    expect(frontier.next()?.url).toBe('https://cdn.shop.test/b');
    expect(frontier.next()).toBeUndefined();
  });

  it('keeps breadth-first order across depths and counts what a page limit leaves', () => {
    const frontier = new Frontier(shopScope, { maxPages: 4, maxDepth: 3 });
    frontier.addStart('https://shop.test/');
    frontier.next();
    frontier.addLinks(['https://shop.test/1', 'https://shop.test/2'], 1, 'https://shop.test/');
    frontier.next();
    frontier.addLinks(['https://shop.test/1/a', 'https://shop.test/1/b', 'https://shop.test/2'], 2, 'https://shop.test/1');
    expect(drain(frontier)).toEqual([
      { url: 'https://shop.test/2', depth: 1 },
      { url: 'https://shop.test/1/a', depth: 2 },
    ]);
    expect(frontier.remaining).toBe(1);
  });

  it('queues start URLs even out of scope, normalised, and refuses what is not http(s)', () => {
    const frontier = new Frontier(shopScope, { maxPages: 10, maxDepth: 1 });
    frontier.addStart('https://partner.example/landing?b=2&a=1#x');
    frontier.addStart('https://shop.test/admin/');
    expect(drain(frontier).map((page) => page.url)).toEqual(['https://partner.example/landing?a=1&b=2', 'https://shop.test/admin/']);
    expect(() => frontier.addStart('mailto:x@shop.test')).toThrow(/only http and https.*mailto:/);
    expect(() => frontier.addStart('www.shop.test')).toThrow(/not a URL/);
  });

  it('never queues another scheme, even as a discovered URL', () => {
    const frontier = new Frontier(shopScope, { maxPages: 10, maxDepth: 1 });
    frontier.addLinks(['javascript:void(0)', 'tel:+3212345', 'data:text/html,x'], 1, 'https://shop.test/');
    frontier.addDiscovered(['ftp://shop.test/file'], 1);
    expect(frontier.remaining).toBe(0);
    expect(frontier.skipped().map((link) => link.reason)).toEqual([
      'scheme javascript: is never followed',
      'scheme tel: is never followed',
      'scheme data: is never followed',
      'scheme ftp: is never followed',
    ]);
  });

  it('does not come back to where a redirect landed', () => {
    const frontier = new Frontier(shopScope, { maxPages: 10, maxDepth: 1 });
    frontier.addStart('http://shop.test/');
    frontier.next();
    frontier.markVisited('https://www.shop.test/home');
    frontier.markVisited('about:blank');
    frontier.addLinks(['https://www.shop.test/home#main', 'https://www.shop.test/other'], 1, 'https://www.shop.test/home');
    expect(drain(frontier).map((page) => page.url)).toEqual(['https://www.shop.test/other']);
  });

  it('applies the scope to discovered URLs, recording where they came from', () => {
    const frontier = new Frontier(shopScope, { maxPages: 10, maxDepth: 1 });
    frontier.addDiscovered(['https://shop.test/only-in-sitemap', 'https://cdn.other.test/x'], 1, 'https://shop.test/sitemap.xml');
    frontier.addDiscovered(['https://shop.test/deep'], 2);
    expect(drain(frontier)).toEqual([{ url: 'https://shop.test/only-in-sitemap', depth: 1 }]);
    expect(frontier.skipped()).toEqual([
      { url: 'https://cdn.other.test/x', reason: 'other site: cdn.other.test', from: 'https://shop.test/sitemap.xml' },
    ]);
  });
});

describe('tracking parameters', () => {
  it('visit a page bare and in its first tracked variant, never more', () => {
    const frontier = new Frontier(shopScope, { maxPages: 20, maxDepth: 2 });
    frontier.addStart('https://shop.test/p?id=7');
    frontier.addLinks(
      [
        'https://shop.test/p?utm_source=news&id=7&utm_medium=email',
        'https://shop.test/p?id=7&utm_source=ads',
        'https://shop.test/p?id=7&gclid=abc',
        'https://shop.test/p?fbclid=1&id=7',
        'https://shop.test/p?id=7',
        'https://shop.test/p?id=8&msclkid=9',
      ],
      1,
      'https://shop.test/',
    );
    expect(drain(frontier).map((page) => page.url)).toEqual([
      'https://shop.test/p?id=7',
      'https://shop.test/p?id=7&utm_medium=email&utm_source=news',
      'https://shop.test/p?id=8&msclkid=9',
    ]);
  });

  it('still visit the bare page after a tracked variant came first', () => {
    const frontier = new Frontier(shopScope, { maxPages: 20, maxDepth: 2 });
    frontier.addStart('https://shop.test/?utm_campaign=spring');
    frontier.addLinks(['https://shop.test/?mc_cid=1&mc_eid=2', 'https://shop.test/?_ga=1.2', 'https://shop.test/'], 1, 'https://shop.test/');
    expect(drain(frontier).map((page) => page.url)).toEqual(['https://shop.test/?utm_campaign=spring', 'https://shop.test/']);
  });

  it('key a page by its URL without them', () => {
    expect(pageKey('https://shop.test/p?a=1&b=2')).toBe('https://shop.test/p?a=1&b=2');
    expect(pageKey('https://shop.test/p?a=1&UTM_Source=x')).toBe(`${pageKey('https://shop.test/p?a=1&utm_term=y')}`);
    expect(pageKey('https://shop.test/p?a=1&utm_source=x')).not.toBe(pageKey('https://shop.test/p?a=1'));
    expect(pageKey('https://shop.test/p?utm=1')).toBe('https://shop.test/p?utm=1');
  });
});

describe('skipped links', () => {
  it('are recorded once each, with the reason and the page they were on', () => {
    const frontier = new Frontier(shopScope, { maxPages: 10, maxDepth: 1 });
    frontier.addLinks(['https://ads.example.net/a#x', 'https://shop.test/admin/users', 'https://ads.example.net/a'], 1, 'https://shop.test/');
    frontier.addLinks(['https://ads.example.net/a'], 1, 'https://shop.test/other');
    expect(frontier.skipped()).toEqual([
      { url: 'https://ads.example.net/a', reason: 'other site: ads.example.net', from: 'https://shop.test/' },
      { url: 'https://shop.test/admin/users', reason: 'excluded by /admin/**', from: 'https://shop.test/' },
    ]);
    expect(frontier.skippedNotListed).toBe(0);
  });

  it(`are listed up to ${MAX_SKIPPED_LISTED} and counted beyond`, () => {
    const frontier = new Frontier(shopScope, { maxPages: 10, maxDepth: 1 });
    const links = Array.from({ length: MAX_SKIPPED_LISTED + 250 }, (_, index) => `https://other.test/${index}`);
    frontier.addLinks(links, 1, 'https://shop.test/');
    frontier.addLinks(links, 1, 'https://shop.test/again');
    expect(frontier.skipped()).toHaveLength(MAX_SKIPPED_LISTED);
    expect(frontier.skipped()[0]).toEqual({ url: 'https://other.test/0', reason: 'other site: other.test', from: 'https://shop.test/' });
    expect(frontier.skippedNotListed).toBe(250);
    expect(frontier.remaining).toBe(0);
  });
});
