import { describe, expect, test } from 'vitest';
import type { CookieHint } from '../../src/model/finding.js';
import { DAY, duration, entry, observation, policy, run, sessionObservation } from './builders.js';

const TEN_YEARS = 3650 * DAY;

describe('a compliant scan', () => {
  test('a first-party persistent 13-month cookie and a session cookie produce no finding', () => {
    const result = run(
      [observation({ name: 'UID', requestedLifetimeSeconds: 396 * DAY }), sessionObservation({ name: 'STCK_ID' })],
      [entry({ id: 'uid', name: 'UID', maxLifetime: duration('13 months') }), entry({ id: 'stck', name: 'STCK_ID', type: 'session' })],
    );
    expect(result.findings).toEqual([]);
    expect(result.cookies.map((cookie) => cookie.declared)).toEqual(['stck', 'uid']);
    expect(result.summary.verdict).toBe('pass');
  });
});

describe('undeclared', () => {
  test('a cookie no entry declares, with where it came from', () => {
    const result = run(
      [
        observation({
          name: '_ma_id',
          setBy: 'js',
          initiatorUrl: 'https://cdn.tracker.test/tag.js',
          initiatorDomain: 'tracker.test',
          firstSeenUrl: 'https://www.esomus.test/',
        }),
      ],
      [],
    );
    expect(result.findings).toEqual([
      {
        kind: 'undeclared',
        severity: 'error',
        site: 'esomus',
        scenario: 'anonymous',
        cookie: { name: '_ma_id', domain: '.esomus.test' },
        entry: null,
        message:
          '"_ma_id" is not declared in the inventory; a first-party cookie written by a script from tracker.test (https://cdn.tracker.test/tag.js) on https://www.esomus.test/',
      },
    ]);
    expect(result.cookies[0].declared).toBeNull();
  });

  test('an HTTP-set cookie names the response and the page', () => {
    const cookie = observation({ initiatorUrl: 'https://ads.test/pixel', initiatorDomain: 'ads.test', party: 'third', domain: 'ads.test' });
    const [finding] = run([cookie], []).findings;
    expect(finding.message).toBe(
      '"UID" is not declared in the inventory; a third-party cookie set by an HTTP response from ads.test (https://ads.test/pixel) on https://www.esomus.test/',
    );
  });
});

describe('over-long', () => {
  test('above the policy maximum, citing the policy section', () => {
    const result = run([observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: TEN_YEARS })], [entry({ id: 'uid', name: 'UID' })], {
      inventory: { policy: policy({ persistent: { ...policy().persistent, reference: 'section 8' } }) },
    });
    expect(result.findings).toMatchObject([
      { kind: 'over-long', severity: 'error', entry: 'uid', message: 'requested 10 years; the policy allows at most 5 years (section 8)' },
    ]);
  });

  test('the entry maxLifetime overrides the policy maximum, and the finding points at the entry', () => {
    const uid = entry({ id: 'uid', name: 'UID', maxLifetime: duration('2 years') });
    const result = run([observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: 400 * DAY })], [uid]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'over-long',
        message: 'requested 10 years (Chromium keeps 400 days); inventory entry "uid" allows at most 2 years',
        location: uid.location,
      }),
    ]);
  });

  test('an entry may allow more than the policy', () => {
    const uid = entry({ id: 'uid', name: 'UID', maxLifetime: duration('6 years') });
    expect(run([observation({ requestedLifetimeSeconds: 2000 * DAY })], [uid]).findings).toEqual([]);
  });

  test('an undeclared cookie is held to the policy maximum', () => {
    const long = run([observation({ name: 'X', requestedLifetimeSeconds: TEN_YEARS })], []);
    expect(long.findings.map((finding) => finding.kind)).toEqual(['undeclared', 'over-long']);
    const fine = run([observation({ name: 'X', requestedLifetimeSeconds: 4 * 365 * DAY })], []);
    expect(fine.findings.map((finding) => finding.kind)).toEqual(['undeclared']);
  });

  test('judges what the site requested, not what the browser kept', () => {
    const cookie = observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: 400 * DAY });
    expect(run([cookie], [entry({ id: 'uid', name: 'UID' })]).findings.map((finding) => finding.kind)).toEqual(['over-long']);
  });
});

describe('below-minimum', () => {
  test('a persistent cookie asking for less than the policy minimum', () => {
    const result = run([observation({ requestedLifetimeSeconds: 2 * 3600, effectiveLifetimeSeconds: 2 * 3600 })], [entry({ id: 'uid', name: 'UID' })]);
    expect(result.findings).toMatchObject([
      {
        kind: 'below-minimum',
        severity: 'warning',
        message: 'requested 2 hours; the policy says persistent cookies last at least 1 day',
      },
    ]);
  });

  test('exactly the minimum, or a little less within the tolerance, passes; session cookies are exempt', () => {
    const entries = [entry({ id: 'uid', name: 'UID' }), entry({ id: 'sid', name: 'SID', type: 'session' })];
    const cookies = [observation({ requestedLifetimeSeconds: DAY - 300 }), sessionObservation({ name: 'SID' })];
    expect(run(cookies, entries).findings).toEqual([]);
  });
});

