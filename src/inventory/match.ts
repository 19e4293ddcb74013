import type { CookieEntry } from '../model/inventory.js';

export interface CookieIdentity {
  name: string;
  domain: string;
}

/** True when the entry gives a technical name to match (name, pattern or regex). */
export function isNamed(entry: CookieEntry): boolean {
  return entry.name !== undefined || entry.pattern !== undefined || entry.regex !== undefined;
}

/** True when the cookie's name and domain are what the entry declares. Unnamed entries match nothing. */
export function entryMatches(entry: CookieEntry, cookie: CookieIdentity): boolean {
  return nameMatches(entry, cookie.name) && domainAllowed(entry.domains, cookie.domain);
}

function nameMatches(entry: CookieEntry, name: string): boolean {
  if (entry.name !== undefined) return entry.name === name;
  if (entry.pattern !== undefined) return globToRegExp(entry.pattern).test(name);
  if (entry.regex !== undefined) return new RegExp(entry.regex).test(name);
  return false;
}

function domainAllowed(domains: string[] | undefined, cookieDomain: string): boolean {
  if (!domains || domains.length === 0) return true;
  const host = cookieDomain.replace(/^\./, '').toLowerCase();
  return domains.some((domain) => {
    const wanted = domain.replace(/^\./, '').toLowerCase();
    return host === wanted || host.endsWith(`.${wanted}`);
  });
}

/** A cookie-name glob: `*` any run of characters, `?` one character; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const source = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * The entry that declares a cookie: an exact name beats a pattern or regex; among equals, the first in
 * the file wins.
 */
export function findEntry(entries: CookieEntry[], cookie: CookieIdentity): CookieEntry | undefined {
  const matching = entries.filter((entry) => entryMatches(entry, cookie));
  return matching.find((entry) => entry.name !== undefined) ?? matching[0];
}
