/**
 * Which inventory entry declares an observed cookie or storage key. Cookies and storage share one
 * machinery: a name rule (exact, glob or regex), a domains filter on a host, and "an exact name wins,
 * then the first in the file".
 */
import type { CookieEntry, StorageEntry } from '../model/inventory.js';
import type { StorageKind } from '../model/observation.js';

export interface CookieIdentity {
  name: string;
  domain: string;
}

export interface StorageIdentity {
  kind: StorageKind;
  /** e.g. "https://www.example.com" */
  origin: string;
  /** The storage key or IndexedDB database name. */
  key: string;
}

/** How an entry names what it declares: an exact text, a glob or a regex (at most one is set). */
export interface NameRule {
  exact?: string;
  pattern?: string;
  regex?: string;
}

/** Any inventory entry that names things: a cookie entry (by name) or a storage entry (by key). */
export type NamingEntry = CookieEntry | StorageEntry;

/** The entry's name rule: `name` for a cookie entry, `key` for a storage entry. */
export function nameRule(entry: NamingEntry): NameRule {
  const exact = 'kind' in entry ? entry.key : entry.name;
  return { exact, pattern: entry.pattern, regex: entry.regex };
}

/** True when the entry gives a technical name to match (name or key, pattern or regex). */
export function isNamed(entry: NamingEntry): boolean {
  const rule = nameRule(entry);
  return rule.exact !== undefined || rule.pattern !== undefined || rule.regex !== undefined;
}

/** True when the text is what the rule names. A rule with nothing set matches nothing. */
export function ruleMatches(rule: NameRule, text: string): boolean {
  if (rule.exact !== undefined) return rule.exact === text;
  if (rule.pattern !== undefined) return globToRegExp(rule.pattern).test(text);
  if (rule.regex !== undefined) return new RegExp(rule.regex).test(text);
  return false;
}

/** True when no domains are listed, or the host is one of them or under one (leading dots and case ignored). */
export function hostAllowed(domains: readonly string[] | undefined, host: string): boolean {
  if (!domains || domains.length === 0) return true;
  const bare = host.replace(/^\./, '').toLowerCase();
  return domains.some((domain) => {
    const wanted = domain.replace(/^\./, '').toLowerCase();
    return bare === wanted || bare.endsWith(`.${wanted}`);
  });
}

/** A cookie-name glob: `*` any run of characters, `?` one character; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const source = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Among the entries that match, an exact name beats a pattern or regex; among equals, the first in the file wins. */
function chooseEntry<E extends NamingEntry>(entries: readonly E[], matches: (entry: E) => boolean): E | undefined {
  const matching = entries.filter(matches);
  return matching.find((entry) => nameRule(entry).exact !== undefined) ?? matching[0];
}

/** True when the cookie's name and domain are what the entry declares. Unnamed entries match nothing. */
export function entryMatches(entry: CookieEntry, cookie: CookieIdentity): boolean {
  return ruleMatches(nameRule(entry), cookie.name) && hostAllowed(entry.domains, cookie.domain);
}

/** The entry that declares a cookie (see chooseEntry). */
export function findEntry(entries: readonly CookieEntry[], cookie: CookieIdentity): CookieEntry | undefined {
  return chooseEntry(entries, (entry) => entryMatches(entry, cookie));
}

/** True when the kind is the entry's, the key is what it names and the origin's host passes its domains. */
export function storageEntryMatches(entry: StorageEntry, storage: StorageIdentity): boolean {
  return entry.kind === storage.kind && ruleMatches(nameRule(entry), storage.key) && hostAllowed(entry.domains, originHost(storage.origin));
}

/** The storage entry that declares a key (see chooseEntry). */
export function findStorageEntry(entries: readonly StorageEntry[], storage: StorageIdentity): StorageEntry | undefined {
  return chooseEntry(entries, (entry) => storageEntryMatches(entry, storage));
}

/** "https://www.example.com" → "www.example.com"; '' for an origin that is not a URL (e.g. "null"). */
function originHost(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
}