describe('type-mismatch', () => {
  test('declared session but set persistent', () => {
    const stck = entry({ id: 'STCK_ID', name: 'STCK_ID', type: 'session' });
    const result = run([observation({ name: 'STCK_ID', requestedLifetimeSeconds: 90 * DAY })], [entry({ id: 'uid', name: 'UID' }), stck]);
    const finding = result.findings.find((candidate) => candidate.kind === 'type-mismatch');
    expect(finding).toEqual({
      kind: 'type-mismatch',
      severity: 'error',
      site: 'esomus',
      scenario: 'anonymous',
      cookie: { name: 'STCK_ID', domain: '.esomus.test' },
      entry: 'STCK_ID',
      message: 'declared session ("STCK_ID", cookies[1]) but set persistent for 90 days',
      location: stck.location,
      facts: { requestedSeconds: 90 * DAY, declared: 'session', observed: 'persistent' },
    });
  });

  test('declared persistent but set as a session cookie', () => {
    const result = run([sessionObservation()], [entry({ id: 'uid', name: 'UID' })]);
    expect(result.findings).toMatchObject([
      { kind: 'type-mismatch', message: 'declared persistent ("uid", cookies[0]) but set as a session cookie' },
    ]);
  });
});

describe('party-mismatch', () => {
  test('declared first-party but set as a third-party cookie', () => {
    const cookie = observation({ name: 'U2', domain: 'ads.partenaire-pub.test', party: 'third' });
    const result = run([cookie], [entry({ id: 'u2', name: 'U2' })]);
    expect(result.findings).toMatchObject([
      {
        kind: 'party-mismatch',
        severity: 'error',
        message: 'declared first-party ("u2", cookies[0]) but set by ads.partenaire-pub.test as a third-party cookie',
      },
    ]);
  });

  test('declared third-party but set first-party', () => {
    const result = run([observation({ name: 'U2' })], [entry({ id: 'u2', name: 'U2', party: 'third' })]);
    expect(result.findings[0].message).toBe('declared third-party ("u2", cookies[0]) but set by esomus.test as a first-party cookie');
  });
});

describe('unobserved', () => {
  test('a named entry no cookie matched, anywhere in the scan', () => {
    const u2 = entry({ id: 'u2', name: 'U2' });
    const result = run([observation()], [entry({ id: 'uid', name: 'UID' }), u2]);
    expect(result.findings).toEqual([
      {
        kind: 'unobserved',
        severity: 'info',
        site: null,
        scenario: null,
        cookie: null,
        entry: 'u2',
        message: 'inventory entry "u2" (cookies[1]) with name "U2" matched no cookie on any site during the scan',
        location: u2.location,
      },
    ]);
  });

  test('a pattern entry shadowed by an exact name matched nothing', () => {
    const result = run([observation({ name: '_ga' })], [entry({ id: 'ga-any', pattern: '_ga*' }), entry({ id: 'ga', name: '_ga' })]);
    expect(result.findings).toMatchObject([{ kind: 'unobserved', entry: 'ga-any' }]);
  });

  test('a pattern entry that matched a cookie on one site is observed', () => {
    const result = run([observation({ name: '_ga_X1' })], [entry({ id: 'ga4', pattern: '_ga_*' })]);
    expect(result.findings).toEqual([]);
  });
});

describe('unnamed-entry', () => {
  test('one finding per entry without a technical name, with look-alike observed cookies', () => {
    const codeOp = entry({ id: 'code-operation', type: 'session', label: 'Code Opération' });
    const lastAccount = entry({ id: 'last-account', label: 'ID du dernier compte' });
    const result = run(
      [sessionObservation({ name: 'CODE_OP' }), observation({ name: 'DERNIER_COMPTE_ID' }), observation({ name: '_ga' })],
      [codeOp, lastAccount],
    );
    const unnamed = result.findings.filter((finding) => finding.kind === 'unnamed-entry');
    expect(unnamed).toEqual([
      {
        kind: 'unnamed-entry',
        severity: 'warning',
        site: null,
        scenario: null,
        cookie: null,
        entry: 'code-operation',
        message:
          'inventory entry "code-operation" (cookies[0]) has no name, pattern or regex, so no cookie can match it; the policy only calls it "Code Opération"',
        location: codeOp.location,
        suggestions: ['CODE_OP'],
      },
      expect.objectContaining({ entry: 'last-account', suggestions: ['DERNIER_COMPTE_ID'] }),
    ]);
    expect(result.findings.some((finding) => finding.kind === 'unobserved')).toBe(false);
  });

  test('cookies another entry already declares are not suggested', () => {
    const result = run(
      [observation({ name: 'STCK_ID' })],
      [entry({ id: 'stck', name: 'STCK_ID' }), entry({ id: 'last-account', label: 'ID du dernier compte' })],
    );
    expect(result.findings).toMatchObject([{ kind: 'unnamed-entry', suggestions: [] }]);
  });
});

