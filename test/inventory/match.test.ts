import { describe, expect, it } from 'vitest';
import {
  entryMatches,
  findEntry,
  findStorageEntry,
  globToRegExp,
  hostAllowed,
  isNamed,
  nameRule,
  ruleMatches,
  storageEntryMatches,
} from '../../src/inventory/match.js';
import type { CookieEntry, StorageEntry } from '../../src/model/inventory.js';
import type { StorageKind } from '../../src/model/observation.js';

function entry(fields: Partial<CookieEntry> & { id: string }): CookieEntry {
  return { party: 'first', type: 'persistent', label: fields.id, purpose: { fr: '…' }, ...fields };
}

const at = (name: string, domain = 'www.esomus.com') => ({ name, domain });

describe('entryMatches', () => {
  it('matches an exact name, case-sensitively', () => {
    const uid = entry({ id: 'uid', name: 'UID' });
    expect(entryMatches(uid, at('UID'))).toBe(true);
    expect(entryMatches(uid, at('uid'))).toBe(false);
    expect(entryMatches(uid, at('UID2'))).toBe(false);
  });

  it('matches a glob on the whole name', () => {
    const ga = entry({ id: 'ga', pattern: '_ga_*' });
    expect(entryMatches(ga, at('_ga_ABC123'))).toBe(true);
    expect(entryMatches(ga, at('_ga_'))).toBe(true);
    expect(entryMatches(ga, at('_ga'))).toBe(false);
    expect(entryMatches(ga, at('x_ga_ABC'))).toBe(false);
  });

  it('treats ? as one character and regex characters in a glob literally', () => {
    expect(entryMatches(entry({ id: 'q', pattern: 'u?' }), at('u2'))).toBe(true);
    expect(entryMatches(entry({ id: 'q', pattern: 'u?' }), at('u22'))).toBe(false);
    expect(entryMatches(entry({ id: 'dot', pattern: 'a.b' }), at('axb'))).toBe(false);
    expect(globToRegExp('a+(b)*').test('a+(b)zzz')).toBe(true);
  });

  it('matches a regex as written (anchors are the author’s)', () => {
    expect(entryMatches(entry({ id: 'r', regex: '^_ga_[A-Z0-9]+$' }), at('_ga_X1'))).toBe(true);
    expect(entryMatches(entry({ id: 'r', regex: '^_ga_[A-Z0-9]+$' }), at('_ga_x1'))).toBe(false);
    expect(entryMatches(entry({ id: 'r', regex: 'sess' }), at('my_session_id'))).toBe(true);
  });

  it('filters by domain: the domain itself and its sub-domains, leading dots and case ignored', () => {
    const uid = entry({ id: 'uid', name: 'UID', domains: ['esomus.com'] });
    expect(entryMatches(uid, at('UID', 'esomus.com'))).toBe(true);
    expect(entryMatches(uid, at('UID', '.esomus.com'))).toBe(true);
    expect(entryMatches(uid, at('UID', 'www.ESOMUS.com'))).toBe(true);
    expect(entryMatches(uid, at('UID', 'notesomus.com'))).toBe(false);
    expect(entryMatches(uid, at('UID', 'esomus.com.evil.example'))).toBe(false);
    expect(entryMatches(entry({ id: 'dot', name: 'UID', domains: ['.esomus.com'] }), at('UID', 'a.esomus.com'))).toBe(true);
  });

  it('accepts any domain when the entry lists none', () => {
    expect(entryMatches(entry({ id: 'uid', name: 'UID' }), at('UID', 'tracker.example'))).toBe(true);
    expect(entryMatches(entry({ id: 'uid', name: 'UID', domains: [] }), at('UID', 'tracker.example'))).toBe(true);
  });

  it('matches nothing for an entry without a technical name', () => {
    const unnamed = entry({ id: 'code-operation', label: 'Code Opération' });
    expect(isNamed(unnamed)).toBe(false);
    expect(entryMatches(unnamed, at('Code Opération'))).toBe(false);
    expect(entryMatches(unnamed, at(''))).toBe(false);
    expect(isNamed(entry({ id: 'p', pattern: '*' }))).toBe(true);
  });
});

describe('findEntry', () => {
  const wildcard = entry({ id: 'all-u', pattern: 'U*' });
  const byRegex = entry({ id: 'u-regex', regex: '^U' });
  const exact = entry({ id: 'uid', name: 'UID' });

  it('prefers an exact name over an earlier pattern or regex', () => {
    expect(findEntry([wildcard, byRegex, exact], at('UID'))?.id).toBe('uid');
  });

  it('takes the first in file order among patterns', () => {
    expect(findEntry([wildcard, byRegex], at('U2'))?.id).toBe('all-u');
    expect(findEntry([byRegex, wildcard], at('U2'))?.id).toBe('u-regex');
  });

  it('skips entries whose domains exclude the cookie', () => {
    const elsewhere = entry({ id: 'other', name: 'UID', domains: ['other.example'] });
    expect(findEntry([elsewhere, wildcard], at('UID'))?.id).toBe('all-u');
  });

  it('returns undefined when nothing declares the cookie', () => {
    expect(findEntry([exact, entry({ id: 'unnamed' })], at('_fbp'))).toBeUndefined();
  });
});

