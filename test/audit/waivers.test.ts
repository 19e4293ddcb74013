import { describe, expect, test } from 'vitest';
import { applyWaivers, failsGate, isExpired, localDate, summarise, waiverMatches } from '../../src/audit/index.js';
import { UsageError } from '../../src/errors.js';
import type { Finding } from '../../src/model/finding.js';
import type { Waiver } from '../../src/model/inventory.js';
import { DAY, entry, observation, run, site, storageEntry, storageObservation, TODAY, waiver } from './builders.js';

const TEN_YEARS = 3650 * DAY;

/** UID asks for ten years: one over-long error against the policy's five. */
function overLongUid(waivers: Waiver[], options: { today?: string; sites?: ReturnType<typeof site>[] } = {}) {
  return run([observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: 400 * DAY })], [entry({ id: 'uid', name: 'UID' })], {
    inventory: { waivers },
    ...options,
  });
}

describe('a matching, unexpired waiver', () => {
  test('marks the finding with reason, owner, expiry and location, counts it as waived, and the verdict passes', () => {
    const result = overLongUid([waiver({ cookie: 'UID' })]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ kind: 'over-long', severity: 'error' });
    expect(result.findings[0].waiver).toEqual({
      reason: 'vendor fix planned for v3',
      owner: 'dpo@esomus.test',
      expires: '2025-06-30',
      location: { file: 'inventory.yaml', line: 80, column: 5 },
    });
    expect(result.summary).toMatchObject({ verdict: 'pass', waived: 1, gate: 'all', findings: { error: 1, warning: 0, info: 0 } });
  });

  test('matches by entry id as well as by cookie name', () => {
    const result = overLongUid([waiver({ entry: 'uid' })]);
    expect(result.findings[0].waiver).toBeDefined();
    expect(result.summary.verdict).toBe('pass');
  });

  test('still holds on its expiry day, and expires the day after', () => {
    expect(overLongUid([waiver({ expires: TODAY })]).findings.map((finding) => finding.kind)).toEqual(['over-long']);
    expect(overLongUid([waiver({ expires: TODAY })]).summary.verdict).toBe('pass');
    expect(overLongUid([waiver({ expires: '2025-03-09' })]).summary.verdict).toBe('fail');
  });

  test('is judged against the day given, not the clock', () => {
    const lasting = [waiver({ expires: '2025-06-30' })];
    expect(overLongUid(lasting, { today: '2025-06-30' }).summary.waived).toBe(1);
    expect(overLongUid(lasting, { today: '2025-07-01' }).summary.waived).toBe(0);
  });

  test('accepts only its own kind, its own cookie or entry, and its own site', () => {
    const cases: Waiver[] = [
      waiver({ kind: 'undeclared' }),
      waiver({ cookie: 'U2' }),
      waiver({ cookie: undefined, entry: 'u2' }),
      waiver({ site: 'shop' }),
    ];
    for (const other of cases) {
      const result = overLongUid([other]);
      expect(result.findings.map((finding) => finding.kind)).toEqual(['over-long']);
      expect(result.findings[0].waiver).toBeUndefined();
      expect(result.summary).toMatchObject({ verdict: 'fail', waived: 0 });
    }
    expect(overLongUid([waiver({ site: 'esomus' })]).summary.waived).toBe(1);
  });

  test('on one site leaves the same finding on another site failing', () => {
    const result = run(
      [
        observation({ requestedLifetimeSeconds: TEN_YEARS }),
        observation({ site: 'shop', requestedLifetimeSeconds: TEN_YEARS }),
      ],
      [entry({ id: 'uid', name: 'UID' })],
      { sites: [site(), site({ name: 'shop' })], inventory: { waivers: [waiver({ site: 'esomus' })] } },
    );
    expect(result.findings.map((finding) => [finding.site, Boolean(finding.waiver)])).toEqual([
      ['esomus', true],
      ['shop', false],
    ]);
    expect(result.summary).toMatchObject({ verdict: 'fail', waived: 1 });
  });

  test('waives findings about entries (no site) only when it names no site', () => {
    const entries = [entry({ id: 'ga', name: '_ga' })];
    const everywhere = run([], entries, { inventory: { waivers: [waiver({ cookie: undefined, entry: 'ga', kind: 'unobserved' })] } });
    expect(everywhere.findings).toMatchObject([{ kind: 'unobserved', waiver: { owner: 'dpo@esomus.test' } }]);
    const onSite = run([], entries, { inventory: { waivers: [waiver({ cookie: undefined, entry: 'ga', kind: 'unobserved', site: 'esomus' })] } });
    expect(onSite.findings[0].waiver).toBeUndefined();
  });

  test('names a storage key with `cookie:` for undeclared-storage findings', () => {
    const result = run([], [], {
      storage: [storageObservation({ key: '_ma_last' }), storageObservation({ key: '_other' })],
      inventory: { waivers: [waiver({ cookie: '_ma_last', kind: 'undeclared-storage' })] },
      failOn: 'warning',
    });
    expect(result.findings.map((finding) => [finding.storage?.key, Boolean(finding.waiver)])).toEqual([
      ['_ma_last', true],
      ['_other', false],
    ]);
    expect(result.summary).toMatchObject({ verdict: 'fail', waived: 1 });
  });

  test('on a storage entry waives its party-mismatch by entry id', () => {
    const result = run([], [], {
      storage: [storageObservation({ key: '_ma_last', party: 'third' })],
      inventory: { storage: [storageEntry({ id: 'ma-last', key: '_ma_last', party: 'first' })], waivers: [waiver({ cookie: undefined, entry: 'ma-last', kind: 'party-mismatch' })] },
    });
    expect(result.findings).toMatchObject([{ kind: 'party-mismatch', entry: 'ma-last', waiver: { expires: '2025-06-30' } }]);
    expect(result.summary.verdict).toBe('pass');
  });

  test('waives every finding it matches, and waived findings still count by severity', () => {
    const result = run(
      [observation({ name: 'UID', requestedLifetimeSeconds: TEN_YEARS }), observation({ name: 'UID', path: '/compte', requestedLifetimeSeconds: TEN_YEARS })],
      [],
      { inventory: { waivers: [waiver({ kind: 'undeclared' })] } },
    );
    expect(result.findings.map((finding) => [finding.kind, Boolean(finding.waiver)])).toEqual([
      ['undeclared', true],
      ['undeclared', true],
      ['over-long', false],
      ['over-long', false],
    ]);
    expect(result.summary).toMatchObject({ verdict: 'fail', waived: 2, findings: { error: 4 } });
  });

  test('the first matching waiver in file order is the one shown', () => {
    const result = overLongUid([waiver({ reason: 'first', entry: 'uid' }), waiver({ reason: 'second' })]);
    expect(result.findings[0].waiver?.reason).toBe('first');
  });

  test('a waived warning does not fail --fail-on warning; an unwaived one does', () => {
    const short = [observation({ requestedLifetimeSeconds: 3600, effectiveLifetimeSeconds: 3600 })];
    const waived = run(short, [entry({ id: 'uid', name: 'UID' })], { failOn: 'warning', inventory: { waivers: [waiver({ kind: 'below-minimum' })] } });
    expect(waived.summary).toMatchObject({ verdict: 'pass', waived: 1, findings: { warning: 1 } });
    const unwaived = run(short, [entry({ id: 'uid', name: 'UID' })], { failOn: 'warning' });
    expect(unwaived.summary).toMatchObject({ verdict: 'fail', waived: 0 });
  });
});