describe('who wrote an undeclared cookie', () => {
  const message = (overrides: Parameters<typeof observation>[0]) => run([observation({ name: 'X', ...overrides })], []).findings[0].message;

  test('a first-party cookie written by a vendor script names the vendor domain and the script', () => {
    expect(
      message({
        name: '_ma_id',
        setBy: 'js',
        initiatorUrl: 'https://cdn.mesure-audience.test/tag.js',
        initiatorDomain: 'mesure-audience.test',
      }),
    ).toBe(
      '"_ma_id" is not declared in the inventory; a first-party cookie written by a script from mesure-audience.test (https://cdn.mesure-audience.test/tag.js) on https://www.esomus.test/',
    );
  });

  test('without an initiator domain, the URL alone; without a URL, the page alone', () => {
    expect(message({ setBy: 'js', initiatorUrl: 'https://cdn.test/t.js', initiatorDomain: null })).toBe(
      '"X" is not declared in the inventory; a first-party cookie written by a script from https://cdn.test/t.js on https://www.esomus.test/',
    );
    expect(message({ setBy: 'js', initiatorUrl: null, initiatorDomain: null })).toBe(
      '"X" is not declared in the inventory; a first-party cookie written by a script on https://www.esomus.test/',
    );
  });

  test('the page’s own response, and a jar entry with no event', () => {
    expect(message({})).toBe('"X" is not declared in the inventory; a first-party cookie set by the HTTP response of https://www.esomus.test/');
    expect(message({ setBy: 'unknown', initiatorUrl: null, initiatorDomain: null, party: 'third' })).toBe(
      '"X" is not declared in the inventory; a third-party cookie found in the cookie jar on https://www.esomus.test/',
    );
  });
});

describe('transient cookies and varied lifetimes', () => {
  test('a transient cookie is audited like any other, and its messages say it was deleted', () => {
    const cookie = observation({ name: '_ma_test', transient: true, requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: TEN_YEARS });
    const result = run([cookie], []);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      '"_ma_test" is not declared in the inventory; a first-party cookie set by the HTTP response of https://www.esomus.test/ (set then deleted during the visit)',
      'requested 10 years; the policy allows at most 5 years (set then deleted during the visit)',
    ]);
    expect(result.cookies[0]).toMatchObject({ transient: true, lifetimeVaried: false });
  });

  test('a declared transient session cookie gives no finding', () => {
    const result = run([sessionObservation({ name: 'T', transient: true })], [entry({ id: 't', name: 'T', type: 'session' })]);
    expect(result.findings).toEqual([]);
  });

  test('a lifetime written several times is judged on the longest, and says so', () => {
    const cookie = observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: 400 * DAY, lifetimeVaried: true });
    const [finding] = run([cookie], [entry({ id: 'uid', name: 'UID' })]).findings;
    expect(finding.message).toBe(
      'requested 10 years (the longest of several writes; Chromium keeps 400 days); the policy allows at most 5 years',
    );
  });

  test('what the browser kept is not mentioned when it is what was requested, within the tolerance', () => {
    const cookie = observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: TEN_YEARS - 200 });
    expect(run([cookie], [entry({ id: 'uid', name: 'UID' })]).findings[0].message).toBe(
      'requested 10 years; the policy allows at most 5 years',
    );
  });

  test('the browser is named from the scan', () => {
    const cookie = observation({ requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: 400 * DAY });
    const result = run([cookie], [entry({ id: 'uid', name: 'UID' })], { browser: { name: 'chrome-headless-shell' } });
    expect(result.findings[0].message).toContain('(Chrome-headless-shell keeps 400 days)');
  });
});

describe('known-cookie hints', () => {
  const hint: CookieHint = {
    platform: 'Google Analytics',
    category: 'Analytics',
    retention: '2 years',
    dataController: 'Google',
    description: 'ID used to identify users',
    matched: '_ga',
    source: 'Open Cookie Database',
  };
  const asked: string[] = [];
  const hints = (name: string) => {
    asked.push(name);
    return name === '_ga' ? hint : undefined;
  };

  test('are attached to undeclared findings only, as a copy', () => {
    asked.length = 0;
    const cookies = [
      observation({ name: '_ga', requestedLifetimeSeconds: TEN_YEARS, effectiveLifetimeSeconds: TEN_YEARS }),
      observation({ name: 'other' }),
      observation({ name: 'UID' }),
    ];
    const result = run(cookies, [entry({ id: 'uid', name: 'UID', type: 'session' })], { hints });
    const withHint = result.findings.filter((finding) => finding.hint);
    expect(withHint).toEqual([expect.objectContaining({ kind: 'undeclared', cookie: { name: '_ga', domain: '.esomus.test' }, hint })]);
    expect(withHint[0].hint).not.toBe(hint);
    expect(result.findings.find((finding) => finding.kind === 'undeclared' && finding.cookie?.name === 'other')).not.toHaveProperty('hint');
    expect(result.findings.find((finding) => finding.kind === 'over-long')).not.toHaveProperty('hint');
    expect(asked.sort()).toEqual(['_ga', 'other']);
  });

  test('without a lookup, no finding has a hint key', () => {
    const result = run([observation({ name: '_ga' })], []);
    expect(result.findings[0]).not.toHaveProperty('hint');
  });
});
