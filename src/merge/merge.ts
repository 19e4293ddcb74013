/**
 * Merging the scans of several shards into the scan one machine would have made of the same pages.
 * Pure: no I/O, no clock. Only scans are merged, never findings: findings such as `unobserved` depend
 * on every shard together, so the merged scan is audited again.
 */
import { rejectedCookie, reportedCookie, reportedStorage, scenarioOf, scanWithoutObservations } from '../audit/copy.js';
import { compareCookies, compareRejected, compareStorage, compareText } from '../audit/order.js';
import type { ConsentState } from '../model/inventory.js';
import type { Observation, RejectedCookie, StorageObservation } from '../model/observation.js';
import type { AuditResult, BrowserInfo, JourneyOutcome, ScanRecord, SiteScan } from '../model/result.js';

/**
 * The plain scan behind a JSON report: its cookies and storage without `declared`, its rejected
 * cookies and its scan metadata. Fields a report written before they existed lacks get the defaults
 * the audit gives them (src/audit/copy.ts); fields this version does not know are dropped.
 */
export function scanRecordFromReport(result: AuditResult): ScanRecord {
  const scan = scanWithoutObservations({ ...result.scan, cookies: [], rejectedCookies: [], storage: [] });
  return {
    ...scan,
    cookies: (result.cookies ?? []).map(observationOf),
    rejectedCookies: (result.rejectedCookies ?? []).map(rejectedCookie),
    storage: (result.storage ?? []).map(storageOf),
  };
}

/**
 * One scan from several shards' scans. Sites are merged by (name, scenario), in order of first
 * appearance; cookies, storage keys and rejected cookies seen on several shards become one entry each
 * (see the functions below for which shard's fields win); every array comes out in a deterministic order.
 */
export function mergeScans(records: readonly ScanRecord[]): ScanRecord {
  if (records.length === 0) throw new RangeError('mergeScans needs at least one scan');
  return {
    startedAt: records.map((record) => record.startedAt).reduce((a, b) => (compareInstants(b, a) < 0 ? b : a)),
    finishedAt: records.map((record) => record.finishedAt).reduce((a, b) => (compareInstants(b, a) > 0 ? b : a)),
    browser: mergeBrowsers(records.map((record) => record.browser)),
    ...(records.some((record) => record.partial) ? { partial: true as const } : {}),
    sites: mergeSites(records.flatMap((record) => record.sites)),
    cookies: mergeCookies(records.flatMap((record) => record.cookies ?? [])),
    rejectedCookies: mergeRejected(records.flatMap((record) => record.rejectedCookies ?? [])),
    storage: mergeStorage(records.flatMap((record) => record.storage ?? [])),
  };
}

/**
 * The first shard's browser name and version. Shards may run different Chromium builds; the report has
 * room for one, so the first is kept (its cookies' lifetimes were capped by the same 400-day rule).
 * Third-party cookies count as blocked when any shard's browser blocked them: some cookies may be
 * missing from the merged scan.
 */
function mergeBrowsers(browsers: BrowserInfo[]): BrowserInfo {
  const [first] = browsers;
  const blocked = browsers.some((browser) => browser.thirdPartyCookies === 'blocked');
  return { ...first, thirdPartyCookies: blocked ? 'blocked' : 'allowed' };
}

function mergeSites(sites: SiteScan[]): SiteScan[] {
  const byName = new Map<string, SiteScan>();
  for (const site of sites) {
    const key = JSON.stringify([site.name, scenarioOf(site)]);
    const known = byName.get(key);
    byName.set(key, known ? mergeSite(known, site) : copySite(site));
  }
  return [...byName.values()];
}

/** Start URLs united in order, pages and "not visited" summed, errors concatenated, complete if both are. */
function mergeSite(a: SiteScan, b: SiteScan): SiteScan {
  const journey = mergeJourneys(a.journey, b.journey);
  const merged: SiteScan = {
    name: a.name,
    scenario: scenarioOf(a),
    ...(journey ? { journey: { ...journey } } : {}),
    startUrls: [...new Set([...a.startUrls, ...b.startUrls])],
    pagesVisited: a.pagesVisited + b.pagesVisited,
    errors: [...a.errors, ...b.errors.map((error) => ({ ...error }))],
    complete: a.complete && b.complete,
  };
  if (a.notVisited !== undefined || b.notVisited !== undefined) merged.notVisited = (a.notVisited ?? 0) + (b.notVisited ?? 0);
  if (a.stoppedBy !== undefined || b.stoppedBy !== undefined) merged.stoppedBy = a.stoppedBy ?? b.stoppedBy ?? null;
  return merged;
}

/** The journey that completed fewer steps: one that failed on a shard is news, whatever another did. */
function mergeJourneys(a: JourneyOutcome | undefined, b: JourneyOutcome | undefined): JourneyOutcome | undefined {
  if (!a || !b) return a ?? b;
  return b.completed < a.completed ? b : a;
}