describe('an expired waiver', () => {
  const expired = waiver({ expires: '2025-01-31', site: 'esomus' }, 91);

  test('waives nothing and is itself one expired-waiver error at the waiver, saying what to do', () => {
    const result = overLongUid([expired]);
    expect(result.findings.map((finding) => finding.kind)).toEqual(['over-long', 'expired-waiver']);
    expect(result.findings[0].waiver).toBeUndefined();
    const finding = result.findings[1];
    expect(finding).toEqual({
      kind: 'expired-waiver',
      severity: 'error',
      site: 'esomus',
      scenario: null,
      cookie: null,
      entry: null,
      message:
        'the waiver of over-long for cookie "UID" on site "esomus" expired on 2025-01-31 (owner dpo@esomus.test; reason "vendor fix planned for v3") ' +
        'and waives nothing any more: renew it with a later expires date if the reason still holds, or fix the cookie and remove the waiver',
      location: { file: 'inventory.yaml', line: 91, column: 5 },
    });
    expect(result.summary).toMatchObject({ verdict: 'fail', waived: 0, findings: { error: 2 } });
  });

  test('is reported even when nothing it named was seen, and names an entry when it waived one', () => {
    const result = run([], [], { inventory: { waivers: [waiver({ cookie: undefined, entry: 'u2', kind: 'unobserved', expires: '2024-12-31' })] } });
    expect(result.findings).toMatchObject([{ kind: 'expired-waiver', entry: 'u2', site: null }]);
    expect(result.findings[0].message).toContain('for entry "u2" expired on 2024-12-31');
    expect(result.findings[0].message).toContain('fix the entry and remove the waiver');
    expect(result.summary.verdict).toBe('fail');
  });

  test('fails the verdict even when the finding it covered is waived by another waiver still valid', () => {
    const result = overLongUid([expired, waiver({ expires: '2026-01-01' })]);
    expect(result.findings.map((finding) => [finding.kind, Boolean(finding.waiver)])).toEqual([
      ['over-long', true],
      ['expired-waiver', false],
    ]);
    expect(result.summary).toMatchObject({ verdict: 'fail', waived: 1 });
  });

  test('comes out in the same place whatever order the waivers are written in', () => {
    const waivers = [waiver({ cookie: 'B', expires: '2025-01-01' }), waiver({ cookie: 'A', expires: '2025-01-02' })];
    const forward = run([], [], { inventory: { waivers } });
    const backward = run([], [], { inventory: { waivers: [...waivers].reverse() } });
    expect(forward.findings.map((finding) => finding.message)).toEqual(backward.findings.map((finding) => finding.message));
  });
});

