import { describe, expect, test } from 'vitest';
import { formatSeconds } from '../../src/model/duration.js';
import { escapeTerminal } from '../../src/report/escape.js';
import { OPEN_COOKIE_DATABASE_CITATION as HINT_CITATION } from '../../src/model/finding.js';
import { renderTerminal, THIRD_PARTY_BLOCKED_WARNING } from '../../src/report/terminal.js';
import type { JourneyOutcome } from '../../src/model/result.js';
import { entry, observation, policy, rejected, run, sessionObservation, site, storageObservation } from '../audit/builders.js';
import { gaHints, HOSTILE_KEY, HOSTILE_NAME, HOSTILE_REJECTED, sampleResult } from './fixtures.js';

const ESC = '\u001b';
const CITATION = 'Open Cookie Database (Apache-2.0), github.com/jkwakman/Open-Cookie-Database';

/** The lines of one section: from its heading to the next blank line. */
function section(lines: string[], heading: string): string[] {
  const start = lines.indexOf(heading);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start, end === -1 ? undefined : end);
}

/** The table rows (they start with a status marker) of every "Cookies on …" section. */
function cookieRows(lines: string[]): string[] {
  return lines
    .filter((line) => line.startsWith('Cookies on '))
    .flatMap((heading) => section(lines, heading))
    .filter((line) => /^[✔✖▲•] /.test(line));
}

/** The cookie table row that shows this (escaped) cookie name. */
function row(lines: string[], shownName: string): string | undefined {
  return cookieRows(lines).find((line) => line.includes(` ${shownName} `));
}