function storageEntry(fields: Partial<StorageEntry> & { id: string }): StorageEntry {
  return { kind: 'localStorage', label: fields.id, purpose: { fr: '…' }, ...fields };
}

const stored = (key: string, origin = 'https://www.esomus.com', kind: StorageKind = 'localStorage') => ({ kind, origin, key });

describe('the shared name rule', () => {
  it('is the name of a cookie entry and the key of a storage entry', () => {
    expect(nameRule(entry({ id: 'a', name: 'A' }))).toEqual({ exact: 'A', pattern: undefined, regex: undefined });
    expect(nameRule(storageEntry({ id: 'a', key: 'k' }))).toEqual({ exact: 'k', pattern: undefined, regex: undefined });
    expect(nameRule(storageEntry({ id: 'a', pattern: 'k*' }))).toEqual({ exact: undefined, pattern: 'k*', regex: undefined });
  });

  it('matches exact, glob and regex; nothing when empty', () => {
    expect(ruleMatches({ exact: 'a' }, 'a')).toBe(true);
    expect(ruleMatches({ pattern: 'a*' }, 'abc')).toBe(true);
    expect(ruleMatches({ regex: 'b' }, 'abc')).toBe(true);
    expect(ruleMatches({}, '')).toBe(false);
  });

  it('hostAllowed: the domain and its sub-domains only', () => {
    expect(hostAllowed(['esomus.com'], 'www.esomus.com')).toBe(true);
    expect(hostAllowed(['esomus.com'], 'notesomus.com')).toBe(false);
    expect(hostAllowed(undefined, '')).toBe(true);
  });
});

describe('storageEntryMatches', () => {
  it('needs the same kind', () => {
    const last = storageEntry({ id: 'last', key: '_ma_last' });
    expect(storageEntryMatches(last, stored('_ma_last'))).toBe(true);
    expect(storageEntryMatches(last, stored('_ma_last', undefined, 'sessionStorage'))).toBe(false);
    expect(storageEntryMatches(storageEntry({ id: 'db', kind: 'indexedDB', key: '_ma_last' }), stored('_ma_last'))).toBe(false);
  });

  it('matches keys by exact text, glob or regex, case-sensitively', () => {
    expect(storageEntryMatches(storageEntry({ id: 'a', key: 'Basket' }), stored('basket'))).toBe(false);
    expect(storageEntryMatches(storageEntry({ id: 'a', pattern: 'ab.*' }), stored('ab.cd'))).toBe(true);
    expect(storageEntryMatches(storageEntry({ id: 'a', pattern: 'ab.*' }), stored('abXcd'))).toBe(false);
    expect(storageEntryMatches(storageEntry({ id: 'a', regex: '^tab_\\d+$' }), stored('tab_12'))).toBe(true);
  });

  it("filters by the origin's host, ignoring scheme and port", () => {
    const scoped = storageEntry({ id: 'a', key: 'k', domains: ['esomus.com'] });
    expect(storageEntryMatches(scoped, stored('k', 'https://www.esomus.com'))).toBe(true);
    expect(storageEntryMatches(scoped, stored('k', 'http://esomus.com:8080'))).toBe(true);
    expect(storageEntryMatches(scoped, stored('k', 'https://esomus.com.evil.test'))).toBe(false);
    expect(storageEntryMatches(scoped, stored('k', 'https://ads.test'))).toBe(false);
  });

  it('an origin that is not a URL passes only entries without domains', () => {
    expect(storageEntryMatches(storageEntry({ id: 'a', key: 'k' }), stored('k', 'null'))).toBe(true);
    expect(storageEntryMatches(storageEntry({ id: 'a', key: 'k', domains: ['esomus.com'] }), stored('k', 'null'))).toBe(false);
  });

  it('an entry without key, pattern or regex matches nothing', () => {
    const unnamed = storageEntry({ id: 'prefs', label: 'Préférences' });
    expect(isNamed(unnamed)).toBe(false);
    expect(storageEntryMatches(unnamed, stored('Préférences'))).toBe(false);
    expect(isNamed(storageEntry({ id: 'p', regex: '.' }))).toBe(true);
  });
});

describe('findStorageEntry', () => {
  const anyMa = storageEntry({ id: 'any-ma', pattern: '_ma_*' });
  const exact = storageEntry({ id: 'last', key: '_ma_last' });
  const session = storageEntry({ id: 'session-last', kind: 'sessionStorage', key: '_ma_last' });

  it('prefers an exact key over an earlier pattern, within the kind', () => {
    expect(findStorageEntry([anyMa, session, exact], stored('_ma_last'))?.id).toBe('last');
    expect(findStorageEntry([anyMa, exact, session], stored('_ma_last', undefined, 'sessionStorage'))?.id).toBe('session-last');
    expect(findStorageEntry([anyMa, session], stored('_ma_other'))?.id).toBe('any-ma');
  });

  it('returns undefined when nothing declares the key', () => {
    expect(findStorageEntry([exact, session], stored('_fbp'))).toBeUndefined();
    expect(findStorageEntry([], stored('_fbp'))).toBeUndefined();
  });
});
