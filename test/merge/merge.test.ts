import { describe, expect, it } from 'vitest';
import { mergeScans, scanRecordFromReport } from '../../src/merge/merge.js';
import type { AuditResult, JourneyOutcome, ScanRecord, SiteScan } from '../../src/model/result.js';
import { DAY, entry, observation, rejected, run, scan, sessionObservation, site, storageObservation } from '../audit/builders.js';

const HOME = 'https://www.esomus.test/';
const SHOP = 'https://www.esomus.test/shop';

describe('mergeScans: the scan metadata', () => {
  it('spans the earliest start to the latest finish, whatever the order of the shards', () => {
    const a = { ...scan([]), startedAt: '2025-03-10T09:00:00.000Z', finishedAt: '2025-03-10T09:05:00.000Z' };
    const b = { ...scan([]), startedAt: '2025-03-10T08:58:00.000Z', finishedAt: '2025-03-10T09:02:00.000Z' };
    for (const records of [[a, b], [b, a]]) {
      const merged = mergeScans(records);
      expect(merged.startedAt).toBe('2025-03-10T08:58:00.000Z');
      expect(merged.finishedAt).toBe('2025-03-10T09:05:00.000Z');
    }
  });

  it("keeps the first shard's browser, blocked third-party cookies when any shard's browser blocked them", () => {
    const merged = mergeScans([
      scan([], { browser: { version: '156.0.1.0' } }),
      scan([], { browser: { version: '157.0.0.0', thirdPartyCookies: 'blocked' } }),
    ]);
    expect(merged.browser).toEqual({ name: 'chromium', version: '156.0.1.0', thirdPartyCookies: 'blocked' });
    expect(mergeScans([scan([]), scan([])]).browser.thirdPartyCookies).toBe('allowed');
  });

  it('merges sites by name: start URLs united in order, pages summed, errors concatenated', () => {
    const error = { url: SHOP, message: 'HTTP 500' };
    const merged = mergeScans([
      scan([], { sites: [site({ startUrls: [HOME], pagesVisited: 3 }), site({ name: 'shop', startUrls: ['https://shop.test/'] })] }),
      scan([], { sites: [site({ startUrls: [SHOP, HOME], pagesVisited: 4, errors: [error] }), site({ name: 'blog', startUrls: ['https://blog.test/'] })] }),
    ]);
    expect(merged.sites.map((merged) => merged.name)).toEqual(['esomus', 'shop', 'blog']);
    expect(merged.sites[0]).toEqual({ name: 'esomus', scenario: 'anonymous', startUrls: [HOME, SHOP], pagesVisited: 7, errors: [error], complete: true });
  });

  it('merges sites per (name, scenario): the same site under two scenarios stays two sites', () => {
    const merged = mergeScans([
      scan([], { sites: [site({ startUrls: [HOME] }), site({ scenario: 'consent-given', startUrls: [HOME] })] }),
      scan([], { sites: [site({ scenario: 'consent-given', startUrls: [SHOP], pagesVisited: 2 })] }),
    ]);
    expect(merged.sites.map(({ name, scenario, startUrls, pagesVisited }) => [name, scenario, startUrls, pagesVisited])).toEqual([
      ['esomus', 'anonymous', [HOME], 3],
      ['esomus', 'consent-given', [HOME, SHOP], 5],
    ]);
  });

  it('reads a site without a scenario (an older report) as the anonymous one', () => {
    const old = site() as Partial<SiteScan>;
    delete old.scenario;
    const merged = mergeScans([scan([], { sites: [old as SiteScan] }), scan([], { sites: [site({ startUrls: [SHOP] })] })]);
    expect(merged.sites).toEqual([expect.objectContaining({ scenario: 'anonymous', startUrls: [HOME, SHOP] })]);
  });

  it("keeps a scenario's journey, the one that completed the fewest steps when shards differ", () => {
    const done: JourneyOutcome = { completed: 4, steps: 4, consent: 'given', preloadedCookies: 2 };
    const failed: JourneyOutcome = { ...done, completed: 1, consent: 'none' };
    const given = (journey: JourneyOutcome, stoppedBy: SiteScan['stoppedBy'] = null) => site({ scenario: 'consent-given', journey, stoppedBy });
    expect(mergeScans([scan([], { sites: [given(done)] }), scan([], { sites: [given(done)] })]).sites[0].journey).toEqual(done);
    for (const order of [[done, failed], [failed, done]]) {
      const merged = mergeScans(order.map((journey) => scan([], { sites: [given(journey, journey === failed ? 'journey-failed' : null)] })));
      expect(merged.sites[0]).toMatchObject({ journey: failed, stoppedBy: 'journey-failed' });
    }
    expect(mergeScans([scan([]), scan([])]).sites[0]).not.toHaveProperty('journey');
  });

  it('calls a site complete only when every shard covered its part', () => {
    const merged = mergeScans([scan([], { sites: [site()] }), scan([], { sites: [site({ complete: false })] }), scan([], { sites: [site()] })]);
    expect(merged.sites[0].complete).toBe(false);
    expect(mergeScans([scan([]), scan([])]).sites[0].complete).toBe(true);
  });

  it('sums pages not visited and keeps the first reason a shard stopped', () => {
    const merged = mergeScans([
      scan([], { sites: [site({ notVisited: 0, stoppedBy: null })] }),
      scan([], { sites: [site({ notVisited: 5, stoppedBy: 'max-pages' })] }),
    ]);
    expect(merged.sites[0]).toMatchObject({ notVisited: 5, stoppedBy: 'max-pages' });
    expect(mergeScans([scan([]), scan([])]).sites[0]).not.toHaveProperty('notVisited');
  });

  it('refuses to merge nothing', () => {
    expect(() => mergeScans([])).toThrow(RangeError);
  });
});

