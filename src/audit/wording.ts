/** Phrases shared by the finding messages: plain English that names the rule a cookie broke. */
import type { CookieEntry, Policy } from '../model/inventory.js';
import type { Observation } from '../model/observation.js';

/** "declared session ("stck-id", cookies[1])": the entry by id and by its place in the file. */
export function entryRef(entry: CookieEntry, index: number): string {
  return `("${entry.id}", cookies[${index}])`;
}

/** "inventory entry "u2" (cookies[5])" as the subject of a sentence. */
export function entrySubject(entry: CookieEntry, index: number): string {
  return `inventory entry "${entry.id}" (cookies[${index}])`;
}

/** What the entry matches on: `name "U2"`, `pattern "_ga_*"` or `regex "^x$"`; '' when nothing. */
export function entryMatcher(entry: CookieEntry): string {
  if (entry.name !== undefined) return `name "${entry.name}"`;
  if (entry.pattern !== undefined) return `pattern "${entry.pattern}"`;
  if (entry.regex !== undefined) return `regex "${entry.regex}"`;
  return '';
}

/** " (section 8)" when the inventory says where the policy sets its bounds, else ''. */
export function policyRef(policy: Policy): string {
  const reference = policy.persistent.reference?.trim();
  return reference ? ` (${reference})` : '';
}

/** Where a cookie came from: "set by a script from https://cdn.test/tag.js on https://www.site.test/". */
export function origin(cookie: Observation): string {
  const on = `on ${cookie.firstSeenUrl}`;
  const from = cookie.initiatorUrl === null ? '' : `from ${cookie.initiatorUrl} `;
  switch (cookie.setBy) {
    case 'js':
      return `set by a script ${from}${on}`;
    case 'http':
      return cookie.initiatorUrl === cookie.firstSeenUrl
        ? `set by the HTTP response of ${cookie.firstSeenUrl}`
        : `set by an HTTP response ${from}${on}`;
    case 'unknown':
      return `found in the cookie jar ${on}`;
  }
}

/** The host a cookie belongs to, without the leading dot of a domain cookie. */
export function cookieHost(cookie: Observation): string {
  return cookie.domain.replace(/^\./, '');
}
