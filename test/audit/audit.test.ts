import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import type { Observation, RejectedCookie } from '../../src/model/observation.js';
import {
  DAY,
  entry,
  esomusEntries,
  observation,
  rejected,
  run,
  sessionObservation,
  site,
  storageObservation,
  TOOL,
} from './builders.js';

function esomusCookies(): Observation[] {
  return [
    observation({ name: 'UID', requestedLifetimeSeconds: 3650 * DAY, effectiveLifetimeSeconds: 400 * DAY }),
    sessionObservation({ name: 'STCK_ID' }),
    sessionObservation({ name: 'STCK_ID', path: '/compte' }),
    sessionObservation({ name: 'CODE_OP' }),
    observation({ name: 'U2', site: 'shop', domain: 'ads.partenaire-pub.test', party: 'third' }),
    observation({ name: '_ma_id', setBy: 'js', initiatorUrl: 'https://cdn.test/tag.js', requestedLifetimeSeconds: 3600 }),
    observation({ name: 'A', site: 'shop', partitionKey: 'https://shop.test' }),
    observation({ name: 'A', site: 'shop', partitionKey: null }),
  ];
}

const SITES = [site(), site({ name: 'shop', pagesVisited: 4, errors: [{ url: 'https://shop.test/x', message: 'timeout' }] })];