describe('mergeScans: cookies', () => {
  it('makes one observation of a cookie seen on several shards, and keeps cookies that differ apart', () => {
    const merged = mergeScans([
      scan([observation(), observation({ name: 'U2' })]),
      scan([observation(), observation({ path: '/shop' }), observation({ partitionKey: 'https://www.esomus.test' }), observation({ site: 'other' })]),
    ]);
    expect(merged.cookies.map(({ site, name, path, partitionKey }) => [site, name, path, partitionKey])).toEqual([
      ['esomus', 'U2', '/', null],
      ['esomus', 'UID', '/', null],
      ['esomus', 'UID', '/', 'https://www.esomus.test'],
      ['esomus', 'UID', '/shop', null],
      ['other', 'UID', '/', null],
    ]);
  });

  it('keeps where the cookie was first met: the earliest setAt, its page, how and by whom it was set', () => {
    const late = observation({ setAt: '2025-03-10T09:05:00.000Z', firstSeenUrl: SHOP, setBy: 'js', initiatorUrl: 'https://cdn.tag.test/t.js', initiatorDomain: 'tag.test', sameSite: 'None' });
    const early = observation({ setAt: '2025-03-10T09:01:00.000Z', firstSeenUrl: HOME, setBy: 'http', initiatorUrl: HOME, initiatorDomain: 'esomus.test' });
    for (const records of [[scan([late]), scan([early])], [scan([early]), scan([late])]]) {
      expect(mergeScans(records).cookies).toEqual([early]);
    }
  });

  it('keeps the longest requested lifetime with what the browser kept of it, and says lifetimes varied', () => {
    const short = observation({ setAt: '2025-03-10T09:01:00.000Z', requestedLifetimeSeconds: 30 * DAY, effectiveLifetimeSeconds: 30 * DAY });
    const long = observation({ setAt: '2025-03-10T09:03:00.000Z', firstSeenUrl: SHOP, requestedLifetimeSeconds: 3650 * DAY, effectiveLifetimeSeconds: 400 * DAY });
    const [merged] = mergeScans([scan([short]), scan([long])]).cookies;
    expect(merged).toMatchObject({
      requestedLifetimeSeconds: 3650 * DAY,
      effectiveLifetimeSeconds: 400 * DAY,
      // Lifetime bounds are counted from the write that asked for the longest, as the recorder does.
      setAt: '2025-03-10T09:03:00.000Z',
      firstSeenUrl: HOME,
      lifetimeVaried: true,
    });
  });

  it('takes the persistent reading over a session one (a session cookie is the shortest lifetime)', () => {
    const [merged] = mergeScans([scan([sessionObservation()]), scan([observation({ requestedLifetimeSeconds: 7 * DAY })])]).cookies;
    expect(merged).toMatchObject({ type: 'persistent', requestedLifetimeSeconds: 7 * DAY, lifetimeVaried: true });
  });

  it('keeps lifetimeVaried from any shard, and leaves it false when every shard asked for the same', () => {
    expect(mergeScans([scan([observation({ lifetimeVaried: true })]), scan([observation()])]).cookies[0].lifetimeVaried).toBe(true);
    expect(mergeScans([scan([observation()]), scan([observation({ setAt: '2025-03-10T09:09:00.000Z' })])]).cookies[0]).toMatchObject({
      lifetimeVaried: false,
      setAt: '2025-03-10T09:00:00.000Z',
    });
  });

  it('calls a cookie transient only when it was deleted on every shard', () => {
    expect(mergeScans([scan([observation({ transient: true })]), scan([observation()])]).cookies[0].transient).toBe(false);
    expect(mergeScans([scan([observation({ transient: true })]), scan([observation({ transient: true })])]).cookies[0].transient).toBe(true);
  });

  it('keeps the same cookie under two scenarios as two observations, and merges it per scenario across shards', () => {
    const anonymous = observation({ consent: 'none' });
    const given = observation({ scenario: 'consent-given', consent: 'given' });
    const merged = mergeScans([scan([anonymous, given]), scan([observation({ scenario: 'consent-given', consent: 'given', setAt: '2025-03-10T09:04:00.000Z' })])]);
    expect(merged.cookies).toEqual([anonymous, given]);
  });

  it('keeps the least consent any shard saw the cookie set under, whatever the clocks say', () => {
    const before = observation({ scenario: 'consent-given', consent: 'none', setAt: '2025-03-10T09:02:00.000Z' });
    const refused = observation({ scenario: 'consent-given', consent: 'refused', setAt: '2025-03-10T09:03:00.000Z' });
    const after = observation({ scenario: 'consent-given', consent: 'given', setAt: '2025-03-10T09:01:00.000Z' });
    expect(mergeScans([scan([after]), scan([before])]).cookies).toEqual([{ ...after, consent: 'none' }]);
    expect(mergeScans([scan([after]), scan([refused])]).cookies).toEqual([{ ...after, consent: 'refused' }]);
    expect(mergeScans([scan([after]), scan([observation({ ...after, consent: undefined })])]).cookies).toEqual([after]);
  });

  it('sorts cookies as the audit does, whatever the shard order', () => {
    const a = scan([observation({ name: 'b' }), observation({ name: 'a', site: 'z' })]);
    const b = scan([observation({ name: 'B' }), observation({ name: 'a' })]);
    const names = (record: ScanRecord) => record.cookies.map((cookie) => `${cookie.site}:${cookie.name}`);
    expect(names(mergeScans([a, b]))).toEqual(['esomus:B', 'esomus:a', 'esomus:b', 'z:a']);
    expect(mergeScans([b, a])).toEqual(mergeScans([a, b]));
  });
});

