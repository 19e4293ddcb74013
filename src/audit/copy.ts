/**
 * What reaches the report, field by field: whatever else a saved scan carries (a cookie value, say)
 * never does. Copies, so the audit leaves its input untouched.
 */
import type { CookieHint } from '../model/finding.js';
import { DEFAULT_SCENARIO } from '../model/inventory.js';
import type { Observation, RejectedCookie, StorageObservation } from '../model/observation.js';
import type { AuditResult, ReportedCookie, ReportedStorage, ScanRecord } from '../model/result.js';

export function reportedCookie(cookie: Observation, declared: string | null): ReportedCookie {
  return {
    site: cookie.site,
    scenario: scenarioOf(cookie),
    ...(cookie.consent ? { consent: cookie.consent } : {}),
    name: cookie.name,
    domain: cookie.domain,
    path: cookie.path,
    partitionKey: cookie.partitionKey,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite,
    party: cookie.party,
    type: cookie.type,
    requestedLifetimeSeconds: cookie.requestedLifetimeSeconds,
    effectiveLifetimeSeconds: cookie.effectiveLifetimeSeconds,
    setAt: cookie.setAt,
    setBy: cookie.setBy,
    firstSeenUrl: cookie.firstSeenUrl,
    initiatorUrl: cookie.initiatorUrl,
    // A scan saved before these fields existed lacks them: report "unknown"/"no" rather than omit.
    initiatorDomain: cookie.initiatorDomain ?? null,
    transient: cookie.transient ?? false,
    lifetimeVaried: cookie.lifetimeVaried ?? false,
    // Present only when the scan recorded values (--include-values); reporters decide whether to write it.
    ...(cookie.value !== undefined ? { value: cookie.value } : {}),
    declared,
  };
}

/** A report saved before scenarios existed scanned every site as a new, anonymous visitor. */
export function scenarioOf(item: { scenario?: string }): string {
  return item.scenario ?? DEFAULT_SCENARIO.name;
}

export function reportedStorage(storage: StorageObservation, declared: string | null): ReportedStorage {
  return {
    site: storage.site,
    scenario: scenarioOf(storage),
    kind: storage.kind,
    origin: storage.origin,
    key: storage.key,
    party: storage.party,
    firstSeenUrl: storage.firstSeenUrl,
    declared,
  };
}

export function rejectedCookie(rejected: RejectedCookie): RejectedCookie {
  return {
    site: rejected.site,
    scenario: scenarioOf(rejected),
    name: rejected.name,
    attributes: rejected.attributes,
    reasons: [...rejected.reasons],
    responseUrl: rejected.responseUrl,
    pageUrl: rejected.pageUrl,
  };
}

/** The scan minus its observations (reported, matched, as `cookies`, `rejectedCookies` and `storage`). */
export function scanWithoutObservations(scan: ScanRecord): AuditResult['scan'] {
  return {
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    browser: { name: scan.browser.name, version: scan.browser.version, thirdPartyCookies: scan.browser.thirdPartyCookies ?? 'allowed' },
    ...(scan.shard ? { shard: { index: scan.shard.index, count: scan.shard.count } } : {}),
    ...(scan.partial ? { partial: true as const } : {}),
    sites: scan.sites.map((site) => ({
      ...site,
      scenario: scenarioOf(site),
      ...(site.journey ? { journey: { ...site.journey } } : {}),
      startUrls: [...site.startUrls],
      errors: site.errors.map((error) => ({ ...error })),
    })),
  };
}

export function copyHint(hint: CookieHint): CookieHint {
  return {
    platform: hint.platform,
    category: hint.category,
    retention: hint.retention,
    dataController: hint.dataController,
    description: hint.description,
    matched: hint.matched,
    source: hint.source,
  };
}
