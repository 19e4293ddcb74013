/**
 * The audit: observations + inventory + policy → AuditResult. Pure: no I/O, no clock; the same input
 * always gives the same, sorted output.
 */
import { findEntry } from '../inventory/match.js';
import { isAtLeast, SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { CookieEntry, Inventory } from '../model/inventory.js';
import type { Observation } from '../model/observation.js';
import { SCHEMA_VERSION, type AuditResult, type ReportedCookie, type ScanRecord, type Summary } from '../model/result.js';
import { ENTRY_RULES } from './entry-rules.js';
import { compareCookies, compareFindings } from './order.js';
import { COOKIE_RULES } from './rules.js';

export { LIFETIME_TOLERANCE_SECONDS } from './rules.js';
export { suggestNames, similarity } from './similar.js';

export interface AuditOptions {
  /** The lowest severity that makes the verdict 'fail'. */
  failOn: Severity;
  tool: { name: string; version: string };
}

interface Declared {
  cookie: Observation;
  entry: CookieEntry | undefined;
}

export function audit(scan: ScanRecord, inventory: Inventory, options: AuditOptions): AuditResult {
  const declared = [...scan.cookies]
    .sort(compareCookies)
    .map((cookie): Declared => ({ cookie, entry: findEntry(inventory.cookies, cookie) }));
  const findings = [...cookieFindings(declared, inventory, scan), ...entryFindings(declared, inventory)].sort(
    compareFindings,
  );
  const cookies = declared.map(({ cookie, entry }) => reportedCookie(cookie, entry?.id ?? null));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: options.tool.name, version: options.tool.version },
    inventory: { file: inventory.file, policy: policySummary(inventory) },
    scan: scanWithoutCookies(scan),
    cookies,
    findings,
    summary: summarise(scan, cookies, findings, options.failOn),
  };
}

function cookieFindings(declared: Declared[], inventory: Inventory, scan: ScanRecord): Finding[] {
  return declared.flatMap(({ cookie, entry }) => {
    const check = {
      cookie,
      entry,
      entryIndex: entry ? inventory.cookies.indexOf(entry) : -1,
      policy: inventory.policy,
      setAtMs: setAtMs(cookie, scan),
    };
    return COOKIE_RULES.map((rule) => rule(check)).filter((finding) => finding !== null);
  });
}

function entryFindings(declared: Declared[], inventory: Inventory): Finding[] {
  const matched = new Set(declared.flatMap(({ entry }) => (entry ? [entry] : [])));
  const undeclaredNames = [...new Set(declared.filter(({ entry }) => !entry).map(({ cookie }) => cookie.name))];
  return inventory.cookies.flatMap((entry, index) =>
    ENTRY_RULES.map((rule) => rule({ entry, index, matched, undeclaredNames })).filter((finding) => finding !== null),
  );
}

/** When the cookie was set; a saved scan with an unreadable setAt falls back to the scan's start. */
function setAtMs(cookie: Observation, scan: ScanRecord): number {
  const set = Date.parse(cookie.setAt);
  if (!Number.isNaN(set)) return set;
  const started = Date.parse(scan.startedAt);
  return Number.isNaN(started) ? 0 : started;
}

/**
 * The reported cookie, field by field: whatever else a saved scan carries (a value, say) never
 * reaches the report.
 */
function reportedCookie(cookie: Observation, declared: string | null): ReportedCookie {
  return {
    site: cookie.site,
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
    declared,
  };
}

function policySummary({ policy }: Inventory): { title: string; owner: string; version: string } {
  return { title: policy.title, owner: policy.owner, version: policy.version };
}

/** The scan minus its observations (reported, matched, as `cookies`); a copy, so the input stays untouched. */
function scanWithoutCookies({ cookies: _observations, ...scan }: ScanRecord): AuditResult['scan'] {
  return { ...scan, browser: { ...scan.browser }, sites: scan.sites.map((site) => ({ ...site, errors: [...site.errors] })) };
}

function summarise(scan: ScanRecord, cookies: ReportedCookie[], findings: Finding[], failOn: Severity): Summary {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return {
    verdict: findings.some((finding) => isAtLeast(finding.severity, failOn)) ? 'fail' : 'pass',
    failOn,
    cookies: cookies.length,
    pagesVisited: scan.sites.reduce((sum, site) => sum + site.pagesVisited, 0),
    errors: scan.sites.reduce((sum, site) => sum + site.errors.length, 0),
    findings: counts,
  };
}
