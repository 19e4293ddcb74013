import { createServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFromSitemaps, parseSitemap } from '../../src/crawl/discovery.js';
import { createFetcher, mappingFor, type Fetcher } from '../../src/crawl/fetch.js';
import { Frontier } from '../../src/crawl/frontier.js';
import { createScope } from '../../src/crawl/scope.js';
import { startVirtualHostServer, type RunningServer, type VirtualHosts } from '../helpers/fixture-scan.js';

const XML = 'application/xml';

function urlset(...locs: string[]): string {
  const urls = locs.map((loc) => `  <url><loc>${loc}</loc><lastmod>2024-05-01</lastmod></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

function sitemapIndex(...locs: string[]): string {
  const sitemaps = locs.map((loc) => `<sitemap><loc>${loc}</loc></sitemap>`).join('');
  return `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${sitemaps}</sitemapindex>`;
}

const hosts: VirtualHosts = {
  'www.shop.test': {
    '/': { body: '<a href="/about">About</a>' },
    '/robots.txt': { contentType: 'text/plain', body: 'User-agent: *\nDisallow: /cart\nSITEMAP:   https://www.shop.test/sitemaps/index.xml\n' },
    '/sitemaps/index.xml': { contentType: XML, body: sitemapIndex('https://www.shop.test/sitemaps/pages.xml.gz', 'https://www.shop.test/sitemaps/more.xml') },
    '/sitemaps/pages.xml.gz': {
      contentType: 'application/x-gzip',
      body: gzipSync(urlset('\n   https://www.shop.test/only-in-sitemap\n  ', 'https://www.shop.test/p?b=2&amp;a=&#49;', 'https://www.shop.test/')),
    },
    '/sitemaps/more.xml': { contentType: XML, body: sitemapIndex('https://www.shop.test/sitemaps/posts.xml') },
    // A .gz file sent with Content-Encoding: gzip as well, as some servers do: gzipped twice.
    '/sitemaps/posts.xml': {
      contentType: XML,
      headers: { 'Content-Encoding': 'gzip' },
      body: gzipSync(gzipSync(urlset('https://www.shop.test/blog/1', 'https://ads.other.test/x', 'https://www.shop.test/only-in-sitemap'))),
    },
    '/only-in-sitemap': { body: 'hidden' },
  },
  'blog.shop.test': {
    '/sitemap.xml': { contentType: XML, body: urlset('https://blog.shop.test/2024/hello') },
  },
  'bare.test': {},
  'spa.test': {
    '/robots.txt': { body: '<!doctype html><title>app</title>' },
    '/sitemap.xml': { body: '<!doctype html><title>app</title>' },
  },
  'broken.test': {
    '/robots.txt': { contentType: 'text/plain', body: 'Sitemap: https://broken.test/bad.xml\nsitemap: https://broken.test/gone.xml\nSitemap: /html.xml\nSitemap: ftp://broken.test/x.xml' },
    '/bad.xml': { contentType: XML, body: '<urlset><url><loc>https://broken.test/a</loc></urlset>' },
    '/html.xml': { contentType: XML, body: '<html><body>Not here</body></html>' },
  },
  'loop.test': {
    '/robots.txt': { contentType: 'text/plain', body: 'Sitemap: https://loop.test/a.xml\n' },
    '/a.xml': { contentType: XML, body: sitemapIndex('https://loop.test/b.xml', 'https://loop.test/leaf.xml') },
    '/b.xml': { contentType: XML, body: sitemapIndex('https://loop.test/a.xml', 'https://loop.test/leaf.xml') },
    '/leaf.xml': { contentType: XML, body: urlset('https://loop.test/page') },
  },
  'failing.test': {
    '/robots.txt': { status: 500, contentType: 'text/plain', body: 'oops' },
    '/sitemap.xml': { contentType: XML, body: urlset('https://failing.test/still-found') },
  },
  'many.test': {
    '/robots.txt': { contentType: 'text/plain', body: [1, 2, 3, 4].map((n) => `Sitemap: https://many.test/s${n}.xml`).join('\n') },
    ...Object.fromEntries([1, 2, 3, 4].map((n) => [`/s${n}.xml`, { contentType: XML, body: urlset(`https://many.test/${n}/a`, `https://many.test/${n}/b`) }])),
  },
  'redirect.test': {
    '/robots.txt': { status: 301, headers: { Location: 'https://www.redirect.test/robots.txt' } },
    '/hop': { status: 302, headers: { Location: '/hop' } },
  },
  'www.redirect.test': {
    '/robots.txt': { contentType: 'text/plain', body: 'Sitemap: https://www.redirect.test/s.xml' },
    '/s.xml': { contentType: XML, body: urlset('https://www.redirect.test/after-redirect') },
  },
};

