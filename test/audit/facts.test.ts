import { describe, expect, test } from 'vitest';
import { makeFinding } from '../../src/audit/finding.js';
import { DAY, duration, entry, observation, policy, run, sessionObservation, storageEntry, storageObservation } from './builders.js';

const CITED = policy({
  persistent: { minLifetime: duration('1 day'), maxLifetime: duration('5 years'), reference: ' section 8 ' },
  consent: { required: true, reference: 'section 10' },
});
const FIVE_YEARS_FROM_SETAT = (Date.UTC(2030, 2, 10, 9) - Date.UTC(2025, 2, 10, 9)) / 1000;

function findingOf(kind: string, result: ReturnType<typeof run>) {
  const found = result.findings.find((finding) => finding.kind === kind);
  if (!found) throw new Error(`no ${kind} finding in ${result.findings.map((finding) => finding.kind).join(', ')}`);
  return found;
}

describe('facts on lifetime findings', () => {
  test('over-long against the policy: requested, kept, the calendar maximum from setAt and the policy section', () => {
    const result = run([observation({ requestedLifetimeSeconds: 3650 * DAY, effectiveLifetimeSeconds: 400 * DAY })], [entry({ id: 'uid', name: 'UID' })], {
      inventory: { policy: CITED },
    });
    expect(findingOf('over-long', result).facts).toEqual({
      requestedSeconds: 3650 * DAY,
      effectiveSeconds: 400 * DAY,
      limitSeconds: FIVE_YEARS_FROM_SETAT,
      reference: 'section 8',
    });
  });

  test("over-long against the entry's own maximum cites no policy section", () => {
    const uid = entry({ id: 'uid', name: 'UID', maxLifetime: duration('13 months') });
    const result = run([observation({ requestedLifetimeSeconds: 2 * 365 * DAY, effectiveLifetimeSeconds: 400 * DAY })], [uid], { inventory: { policy: CITED } });
    const { facts } = findingOf('over-long', result);
    expect(facts).toEqual({ requestedSeconds: 730 * DAY, effectiveSeconds: 400 * DAY, limitSeconds: 396 * DAY });
    expect(facts).not.toHaveProperty('reference');
  });

  test('below-minimum carries the minimum; without a policy reference, no reference key at all', () => {
    const result = run([observation({ requestedLifetimeSeconds: 3600, effectiveLifetimeSeconds: 3600 })], [entry({ id: 'uid', name: 'UID' })]);
    expect(findingOf('below-minimum', result).facts).toEqual({ requestedSeconds: 3600, effectiveSeconds: 3600, limitSeconds: DAY });
  });
});

describe('facts on declaration findings', () => {
  test('type-mismatch: declared and observed types, and the lifetime when persistent', () => {
    const entries = [entry({ id: 'sid', name: 'SID', type: 'session' }), entry({ id: 'uid', name: 'UID' })];
    const result = run([observation({ name: 'SID', requestedLifetimeSeconds: 90 * DAY }), sessionObservation({ name: 'UID' })], entries);
    const facts = result.findings.filter((finding) => finding.kind === 'type-mismatch').map((finding) => [finding.cookie?.name, finding.facts]);
    expect(facts).toEqual([
      ['SID', { requestedSeconds: 90 * DAY, declared: 'session', observed: 'persistent' }],
      ['UID', { declared: 'persistent', observed: 'session' }],
    ]);
  });

  test('party-mismatch, for a cookie and for a storage key', () => {
    const result = run([observation({ name: 'UID', party: 'third', domain: 'ads.test' })], [entry({ id: 'uid', name: 'UID' })], {
      storage: [storageObservation({ key: 'k', party: 'third' })],
      inventory: { storage: [storageEntry({ id: 'k', key: 'k', party: 'first' })] },
    });
    const mismatches = result.findings.filter((finding) => finding.kind === 'party-mismatch');
    expect(mismatches.map((finding) => finding.facts)).toEqual([
      { declared: 'first', observed: 'third' },
      { declared: 'first', observed: 'third' },
    ]);
    expect(mismatches.map((finding) => Boolean(finding.storage))).toEqual([true, false]);
  });

  test('before-consent and despite-refusal cite where the policy requires consent', () => {
    const cookies = [sessionObservation({ name: 'A', consent: 'none' }), sessionObservation({ name: 'B', consent: 'refused' })];
    const entries = [entry({ id: 'a', name: 'A', type: 'session' }), entry({ id: 'b', name: 'B', type: 'session' })];
    const result = run(cookies, entries, { inventory: { policy: CITED } });
    expect(findingOf('before-consent', result).facts).toEqual({ reference: 'section 10' });
    expect(findingOf('despite-refusal', result).facts).toEqual({ reference: 'section 10' });
  });
});

describe('findings without facts', () => {
  test('undeclared, unobserved, unnamed-entry, undeclared-storage and uncited consent findings have no facts key', () => {
    const cookies = [observation({ name: 'X' }), sessionObservation({ name: 'A', consent: 'none' })];
    const entries = [entry({ id: 'a', name: 'A', type: 'session', consent: 'required' }), entry({ id: 'never', name: 'NEVER' }), entry({ id: 'nameless', label: 'Sans nom' })];
    const result = run(cookies, entries, { storage: [storageObservation()] });
    const kinds = result.findings.map((finding) => finding.kind);
    expect(kinds).toEqual(['undeclared', 'before-consent', 'unnamed-entry', 'undeclared-storage', 'unobserved']);
    for (const finding of result.findings) expect(finding, finding.kind).not.toHaveProperty('facts');
  });

  test('makeFinding drops undefined facts, and facts that are all undefined', () => {
    const base = { site: null, scenario: null, cookie: null, entry: null, message: 'm' };
    expect(makeFinding('over-long', { ...base, facts: { requestedSeconds: 1, effectiveSeconds: undefined } }).facts).toEqual({ requestedSeconds: 1 });
    expect(makeFinding('over-long', { ...base, facts: { reference: undefined } })).not.toHaveProperty('facts');
  });
});
