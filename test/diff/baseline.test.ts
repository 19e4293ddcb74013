import { describe, expect, test } from 'vitest';
import { compareWithBaseline, findingIdentity } from '../../src/diff/index.js';
import { UsageError } from '../../src/errors.js';
import type { AuditResult } from '../../src/model/result.js';
import type { Observation } from '../../src/model/observation.js';
import type { Waiver } from '../../src/model/inventory.js';
import { DAY, entry, observation, run, sessionObservation, site, waiver } from '../audit/builders.js';

const TEN_YEARS = 3650 * DAY;
const ENTRIES = [entry({ id: 'uid', name: 'UID' }), entry({ id: 'sid', name: 'SID', type: 'session' })];

/** Main's scan: UID asks for ten years (over-long, an existing error), SID is a session cookie. */
function mainCookies(): Observation[] {
  return [observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: 400 * DAY }), sessionObservation({ name: 'SID' })];
}

function report(cookies: Observation[], waivers: Waiver[] = [], failOn: 'error' | 'warning' | 'info' = 'error'): AuditResult {
  return run(cookies, ENTRIES, { inventory: { waivers }, failOn, sites: [site(), site({ name: 'shop' })] });
}

const compare = (base: AuditResult, head: AuditResult, failOnNew = false) => compareWithBaseline(base, head, { file: 'main.json', failOnNew });