describe('mergeScans: storage and rejected cookies', () => {
  it('keeps one storage key per (site, kind, origin, key): the first in input order', () => {
    const merged = mergeScans([
      scan([], { storage: [storageObservation({ firstSeenUrl: SHOP }), storageObservation({ kind: 'sessionStorage' })] }),
      scan([], { storage: [storageObservation({ firstSeenUrl: HOME }), storageObservation({ origin: 'https://tag.test', party: 'third' })] }),
    ]);
    expect(merged.storage.map(({ kind, origin, firstSeenUrl }) => [kind, origin, firstSeenUrl])).toEqual([
      ['localStorage', 'https://tag.test', HOME],
      ['localStorage', 'https://www.esomus.test', SHOP],
      ['sessionStorage', 'https://www.esomus.test', HOME],
    ]);
  });

  it('keeps storage keys and rejected cookies apart per scenario, merged per scenario across shards', () => {
    const given = { scenario: 'consent-given' };
    const merged = mergeScans([
      scan([], { storage: [storageObservation(), storageObservation(given)], rejectedCookies: [rejected(), rejected(given)] }),
      scan([], { storage: [storageObservation(given)], rejectedCookies: [rejected(given)] }),
    ]);
    expect(merged.storage.map(({ scenario }) => scenario)).toEqual(['anonymous', 'consent-given']);
    expect(merged.rejectedCookies.map(({ scenario }) => scenario)).toEqual(['anonymous', 'consent-given']);
  });

  it('keeps one rejected cookie per (site, name, attributes, response URL)', () => {
    const merged = mergeScans([
      scan([], { rejectedCookies: [rejected({ pageUrl: SHOP }), rejected({ responseUrl: 'https://tag.test/p' })] }),
      scan([], { rejectedCookies: [rejected({ pageUrl: HOME }), rejected({ attributes: '__Host-session=…; Path=/' })] }),
    ]);
    expect(merged.rejectedCookies.map(({ attributes, responseUrl, pageUrl }) => [attributes, responseUrl, pageUrl])).toEqual([
      ['__Host-session=…; Domain=esomus.test; Path=/; Secure', 'https://tag.test/p', HOME],
      ['__Host-session=…; Domain=esomus.test; Path=/; Secure', HOME, SHOP],
      ['__Host-session=…; Path=/', HOME, HOME],
    ]);
  });
});