describe('the pure helpers', () => {
  const finding = (overrides: Partial<Finding> = {}): Finding => ({
    kind: 'over-long',
    severity: 'error',
    site: 'esomus',
    scenario: 'anonymous',
    cookie: { name: 'UID', domain: '.esomus.test' },
    entry: 'uid',
    message: 'requested 10 years',
    ...overrides,
  });

  test('waiverMatches: kind, then site, then entry or cookie', () => {
    expect(waiverMatches(waiver(), finding())).toBe(true);
    expect(waiverMatches(waiver({ entry: 'uid', cookie: undefined }), finding())).toBe(true);
    expect(waiverMatches(waiver(), finding({ cookie: null }))).toBe(false);
    expect(waiverMatches(waiver({ kind: 'undeclared' }), finding())).toBe(false);
    expect(waiverMatches(waiver({ site: 'shop' }), finding())).toBe(false);
  });

  test('isExpired compares calendar days', () => {
    expect(isExpired({ expires: '2025-03-10' }, '2025-03-10')).toBe(false);
    expect(isExpired({ expires: '2025-03-09' }, '2025-03-10')).toBe(true);
    expect(isExpired({ expires: '2026-01-01' }, '2025-12-31')).toBe(false);
  });

  test('applyWaivers leaves its input untouched and never waives an expired-waiver finding', () => {
    const input = [finding(), finding({ kind: 'expired-waiver', cookie: null })];
    const before = JSON.stringify(input);
    const output = applyWaivers(input, [waiver(), waiver({ kind: 'expired-waiver' as never })], TODAY);
    expect(JSON.stringify(input)).toBe(before);
    expect(output.map((item) => Boolean(item.waiver))).toEqual([true, false]);
  });

  test('a day that is not YYYY-MM-DD is a UsageError naming what was given', () => {
    for (const today of ['2025-03-10T09:00:00Z', '10/03/2025', '2025-02-30', '']) {
      expect(() => applyWaivers([], [], today)).toThrow(UsageError);
    }
    expect(() => applyWaivers([], [], '2025-02-30')).toThrow('today must be a date written YYYY-MM-DD (e.g. "2025-03-10"), got "2025-02-30"');
    expect(() => applyWaivers([], [], '2024-02-29')).not.toThrow();
  });

  test('localDate gives the local calendar day, zero-padded', () => {
    expect(localDate(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
    expect(localDate(new Date(2025, 11, 31, 0, 0))).toBe('2025-12-31');
  });

  test('summarise counts waived findings and judges by gate; failsGate says which finding fails it', () => {
    const sites = [site({ pagesVisited: 2, errors: [{ url: 'x', message: 'y' }] })];
    const waived = finding({ waiver: { reason: 'r', owner: 'o', expires: '2025-06-30' } });
    const existing = finding({ change: 'existing' });
    const fresh = finding({ change: 'new', severity: 'warning', kind: 'below-minimum' });
    const findings = [waived, existing, fresh];
    expect(summarise({ sites, cookies: 3, findings }, 'error', 'all')).toEqual({
      verdict: 'fail',
      failOn: 'error',
      cookies: 3,
      pagesVisited: 2,
      errors: 1,
      findings: { error: 2, warning: 1, info: 0 },
      waived: 1,
      gate: 'all',
    });
    expect(summarise({ sites, cookies: 3, findings }, 'error', 'new').verdict).toBe('pass');
    expect(summarise({ sites, cookies: 3, findings }, 'warning', 'new').verdict).toBe('fail');
    expect(findings.map((item) => failsGate(item, 'warning', 'new'))).toEqual([false, false, true]);
    expect(failsGate({ ...fresh, waiver: waived.waiver }, 'warning', 'new')).toBe(false);
  });
});
