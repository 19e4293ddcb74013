/**
 * The audit: observations + inventory + policy → AuditResult. Pure: no I/O, no clock; the same input
 * always gives the same, sorted output.
 */
import { findEntry, findStorageEntry, type NamingEntry } from '../inventory/match.js';
import { isAtLeast, SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { CookieEntry, Inventory, StorageEntry } from '../model/inventory.js';
import type { Observation, StorageObservation } from '../model/observation.js';
import { durationSecondsFrom } from '../model/duration.js';
import { SCHEMA_VERSION, type AuditResult, type PolicySummary, type ScanRecord, type SiteScan, type Summary } from '../model/result.js';
import { rejectedCookie, reportedCookie, reportedStorage, scanWithoutObservations } from './copy.js';
import { ENTRY_RULES } from './entry-rules.js';
import { compareCookies, compareFindings, compareRejected, compareStorage } from './order.js';
import { COOKIE_RULES, type HintLookup } from './rules.js';
import { STORAGE_RULES } from './storage-rules.js';
import { applyWaivers } from './waivers.js';

export { LIFETIME_TOLERANCE_SECONDS } from '../model/duration.js';
export { type HintLookup } from './rules.js';
export { suggestNames, similarity } from './similar.js';
export { applyWaivers, isExpired, localDate, waiverMatches } from './waivers.js';

export interface AuditOptions {
  /** The lowest severity that makes the verdict 'fail'. */
  failOn: Severity;
  tool: { name: string; version: string };
  /** Known-cookie hints (the Open Cookie Database): attached to every `undeclared` finding it knows. */
  hints?: HintLookup;
  /**
   * The calendar day the audit judges waivers on, YYYY-MM-DD: a waiver holds up to and including its
   * `expires` day. Data, not the clock, so a saved scan audits the same way on the same day.
   */
  today: string;
}

interface Declared {
  cookie: Observation;
  entry: CookieEntry | undefined;
}

interface DeclaredStorage {
  storage: StorageObservation;
  entry: StorageEntry | undefined;
}

export function audit(scan: ScanRecord, inventory: Inventory, options: AuditOptions): AuditResult {
  const storageEntries = inventory.storage ?? [];
  const declared = [...scan.cookies]
    .sort(compareCookies)
    .map((cookie): Declared => ({ cookie, entry: findEntry(inventory.cookies, cookie) }));
  const declaredStorage = [...(scan.storage ?? [])]
    .sort(compareStorage)
    .map((storage): DeclaredStorage => ({ storage, entry: findStorageEntry(storageEntries, storage) }));
  const raw = [
    ...cookieFindings(declared, inventory, scan, options.hints),
    ...storageFindings(declaredStorage, storageEntries),
    ...entryFindings(declared, declaredStorage, inventory.cookies, storageEntries),
  ];
  const findings = applyWaivers(raw, inventory.waivers ?? [], options.today).sort(compareFindings);
  const cookies = declared.map(({ cookie, entry }) => reportedCookie(cookie, entry?.id ?? null));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: options.tool.name, version: options.tool.version },
    inventory: { file: inventory.file, policy: policySummary(inventory, scan) },
    scan: scanWithoutObservations(scan),
    cookies,
    rejectedCookies: [...(scan.rejectedCookies ?? [])].sort(compareRejected).map(rejectedCookie),
    storage: declaredStorage.map(({ storage, entry }) => reportedStorage(storage, entry?.id ?? null)),
    findings,
    summary: summarise({ sites: scan.sites, cookies: cookies.length, findings }, options.failOn, 'all'),
  };
}

function cookieFindings(declared: Declared[], inventory: Inventory, scan: ScanRecord, hints: HintLookup | undefined): Finding[] {
  return declared.flatMap(({ cookie, entry }) => {
    const check = {
      cookie,
      entry,
      entryIndex: entry ? inventory.cookies.indexOf(entry) : -1,
      policy: inventory.policy,
      setAtMs: setAtMs(cookie, scan),
      browser: scan.browser.name,
      hints,
    };
    return COOKIE_RULES.map((rule) => rule(check)).filter((finding) => finding !== null);
  });
}