describe('renderTerminal without colour', () => {
  const result = sampleResult();
  const output = renderTerminal(result, { color: false });
  const lines = output.split('\n');

  test('starts with the verdict line', () => {
    expect(lines[0]).toBe(
      '✖ FAIL  7 errors, 6 warnings, 2 info — 10 cookies and 3 storage keys on 2 sites, 7 pages, 1 scan error, 1 site incomplete (fails on: error)',
    );
  });

  test('has no colour codes and no raw control characters', () => {
    expect(output).not.toContain(ESC);
    expect(output.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  test('lists every finding with its kind, message and inventory line', () => {
    for (const finding of result.findings) {
      const line = lines.find((candidate) => candidate.includes(`[${finding.kind}]`) && candidate.includes(escapeTerminal(finding.message)));
      expect(line, finding.message).toBeDefined();
      if (finding.location) expect(line).toContain(`inventory.yaml:${finding.location.line}`);
    }
  });

  test('groups findings by severity, errors first', () => {
    const headings = lines.filter((line) => /^(Errors|Warnings|Info) \(\d+\)$/.test(line));
    expect(headings).toEqual(['Errors (7)', 'Warnings (6)', 'Info (2)']);
  });

  test('shows suggestions under unnamed entries', () => {
    const index = lines.findIndex((line) => line.includes('[unnamed-entry]') && line.includes('"code-operation"'));
    expect(lines[index + 1].trim()).toBe('looks like: CODE_OP');
  });

  test('names storage findings by kind, key and origin', () => {
    expect(lines).toContain(
      '  [undeclared-storage]  esomus  localStorage _ma_last_visit (https://www.esomus.test)  localStorage key "_ma_last_visit" on https://www.esomus.test is not declared in the inventory (add it under storage:)',
    );
    expect(lines.find((line) => line.includes('[unobserved]') && line.includes('"basket"'))).toContain(
      'storage entry "basket" (storage[1]) with key "basket" matched no localStorage key on any site during the scan  inventory.yaml:77',
    );
  });

  test('shows the Open Cookie Database hint under the undeclared cookie it describes', () => {
    const index = lines.findIndex((line) => line.includes('[undeclared]') && line.includes(' _ga_X1 '));
    expect(lines[index + 1]).toBe(
      '      Open Cookie Database: Google Analytics · Analytics · retention 2 years · Google (matched _ga_*)',
    );
    expect(lines.filter((line) => line.includes('Open Cookie Database:'))).toHaveLength(1);
  });

  test('cites the Open Cookie Database once, at the end of the findings', () => {
    expect(HINT_CITATION).toBe(CITATION);
    const citations = lines.filter((line) => line.includes(CITATION));
    expect(citations).toEqual([`Known-cookie hints: ${CITATION}`]);
    const at = lines.indexOf(citations[0]);
    expect(lines.slice(0, at).some((line) => line.startsWith('Info ('))).toBe(true);
    expect(lines.slice(0, at).some((line) => line.startsWith('Scan errors'))).toBe(false);
  });

  test('shows scan errors per site, escaped', () => {
    expect(output).toContain('Scan errors\n  shop  incomplete: no page of the site loaded, its journey failed or the browser gave up (see its errors)\n');
    expect(output).toContain('  shop  https://shop.esomus.test/pa\\x1Bnier — net::ERR_TIMED_OUT');
  });

  test('lists rejected cookies per site, with the reasons joined and the response, escaped', () => {
    const rejectedLines = section(lines, 'Rejected cookies (2)');
    expect(rejectedLines[1]).toBe(
      'The browser refused these Set-Cookie headers (a bug on the site); they are not counted as observed cookies.',
    );
    expect(rejectedLines[2]).toMatch(/^Site\s+Name\s+Refused because\s+Response$/);
    expect(rejectedLines[3]).toMatch(/^esomus\s+__Host-session\s+InvalidPrefix\s+https:\/\/www\.esomus\.test\/$/);
    expect(rejectedLines[4]).toMatch(/^shop\s+bad\\x1B\[2Jcookie\s+SecureOnly, SameSiteNoneInsecure\s+http:\/\/shop\.esomus\.test\/$/);
    expect(rejectedLines).toHaveLength(5);
    expect(escapeTerminal(HOSTILE_REJECTED)).toBe('bad\\x1B[2Jcookie');
  });

  test('has a row for every observed cookie, in a table per site', () => {
    expect(output).toContain('Cookies on esomus (7)');
    expect(output).toContain('Cookies on shop (3)');
    const rows = cookieRows(lines);
    expect(rows).toHaveLength(result.cookies.length);
    for (const cookie of result.cookies) {
      expect(rows.some((line) => line.includes(` ${escapeTerminal(cookie.name)} `) && line.includes(cookie.domain)), cookie.name).toBe(true);
    }
  });

  test('rows show both lifetimes, the entry, the origin and a status marker', () => {
    expect(row(lines, 'UID')).toMatch(/^✖\s+UID\s+\.esomus\.test\s+first\s+persistent\s+10 y\s+400 d\s+uid\s+http ← www\.esomus\.test$/);
    expect(row(lines, 'STCK_ID')).toMatch(/^✔\s+STCK_ID\s+.*session\s+—\s+—\s+STCK_ID\s+http ← www\.esomus\.test$/);
    expect(row(lines, '_ma_id')).toMatch(/persistent\s+2 h\s+2 h\s+undeclared\s+js ← cdn\.tracker\.test\/v2\/tag\.js$/);
    expect(row(lines, escapeTerminal(HOSTILE_NAME))).toMatch(/undeclared\s+jar$/);
  });

  test('marks transient cookies and varied lifetimes, with a legend under the table', () => {
    expect(row(lines, '_ma_test')).toMatch(/^✔\s+_ma_test\s+\.esomus\.test\s+first\s+session †\s+—\s+—\s+ma-test\s/);
    expect(row(lines, '_ga_X1')).toMatch(/\s+persistent\s+395 d\*\s+395 d\s+undeclared\s/);
    const esomus = section(lines, 'Cookies on esomus (7)');
    expect(esomus.slice(-2)).toEqual([
      '† transient: set then deleted during the visit (it was still placed on the device)',
      '* written several times; the longest requested lifetime is shown',
    ]);
  });

  test('shows the partition key of a CHIPS cookie next to its domain, with a legend', () => {
    expect(row(lines, '_gcl_au')).toMatch(/^✔\s+_gcl_au\s+ads\.partenaire-pub\.test ⟂ https:\/\/shop\.esomus\.test\s+third\s/);
    const shop = section(lines, 'Cookies on shop (3)');
    expect(shop.at(-1)).toBe('⟂ partitioned (CHIPS): kept only under the top-level site shown after ⟂');
    expect(shop.some((line) => line.startsWith('†') || line.startsWith('*'))).toBe(false);
  });

  test('lists storage per site: kind, origin, key, party, declared as; hostile keys escaped', () => {
    const storage = section(lines, 'Storage on esomus (3)');
    expect(storage[1]).toMatch(/^\s+Kind\s+Origin\s+Key\s+Party\s+Declared as$/);
    expect(storage.slice(2)).toEqual([
      expect.stringMatching(/^▲\s+indexedDB\s+https:\/\/ads\.partenaire-pub\.test\s+key\\x1B\]0;pwned\\x07\\u202E\s+third\s+undeclared$/),
      expect.stringMatching(/^▲\s+localStorage\s+https:\/\/www\.esomus\.test\s+_ma_last_visit\s+first\s+undeclared$/),
      expect.stringMatching(/^✔\s+sessionStorage\s+https:\/\/www\.esomus\.test\s+consent\s+first\s+consent$/),
    ]);
    expect(output).not.toContain('Storage on shop');
    expect(output).toContain(escapeTerminal(HOSTILE_KEY));
  });

  test('puts each site’s storage right after its cookies', () => {
    const order = lines.filter((line) => /^(Cookies|Storage) on /.test(line));
    expect(order).toEqual(['Cookies on esomus (7)', 'Storage on esomus (3)', 'Cookies on shop (3)']);
  });

  test('says nothing of third-party cookies when the browser allowed them', () => {
    expect(output).not.toContain('BLOCKED');
    expect(lines[1]).toBe('');
  });

  test('keeps typical tables within 140 columns', () => {
    const tableLines = lines.slice(lines.findIndex((line) => line.startsWith('Rejected cookies')));
    for (const line of tableLines) expect([...line].length).toBeLessThanOrEqual(140);
  });

  test('a clean result passes and says so', () => {
    const clean = run([], []);
    const text = renderTerminal(clean, { color: false });
    expect(text.split('\n')[0]).toBe('✔ PASS  0 errors, 0 warnings, 0 info — 0 cookies on 1 site, 3 pages (fails on: error)');
    expect(text).toContain('No findings.');
    for (const absent of ['Rejected cookies', 'Storage on', CITATION, '† ', '* written', '⟂']) expect(text).not.toContain(absent);
  });

  test('shortens long origins to host/…/file, then to the host, cutting only absurd hosts', () => {
    const origins = [
      `https://cdn.test/very/long/path/to/the/tag.js`,
      `https://${'a'.repeat(40)}.test/tag.js`,
      `https://${'b'.repeat(80)}.test/tag.js`,
    ].map((initiatorUrl, index) => observation({ name: `L${index}`, setBy: 'js', initiatorUrl }));
    const lines = renderTerminal(run(origins, []), { color: false }).split('\n');
    expect(row(lines, 'L0')).toMatch(/js ← cdn\.test\/…\/tag\.js$/);
    expect(row(lines, 'L1')).toMatch(/js ← a{40}\.test$/);
    expect(row(lines, 'L2')).toMatch(/js ← b{63}…$/);
    expect(row(lines, 'L0')).toContain(formatSeconds(observation().requestedLifetimeSeconds ?? 0));
  });
});

describe('renderTerminal, loud warnings and edge cases', () => {
  test('warns right under the verdict when the browser blocked third-party cookies', () => {
    const result = run([], [], { browser: { thirdPartyCookies: 'blocked' } });
    const lines = renderTerminal(result, { color: false }).split('\n');
    expect(lines[0]).toMatch(/^✔ PASS/);
    expect(lines[1]).toBe(`⚠ WARNING: ${THIRD_PARTY_BLOCKED_WARNING} (use another Chromium: --browser PATH)`);
    expect(THIRD_PARTY_BLOCKED_WARNING).toBe(
      "Third-party cookies were BLOCKED by the browser: ad partners' cookies may be missing from this scan",
    );
  });

  test('the warning is bold red in colour', () => {
    const output = renderTerminal(run([], [], { browser: { thirdPartyCookies: 'blocked' } }), { color: true });
    expect(output.split('\n')[1]).toMatch(new RegExp(`^(${ESC}\\[[0-9;]*m)+⚠ WARNING: Third-party cookies were BLOCKED`));
  });

  test('no hint line and no citation when the lookup knows no cookie', () => {
    const output = renderTerminal(run([observation({ name: 'X' })], [], { hints: gaHints }), { color: false });
    expect(output).toContain('[undeclared]');
    expect(output).not.toContain('Open Cookie Database');
  });

  test('a storage-only site still gets a storage table, and hostile origins are escaped', () => {
    const storage = [storageObservation({ site: 'other', origin: 'https://x.test\u001b[2J', key: 'k\u2028' })];
    const output = renderTerminal(run([], [], { storage }), { color: false });
    expect(output).toContain('Cookies on other (0)\n  none\n\nStorage on other (1)');
    expect(output).toContain('https://x.test\\x1B[2J');
    expect(output).toContain('k\\u2028');
    expect(output).not.toContain(ESC);
  });

  test('a session cookie written with different lifetimes shows the marker on its dash', () => {
    const output = renderTerminal(run([sessionObservation({ name: 'S', lifetimeVaried: true })], []), { color: false });
    expect(output).toMatch(/session\s+—\*\s+—\s/);
  });

  test('long rejected-cookie names and reasons are cut, not wrapped', () => {
    const long = rejected({ name: 'n'.repeat(80), reasons: Array.from({ length: 8 }, () => 'SameSiteUnspecifiedTreatedAsLax') });
    const lines = renderTerminal(run([], [], { rejectedCookies: [long] }), { color: false }).split('\n');
    const rowLine = lines.find((line) => line.startsWith('esomus  '));
    expect(rowLine).toMatch(/^esomus\s+n{29}…\s+SameSiteUnspecifiedTreatedAsLax, SameSi…\s+https:\/\/www\.esomus\.test\/$/);
  });
});

describe('renderTerminal with colour', () => {
  test('uses ANSI colours but still escapes site-controlled text', () => {
    const output = renderTerminal(sampleResult(), { color: true });
    expect(output).toContain(`${ESC}[`);
    expect(output).toContain('evil\\x1B[31mname\\n');
    expect(output).not.toContain(`evil${ESC}`);
    expect(output).toContain('key\\x1B]0;pwned\\x07\\u202E');
    expect(output).not.toContain(`key${ESC}`);
    expect(output).toContain('bad\\x1B[2Jcookie');
    expect(output).not.toContain(`bad${ESC}`);
    expect(output).not.toContain('\u202e');
  });
});

describe('renderTerminal coverage', () => {
  test('says what a limit left unvisited and which links were not followed', () => {
    const sites = [
      site({
        stoppedBy: 'time-budget',
        notVisited: 7,
        sitemaps: ['https://www.esomus.test/sitemap.xml'],
        skippedLinks: [{ url: 'https://ads.example/\u001b[31m', reason: 'other site: ads.example', from: 'https://www.esomus.test/' }],
        skippedNotListed: 2,
      }),
    ];
    const text = renderTerminal(run([], [], { sites }), { color: false });
    expect(text).toContain('Coverage\n  esomus  stopped by the --time-budget: 7 pages found but not visited');
    expect(text).toContain('esomus  3 links not followed');
    expect(text).toContain('esomus  1 sitemap read');
    expect(renderTerminal(run([], []), { color: false })).not.toContain('Coverage');
  });
});

describe('renderTerminal with scenarios', () => {
  const consent = { required: true, reference: 'section 10' };
  const uid = entry({ id: 'uid', name: 'UID' });
  const given: JourneyOutcome = { completed: 4, steps: 4, consent: 'given', preloadedCookies: 2 };
  const refused: JourneyOutcome = { completed: 3, steps: 3, consent: 'refused', preloadedCookies: 0 };
  const result = run(
    [
      observation({ consent: 'none' }),
      observation({ scenario: 'consent-given', consent: 'given' }),
      observation({ scenario: 'consent-refused', consent: 'refused', firstSeenUrl: 'https://www.esomus.test/offres' }),
    ],
    [uid],
    {
      inventory: { policy: policy({ consent }) },
      sites: [
        site(),
        site({ scenario: 'consent-given', journey: given }),
        site({ scenario: 'consent-refused', journey: refused }),
        site({
          scenario: 'logged-in',
          journey: { completed: 1, steps: 3, consent: 'none', preloadedCookies: 0 },
          stoppedBy: 'journey-failed',
          notVisited: 1,
          pagesVisited: 0,
          complete: false,
          errors: [{ url: 'https://www.esomus.test/', message: 'scenario "logged-in", step 2 of 3 failed' }],
        }),
      ],
      rejectedCookies: [rejected({ scenario: 'logged-in' })],
    },
  );
  const output = renderTerminal(result, { color: false });
  const lines = output.split('\n');

  test('the verdict counts sites and scenarios', () => {
    expect(lines[0]).toMatch(/ — 3 cookies on 1 site under 4 scenarios, 9 pages, 1 scan error, 1 scenario incomplete \(fails on: error\)$/);
  });

  test('findings name the site and scenario', () => {
    expect(lines).toContain(
      '  [before-consent]  esomus › anonymous  UID (.esomus.test)  "UID" was set on https://www.esomus.test/ before the visitor made any consent choice (scenario "anonymous"); the policy requires consent for it (section 10)  inventory.yaml:12',
    );
    expect(lines.find((line) => line.includes('[despite-refusal]'))).toMatch(/^ {2}\[despite-refusal\] {2}esomus › consent-refused {2}UID \(\.esomus\.test\) {2}"UID" was set on https:\/\/www\.esomus\.test\/offres after/);
  });

  test('a table per site and scenario, in scan order, each row marked by the findings of its own scenario', () => {
    const headings = lines.filter((line) => line.startsWith('Cookies on '));
    expect(headings).toEqual([
      'Cookies on esomus › anonymous (1)',
      'Cookies on esomus › consent-given (1)',
      'Cookies on esomus › consent-refused (1)',
      'Cookies on esomus › logged-in (0)',
    ]);
    const rowOf = (heading: string) => section(lines, heading).find((line) => / UID /.test(line));
    expect(rowOf('Cookies on esomus › anonymous (1)')).toMatch(/^✖ /);
    expect(rowOf('Cookies on esomus › consent-given (1)')).toMatch(/^✔ /);
    expect(rowOf('Cookies on esomus › consent-refused (1)')).toMatch(/^✖ /);
  });

  test('coverage shows each journey, and a failed one', () => {
    expect(section(lines, 'Coverage')).toEqual([
      'Coverage',
      '  esomus › consent-given  journey: 4/4 steps, consent given, 2 cookies preloaded from storageState',
      '  esomus › consent-refused  journey: 3/3 steps, consent refused',
      '  esomus › logged-in  journey: 1/3 steps (step 2 failed), no consent choice',
      '  esomus › logged-in  stopped by a journey step that failed (see the scan errors): 1 page found but not visited',
    ]);
  });

  test('scan errors and rejected cookies name the scenario', () => {
    expect(section(lines, 'Scan errors')).toEqual([
      'Scan errors',
      '  esomus › logged-in  incomplete: no page of the site loaded, its journey failed or the browser gave up (see its errors)',
      '  esomus › logged-in  https://www.esomus.test/ — scenario "logged-in", step 2 of 3 failed',
    ]);
    expect(section(lines, 'Rejected cookies (1)')[3]).toMatch(/^esomus › logged-in\s+__Host-session\s+InvalidPrefix\s/);
  });

  test('one scenario other than "anonymous" is enough to show it', () => {
    const text = renderTerminal(run([observation({ scenario: 'logged-in' })], [], { sites: [site({ scenario: 'logged-in' })] }), { color: false });
    expect(text).toContain('Cookies on esomus › logged-in (1)');
    expect(text).toContain('[undeclared]  esomus › logged-in  UID');
    expect(text.split('\n')[0]).toContain('on 1 site under 1 scenario,');
  });

  test('a scan of anonymous visitors only names no scenario', () => {
    expect(renderTerminal(sampleResult(), { color: false })).not.toContain('›');
  });

  test('a journey of a saved state only, without steps', () => {
    const sites = [site({ scenario: 'logged-in', journey: { completed: 0, steps: 0, consent: 'given', preloadedCookies: 1 } })];
    expect(renderTerminal(run([], [], { sites }), { color: false })).toContain(
      'Coverage\n  esomus › logged-in  journey: consent given, 1 cookie preloaded from storageState\n',
    );
  });

  test('escapes a hostile scenario name', () => {
    const hostile = 'x\u001b[2J\u202e';
    const text = renderTerminal(run([observation({ scenario: hostile })], [], { sites: [site({ scenario: hostile })] }), { color: false });
    expect(text).toContain('Cookies on esomus › x\\x1B[2J\\u202E (1)');
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u202e');
  });
});

describe('renderTerminal with waivers and a baseline', () => {
  const base = sampleResult();
  const [first, second] = base.findings;
  const result = {
    ...base,
    findings: [
      { ...first, change: 'existing' as const, waiver: { reason: 'fix in\u001b[31m v3', owner: 'dpo@esomus.test', expires: '2027-03-31' } },
      { ...second, change: 'new' as const },
      ...base.findings.slice(2).map((finding) => ({ ...finding, change: 'existing' as const })),
    ],
    summary: { ...base.summary, waived: 1, gate: 'new' as const },
    baseline: {
      file: 'main.json',
      startedAt: '2026-11-01T00:00:00.000Z',
      cookies: {
        added: [{ site: 'esomus', scenario: 'anonymous', name: HOSTILE_NAME, domain: '.esomus.test', path: '/' }],
        removed: [],
        changed: [{ cookie: { site: 'esomus', scenario: 'anonymous', name: 'UID', domain: '.esomus.test', path: '/' }, field: 'requestedLifetime' as const, before: 86_400, after: 2 * 86_400 }],
      },
      findings: { new: 1, fixed: [first], unchanged: base.findings.length - 1 },
    },
  };
  const output = renderTerminal(result, { color: false });
  const lines = output.split('\n');

  test('the verdict says what the gate judged and how many findings are waived', () => {
    expect(lines[0]).toMatch(/\(1 waived\) — .*\(fails on: new findings at or above error\)$/);
  });

  test('says what changed since the baseline, escaped, right after the verdict', () => {
    const since = section(lines, 'Since the baseline main.json (scanned 2026-11-01T00:00:00.000Z)');
    expect(since[1]).toBe(`  findings: 1 new, 1 fixed, ${base.findings.length - 1} unchanged; cookies: 1 added, 0 removed, 1 change`);
    expect(since).toContain(`  + ${escapeTerminal(HOSTILE_NAME)} (.esomus.test) on esomus`);
    expect(since).toContain('  ~ UID (.esomus.test) on esomus  requested lifetime 1 day → 2 days');
    expect(output).not.toContain(ESC);
  });

  test('marks new findings and lists them first in their severity; waived ones say until when, by whom and why', () => {
    const heading = lines.find((line) => /^(Errors|Warnings|Info) \(/.test(line) && section(lines, line).some((row) => row.includes('NEW')));
    const [, firstOfSeverity] = section(lines, heading ?? 'no severity has a new finding');
    expect(firstOfSeverity).toMatch(new RegExp(`^ {2}NEW +\\[${second.kind}\\]`));
    expect(lines.filter((line) => line.includes(' NEW '))).toHaveLength(1);
    const waived = lines.findIndex((line) => line.includes('waived until'));
    expect(lines[waived]).toBe('      waived until 2027-03-31 (dpo@esomus.test): fix in\\x1B[31m v3 — does not fail the run');
  });
});
