import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/crawl/scan.js';
import type { Observation } from '../../src/model/observation.js';
import type { ScanRecord } from '../../src/model/result.js';
import { FIDELITY_HOSTS } from '../fixtures/sites/fidelity.js';
import { fixtureScanOptions, startVirtualHostServer, type RunningServer } from '../helpers/fixture-scan.js';

const HOME = 'https://www.fidelity.test/';

describe('capture fidelity: every way a cookie is set, and who set it', () => {
  let server: RunningServer;
  let record: ScanRecord;
  const cookie = (name: string): Observation | undefined => record.cookies.find((observed) => observed.name === name);
  const names = () => record.cookies.map((observed) => observed.name);

  beforeAll(async () => {
    server = await startVirtualHostServer(FIDELITY_HOSTS);
    record = await scan({ sites: [{ name: 'fidelity', urls: [HOME], domains: ['fidelity.test'] }], maxDepth: 1, ...fixtureScanOptions(server) });
  }, 120_000);
  afterAll(() => server?.close());

  it('sees Set-Cookie on sub-resources: img, script, CSS, fetch and beacon', () => {
    for (const [name, path] of [['from_img', '/pixel.gif'], ['from_script', '/lib.js'], ['from_css', '/style.css'], ['from_fetch', '/api/data'], ['from_beacon', '/beacon']]) {
      expect(cookie(name), name).toMatchObject({ setBy: 'http', initiatorUrl: `https://www.fidelity.test${path}`, firstSeenUrl: HOME });
    }
  });

  it('sees every hop of a 301 → 307 → 308 redirect chain', () => {
    for (const name of ['hop301', 'hop307', 'hop308']) expect(cookie(name), name).toMatchObject({ setBy: 'http', firstSeenUrl: 'https://www.fidelity.test/r301' });
    expect(cookie('hop307')?.initiatorUrl).toBe('https://www.fidelity.test/r307');
  });

  it('sees cookies set by a service worker’s fetch and by a popup', () => {
    expect(cookie('from_sw')).toMatchObject({ setBy: 'http', initiatorUrl: 'https://www.fidelity.test/from-sw' });
    expect(cookie('from_popup')).toMatchObject({ setBy: 'http', initiatorUrl: 'https://www.fidelity.test/popup', firstSeenUrl: HOME });
  });

  it('attributes script writes to the calling script, in the page and in a cross-site iframe', () => {
    expect(cookie('_vendor_id')).toMatchObject({
      setBy: 'js',
      party: 'first',
      initiatorUrl: 'https://cdn.vendor.test/tag.js',
      initiatorDomain: 'vendor.test',
      requestedLifetimeSeconds: 10 * 365 * 86_400,
    });
    expect(cookie('ad_js')).toMatchObject({ setBy: 'js', party: 'third', initiatorDomain: 'partner.test' });
    expect(cookie('ad_http')).toMatchObject({ setBy: 'http', party: 'third', initiatorDomain: 'partner.test' });
  });

  it('sees CookieStore writes, and writes that come after load (timer) and after a scroll', () => {
    const week = cookie('store_set');
    expect(week).toMatchObject({ setBy: 'js', type: 'persistent', initiatorUrl: HOME });
    expect(Math.abs((week?.requestedLifetimeSeconds ?? 0) - 7 * 86_400)).toBeLessThan(5);
    expect(cookie('late')).toMatchObject({ setBy: 'js', requestedLifetimeSeconds: 3600 });
    expect(cookie('scrolled')).toMatchObject({ setBy: 'js', type: 'session' });
  });

  it('reports cookies set then deleted as transient, and audits them like any other', () => {
    expect(cookie('temp')).toMatchObject({ transient: true, setBy: 'js', type: 'session' });
    expect(cookie('store_gone')).toMatchObject({ transient: true, setBy: 'js' });
    expect(cookie('dropped_later')).toMatchObject({ transient: true, setBy: 'http', requestedLifetimeSeconds: 86_400 });
    expect(cookie('dropped_later')?.effectiveLifetimeSeconds).toBeGreaterThan(86_000);
    expect(cookie('from_img')?.transient).toBe(false);
  });

  it('reports the longest requested lifetime of a cookie written twice, and says it varied', () => {
    expect(cookie('over')).toMatchObject({ requestedLifetimeSeconds: 6000, lifetimeVaried: true, transient: false });
    expect(cookie('from_img')?.lifetimeVaried).toBe(false);
  });

  it('does not observe deleting a cookie that never existed', () => {
    expect(names()).not.toContain('ghost');
  });

  it('lists refused Set-Cookie headers apart, with Chromium’s reasons and no value', () => {
    const rejected = Object.fromEntries(record.rejectedCookies.map((refusal) => [refusal.name, refusal]));
    expect(rejected['__Host-refused']).toMatchObject({ reasons: ['InvalidPrefix'], responseUrl: HOME, pageUrl: HOME });
    expect(rejected.nonesecure?.reasons).toContain('SameSiteNoneInsecure');
    expect(rejected.wrongdomain?.reasons).toContain('InvalidDomain');
    expect(rejected.huge?.reasons.join()).toMatch(/ExceedsMaxSize|Size/);
    expect(rejected.huge?.attributes).toBe('huge=…; Path=/');
    for (const name of ['__Host-refused', 'nonesecure', 'wrongdomain', 'huge']) expect(names()).not.toContain(name);
  });

  it('keeps the partition key of a CHIPS cookie', () => {
    expect(cookie('ad_chips')).toMatchObject({ partitionKey: 'https://fidelity.test', party: 'third' });
  });

  it('checks that third-party cookies were really allowed, and says which browser ran', () => {
    expect(record.browser).toMatchObject({ name: 'chromium', thirdPartyCookies: 'allowed' });
  });

  it('records storage keys and IndexedDB names per origin, never values', () => {
    const storage = record.storage.map(({ kind, origin, key, party }) => `${kind} ${origin} ${key} ${party}`);
    expect(storage).toEqual(
      expect.arrayContaining([
        'localStorage https://www.fidelity.test ls_key first',
        'sessionStorage https://www.fidelity.test ss_key first',
        'indexedDB https://www.fidelity.test idb_name first',
        'localStorage https://ads.partner.test ad_ls third',
      ]),
    );
    expect(JSON.stringify(record)).not.toContain('secret-value');
  });
});
