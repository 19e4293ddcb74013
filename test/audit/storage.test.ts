import { describe, expect, test } from 'vitest';
import type { StorageEntry } from '../../src/model/inventory.js';
import type { StorageObservation } from '../../src/model/observation.js';
import { entry, observation, run, sessionObservation, storageEntry, storageObservation } from './builders.js';

function audit(storage: StorageObservation[], entries: StorageEntry[], cookies = [observation()]) {
  return run(cookies, [entry({ id: 'uid', name: 'UID' })], { storage, inventory: { storage: entries } });
}

describe('undeclared-storage', () => {
  test('one warning per storage observation no entry declares, naming kind, key and origin', () => {
    const result = audit([storageObservation({ key: '_ma_last' })], []);
    expect(result.findings).toEqual([
      {
        kind: 'undeclared-storage',
        severity: 'warning',
        site: 'esomus',
        scenario: 'anonymous',
        cookie: null,
        entry: null,
        message: 'localStorage key "_ma_last" on https://www.esomus.test is not declared in the inventory (add it under storage:)',
        storage: { kind: 'localStorage', origin: 'https://www.esomus.test', key: '_ma_last' },
      },
    ]);
    expect(result.storage).toEqual([{ ...storageObservation({ key: '_ma_last' }), declared: null }]);
  });

  test('says "IndexedDB database" and "sessionStorage key"', () => {
    const result = audit(
      [storageObservation({ kind: 'indexedDB', key: 'firebase' }), storageObservation({ kind: 'sessionStorage', key: 'tab' })],
      [],
    );
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'IndexedDB database "firebase" on https://www.esomus.test is not declared in the inventory (add it under storage:)',
      'sessionStorage key "tab" on https://www.esomus.test is not declared in the inventory (add it under storage:)',
    ]);
  });

  test('a declared key is reported with its entry id and gives no finding', () => {
    const result = audit([storageObservation({ key: '_ma_last' })], [storageEntry({ id: 'ma-last', key: '_ma_last' })]);
    expect(result.findings).toEqual([]);
    expect(result.storage.map((item) => item.declared)).toEqual(['ma-last']);
  });

  test('an entry of another kind does not declare the key', () => {
    const result = audit([storageObservation({ key: '_ma_last' })], [storageEntry({ id: 'ma-last', kind: 'sessionStorage', key: '_ma_last' })]);
    expect(result.findings.map((finding) => finding.kind)).toEqual(['undeclared-storage', 'unobserved']);
  });

  test('storage findings come after cookie findings of the same severity, sorted by kind, origin and key', () => {
    const storage = [
      storageObservation({ key: 'b' }),
      storageObservation({ key: 'a', origin: 'https://z.test' }),
      storageObservation({ key: 'z', kind: 'indexedDB' }),
      storageObservation({ key: 'a' }),
    ];
    const result = audit(storage, [], [observation({ requestedLifetimeSeconds: 3600, effectiveLifetimeSeconds: 3600 })]);
    expect(result.findings.map((finding) => [finding.kind, finding.storage?.kind, finding.storage?.origin, finding.storage?.key])).toEqual([
      ['below-minimum', undefined, undefined, undefined],
      ['undeclared-storage', 'indexedDB', 'https://www.esomus.test', 'z'],
      ['undeclared-storage', 'localStorage', 'https://www.esomus.test', 'a'],
      ['undeclared-storage', 'localStorage', 'https://www.esomus.test', 'b'],
      ['undeclared-storage', 'localStorage', 'https://z.test', 'a'],
    ]);
  });
});