function copySite(site: SiteScan): SiteScan {
  return {
    ...site,
    scenario: scenarioOf(site),
    ...(site.journey ? { journey: { ...site.journey } } : {}),
    startUrls: [...site.startUrls],
    errors: (site.errors ?? []).map((error) => ({ ...error })),
  };
}

/** One observation per (site, scenario, name, domain, path, partition key), sorted as the audit sorts cookies. */
function mergeCookies(cookies: Observation[]): Observation[] {
  return groupBy(cookies.map(observationOf), cookieKey).map(mergeCookie).sort(compareCookies);
}

/**
 * The same cookie seen on several shards, as one machine's recorder would have reported it:
 * - where it was first met (attributes, first page, how and by whom it was set): the earliest `setAt`;
 * - the visitor's consent when it was set: the least consent any shard saw (none, then refused, then
 *   given) — shards' clocks say little about which was first, and one shard seeing it set before
 *   consent is enough to show the site does so;
 * - its lifetime (type, requested, effective) and `setAt`: the write that asked for the longest
 *   lifetime (earliest among equals) — the recorder counts lifetime bounds from that write, and when
 *   every shard asked for the same lifetime this is the earliest `setAt` too;
 * - `lifetimeVaried` when any shard says so or the shards asked for different lifetimes;
 * - `transient` only when it was deleted on every shard (one that kept it left it on the device).
 * Ties go to the input order.
 */
function mergeCookie(group: Observation[]): Observation {
  const byTime = [...group].sort((a, b) => compareInstants(a.setAt, b.setAt));
  const [first] = byTime;
  const longest = byTime.reduce((best, cookie) => (lifetimeOf(cookie) > lifetimeOf(best) ? cookie : best));
  return {
    ...first,
    type: longest.type,
    requestedLifetimeSeconds: longest.requestedLifetimeSeconds,
    effectiveLifetimeSeconds: longest.effectiveLifetimeSeconds,
    setAt: longest.setAt,
    ...leastConsent(group),
    transient: group.every((cookie) => cookie.transient),
    lifetimeVaried:
      group.some((cookie) => cookie.lifetimeVaried) || new Set(group.map((cookie) => cookie.requestedLifetimeSeconds)).size > 1,
  };
}

const CONSENT_ORDER: ConsentState[] = ['none', 'refused', 'given'];

function leastConsent(group: Observation[]): Pick<Observation, 'consent'> {
  const states = group.flatMap((cookie) => (cookie.consent ? [cookie.consent] : []));
  const least = CONSENT_ORDER.find((state) => states.includes(state));
  return least ? { consent: least } : {};
}

/** A session cookie counts as the shortest lifetime, as in the recorder. */
function lifetimeOf(cookie: Observation): number {
  return cookie.requestedLifetimeSeconds ?? 0;
}

/** One entry per (site, scenario, kind, origin, key): the first in input order (its first page). */
function mergeStorage(storage: StorageObservation[]): StorageObservation[] {
  return groupBy(storage.map(storageOf), storageKey)
    .map(([first]) => first)
    .sort(compareStorage);
}

/** One entry per (site, scenario, name, attributes, response URL): the first in input order (its page, reasons). */
function mergeRejected(rejected: RejectedCookie[]): RejectedCookie[] {
  return groupBy(rejected.map(rejectedCookie), rejectedKey)
    .map(([first]) => first)
    .sort(compareRejected);
}

/** Field by field, with defaults for fields older scans lack (the copy the report makes, minus `declared`). */
function observationOf(cookie: Observation): Observation {
  const { declared, ...observation } = reportedCookie(cookie, null);
  return observation;
}

function storageOf(storage: StorageObservation): StorageObservation {
  const { declared, ...observation } = reportedStorage(storage, null);
  return observation;
}

function cookieKey(cookie: Observation): string {
  return JSON.stringify([cookie.site, scenarioOf(cookie), cookie.name, cookie.domain, cookie.path, cookie.partitionKey ?? null]);
}

function storageKey(storage: StorageObservation): string {
  return JSON.stringify([storage.site, scenarioOf(storage), storage.kind, storage.origin, storage.key]);
}

function rejectedKey(rejected: RejectedCookie): string {
  return JSON.stringify([rejected.site, scenarioOf(rejected), rejected.name, rejected.attributes, rejected.responseUrl]);
}

/** Groups in order of each key's first appearance; each group keeps input order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** Instants in time order; text order when either cannot be read (still deterministic). */
function compareInstants(a: string, b: string): number {
  const [timeA, timeB] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(timeA) || Number.isNaN(timeB) ? compareText(a, b) : timeA - timeB;
}
