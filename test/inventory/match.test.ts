import { describe, expect, it } from 'vitest';
import { entryMatches, findEntry, globToRegExp, isNamed } from '../../src/inventory/match.js';
import type { CookieEntry } from '../../src/model/inventory.js';

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
