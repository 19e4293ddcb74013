import { afterEach, describe, expect, it } from 'vitest';
import { Frontier, MAX_QUERY_VARIANTS } from '../../src/crawl/frontier.js';
import type { ProgressEvent } from '../../src/crawl/options.js';
import { scan } from '../../src/crawl/scan.js';
import { createScope } from '../../src/crawl/scope.js';
import { MAX_POPUPS_PER_PAGE } from '../../src/crawl/popup-guard.js';
import { MAX_LINKS_PER_PAGE } from '../../src/crawl/page-reads.js';
import { startHostileServer, type HostileHosts, type HostileServer } from '../fixtures/sites/hostile-server.js';
import { BLOG_PAGES, BUSY_HOSTS, CALENDAR_HOSTS, HUGE_HOSTS, POPUP_COUNT, POPUP_HOSTS, SPIN_HOSTS } from '../fixtures/sites/hostile.js';

/**
 * Hostile pages: each is bounded (by --settle, --timeout, --max-pages, --max-depth or a fixed cap),
 * recorded per URL in the site's errors, and the crawl goes on.
 */

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scanHost(hosts: HostileHosts, host: string, options: Partial<Parameters<typeof scan>[0]> = {}) {
  server = await startHostileServer(hosts);
  const domain = host.replace(/^www\./, '');
  const startedMs = Date.now();
  const record = await scan({
    sites: [{ name: domain, urls: [`https://${host}/`], domains: [domain] }],
    resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }],
    blockUnmappedHosts: true,
    ignoreHttpsErrors: true,
    sitemaps: false,
    ...options,
  });
  return { record, site: record.sites[0], elapsedMs: Date.now() - startedMs, names: record.cookies.map((cookie) => cookie.name) };
}

describe('a page that never goes quiet', () => {
  it('long polling and a WebSocket that keeps sending are cut at --settle; a 50 ms interval is not waited for', async () => {
    const settleMs = 1_000;
    const pageMs: number[] = [];
    let lastMs = 0;
    const onProgress = (event: ProgressEvent) => {
      if (event.type === 'site-start' || event.type === 'page-done') {
        if (event.type === 'page-done') pageMs.push(Date.now() - lastMs);
        lastMs = Date.now();
      }
    };
    const { site, names } = await scanHost(BUSY_HOSTS, 'www.busy.test', { settleMs, concurrency: 1, pageTimeoutMs: 20_000, onProgress });
    expect(site).toMatchObject({ complete: true, pagesVisited: 4 });
    expect(names).toEqual(expect.arrayContaining(['long_poll', 'socket_messages', 'tick']));
    // One note for the site, on the first page cut off (the long poll: a request is always in flight),
    // counting the others: the socket page, unless on two busy cores its frames left a 200 ms gap.
    // Never the interval page: it only rewrites the same cookie, which is no news.
    expect(site.errors).toEqual([
      {
        url: 'https://www.busy.test/longpoll',
        message: expect.stringMatching(/^this page (\(and 1 other page of this site\) )?never went quiet within --settle 1000 ms: .*raise --settle/),
      },
    ]);
    // The long poll answers after 30 s: a page is done long before (the first one includes the launch).
    for (const ms of pageMs.slice(1)) expect(ms).toBeLessThan(settleMs + 8_000);
  }, 90_000);
});

describe('a 20 MB page with 12,000 links', () => {
  it('is loaded and read to its end; links are read up to the cap and the rest noted', async () => {
    const { site, names } = await scanHost(HUGE_HOSTS, 'www.huge.test', { maxPages: 2, settleMs: 3_000, pageTimeoutMs: 60_000 });
    expect(site).toMatchObject({ complete: true, pagesVisited: 2, stoppedBy: 'max-pages', notVisited: MAX_LINKS_PER_PAGE - 1 });
    expect(names).toEqual(expect.arrayContaining(['huge_page', 'after_20mb', 'linked']));
    expect(site.errors).toEqual([
      { url: 'https://www.huge.test/', message: `more than ${MAX_LINKS_PER_PAGE} links on this page: only the first ${MAX_LINKS_PER_PAGE} were read` },
    ]);
  }, 120_000);
});

describe('a page opening 100 popups in a loop, each opening one more', () => {
  it('keeps a few, closes the rest at once, closes all before the next page and says so', async () => {
    const { site, names } = await scanHost(POPUP_HOSTS, 'www.popups.test', { concurrency: 1, settleMs: 1_000, pageTimeoutMs: 20_000 });
    expect(site).toMatchObject({ complete: true, pagesVisited: 2 });
    // The popups kept open fetch every 100 ms, so the page usually never goes quiet either: noted apart.
    expect(site.errors.filter((error) => !error.message.includes('never went quiet'))).toEqual([
      { url: 'https://www.popups.test/', message: expect.stringMatching(new RegExp(`^tried to open \\d+ popups: ${MAX_POPUPS_PER_PAGE} were kept open until the page settled`)) },
    ]);
    const opened = Number(/^tried to open (\d+) popups: /.exec(site.errors[0].message)?.[1]);
    expect(opened).toBeGreaterThanOrEqual(POPUP_COUNT);
    expect(names).toEqual(expect.arrayContaining(['opener', 'popup_0', 'after']));
    // Popups kept open keep fetching /alive: none may be left once the next page is requested.
    const requests = server?.requests ?? [];
    const after = requests.find((request) => request.url === 'www.popups.test/after');
    expect(after).toBeDefined();
    const lateAlive = requests.filter((request) => request.url === 'www.popups.test/alive' && request.atMs > (after?.atMs ?? 0) + 500);
    expect(lateAlive).toEqual([]);
  }, 90_000);
});