describe('scanRecordFromReport', () => {
  it('gives back the scan a report was made from', () => {
    const record = scan([observation(), sessionObservation({ name: 'sid' })], {
      storage: [storageObservation()],
      rejectedCookies: [rejected()],
      sites: [site({ errors: [{ url: SHOP, message: 'HTTP 500' }] })],
    });
    const report = run(record.cookies, [entry({ id: 'uid', name: 'UID' })], { storage: record.storage, rejectedCookies: record.rejectedCookies, sites: record.sites });
    const rebuilt = scanRecordFromReport(report);
    expect(rebuilt).toEqual({ ...record, cookies: [...record.cookies].sort((a, b) => (a.name < b.name ? -1 : 1)) });
    expect(rebuilt.cookies[0]).not.toHaveProperty('declared');
    expect(rebuilt.storage[0]).not.toHaveProperty('declared');
  });

  it('reads a report written before storage, rejected cookies, transient and the third-party check existed', () => {
    const report = run([observation()], []);
    const old = JSON.parse(JSON.stringify(report)) as Record<string, unknown> & AuditResult;
    delete (old as Partial<AuditResult>).storage;
    delete (old as Partial<AuditResult>).rejectedCookies;
    delete (old.scan.browser as Partial<AuditResult['scan']['browser']>).thirdPartyCookies;
    for (const cookie of old.cookies as Partial<AuditResult['cookies'][number]>[]) {
      delete cookie.transient;
      delete cookie.lifetimeVaried;
      delete cookie.initiatorDomain;
    }
    const rebuilt = scanRecordFromReport(old);
    expect(rebuilt.storage).toEqual([]);
    expect(rebuilt.rejectedCookies).toEqual([]);
    expect(rebuilt.browser.thirdPartyCookies).toBe('allowed');
    expect(rebuilt.cookies[0]).toMatchObject({ transient: false, lifetimeVaried: false, initiatorDomain: null });
    const merged = mergeScans([rebuilt, scanRecordFromReport(run([observation({ transient: true })], []))]);
    expect(merged.cookies).toHaveLength(1);
    expect(merged.cookies[0].transient).toBe(false);
  });

  it('reads a report written before scenarios: everything under "anonymous", no consent state', () => {
    const report = run([observation()], [], { storage: [storageObservation()], rejectedCookies: [rejected()] });
    const old = JSON.parse(JSON.stringify(report)) as AuditResult;
    for (const item of [...old.scan.sites, ...old.cookies, ...old.storage, ...old.rejectedCookies] as { scenario?: string }[]) delete item.scenario;
    const rebuilt = scanRecordFromReport(old);
    expect([...rebuilt.sites, ...rebuilt.cookies, ...rebuilt.storage, ...rebuilt.rejectedCookies].map(({ scenario }) => scenario)).toEqual([
      'anonymous',
      'anonymous',
      'anonymous',
      'anonymous',
    ]);
    expect(rebuilt.cookies[0]).not.toHaveProperty('consent');
    expect(mergeScans([rebuilt, scanRecordFromReport(report)]).cookies).toHaveLength(1);
  });

  it('merges records that lack the arrays older saved scans did not have', () => {
    const old = { ...scan([observation()]) } as Partial<ScanRecord>;
    delete old.storage;
    delete old.rejectedCookies;
    const merged = mergeScans([old as ScanRecord, scan([], { storage: [storageObservation()] })]);
    expect(merged).toMatchObject({ storage: [storageObservation()], rejectedCookies: [] });
    expect(merged.cookies).toHaveLength(1);
  });

  it('keeps the values of a scan run with --include-values (the reporters write them only when asked)', () => {
    const report = run([observation({ value: 'secret' })], []);
    expect(scanRecordFromReport(report).cookies[0].value).toBe('secret');
    expect(scanRecordFromReport(run([observation()], [])).cookies[0]).not.toHaveProperty('value');
  });
});
