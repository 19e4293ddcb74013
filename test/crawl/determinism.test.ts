import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { scan } from '../../src/crawl/scan.js';
import { parseInventory } from '../../src/inventory/load.js';
import type { ScanRecord } from '../../src/model/result.js';
import { renderJson } from '../../src/report/json.js';
import { page, redirect, startHostileServer, type Handler, type HostileHosts, type HostileServer } from '../fixtures/sites/hostile-server.js';

/**
 * The same site scanned twice gives the same JSON report, timestamps and timings aside, even though
 * four pages load at once and the server answers each request after a random delay, so pages finish
 * in a different order on every run.
 */

const PAGES = 8;

/** Answers after 0–150 ms, at random. */
function jittered(handler: Handler): Handler {
  return (request, response, url) => {
    setTimeout(() => handler(request, response, url), Math.floor(Math.random() * 150));
  };
}

function hosts(): HostileHosts {
  const pages: HostileHosts[string] = {
    '/': page(
      `${Array.from({ length: PAGES }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(' ')}
       <a href="/missing">missing</a> <a href="/hop">hop</a> <a href="https://www.partner.test/">partner</a> <a href="mailto:dpo@stable.test">mail</a>
       <iframe src="https://ads.adnet.test/frame"></iframe>
       <script>sessionStorage.setItem('home_key', 'v');</script>`,
      { cookies: ['sid=1; Path=/', '__Host-bad=1; Domain=stable.test; Path=/; Secure'] },
    ),
    '/missing': page('gone', { status: 404 }),
    '/hop': redirect('/landed', { cookies: ['hop=1; Path=/; Max-Age=600'] }),
    '/landed': page('<a href="/">home</a>'),
    '/robots.txt': (_request, response) => response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Sitemap: https://www.stable.test/sitemap.xml\n'),
    '/sitemap.xml': (_request, response) =>
      response
        .writeHead(200, { 'Content-Type': 'application/xml' })
        .end('<?xml version="1.0"?><urlset><url><loc>https://www.stable.test/only-in-sitemap</loc></url><url><loc>https://elsewhere.test/x</loc></url></urlset>'),
    '/only-in-sitemap': page('hidden', { cookies: ['sitemap_only=1; Path=/; Max-Age=86400'] }),
  };
  for (let i = 0; i < PAGES; i++) {
    pages[`/p/${i}`] = page(
      `<a href="/p/${(i + 1) % PAGES}">next</a> <a href="/deep/${i}">deeper</a> <a href="https://www.other${i % 3}.test/">other</a>
       <script>
         setTimeout(() => { document.cookie = 'js_${i}=1; path=/; max-age=${(i + 1) * 3600}'; }, ${40 * (i % 4)});
         sessionStorage.setItem('visited_${i}', '1');
       </script>`,
      { cookies: [`p_${i}=1; Path=/p/${i}; Max-Age=${(i + 1) * 86_400}`] },
    );
    pages[`/deep/${i}`] = page(`deep ${i}`, { cookies: [`deep_${i}=1; Path=/; Max-Age=3600`] });
  }
  const all: HostileHosts = {
    'www.stable.test': pages,
    'ads.adnet.test': { '/frame': page('ad', { cookies: ['ad_id=1; Path=/; Max-Age=86400; Secure; SameSite=None'] }) },
  };
  for (const routes of Object.values(all)) for (const path of Object.keys(routes)) routes[path] = jittered(routes[path]);
  return all;
}

const INVENTORY = parseInventory(
  `version: 1
policy:
  title: Test policy
  owner: Test
  version: "1"
  persistent: { minLifetime: 1 day, maxLifetime: 1 year }
sites: []
cookies:
  - { id: sid, name: sid, party: first, type: session, label: Session, purpose: { fr: Session } }
  - { id: p, name: "p_*", party: first, type: persistent, maxLifetime: 3 days, label: Pages, purpose: { fr: Pages } }
  - { id: never, name: never_set, party: first, type: session, label: Jamais, purpose: { fr: Jamais } }
`,
  'inventory.yaml',
);

/**
 * What may differ between two scans of the same site: when things happened and how long they took.
 * Every key named *At (startedAt, finishedAt, setAt) or *Ms is replaced by its kind.
 *
 * And one more, a known defect outside the crawl: the lifetime the browser kept
 * (effectiveLifetimeSeconds, and findings' facts.effectiveSeconds) is the jar's expiry minus the
 * moment Node heard of the write, rounded to the second, so it comes out 3599 or 3600 for a
 * max-age=3600 cookie depending on how busy the machine is. It is rounded to the minute here.
 */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (/At$|Ms$/.test(key)) return [key, `<${typeof inner}>`];
        if (/^effective(Lifetime)?Seconds$/.test(key) && typeof inner === 'number') return [key, Math.round(inner / 60) * 60];
        return [key, withoutTimes(inner)];
      }),
    );
  }
  return value;
}

describe('the same site scanned twice', () => {
  let server: HostileServer;
  const reports: string[] = [];
  const records: ScanRecord[] = [];

  beforeAll(async () => {
    server = await startHostileServer(hosts());
    for (let run = 0; run < 2; run++) {
      const record = await scan({
        sites: [{ name: 'stable', urls: ['https://www.stable.test/'], domains: ['stable.test'] }],
        resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }],
        blockUnmappedHosts: true,
        ignoreHttpsErrors: true,
        concurrency: 4,
        // Fewer than the site's 21 pages: which ones are visited must not depend on timing.
        maxPages: 15,
        maxDepth: 2,
        // Quiet pages are left after 0.2 s; a long cap keeps a loaded machine from cutting one short in one run only.
        settleMs: 5_000,
      });
      records.push(record);
      reports.push(renderJson(audit(record, INVENTORY, { failOn: 'error', tool: { name: 'cookie-audit', version: 'test' }, today: '2025-01-01' })));
    }
  }, 180_000);
  afterAll(() => server?.close());

  it('covers what it should (the comparison below is not of two empty reports)', () => {
    const [site] = records[0].sites;
    expect(site).toMatchObject({ complete: true, pagesVisited: 15, stoppedBy: 'max-pages' });
    expect(site.errors.map((error) => error.url)).toContain('https://www.stable.test/missing');
    expect(site.skippedLinks?.length).toBeGreaterThan(3);
    expect(records[0].cookies.length).toBeGreaterThan(15);
    expect(records[0].rejectedCookies.length).toBeGreaterThan(0);
    expect(records[0].storage.length).toBeGreaterThan(3);
  });

  it('gives the same JSON report, timestamps and timings aside', () => {
    const [first, second] = reports.map((report) => withoutTimes(JSON.parse(report)));
    expect(second).toEqual(first);
  });

  it('normalises only timestamps: the reports do carry them, and they differ', () => {
    const [first, second] = reports.map((report) => JSON.parse(report));
    expect(first.scan.startedAt).not.toBe(second.scan.startedAt);
    expect(JSON.stringify(withoutTimes(first))).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });
});