let server: RunningServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startVirtualHostServer(hosts);
  fetcher = createFetcher({
    resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }],
    blockUnmappedHosts: true,
    ignoreHttpsErrors: true,
    timeoutMs: 5_000,
  });
});

afterAll(() => server.close());

describe('discoverFromSitemaps', () => {
  it('follows robots.txt to a sitemap index, nested indexes, gzipped and plain sitemaps', async () => {
    const result = await discoverFromSitemaps(['https://www.shop.test/', 'https://www.shop.test/about#x'], fetcher);
    expect(result.errors).toEqual([]);
    expect(result.sitemaps).toEqual([
      'https://www.shop.test/sitemaps/index.xml',
      'https://www.shop.test/sitemaps/pages.xml.gz',
      'https://www.shop.test/sitemaps/more.xml',
      'https://www.shop.test/sitemaps/posts.xml',
    ]);
    expect(result.pages).toEqual([
      'https://www.shop.test/only-in-sitemap',
      'https://www.shop.test/p?b=2&a=1',
      'https://www.shop.test/',
      'https://www.shop.test/blog/1',
      'https://ads.other.test/x',
    ]);
  });

  it('gives the frontier a page no link reaches, within the scope', async () => {
    const { pages } = await discoverFromSitemaps(['https://www.shop.test/'], fetcher);
    const frontier = new Frontier(createScope({ domains: ['shop.test'] }), { maxPages: 10, maxDepth: 3 });
    frontier.addStart('https://www.shop.test/');
    frontier.addDiscovered(pages, 1, 'https://www.shop.test/sitemaps/index.xml');
    const queued: string[] = [];
    for (let page = frontier.next(); page; page = frontier.next()) queued.push(page.url);
    expect(queued).toContain('https://www.shop.test/only-in-sitemap');
    expect(queued).not.toContain('https://ads.other.test/x');
    expect(frontier.skipped()).toEqual([{ url: 'https://ads.other.test/x', reason: 'other site: ads.other.test', from: 'https://www.shop.test/sitemaps/index.xml' }]);
    const page = await fetcher('https://www.shop.test/only-in-sitemap');
    expect(page.body.toString()).toBe('hidden');
  });

  it('tries /sitemap.xml when robots.txt is missing or names none, and is silent when neither exists', async () => {
    const result = await discoverFromSitemaps(['https://blog.shop.test/', 'https://bare.test/', 'https://spa.test/'], fetcher);
    expect(result).toEqual({ pages: ['https://blog.shop.test/2024/hello'], sitemaps: ['https://blog.shop.test/sitemap.xml'], errors: [] });
  });

  it('turns broken robots lines, named sitemaps that are missing, invalid or not sitemaps into error entries', async () => {
    const result = await discoverFromSitemaps(['https://broken.test/'], fetcher);
    expect(result.pages).toEqual([]);
    expect(result.sitemaps).toEqual([]);
    expect(result.errors).toEqual([
      { url: 'https://broken.test/robots.txt', message: 'Sitemap: "ftp://broken.test/x.xml" is not an http(s) URL' },
      { url: 'https://broken.test/bad.xml', message: expect.stringMatching(/^invalid XML at line 1, column \d+: .*'url'/) },
      { url: 'https://broken.test/gone.xml', message: 'HTTP 404' },
      { url: 'https://broken.test/html.xml', message: 'not a sitemap: expected <urlset> or <sitemapindex>, found <html>' },
    ]);
  });

  it('reads each sitemap of a loop of indexes once and reports the loop', async () => {
    const result = await discoverFromSitemaps(['https://loop.test/'], fetcher);
    expect(result.sitemaps).toEqual(['https://loop.test/a.xml', 'https://loop.test/b.xml', 'https://loop.test/leaf.xml']);
    expect(result.pages).toEqual(['https://loop.test/page']);
    expect(result.errors).toEqual([
      { url: 'https://loop.test/b.xml', message: 'loop: the sitemap index names https://loop.test/a.xml, which leads back to it; not read again' },
    ]);
  });

  it('reports a failing robots.txt and still tries /sitemap.xml', async () => {
    const result = await discoverFromSitemaps(['https://failing.test/'], fetcher);
    expect(result.errors).toEqual([{ url: 'https://failing.test/robots.txt', message: 'HTTP 500' }]);
    expect(result.pages).toEqual(['https://failing.test/still-found']);
  });

  it('stops at the sitemap and URL limits, saying so', async () => {
    const result = await discoverFromSitemaps(['https://many.test/'], fetcher, { maxSitemaps: 2, maxUrls: 3 });
    expect(result.sitemaps).toEqual(['https://many.test/s1.xml', 'https://many.test/s2.xml']);
    expect(result.pages).toEqual(['https://many.test/1/a', 'https://many.test/1/b', 'https://many.test/2/a']);
    expect(result.errors).toEqual([
      { url: 'https://many.test/s2.xml', message: 'more than 3 page URLs: the rest were ignored' },
      { url: 'https://many.test/s3.xml', message: 'not read, nor 1 more: at most 2 sitemaps are read' },
    ]);
  });

  it('follows redirects to robots.txt', async () => {
    const result = await discoverFromSitemaps(['https://redirect.test/'], fetcher);
    expect(result).toEqual({ pages: ['https://www.redirect.test/after-redirect'], sitemaps: ['https://www.redirect.test/s.xml'], errors: [] });
  });

  it('records unreachable hosts as errors, never throws', async () => {
    const result = await discoverFromSitemaps(['https://unmapped.example/', 'mailto:x@y.test', 'not a url'], fetcher);
    expect(result.pages).toEqual([]);
    expect(result.errors).toEqual([
      { url: 'https://unmapped.example/robots.txt', message: expect.stringContaining('unmapped.example is not mapped by --resolve') },
      { url: 'https://unmapped.example/sitemap.xml', message: expect.stringContaining('unmapped.example is not mapped by --resolve') },
    ]);
  });
});

