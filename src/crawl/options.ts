import { availableParallelism } from 'node:os';
import type { SiteConfig } from '../model/inventory.js';
import type { ShardInfo } from '../model/result.js';
import type { HostMapping } from './resolve.js';
import type { ScopeConfig } from './scope.js';

export interface ScanOptions {
  sites: SiteConfig[];
  /** A Chromium executable; otherwise COOKIE_AUDIT_BROWSER, Playwright's browser, the PATH. */
  browserPath?: string;
  resolve?: HostMapping[];
  /** Make every host not in `resolve` unresolvable (nothing leaves the machine). */
  blockUnmappedHosts?: boolean;
  ignoreHttpsErrors?: boolean;
  userAgent?: string;
  /** The visitor's language (Accept-Language, navigator.languages); default en-US. */
  locale?: string;
  /** The visitor's IANA time zone; default this machine's. */
  timezone?: string;
  /** Extra HTTP headers sent with every request (e.g. a preview deployment's access token). */
  headers?: Record<string, string>;
  maxPages?: number;
  maxDepth?: number;
  /**
   * Pages loading at once across the whole scan (every site and scenario); pages that have loaded and
   * wait for late cookies do not count, tabs open at once are capped at three times this.
   */
  concurrency?: number;
  /** Time allowed for one page to load. */
  pageTimeoutMs?: number;
  /** After load, how long to wait at most for the page to go quiet (late cookies). */
  settleMs?: number;
  /** The whole scan stops starting pages after this long; what was not covered is reported. */
  timeBudgetMs?: number;
  /** Scroll each page to the bottom after load, as a visitor would (lazy scripts). Default true. */
  scroll?: boolean;
  /** Read robots.txt `Sitemap:` lines and /sitemap.xml for pages links do not reach. Default true. */
  sitemaps?: boolean;
  /** Beyond each site's first-party domains: extra hosts, and URL globs to include or exclude. */
  scope?: Omit<ScopeConfig, 'domains'>;
  /** Recorded in the scan when it is one shard of several (`--shard`). */
  shard?: ShardInfo;
  /** Aborting it stops the scan (Ctrl-C): pages in flight are dropped, what was captured is kept. */
  signal?: AbortSignal;
  /** Record each cookie's value (scan --include-values); never otherwise. */
  includeValues?: boolean;
  /** Where scenario steps read their secrets (default: process.env). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: 'site-start'; site: string; scenario: string; startUrls: number }
  | { type: 'site-done'; site: string; scenario: string; pagesVisited: number; complete: boolean }
  | { type: 'page-done'; site: string; scenario: string; url: string; pagesVisited: number; queued: number; cookies: number; errors: number }
  | { type: 'page-error'; site: string; scenario: string; url: string; message: string }
  | { type: 'third-party-cookies-blocked'; site: string; scenario: string };

/**
 * Three pages loading per core: a page spends much of its load waiting for the network, not
 * computing. Measured on 2 cores (200-page bench, one browser, late writers): 6 pages loading at once
 * gave 12.6 pages/s, 8 gave 11.1 and 10 gave 11.5 (4 gave 5.6 and 6 gave 7.1 before the settle wait
 * stopped counting against the budget).
 */
export const DEFAULT_CONCURRENCY = Math.max(2, Math.min(8, availableParallelism() * 3));

export const SCAN_DEFAULTS = {
  maxPages: 50,
  maxDepth: 3,
  concurrency: DEFAULT_CONCURRENCY,
  pageTimeoutMs: 30_000,
  settleMs: 3_000,
} as const;

export type ResolvedScanOptions = ScanOptions &
  Required<Pick<ScanOptions, 'maxPages' | 'maxDepth' | 'concurrency' | 'pageTimeoutMs' | 'settleMs' | 'scroll' | 'sitemaps'>>;

export function resolvedOptions(options: ScanOptions): ResolvedScanOptions {
  return {
    ...options,
    maxPages: options.maxPages ?? SCAN_DEFAULTS.maxPages,
    maxDepth: options.maxDepth ?? SCAN_DEFAULTS.maxDepth,
    concurrency: options.concurrency ?? SCAN_DEFAULTS.concurrency,
    pageTimeoutMs: options.pageTimeoutMs ?? SCAN_DEFAULTS.pageTimeoutMs,
    settleMs: options.settleMs ?? SCAN_DEFAULTS.settleMs,
    scroll: options.scroll ?? true,
    sitemaps: options.sitemaps ?? true,
  };
}
