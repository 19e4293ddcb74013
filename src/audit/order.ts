import { FINDING_KINDS, severityRank, type Finding } from '../model/finding.js';
import type { Observation, RejectedCookie, StorageObservation } from '../model/observation.js';

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nulls first, then code-unit order. */
function compareNullable(a: string | null | undefined, b: string | null | undefined): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  return compareText(a, b);
}

/** What names a cookie: site, scenario, name, domain, path, partition key (unpartitioned first). */
interface CookieIdentity {
  site: string;
  scenario?: string | null;
  name: string;
  domain: string;
  path: string;
  partitionKey?: string | null;
}

/** Cookies by site, scenario, name, domain, path, partition key: the order every report lists them in. */
export function compareCookieIdentities(a: CookieIdentity, b: CookieIdentity): number {
  return (
    compareText(a.site, b.site) ||
    compareNullable(a.scenario, b.scenario) ||
    compareText(a.name, b.name) ||
    compareText(a.domain, b.domain) ||
    compareText(a.path, b.path) ||
    compareNullable(a.partitionKey, b.partitionKey)
  );
}

/** Cookies by identity (see compareCookieIdentities). */
export function compareCookies(a: Observation, b: Observation): number {
  return (
    compareCookieIdentities(a, b) ||
    // Duplicates only come from hand-edited saved scans; the whole record still orders them the same way every run.
    compareText(JSON.stringify(a), JSON.stringify(b))
  );
}

/** Storage by site, scenario, kind, origin, key; the first page seen breaks a tie between duplicates. */
export function compareStorage(a: StorageObservation, b: StorageObservation): number {
  return (
    compareText(a.site, b.site) ||
    compareNullable(a.scenario, b.scenario) ||
    compareText(a.kind, b.kind) ||
    compareText(a.origin, b.origin) ||
    compareText(a.key, b.key) ||
    compareText(a.firstSeenUrl, b.firstSeenUrl)
  );
}

/** Rejected cookies by site, scenario, name, response URL; attributes then page URL break any tie. */
export function compareRejected(a: RejectedCookie, b: RejectedCookie): number {
  return (
    compareText(a.site, b.site) ||
    compareNullable(a.scenario, b.scenario) ||
    compareText(a.name, b.name) ||
    compareText(a.responseUrl, b.responseUrl) ||
    compareText(a.attributes, b.attributes) ||
    compareText(a.pageUrl, b.pageUrl)
  );
}

const KIND_ORDER = Object.keys(FINDING_KINDS);

/**
 * Findings by severity (errors first), kind (in FINDING_KINDS order), site, scenario, cookie name, cookie domain,
 * storage kind, origin and key, entry; the message breaks any remaining tie.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    compareNullable(a.site, b.site) ||
    compareNullable(a.scenario, b.scenario) ||
    compareNullable(a.cookie?.name, b.cookie?.name) ||
    compareNullable(a.cookie?.domain, b.cookie?.domain) ||
    compareNullable(a.storage?.kind, b.storage?.kind) ||
    compareNullable(a.storage?.origin, b.storage?.origin) ||
    compareNullable(a.storage?.key, b.storage?.key) ||
    compareNullable(a.entry, b.entry) ||
    compareText(a.message, b.message)
  );
}