describe('storage entries', () => {
  test('unobserved: a named storage entry that matched no key anywhere', () => {
    const basket = storageEntry({ id: 'basket', key: 'basket' }, 70);
    const db = storageEntry({ id: 'db', kind: 'indexedDB', pattern: 'app-*' }, 77);
    const result = audit([], [basket, db]);
    expect(result.findings).toEqual([
      {
        kind: 'unobserved',
        severity: 'info',
        site: null,
        scenario: null,
        cookie: null,
        entry: 'basket',
        message: 'storage entry "basket" (storage[0]) with key "basket" matched no localStorage key on any site during the scan',
        location: basket.location,
      },
      expect.objectContaining({
        entry: 'db',
        message: 'storage entry "db" (storage[1]) with pattern "app-*" matched no IndexedDB database on any site during the scan',
      }),
    ]);
  });

  test('unnamed-entry: a storage entry without key, pattern or regex, with look-alike undeclared keys of its kind', () => {
    const lastVisit = storageEntry({ id: 'last-visit', label: 'Date de la dernière visite' });
    const storage = [
      storageObservation({ key: 'derniere_visite' }),
      storageObservation({ kind: 'sessionStorage', key: 'visite_derniere' }),
      storageObservation({ key: 'basket' }),
    ];
    const result = audit(storage, [lastVisit]);
    expect(result.findings.find((finding) => finding.kind === 'unnamed-entry')).toEqual({
      kind: 'unnamed-entry',
      severity: 'warning',
      site: null,
      scenario: null,
      cookie: null,
      entry: 'last-visit',
      message:
        'storage entry "last-visit" (storage[0]) has no key, pattern or regex, so no localStorage key can match it; the policy only calls it "Date de la dernière visite"',
      location: lastVisit.location,
      suggestions: ['derniere_visite'],
    });
    expect(result.findings.some((finding) => finding.kind === 'unobserved')).toBe(false);
  });

  test('a storage entry and a cookie entry are observed independently', () => {
    const result = audit([storageObservation({ key: 'UID' })], [storageEntry({ id: 'uid-store', key: 'UID' })], []);
    expect(result.findings.map((finding) => [finding.kind, finding.entry])).toEqual([['unobserved', 'uid']]);
  });

  test('party-mismatch: an entry that declares a party is held to it', () => {
    const entryFirst = storageEntry({ id: 'ma-last', key: '_ma_last', party: 'first' }, 70);
    const seen = storageObservation({ key: '_ma_last', origin: 'https://ads.partenaire-pub.test', party: 'third' });
    const result = audit([seen], [entryFirst]);
    expect(result.findings).toEqual([
      {
        kind: 'party-mismatch',
        severity: 'error',
        site: 'esomus',
        scenario: 'anonymous',
        cookie: null,
        entry: 'ma-last',
        message:
          'declared first-party ("ma-last", storage[0]) but localStorage key "_ma_last" on https://ads.partenaire-pub.test is third-party',
        location: entryFirst.location,
        facts: { declared: 'first', observed: 'third' },
        storage: { kind: 'localStorage', origin: 'https://ads.partenaire-pub.test', key: '_ma_last' },
      },
    ]);
  });

  test('an entry without a party accepts either; a matching party gives nothing', () => {
    const third = storageObservation({ key: '_ma_last', party: 'third' });
    expect(audit([third], [storageEntry({ id: 'any', key: '_ma_last' })]).findings).toEqual([]);
    expect(audit([third], [storageEntry({ id: 'third', key: '_ma_last', party: 'third' })]).findings).toEqual([]);
  });

  test('the domains filter applies to the origin host', () => {
    const scoped = storageEntry({ id: 'scoped', key: 'k', domains: ['esomus.test'] });
    const result = audit([storageObservation({ key: 'k' }), storageObservation({ key: 'k', origin: 'https://ads.test' })], [scoped]);
    expect(result.storage.map((item) => [item.origin, item.declared])).toEqual([
      ['https://ads.test', null],
      ['https://www.esomus.test', 'scoped'],
    ]);
    expect(result.findings.map((finding) => finding.kind)).toEqual(['undeclared-storage']);
  });
});

describe('storage and rejected cookies in the result', () => {
  const storage = [
    storageObservation({ site: 'shop', key: 'a' }),
    storageObservation({ key: 'b', origin: 'https://b.test' }),
    storageObservation({ key: 'b', origin: 'https://a.test' }),
    storageObservation({ kind: 'sessionStorage', key: 'a' }),
    storageObservation({ kind: 'indexedDB', key: 'z' }),
  ];

  test('storage is sorted by site, kind, origin, key', () => {
    const result = run([], [], { storage });
    expect(result.storage.map((item) => [item.site, item.kind, item.origin, item.key])).toEqual([
      ['esomus', 'indexedDB', 'https://www.esomus.test', 'z'],
      ['esomus', 'localStorage', 'https://a.test', 'b'],
      ['esomus', 'localStorage', 'https://b.test', 'b'],
      ['esomus', 'sessionStorage', 'https://www.esomus.test', 'a'],
      ['shop', 'localStorage', 'https://www.esomus.test', 'a'],
    ]);
    expect(JSON.stringify(run([], [], { storage: [...storage].reverse() }))).toBe(JSON.stringify(result));
  });

  test('storage is copied field by field: a value in a saved scan never reaches the report', () => {
    const withValue = { ...storageObservation(), value: 's3cr3t' } as StorageObservation;
    const result = run([], [], { storage: [withValue] });
    expect(result.storage).toEqual([{ ...storageObservation(), declared: null }]);
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
  });

  test('a session cookie and a storage key with the same name do not interfere', () => {
    const result = run([sessionObservation({ name: 'k' })], [entry({ id: 'k', name: 'k', type: 'session' })], {
      storage: [storageObservation({ key: 'k' })],
    });
    expect(result.findings.map((finding) => [finding.kind, finding.entry])).toEqual([['undeclared-storage', null]]);
  });
});