describe('parseSitemap', () => {
  it('reads namespaced, CDATA and entity-encoded locs', () => {
    const xml = '<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:url><sm:loc><![CDATA[ https://a.test/x?y=1&z=2 ]]></sm:loc></sm:url><sm:url><sm:loc>https://a.test/&#x41;&lt;</sm:loc></sm:url><sm:url/></sm:urlset>';
    expect(parseSitemap(xml)).toEqual({ kind: 'urlset', locs: ['https://a.test/x?y=1&z=2', 'https://a.test/A<'] });
    expect(parseSitemap('<urlset></urlset>')).toEqual({ kind: 'urlset', locs: [] });
    expect(parseSitemap('\u00A0')).toMatch(/^invalid XML/);
  });
});

describe('createFetcher', () => {
  it('maps hosts as Chromium does: exact or *.suffix, first match wins', () => {
    const mappings = [
      { host: 'api.shop.test', address: '10.0.0.1' },
      { host: '*.shop.test', address: '10.0.0.2', port: 8443 },
      { host: 'shop.test', address: '10.0.0.3' },
    ];
    expect(mappingFor('API.shop.test', mappings)?.address).toBe('10.0.0.1');
    expect(mappingFor('a.b.shop.test', mappings)?.address).toBe('10.0.0.2');
    expect(mappingFor('shop.test', mappings)?.address).toBe('10.0.0.3');
    expect(mappingFor('myshop.test', mappings)).toBeUndefined();
  });

  it('sends the original host name (Host header and SNI) to the mapped address and port', async () => {
    const response = await fetcher('https://www.shop.test/sitemaps/more.xml');
    expect(response).toMatchObject({ status: 200, contentType: XML, url: 'https://www.shop.test/sitemaps/more.xml' });
    expect(response.body.toString()).toContain('posts.xml');
  });

  it('gives up after 5 redirects', async () => {
    await expect(fetcher('https://redirect.test/hop')).rejects.toThrow('https://redirect.test/hop: more than 5 redirects');
  });

  it('checks certificates unless told to ignore HTTPS errors', async () => {
    const strict = createFetcher({ resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }], ignoreHttpsErrors: false, timeoutMs: 5_000 });
    await expect(strict('https://www.shop.test/robots.txt')).rejects.toThrow(/^https:\/\/www\.shop\.test\/robots\.txt: .*certificate/i);
  });

  it('gives up on a host that never answers after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const impatient = createFetcher({ resolve: [{ host: 'slow.test', address: '127.0.0.1', port }], ignoreHttpsErrors: true, timeoutMs: 300 });
      await expect(impatient('http://slow.test/robots.txt')).rejects.toThrow('http://slow.test/robots.txt: no complete answer within 0.3 s');
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('sends the user agent and extra headers', async () => {
    const seen: Record<string, unknown> = {};
    const echo = await startVirtualHostServer({
      'h.test': {
        '/': (request) => {
          Object.assign(seen, request.headers);
          return { body: 'ok' };
        },
      },
    });
    try {
      const withHeaders = createFetcher({
        resolve: [{ host: 'h.test', address: '127.0.0.1', port: echo.port }],
        ignoreHttpsErrors: true,
        userAgent: 'cookie-audit-test',
        headers: { 'x-preview-token': 'secret' },
        timeoutMs: 5_000,
      });
      expect((await withHeaders('https://h.test/')).body.toString()).toBe('ok');
      expect(seen).toMatchObject({ host: 'h.test', 'user-agent': 'cookie-audit-test', 'x-preview-token': 'secret' });
    } finally {
      await echo.close();
    }
  });
});