function storageFindings(declared: DeclaredStorage[], entries: StorageEntry[]): Finding[] {
  return declared.flatMap(({ storage, entry }) => {
    const check = { storage, entry, entryIndex: entry ? entries.indexOf(entry) : -1 };
    return STORAGE_RULES.map((rule) => rule(check)).filter((finding) => finding !== null);
  });
}

function entryFindings(
  declared: Declared[],
  declaredStorage: DeclaredStorage[],
  cookieEntries: CookieEntry[],
  storageEntries: StorageEntry[],
): Finding[] {
  const matched = new Set<NamingEntry>([...declared, ...declaredStorage].flatMap(({ entry }) => (entry ? [entry] : [])));
  const undeclaredCookies = unique(declared.filter(({ entry }) => !entry).map(({ cookie }) => cookie.name));
  const undeclaredKeys = (entry: StorageEntry) =>
    unique(declaredStorage.filter((item) => !item.entry && item.storage.kind === entry.kind).map(({ storage }) => storage.key));
  const check = (entry: NamingEntry, index: number, undeclaredNames: readonly string[]) =>
    ENTRY_RULES.map((rule) => rule({ entry, index, matched, undeclaredNames })).filter((finding) => finding !== null);
  return [
    ...cookieEntries.flatMap((entry, index) => check(entry, index, undeclaredCookies)),
    ...storageEntries.flatMap((entry, index) => check(entry, index, undeclaredKeys(entry))),
  ];
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** When the cookie was set; a saved scan with an unreadable setAt falls back to the scan's start. */
function setAtMs(cookie: Observation, scan: ScanRecord): number {
  const set = Date.parse(cookie.setAt);
  if (!Number.isNaN(set)) return set;
  const started = Date.parse(scan.startedAt);
  return Number.isNaN(started) ? 0 : started;
}

function policySummary({ policy }: Inventory, scan: ScanRecord): PolicySummary {
  const fromMs = Date.parse(scan.startedAt) || 0;
  const { minLifetime, maxLifetime, reference } = policy.persistent;
  return {
    title: policy.title,
    owner: policy.owner,
    version: policy.version,
    ...(policy.language ? { language: policy.language } : {}),
    persistent: {
      minLifetimeSeconds: durationSecondsFrom(fromMs, minLifetime),
      maxLifetimeSeconds: durationSecondsFrom(fromMs, maxLifetime),
      ...(reference ? { reference } : {}),
    },
  };
}

/** What a summary is computed from: an audited scan's sites, its number of cookies, its findings. */
export interface SummaryInput {
  sites: readonly Pick<SiteScan, 'pagesVisited' | 'errors'>[];
  cookies: number;
  findings: readonly Finding[];
}

/**
 * The summary of an audited scan: counts by severity (waived findings included) and the verdict.
 * `gate: 'all'` judges every finding; `'new'` only those a baseline comparison marked `change: 'new'`.
 */
export function summarise(input: SummaryInput, failOn: Severity, gate: Summary['gate']): Summary {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of input.findings) counts[finding.severity]++;
  return {
    verdict: input.findings.some((finding) => failsGate(finding, failOn, gate)) ? 'fail' : 'pass',
    failOn,
    cookies: input.cookies,
    pagesVisited: input.sites.reduce((sum, site) => sum + site.pagesVisited, 0),
    errors: input.sites.reduce((sum, site) => sum + site.errors.length, 0),
    findings: counts,
    waived: input.findings.filter((finding) => finding.waiver).length,
    gate,
  };
}

/** Whether a finding makes the verdict fail: at or above failOn, not waived, and new when only new findings count. */
export function failsGate(finding: Finding, failOn: Severity, gate: Summary['gate']): boolean {
  if (finding.waiver || !isAtLeast(finding.severity, failOn)) return false;
  return gate === 'all' || finding.change === 'new';
}
