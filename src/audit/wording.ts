/** Phrases shared by the finding messages: plain English that names the rule a cookie broke. */
import { nameRule, type NamingEntry } from '../inventory/match.js';
import type { Policy } from '../model/inventory.js';
import type { Observation, StorageKind } from '../model/observation.js';

/** Where the entry lives in the inventory: "cookies" or "storage". */
export function entryList(entry: NamingEntry): 'cookies' | 'storage' {
  return 'kind' in entry ? 'storage' : 'cookies';
}

/** "("stck-id", cookies[1])": the entry by id and by its place in the file. */
export function entryRef(entry: NamingEntry, index: number): string {
  return `("${entry.id}", ${entryList(entry)}[${index}])`;
}

/** "inventory entry "u2" (cookies[5])" or "storage entry "ma-last" (storage[0])" as the subject of a sentence. */
export function entrySubject(entry: NamingEntry, index: number): string {
  const noun = 'kind' in entry ? 'storage entry' : 'inventory entry';
  return `${noun} "${entry.id}" (${entryList(entry)}[${index}])`;
}

/** What the entry matches on: `name "U2"`, `key "_ma_last"`, `pattern "_ga_*"` or `regex "^x$"`; '' when nothing. */
export function entryMatcher(entry: NamingEntry): string {
  const rule = nameRule(entry);
  if (rule.exact !== undefined) return `${'kind' in entry ? 'key' : 'name'} "${rule.exact}"`;
  if (rule.pattern !== undefined) return `pattern "${rule.pattern}"`;
  if (rule.regex !== undefined) return `regex "${rule.regex}"`;
  return '';
}

/** What an entry declares, in words: "cookie", "localStorage key", "IndexedDB database". */
export function declaredThing(entry: NamingEntry): string {
  return 'kind' in entry ? storageNoun(entry.kind) : 'cookie';
}

const STORAGE_NOUNS: Record<StorageKind, string> = {
  localStorage: 'localStorage key',
  sessionStorage: 'sessionStorage key',
  indexedDB: 'IndexedDB database',
};

export function storageNoun(kind: StorageKind): string {
  return STORAGE_NOUNS[kind];
}

/** `localStorage key "_ma_last" on https://www.esomus.test` */
export function storagePhrase(storage: { kind: StorageKind; origin: string; key: string }): string {
  return `${storageNoun(storage.kind)} "${storage.key}" on ${storage.origin}`;
}

/** " (section 8)" when the inventory says where the policy sets its bounds, else ''. */
export function policyRef(policy: Policy): string {
  const reference = policy.persistent.reference?.trim();
  return reference ? ` (${reference})` : '';
}

/** "from mesure-audience.test (https://cdn.mesure-audience.test/tag.js) ", "from https://…/ ", or ''. */
function initiator(cookie: Observation): string {
  if (cookie.initiatorUrl === null) return '';
  return cookie.initiatorDomain ? `from ${cookie.initiatorDomain} (${cookie.initiatorUrl}) ` : `from ${cookie.initiatorUrl} `;
}

/**
 * Who wrote a cookie and where: "a first-party cookie written by a script from vendor.test
 * (https://cdn.vendor.test/tag.js) on https://www.site.test/".
 */
export function origin(cookie: Observation): string {
  const what = `a ${cookie.party}-party cookie`;
  const on = `on ${cookie.firstSeenUrl}`;
  switch (cookie.setBy) {
    case 'js':
      return `${what} written by a script ${initiator(cookie)}${on}`;
    case 'http':
      return cookie.initiatorUrl === cookie.firstSeenUrl
        ? `${what} set by the HTTP response of ${cookie.firstSeenUrl}`
        : `${what} set by an HTTP response ${initiator(cookie)}${on}`;
    case 'unknown':
      return `${what} found in the cookie jar ${on}`;
  }
}

/** Appended to every finding about a transient cookie: it was on the device even if the jar forgot it. */
export const TRANSIENT_NOTE = ' (set then deleted during the visit)';

/** The host a cookie belongs to, without the leading dot of a domain cookie. */
export function cookieHost(cookie: Observation): string {
  return cookie.domain.replace(/^\./, '');
}

/** "chromium" → "Chromium", for "Chromium keeps 400 days". */
export function browserDisplayName(name: string): string {
  return name === '' ? 'the browser' : name.charAt(0).toUpperCase() + name.slice(1);
}
