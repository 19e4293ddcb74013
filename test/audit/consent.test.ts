import { describe, expect, test } from 'vitest';
import type { ConsentRule, CookieEntry } from '../../src/model/inventory.js';
import type { Observation } from '../../src/model/observation.js';
import { entry, observation, policy, run } from './builders.js';

const REQUIRED: ConsentRule = { required: true, reference: 'section 10' };
const UID = { id: 'uid', name: 'UID' };

/** The consent findings of one cookie against one UID entry, under a policy consent rule. */
function consentFindings(cookie: Partial<Observation>, uid: Partial<CookieEntry> & { id: string } = UID, consent?: ConsentRule) {
  const result = run([observation(cookie)], [entry(uid)], { inventory: { policy: policy(consent ? { consent } : {}) } });
  return result.findings.filter((finding) => finding.kind === 'before-consent' || finding.kind === 'despite-refusal');
}

describe('before-consent', () => {
  test('a cookie the policy requires consent for, set before any choice: named, with its scenario, page and the policy section', () => {
    const findings = consentFindings({ consent: 'none', firstSeenUrl: 'https://www.esomus.test/offres' }, undefined, REQUIRED);
    expect(findings).toEqual([
      {
        kind: 'before-consent',
        severity: 'error',
        site: 'esomus',
        scenario: 'anonymous',
        cookie: { name: 'UID', domain: '.esomus.test' },
        entry: 'uid',
        message:
          '"UID" was set on https://www.esomus.test/offres before the visitor made any consent choice (scenario "anonymous"); the policy requires consent for it (section 10)',
        location: entry(UID).location,
        facts: { reference: 'section 10' },
      },
    ]);
  });

  test('without a policy reference, the message cites none', () => {
    const [finding] = consentFindings({ consent: 'none' }, undefined, { required: true });
    expect(finding.message).toMatch(/; the policy requires consent for it$/);
  });

  test('an exempt entry (strictly necessary) overrides the policy default', () => {
    expect(consentFindings({ consent: 'none' }, { ...UID, consent: 'exempt' }, REQUIRED)).toEqual([]);
  });

  test('an entry that requires consent needs no policy default, and the message names the entry', () => {
    const required = { ...UID, consent: 'required' as const };
    const [finding] = consentFindings({ consent: 'none' }, required);
    expect(finding).toMatchObject({ kind: 'before-consent', entry: 'uid' });
    expect(finding.message).toMatch(/; inventory entry "uid" \(cookies\[0\]\) requires consent for it$/);
    const [cited] = consentFindings({ consent: 'none' }, required, { required: false, reference: 'section 10' });
    expect(cited.message).toMatch(/; inventory entry "uid" \(cookies\[0\]\) requires consent for it \(section 10\)$/);
  });

  test('no finding when neither the policy nor the entry requires consent', () => {
    expect(consentFindings({ consent: 'none' })).toEqual([]);
    expect(consentFindings({ consent: 'none' }, undefined, { required: false })).toEqual([]);
  });

  test('a transient cookie still counts: it was placed on the device', () => {
    const [finding] = consentFindings({ consent: 'none', transient: true }, undefined, REQUIRED);
    expect(finding.message).toMatch(/\(section 10\) \(set then deleted during the visit\)$/);
  });
});

describe('despite-refusal', () => {
  test('a cookie that needs consent, set after the visitor refused it, in the refusing scenario', () => {
    const findings = consentFindings({ consent: 'refused', scenario: 'consent-refused' }, undefined, REQUIRED);
    expect(findings).toMatchObject([
      {
        kind: 'despite-refusal',
        severity: 'error',
        scenario: 'consent-refused',
        message:
          '"UID" was set on https://www.esomus.test/ after the visitor refused consent (scenario "consent-refused"); the policy requires consent for it (section 10)',
      },
    ]);
  });
});

describe('consent states that give no consent finding', () => {
  test('consent given', () => {
    expect(consentFindings({ consent: 'given', scenario: 'consent-given' }, undefined, REQUIRED)).toEqual([]);
  });

  test('no consent state: a report from before scenarios', () => {
    expect(consentFindings({ consent: undefined }, undefined, REQUIRED)).toEqual([]);
  });

  test('an undeclared cookie is only undeclared', () => {
    const result = run([observation({ name: 'X', consent: 'none' })], [], { inventory: { policy: policy({ consent: REQUIRED }) } });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['undeclared']);
  });
});

describe('scenarios', () => {
  test('the same cookie under two scenarios gives one finding per scenario, each carrying its scenario', () => {
    const cookies = [
      observation({ scenario: 'anonymous', consent: 'none' }),
      observation({ scenario: 'consent-refused', consent: 'refused' }),
      observation({ scenario: 'consent-given', consent: 'given' }),
    ];
    const result = run(cookies, [entry(UID)], { inventory: { policy: policy({ consent: REQUIRED }) } });
    expect(result.findings.map(({ kind, scenario }) => [kind, scenario])).toEqual([
      ['before-consent', 'anonymous'],
      ['despite-refusal', 'consent-refused'],
    ]);
  });

  test('a cookie without a scenario (an older report) is reported under "anonymous"', () => {
    const old = { ...observation({ consent: 'none' }) } as Partial<Observation>;
    delete old.scenario;
    const result = run([old as Observation], [entry(UID)], { inventory: { policy: policy({ consent: REQUIRED }) } });
    expect(result.findings).toMatchObject([{ kind: 'before-consent', scenario: 'anonymous' }]);
    expect(result.findings[0].message).toContain('(scenario "anonymous")');
  });
});
