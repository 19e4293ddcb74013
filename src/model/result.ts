import type { Finding, Severity } from './finding.js';
import type { Observation } from './observation.js';

export const SCHEMA_VERSION = 1;

export interface PageError {
  url: string;
  message: string;
}

export interface SiteScan {
  name: string;
  startUrls: string[];
  pagesVisited: number;
  errors: PageError[];
  /** False when a start URL could not be loaded or the browser failed: the site was not covered. */
  complete: boolean;
}

/** What a scan produced: the observations and how the crawl went. Serialisable; audited later. */
export interface ScanRecord {
  startedAt: string;
  finishedAt: string;
  browser: { name: string; version: string };
  sites: SiteScan[];
  cookies: Observation[];
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
  findings: Record<Severity, number>;
}

/** The JSON report, schemaVersion 1: a contract other tools read (docs/json-report.md). */
export interface AuditResult {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  inventory: { file: string; policy: { title: string; owner: string; version: string } } | null;
  scan: Omit<ScanRecord, 'cookies'>;
  cookies: ReportedCookie[];
  findings: Finding[];
  summary: Summary;
}
