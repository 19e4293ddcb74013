/** Cookies added, removed and changed between a baseline report and a later one. */
import { scenarioOf } from '../audit/copy.js';
import { LIFETIME_TOLERANCE_SECONDS } from '../model/duration.js';
import { compareCookieIdentities } from '../audit/order.js';
import type { BaselineComparison, CookieChange, CookieKey } from '../model/diff.js';
import type { ReportedCookie } from '../model/result.js';

type CookieDiff = BaselineComparison['cookies'];

/** The fields compared, in the order changes are listed for one cookie. */
const FIELDS: readonly CookieChange['field'][] = ['requestedLifetime', 'effectiveLifetime', 'type', 'party'];

/**
 * Cookies are the same when site, scenario, name, domain, path (and, for partitioned CHIPS cookies,
 * the top-level site) are. Lifetimes differing by at most LIFETIME_TOLERANCE_SECONDS are equal: a
 * lifetime derived from an Expires date drifts by seconds from one scan to the next.
 */
export function diffCookies(base: readonly ReportedCookie[], head: readonly ReportedCookie[]): CookieDiff {
  const before = byKey(base);
  const after = byKey(head);
  const added = [...after].filter(([id]) => !before.has(id)).map(([, cookie]) => cookieKey(cookie));
  const removed = [...before].filter(([id]) => !after.has(id)).map(([, cookie]) => cookieKey(cookie));
  const changed = [...after].flatMap(([id, cookie]) => {
    const old = before.get(id);
    return old ? changesOf(old, cookie) : [];
  });
  return {
    added: added.sort(compareKeys),
    removed: removed.sort(compareKeys),
    changed: changed.sort((a, b) => compareKeys(a.cookie, b.cookie) || FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field)),
  };
}

export function cookieKey(cookie: ReportedCookie): CookieKey {
  return {
    site: cookie.site,
    scenario: scenarioOf(cookie),
    name: cookie.name,
    domain: cookie.domain,
    path: cookie.path,
    ...(cookie.partitionKey ? { partitionKey: cookie.partitionKey } : {}),
  };
}

/** The order the audit lists cookies in. */
export const compareKeys: (a: CookieKey, b: CookieKey) => number = compareCookieIdentities;

/** A report lists each key once (the audit and the merge key cookies the same way); should one repeat, the first counts. */
function byKey(cookies: readonly ReportedCookie[]): Map<string, ReportedCookie> {
  const map = new Map<string, ReportedCookie>();
  for (const cookie of cookies) {
    const key = cookieKey(cookie);
    const id = JSON.stringify([key.site, key.scenario, key.name, key.domain, key.path, key.partitionKey ?? null]);
    if (!map.has(id)) map.set(id, cookie);
  }
  return map;
}

function changesOf(before: ReportedCookie, after: ReportedCookie): CookieChange[] {
  const cookie = cookieKey(after);
  const values: Record<CookieChange['field'], [string | number | null, string | number | null]> = {
    requestedLifetime: [before.requestedLifetimeSeconds ?? null, after.requestedLifetimeSeconds ?? null],
    effectiveLifetime: [before.effectiveLifetimeSeconds ?? null, after.effectiveLifetimeSeconds ?? null],
    type: [before.type, after.type],
    party: [before.party, after.party],
  };
  return FIELDS.filter((field) => !same(...values[field])).map((field) => ({ cookie, field, before: values[field][0], after: values[field][1] }));
}

function same(a: string | number | null, b: string | number | null): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= LIFETIME_TOLERANCE_SECONDS;
  return a === b;
}