describe('the result', () => {
  test('carries the contract fields: schema version, tool, inventory, scan without cookies', () => {
    const result = run(esomusCookies(), esomusEntries(), { sites: SITES });
    expect(result.schemaVersion).toBe(1);
    expect(result.tool).toEqual(TOOL);
    expect(result.inventory).toEqual({
      file: 'inventory.yaml',
      policy: {
        title: 'Politique relative aux cookies',
        owner: 'ESOMUS',
        version: '01 avril 2022',
        // The band in seconds, counted from the scan's start: 5 calendar years hold one or two leap days.
        persistent: { minLifetimeSeconds: 86_400, maxLifetimeSeconds: expect.toSatisfy((s: number) => s === 1826 * 86_400 || s === 1827 * 86_400) },
      },
    });
    expect(Object.keys(result.scan)).toEqual(['startedAt', 'finishedAt', 'browser', 'sites']);
    expect(result.scan.sites).toEqual(SITES);
    expect(result.scan.browser).toEqual({ name: 'chromium', version: '156.0.0.0', thirdPartyCookies: 'allowed' });
  });

  test('is the same whatever order the observations and sites arrive in', () => {
    const forward = run(esomusCookies(), esomusEntries(), { sites: SITES });
    const backward = run(esomusCookies().reverse(), esomusEntries(), { sites: SITES });
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  test('sorts cookies by site, name, domain, path, partition key', () => {
    const result = run(esomusCookies().reverse(), esomusEntries());
    expect(result.cookies.map((cookie) => [cookie.site, cookie.name, cookie.path, cookie.partitionKey])).toEqual([
      ['esomus', 'CODE_OP', '/', null],
      ['esomus', 'STCK_ID', '/', null],
      ['esomus', 'STCK_ID', '/compte', null],
      ['esomus', 'UID', '/', null],
      ['esomus', '_ma_id', '/', null],
      ['shop', 'A', '/', null],
      ['shop', 'A', '/', 'https://shop.test'],
      ['shop', 'U2', '/', null],
    ]);
  });

  test('sorts findings by severity, kind, site, cookie and entry', () => {
    const result = run(esomusCookies(), esomusEntries());
    const key = (finding: Finding) => [finding.severity, finding.kind, finding.site, finding.cookie?.name ?? finding.entry];
    expect(result.findings.map(key)).toEqual([
      ['error', 'undeclared', 'esomus', 'CODE_OP'],
      ['error', 'undeclared', 'esomus', '_ma_id'],
      ['error', 'undeclared', 'shop', 'A'],
      ['error', 'undeclared', 'shop', 'A'],
      ['error', 'over-long', 'esomus', 'UID'],
      ['error', 'party-mismatch', 'shop', 'U2'],
      ['warning', 'below-minimum', 'esomus', '_ma_id'],
      ['warning', 'unnamed-entry', null, 'code-operation'],
      ['warning', 'unnamed-entry', null, 'last-account-id'],
      ['warning', 'unnamed-entry', null, 'seo-keywords'],
    ]);
  });

  test('reports each observation field and the entry it matched; a value only when the scan recorded one', () => {
    const result = run([observation({ name: 'UID' })], [entry({ id: 'uid', name: 'UID' })]);
    expect(result.cookies).toEqual([{ ...observation({ name: 'UID' }), declared: 'uid' }]);
    expect(result.cookies[0]).not.toHaveProperty('value');
    const recorded = run([observation({ name: 'UID', value: 's3cr3t' })], [entry({ id: 'uid', name: 'UID' })]);
    expect(recorded.cookies[0].value).toBe('s3cr3t');
    expect(JSON.stringify(recorded.findings)).not.toContain('s3cr3t');
  });

  test('passes the new observation fields through', () => {
    const cookie = observation({ initiatorDomain: 'vendor.test', transient: true, lifetimeVaried: true });
    const [reported] = run([cookie], [entry({ id: 'uid', name: 'UID' })]).cookies;
    expect(reported).toMatchObject({ initiatorDomain: 'vendor.test', transient: true, lifetimeVaried: true, declared: 'uid' });
    expect(Object.keys(reported).slice(-4)).toEqual(['initiatorDomain', 'transient', 'lifetimeVaried', 'declared']);
  });

  test('reports whether the browser blocked third-party cookies', () => {
    const result = run([], [], { browser: { thirdPartyCookies: 'blocked' } });
    expect(result.scan.browser).toEqual({ name: 'chromium', version: '156.0.0.0', thirdPartyCookies: 'blocked' });
  });

  test('passes rejected cookies through, sorted by site, name and response URL, copied field by field', () => {
    const rejectedCookies = [
      rejected({ site: 'shop', name: 'a' }),
      rejected({ name: 'b', responseUrl: 'https://z.test/' }),
      rejected({ name: 'b', responseUrl: 'https://a.test/' }),
      { ...rejected({ name: 'a', reasons: ['SecureOnly', 'InvalidDomain'] }), value: 's3cr3t' } as RejectedCookie,
    ];
    const result = run([], [], { rejectedCookies });
    expect(result.rejectedCookies.map((cookie) => [cookie.site, cookie.name, cookie.responseUrl])).toEqual([
      ['esomus', 'a', 'https://www.esomus.test/'],
      ['esomus', 'b', 'https://a.test/'],
      ['esomus', 'b', 'https://z.test/'],
      ['shop', 'a', 'https://www.esomus.test/'],
    ]);
    expect(result.rejectedCookies[0]).toEqual(rejected({ name: 'a', reasons: ['SecureOnly', 'InvalidDomain'] }));
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
    expect(JSON.stringify(run([], [], { rejectedCookies: [...rejectedCookies].reverse() }))).toBe(JSON.stringify(result));
    expect(result.findings).toEqual([]);
  });

  test('leaves its input untouched', () => {
    const cookies = esomusCookies();
    const storage = [storageObservation({ key: 'b' }), storageObservation({ key: 'a' })];
    const rejectedCookies = [rejected({ name: 'b' }), rejected({ name: 'a' })];
    const before = JSON.stringify([cookies, storage, rejectedCookies, SITES]);
    const result = run(cookies, esomusEntries(), { sites: SITES, storage, rejectedCookies });
    result.rejectedCookies[0].reasons.push('mutated');
    result.scan.sites[1].errors[0].message = 'mutated';
    expect(JSON.stringify([cookies, storage, rejectedCookies, SITES])).toBe(before);
  });
});

describe('summary and verdict', () => {
  test('counts findings per severity, cookies, pages and scan errors', () => {
    const { summary } = run(esomusCookies(), esomusEntries(), { sites: SITES });
    expect(summary).toEqual({
      verdict: 'fail',
      failOn: 'error',
      cookies: 8,
      pagesVisited: 7,
      errors: 1,
      findings: { error: 6, warning: 4, info: 0 },
      waived: 0,
      gate: 'all',
    });
  });

  const warningOnly = [observation({ requestedLifetimeSeconds: 3600 })];
  const infoOnly = [observation()];
  const entries = [entry({ id: 'uid', name: 'UID' })];
  const withUnobserved = [...entries, entry({ id: 'u2', name: 'U2' })];

  test.each([
    ['a warning', 'error', 'pass', warningOnly, entries],
    ['a warning', 'warning', 'fail', warningOnly, entries],
    ['a warning', 'info', 'fail', warningOnly, entries],
    ['an info', 'warning', 'pass', infoOnly, withUnobserved],
    ['an info', 'info', 'fail', infoOnly, withUnobserved],
    ['nothing', 'info', 'pass', infoOnly, entries],
  ] as const)('%s with failOn %s gives %s', (_what, failOn, verdict, cookies, inventoryEntries) => {
    const result = run([...cookies], [...inventoryEntries], { failOn });
    expect(result.summary.verdict).toBe(verdict);
    expect(result.summary.failOn).toBe(failOn);
  });
});
