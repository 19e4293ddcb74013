import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/crawl/scan.js';
import type { Observation } from '../../src/model/observation.js';
import type { ScanRecord } from '../../src/model/result.js';
import { CAPTURE_HOSTS } from '../fixtures/sites/capture.js';
import { fixtureScanOptions, startVirtualHostServer, type RunningServer } from '../helpers/fixture-scan.js';

const SITE = { name: 'shop', urls: ['https://www.shop.test/'], domains: ['shop.test'] };
const CHROMIUM_CAP_SECONDS = 400 * 86_400;

describe('capture on a real Chromium against a multi-host HTTPS site', () => {
  let server: RunningServer;
  let record: ScanRecord;
  const cookie = (name: string): Observation | undefined => record.cookies.find((observed) => observed.name === name);

  beforeAll(async () => {
    server = await startVirtualHostServer(CAPTURE_HOSTS);
    record = await scan({ sites: [SITE], maxDepth: 3, ...fixtureScanOptions(server) });
  }, 120_000);
  afterAll(() => server?.close());

  it('records a cookie set on a 302 redirect hop, attributed to the hop', () => {
    expect(cookie('hop')).toMatchObject({
      domain: '.shop.test',
      setBy: 'http',
      initiatorUrl: 'https://www.shop.test/hop',
      firstSeenUrl: 'https://www.shop.test/hop',
      type: 'session',
      party: 'first',
    });
  });

  it('keeps the requested lifetime of a script write next to the 400-day lifetime Chromium kept', () => {
    const longLived = cookie('js_long');
    expect(longLived).toMatchObject({ setBy: 'js', initiatorUrl: 'https://static.metrics.test/m.js', party: 'first' });
    expect(longLived?.requestedLifetimeSeconds).toBe(10 * 365 * 86_400);
    expect(longLived?.effectiveLifetimeSeconds).toBeGreaterThan(CHROMIUM_CAP_SECONDS - 60);
    expect(longLived?.effectiveLifetimeSeconds).toBeLessThanOrEqual(CHROMIUM_CAP_SECONDS);
  });

  it('sees third-party cookies from a cross-site iframe (fails the day Chromium blocks them again)', () => {
    expect(cookie('ad_id')).toMatchObject({
      domain: 'ads.adnet.test',
      party: 'third',
      sameSite: 'None',
      secure: true,
      requestedLifetimeSeconds: 86_400,
      initiatorUrl: 'https://ads.adnet.test/frame',
    });
  });

  it('reads lifetimes from Max-Age before Expires, and Expires from the arrival time', () => {
    expect(cookie('both')?.requestedLifetimeSeconds).toBe(7200);
    const dated = cookie('dated');
    const expected = (Date.UTC(2098, 0, 1) - Date.parse(dated!.setAt)) / 1000;
    expect(Math.abs(dated!.requestedLifetimeSeconds! - expected)).toBeLessThan(5);
    expect(dated?.effectiveLifetimeSeconds).toBeLessThanOrEqual(CHROMIUM_CAP_SECONDS);
  });

  it('records what the header said of SameSite, not the browser default', () => {
    expect(cookie('plain')).toMatchObject({ sameSite: null, type: 'session', requestedLifetimeSeconds: null, effectiveLifetimeSeconds: null });
    expect(cookie('strict')).toMatchObject({ sameSite: 'Strict', secure: true, httpOnly: true });
  });

  it('does not observe cookies the browser refused or that expired on arrival', () => {
    expect(cookie('__Host-refused')).toBeUndefined();
    expect(cookie('gone')).toBeUndefined();
  });

  it('follows same-site links breadth first within the depth limit, never off-site', () => {
    const site = record.sites[0];
    expect(site).toMatchObject({ name: 'shop', complete: true, errors: [] });
    // /, /hop (landing on /landed), /deep/1, /deep/2, /deep/3 — /deep/4 is at depth 4.
    expect(site.pagesVisited).toBe(5);
    expect(cookie('other')).toBeUndefined();
    expect(record.browser.version).toMatch(/^\d+\./);
  });
});

describe('a start URL that cannot be reached', () => {
  it('marks the site incomplete and names the URL', async () => {
    const server = await startVirtualHostServer({});
    try {
      const record = await scan({
        sites: [{ name: 'down', urls: ['https://nowhere.invalid/'], domains: ['nowhere.invalid'] }],
        ...fixtureScanOptions(server),
      });
      expect(record.sites[0]).toMatchObject({ complete: false, pagesVisited: 0 });
      const startError = record.sites[0].errors.find((error) => error.url === 'https://nowhere.invalid/');
      expect(startError?.message).toMatch(/ERR_NAME_NOT_RESOLVED/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