describe('a page whose script never ends', () => {
  it('is read as far as it answers, noted, and its tab replaced: the next page loads at once', async () => {
    const { site, names } = await scanHost(SPIN_HOSTS, 'www.spin.test', { concurrency: 1, settleMs: 1_000, pageTimeoutMs: 20_000 });
    expect(site).toMatchObject({ complete: true, pagesVisited: 3 });
    expect(site.errors).toEqual([
      { url: 'https://www.spin.test/spin', message: expect.stringMatching(/^the page stopped answering \(a script that never ends\?\): its links were not read/) },
    ]);
    expect(names).toEqual(expect.arrayContaining(['spin_http', 'before_spin', 'after']));
    // Once: a reused hung tab would have timed out on it and retried.
    expect((server?.requests ?? []).filter((request) => request.url === 'www.spin.test/after')).toHaveLength(1);
  }, 90_000);
});

describe('an infinite calendar', () => {
  it('follows at most MAX_QUERY_VARIANTS months, says so, and still reaches the rest of the site', async () => {
    const { site, names } = await scanHost(CALENDAR_HOSTS, 'www.cal.test', { maxPages: 30, maxDepth: 20, settleMs: 3_000 });
    const calendar = (server?.requests ?? []).filter((request) => request.url.startsWith('www.cal.test/cal?'));
    expect(calendar).toHaveLength(MAX_QUERY_VARIANTS);
    expect(names).toEqual(expect.arrayContaining(Array.from({ length: BLOG_PAGES }, (_, i) => `blog_${i + 1}`)));
    expect(site).toMatchObject({ complete: true, pagesVisited: 1 + MAX_QUERY_VARIANTS + BLOG_PAGES, stoppedBy: null, notVisited: 0 });
    expect(site.errors).toEqual([
      {
        url: 'https://www.cal.test/cal?month=0',
        message: expect.stringMatching(new RegExp(`^more than ${MAX_QUERY_VARIANTS} URLs of this path differ only by the values of month \\(a calendar or filter trap\\?\\)`)),
      },
    ]);
    expect(site.skippedLinks?.some((link) => link.reason.includes('calendar or filter trap'))).toBe(true);
  }, 90_000);

  it('without the cap, the same calendar would have eaten the page budget (the fixture is a real trap)', () => {
    // Breadth first with twelve new months a page: the blog's last page sits behind 30+ calendar pages.
    const frontier = new Frontier(createScope({ domains: ['cal.test'] }), { maxPages: 1_000, maxDepth: 20 });
    frontier.addStart('https://www.cal.test/');
    let months = 0;
    for (let page = frontier.next(); page; page = frontier.next()) {
      const month = /month=(\d+)/.exec(page.url)?.[1];
      if (month !== undefined) months++;
      const links = month === undefined ? [] : Array.from({ length: 12 }, (_, i) => `https://www.cal.test/cal?month=${Number(month) + i + 1}`);
      frontier.finish(page, { links: page.url.endsWith('/') ? ['https://www.cal.test/cal?month=0'] : links });
    }
    expect(months).toBe(MAX_QUERY_VARIANTS);
    expect(frontier.queryTraps()).toEqual([{ url: 'https://www.cal.test/cal?month=0', parameters: ['month'], skipped: expect.any(Number) }]);
  });
});

describe('the frontier under concurrency', () => {
  it('applies what pages give in the order they were taken, whatever order they finish in', () => {
    const orderOf = (finishOrder: number[]) => {
      const frontier = new Frontier(createScope({ domains: ['shop.test'] }), { maxPages: 100, maxDepth: 5 });
      frontier.addStart('https://shop.test/');
      const home = frontier.next()!;
      frontier.finish(home, { links: ['https://shop.test/a', 'https://shop.test/b', 'https://shop.test/c'] });
      const pages = [frontier.next()!, frontier.next()!, frontier.next()!];
      const links: Record<string, string[]> = {
        'https://shop.test/a': ['https://shop.test/shared', 'https://shop.test/a1', 'https://other.test/x'],
        'https://shop.test/b': ['https://shop.test/b1', 'https://shop.test/shared'],
        'https://shop.test/c': ['https://shop.test/landed', 'https://other.test/x'],
      };
      for (const index of finishOrder) {
        const page = pages[index];
        frontier.finish(page, { links: links[page.url], landedUrl: page.url === 'https://shop.test/b' ? 'https://shop.test/landed' : page.url });
      }
      const queue: string[] = [];
      for (let page = frontier.next(); page; page = frontier.next()) queue.push(`${page.url}@${page.depth}`);
      return { queue, skipped: frontier.skipped() };
    };
    const inOrder = orderOf([0, 1, 2]);
    expect(inOrder.queue).toEqual(['https://shop.test/shared@2', 'https://shop.test/a1@2', 'https://shop.test/b1@2']);
    expect(inOrder.skipped).toEqual([{ url: 'https://other.test/x', reason: 'other site: other.test', from: 'https://shop.test/a' }]);
    for (const order of [[2, 1, 0], [1, 2, 0], [2, 0, 1]]) expect(orderOf(order), order.join()).toEqual(inOrder);
  });
});