describe('cookies', () => {
  test('the same scan again: nothing added, removed or changed; every finding existing', () => {
    const result = compare(report(mainCookies()), report(mainCookies()));
    expect(result.baseline).toEqual({
      file: 'main.json',
      startedAt: '2025-03-10T08:59:00.000Z',
      cookies: { added: [], removed: [], changed: [] },
      findings: { new: 0, fixed: [], unchanged: 1 },
    });
    expect(result.findings.map((finding) => finding.change)).toEqual(['existing']);
  });

  test('added and removed by site, scenario, name, domain and path, sorted', () => {
    const head = [
      ...mainCookies().filter((cookie) => cookie.name !== 'SID'),
      sessionObservation({ name: 'SID', path: '/compte' }),
      sessionObservation({ name: 'ZZ', site: 'shop' }),
      sessionObservation({ name: 'AA', scenario: 'consent-given' }),
    ];
    const { baseline } = compare(report(mainCookies()), report(head));
    expect(baseline?.cookies.added).toEqual([
      { site: 'esomus', scenario: 'anonymous', name: 'SID', domain: '.esomus.test', path: '/compte' },
      { site: 'esomus', scenario: 'consent-given', name: 'AA', domain: '.esomus.test', path: '/' },
      { site: 'shop', scenario: 'anonymous', name: 'ZZ', domain: '.esomus.test', path: '/' },
    ]);
    expect(baseline?.cookies.removed).toEqual([{ site: 'esomus', scenario: 'anonymous', name: 'SID', domain: '.esomus.test', path: '/' }]);
  });

  test('partitioned (CHIPS) cookies are told apart by their top-level site', () => {
    const base = [observation({ name: 'A', partitionKey: 'https://one.test' })];
    const head = [observation({ name: 'A', partitionKey: 'https://one.test' }), observation({ name: 'A', partitionKey: 'https://two.test' })];
    const { baseline } = compare(report(base), report(head));
    expect(baseline?.cookies.added).toEqual([
      { site: 'esomus', scenario: 'anonymous', name: 'A', domain: '.esomus.test', path: '/', partitionKey: 'https://two.test' },
    ]);
    expect(baseline?.cookies.changed).toEqual([]);
  });

  test('lifetimes that drift by up to 300 seconds are not changes; beyond that they are, with before and after', () => {
    const drift = [observation({ requestedLifetimeSeconds: TEN_YEARS + 300, effectiveLifetimeSeconds: 400 * DAY - 299 }), sessionObservation({ name: 'SID' })];
    expect(compare(report(mainCookies()), report(drift)).baseline?.cookies.changed).toEqual([]);
    const longer = [observation({ requestedLifetimeSeconds: TEN_YEARS + 301, effectiveLifetimeSeconds: 400 * DAY }), sessionObservation({ name: 'SID' })];
    expect(compare(report(mainCookies()), report(longer)).baseline?.cookies.changed).toEqual([
      {
        cookie: { site: 'esomus', scenario: 'anonymous', name: 'UID', domain: '.esomus.test', path: '/' },
        field: 'requestedLifetime',
        before: TEN_YEARS,
        after: TEN_YEARS + 301,
      },
    ]);
  });

  test('a session cookie turned persistent changes type and both lifetimes, listed in field order', () => {
    const head = [mainCookies()[0], observation({ name: 'SID', party: 'third', requestedLifetimeSeconds: 30 * DAY, effectiveLifetimeSeconds: 30 * DAY })];
    const changes = compare(report(mainCookies()), report(head)).baseline?.cookies.changed;
    expect(changes?.map(({ cookie, field, before, after }) => [cookie.name, field, before, after])).toEqual([
      ['SID', 'requestedLifetime', null, 30 * DAY],
      ['SID', 'effectiveLifetime', null, 30 * DAY],
      ['SID', 'type', 'session', 'persistent'],
      ['SID', 'party', 'first', 'third'],
    ]);
  });

  test('a report saved before scenarios existed compares as the anonymous scenario', () => {
    const base = report(mainCookies());
    const old = { ...base, cookies: base.cookies.map(({ scenario: _scenario, ...cookie }) => cookie) } as AuditResult;
    expect(compare(old, report(mainCookies())).baseline?.cookies).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('findings', () => {
  test('new, existing and fixed by identity, never by message (lifetimes in messages drift)', () => {
    const base = report(mainCookies());
    const head = report([...mainCookies(), observation({ name: '_new', requestedLifetimeSeconds: 3600, effectiveLifetimeSeconds: 3600 })]);
    const drifted = { ...head, findings: head.findings.map((finding) => ({ ...finding, message: `${finding.message} (drifted)` })) };
    const result = compare(base, drifted);
    expect(result.findings.map((finding) => [finding.kind, finding.cookie?.name, finding.change])).toEqual([
      ['undeclared', '_new', 'new'],
      ['over-long', 'UID', 'existing'],
      ['below-minimum', '_new', 'new'],
    ]);
    expect(result.baseline?.findings).toMatchObject({ new: 2, fixed: [], unchanged: 1 });
  });

  test('fixed findings are the baseline\'s, as they stood, sorted', () => {
    const base = report([...mainCookies(), sessionObservation({ name: 'B_undeclared' }), sessionObservation({ name: 'A_undeclared' })]);
    const markedBase = compare(base, base);
    const result = compare(markedBase, report([mainCookies()[1]]));
    expect(result.baseline?.findings.fixed.map((finding) => [finding.kind, finding.cookie?.name])).toEqual([
      ['undeclared', 'A_undeclared'],
      ['undeclared', 'B_undeclared'],
      ['over-long', 'UID'],
    ]);
    expect(result.baseline?.findings.fixed.every((finding) => !('change' in finding))).toBe(true);
    expect(result.baseline?.findings.fixed[2]).toEqual(base.findings.find((finding) => finding.kind === 'over-long'));
    expect(result.findings).toMatchObject([{ kind: 'unobserved', entry: 'uid', change: 'new' }]);
  });

  test('alike findings pair one to one: a second undeclared cookie of the same name is new', () => {
    const base = report([sessionObservation({ name: 'X' })]);
    const head = report([sessionObservation({ name: 'X' }), sessionObservation({ name: 'X', path: '/compte' })]);
    const result = compare(base, head);
    expect(result.findings.filter((finding) => finding.kind === 'undeclared').map((finding) => finding.change)).toEqual(['existing', 'new']);
    expect(result.baseline?.findings.new).toBe(1);
  });

  test('the identity is kind, site, scenario, cookie, entry and storage', () => {
    const [finding] = report(mainCookies()).findings;
    const same = findingIdentity(finding);
    expect(findingIdentity({ ...finding, message: 'other words', location: { file: 'x', line: 1, column: 1 } })).toBe(same);
    for (const changed of [
      { site: 'shop' },
      { scenario: 'consent-given' },
      { cookie: { name: 'UID', domain: 'www.esomus.test' } },
      { entry: 'uid2' },
      { kind: 'undeclared' as const },
      { storage: { kind: 'localStorage' as const, origin: 'https://www.esomus.test', key: 'k' } },
    ]) {
      expect(findingIdentity({ ...finding, ...changed })).not.toBe(same);
    }
  });

  test('expired waivers are told apart by what they waived', () => {
    const old = (cookie: string) => waiver({ cookie, kind: 'undeclared', expires: '2025-01-31' });
    const base = report(mainCookies(), [old('B')]);
    const head = report(mainCookies(), [old('A'), old('B')]);
    const result = compare(base, head);
    expect(result.findings.filter((finding) => finding.kind === 'expired-waiver').map((finding) => [finding.message.match(/cookie "(\w)"/)?.[1], finding.change])).toEqual([
      ['A', 'new'],
      ['B', 'existing'],
    ]);
  });
});

describe('the verdict', () => {
  test('without failOnNew every unwaived finding at or above failOn counts (gate all)', () => {
    const result = compare(report(mainCookies()), report(mainCookies()));
    expect(result.summary).toMatchObject({ gate: 'all', verdict: 'fail', findings: { error: 1 } });
  });

  test('with failOnNew an existing error passes (gate new)', () => {
    const result = compare(report(mainCookies()), report(mainCookies()), true);
    expect(result.summary).toMatchObject({ gate: 'new', verdict: 'pass', failOn: 'error', findings: { error: 1 }, waived: 0 });
  });

  test('with failOnNew a new error fails, unless a waiver accepts it', () => {
    const head = [...mainCookies(), sessionObservation({ name: '_hjSession' })];
    expect(compare(report(mainCookies()), report(head), true).summary.verdict).toBe('fail');
    const waived = report(head, [waiver({ cookie: '_hjSession', kind: 'undeclared' })]);
    expect(compare(report(mainCookies()), waived, true).summary).toMatchObject({ verdict: 'pass', waived: 1 });
  });

  test('with failOnNew a new finding below failOn passes, and fails when failOn is lowered in the later report', () => {
    const head = [...mainCookies(), observation({ name: 'SHORT', requestedLifetimeSeconds: 3600, effectiveLifetimeSeconds: 3600 })];
    const waivers = [waiver({ cookie: 'SHORT', kind: 'undeclared' })];
    expect(compare(report(mainCookies()), report(head, waivers), true).summary).toMatchObject({ verdict: 'pass', failOn: 'error' });
    expect(compare(report(mainCookies()), report(head, waivers, 'warning'), true).summary).toMatchObject({ verdict: 'fail', failOn: 'warning' });
  });

  test('keeps the later report\'s counts of cookies, pages and errors', () => {
    const head = report(mainCookies());
    expect(compare(report([]), head, true).summary).toMatchObject({ cookies: 2, pagesVisited: 6, errors: 0 });
  });
});

describe('the comparison as a whole', () => {
  test('reports with different schema versions are a UsageError naming the baseline file', () => {
    const base = { ...report(mainCookies()), schemaVersion: 2 } as unknown as AuditResult;
    expect(() => compare(base, report(mainCookies()))).toThrow(UsageError);
    expect(() => compare(base, report(mainCookies()))).toThrow(
      'main.json: the baseline has schemaVersion 2 but the report compared with it has 1; scan the baseline again with the same cookie-audit version',
    );
  });

  test('is deterministic, leaves its inputs untouched, and gives the same result when run on its own output', () => {
    const base = report(mainCookies());
    const head = report([...mainCookies(), sessionObservation({ name: 'X' })]);
    const [baseText, headText] = [JSON.stringify(base), JSON.stringify(head)];
    const once = compare(base, head, true);
    expect(JSON.stringify(base)).toBe(baseText);
    expect(JSON.stringify(head)).toBe(headText);
    const shuffled = { ...head, findings: [...head.findings].reverse(), cookies: [...head.cookies].reverse() };
    expect(JSON.stringify(compare(base, shuffled, true).baseline)).toBe(JSON.stringify(once.baseline));
    expect(JSON.stringify(compare(base, once, true))).toBe(JSON.stringify(once));
  });

  test('keeps the JSON report\'s key order, baseline after inventory', () => {
    expect(Object.keys(compare(report([]), report([])))).toEqual([
      'schemaVersion',
      'tool',
      'inventory',
      'baseline',
      'scan',
      'cookies',
      'rejectedCookies',
      'storage',
      'findings',
      'summary',
    ]);
  });
});
