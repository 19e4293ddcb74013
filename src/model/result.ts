import type { Finding, Severity } from './finding.js';
import type { BaselineComparison } from './diff.js';
import type { ConsentState, ReportLanguage } from './inventory.js';
import type { Observation, RejectedCookie, StorageObservation } from './observation.js';

export const SCHEMA_VERSION = 1;

export interface PageError {
  url: string;
  message: string;
}

/** Why a site's crawl stopped before its queue was empty. */
export type StopReason = 'max-pages' | 'time-budget' | 'browser-failure' | 'journey-failed' | 'interrupted';

/** How a scenario's journey went before the crawl. */
export interface JourneyOutcome {
  /** Steps run to the end, out of `steps`. */
  completed: number;
  steps: number;
  /** The consent state the crawl ran under. */
  consent: ConsentState;
  /** Cookies brought in by the scenario's storageState (not observations: the scan did not see them set). */
  preloadedCookies: number;
}

/** One site visited under one scenario. */
export interface SiteScan {
  name: string;
  /** The scenario ("anonymous" when the site declares none). */
  scenario: string;
  journey?: JourneyOutcome;
  startUrls: string[];
  pagesVisited: number;
  errors: PageError[];
  /**
   * False when nothing useful was scanned: no page of the site loaded (below 400, on the site), its
   * journey failed, or the browser was given up on. Other per-URL errors leave it true.
   */
  complete: boolean;
  /** Same-site pages found but not visited because a limit was hit. */
  notVisited?: number;
  /** The limit that stopped the crawl, or null when every page found was visited. */
  stoppedBy?: StopReason | null;
  /** Sitemaps read (robots.txt `Sitemap:` lines, /sitemap.xml, indexes). */
  sitemaps?: string[];
  /** Links seen but not followed (other sites, excluded, other schemes), up to 1,000. */
  skippedLinks?: { url: string; reason: string; from: string }[];
  /** Further distinct skipped links, counted but not listed. */
  skippedNotListed?: number;
}

/** What a scan produced: the observations and how the crawl went. Serialisable; audited later. */
export interface BrowserInfo {
  name: string;
  version: string;
  /** The user agent every page was visited with (absent in reports of older versions). */
  userAgent?: string;
  /** The visitor's language and time zone (absent in reports of older versions). */
  locale?: string;
  timezone?: string;
  /**
   * Whether the browser really accepted third-party cookies (checked at each launch): 'blocked' means
   * every ad partner's cookies may be missing from the scan.
   */
  thirdPartyCookies: 'allowed' | 'blocked';
}

/** Which part of a split scan this is: `--shard index/count` (1-based). */
export interface ShardInfo {
  index: number;
  count: number;
}

export interface ScanRecord {
  startedAt: string;
  finishedAt: string;
  browser: BrowserInfo;
  /** Set when the scan was one shard of several; `merge` checks that every shard is there. */
  shard?: ShardInfo;
  /** Set when Ctrl-C or SIGTERM stopped the scan: what follows is what was collected until then. */
  partial?: true;
  sites: SiteScan[];
  cookies: Observation[];
  /** Set-Cookie headers the browser refused. */
  rejectedCookies: RejectedCookie[];
  storage: StorageObservation[];
}

/** A reported cookie: an observation and the inventory entry it matched (id or null). */
export interface ReportedCookie extends Observation {
  declared: string | null;
}

export interface Summary {
  verdict: 'pass' | 'fail';
  failOn: Severity;
  cookies: number;
  pagesVisited: number;
  errors: number;
  /** Findings by severity, waived ones included. */
  findings: Record<Severity, number>;
  /** Findings accepted by an inventory waiver: shown, never failing the verdict. */
  waived: number;
  /** What the verdict judged: every finding, or only those new since the baseline (--fail-on-new). */
  gate: 'all' | 'new';
}

/** A reported storage key: the observation and the storage entry it matched (id or null). */
export interface ReportedStorage extends StorageObservation {
  declared: string | null;
}

/** What reports need of the inventory's policy block. */
export interface PolicySummary {
  title: string;
  owner: string;
  version: string;
  language?: ReportLanguage;
  /** The persistent-cookie lifetime band, in seconds counted from the scan's start (calendar units vary). */
  persistent?: { minLifetimeSeconds: number; maxLifetimeSeconds: number; reference?: string };
}

/** The JSON report, schemaVersion 1: a contract other tools read (docs/json-report.md). */
export interface AuditResult {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  inventory: { file: string; policy: PolicySummary } | null;
  /** Set when the scan was compared with a baseline (diff, scan --baseline). */
  baseline?: BaselineComparison;
  scan: Omit<ScanRecord, 'cookies' | 'rejectedCookies' | 'storage'>;
  cookies: ReportedCookie[];
  rejectedCookies: RejectedCookie[];
  storage: ReportedStorage[];
  findings: Finding[];
  summary: Summary;
}
