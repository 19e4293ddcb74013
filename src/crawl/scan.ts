import { UsageError } from '../errors.js';
import { DEFAULT_SCENARIO, type Scenario, type SiteConfig } from '../model/inventory.js';
import type { PageError, ScanRecord, SiteScan } from '../model/result.js';
import { findBrowser } from './browser.js';
import { BrowserHost } from './browser-host.js';
import { resolvedOptions, type ScanOptions } from './options.js';
import { ScanBudget } from './page-budget.js';
import { checkScenarioPrerequisites } from './journey.js';
import { hostResolverRules } from './resolve.js';
import { messageOf, SiteVisit, type SiteCapture, type VisitResources } from './site-visit.js';

export { DEFAULT_CONCURRENCY, SCAN_DEFAULTS, type ProgressEvent, type ScanOptions } from './options.js';

/**
 * Visits every site under each of its scenarios — each (site, scenario) unit a fresh visitor context
 * of one Chromium, the units crawling at once under one page budget — and records what cookies and
 * storage were set, in the order the sites and scenarios are declared.
 */
export async function scan(options: ScanOptions): Promise<ScanRecord> {
  checkStartUrls(options.sites);
  checkScenarioPrerequisites(options.sites, options.env ?? process.env);
  const startedAt = new Date().toISOString();
  const deadlineMs = options.timeBudgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeBudgetMs;
  const locale = options.locale ?? 'en-US';
  const timezone = options.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const host = new BrowserHost({
    browser: findBrowser(options.browserPath),
    hostResolverRules: hostResolverRules(options.resolve ?? [], options.blockUnmappedHosts),
    ignoreHttpsErrors: options.ignoreHttpsErrors,
    userAgent: options.userAgent,
    locale,
    timezone,
    headers: options.headers,
  });
  const concurrency = resolvedOptions(options).concurrency;
  const resources: VisitResources = { newVisitor: () => host.newVisitor(), budget: new ScanBudget(concurrency) };
  const units = options.sites.flatMap((site) => scenariosOf(site).map((scenario) => ({ site, scenario })));
  let results: UnitResult[];
  try {
    results = await mapWithLimit(units, unitsAtOnce(concurrency), ({ site, scenario }) =>
      options.signal?.aborted ? { site: notScanned(site, scenario) } : scanUnit(site, scenario, resources, options, deadlineMs),
    );
  } finally {
    await host.close();
  }
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    browser: {
      name: 'chromium',
      version: host.version ?? 'unknown',
      ...(host.userAgent ? { userAgent: host.userAgent } : {}),
      locale,
      timezone,
      thirdPartyCookies: results.some((result) => result.thirdPartyCookies === 'blocked') ? 'blocked' : 'allowed',
    },
    ...(options.shard ? { shard: { ...options.shard } } : {}),
    ...(results.some((result) => result.site.stoppedBy === 'interrupted') ? { partial: true } : {}),
    sites: results.map((result) => result.site),
    cookies: results.flatMap((result) => result.capture?.cookies ?? []),
    rejectedCookies: results.flatMap((result) => result.capture?.rejectedCookies ?? []),
    storage: results.flatMap((result) => result.capture?.storage ?? []),
  };
}

/**
 * Units crawling at once: as many as pages may load at once. Each holds a context and its renderer
 * processes (one per site it frames); measured on 20 sites x 5 pages x 3 scenarios, twice as many ran
 * no faster and took 1.4 GB instead of 1.0 GB.
 */
function unitsAtOnce(concurrency: number): number {
  return Math.max(2, concurrency);
}

/** Runs `work` on every item, `limit` at a time, and gives the results in the items' order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => R | Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A site and scenario an interrupt left unvisited: listed, so the report says it was not covered. */
function notScanned(site: SiteConfig, scenario: Scenario): SiteScan {
  return { name: site.name, scenario: scenario.name, startUrls: site.urls, pagesVisited: 0, errors: [], complete: false, stoppedBy: 'interrupted' };
}

interface UnitResult {
  site: SiteScan;
  capture?: SiteCapture;
  thirdPartyCookies?: 'allowed' | 'blocked';
}

/** The scenarios a site is scanned under: those it declares, or a new visitor making no choice. */
export function scenariosOf(site: SiteConfig): Scenario[] {
  return site.scenarios && site.scenarios.length > 0 ? site.scenarios : [DEFAULT_SCENARIO];
}

/** Start URLs that are not absolute http(s) URLs stop the scan before any browser starts. */
export function checkStartUrls(sites: readonly SiteConfig[]): void {
  for (const site of sites) {
    for (const url of site.urls) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new UsageError(`site ${site.name}: start URL ${JSON.stringify(url)} is not a URL: give an absolute http(s) URL, e.g. https://www.example.com/`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new UsageError(`site ${site.name}: start URL ${url} uses ${parsed.protocol}, only http and https URLs can be scanned`);
      }
    }
  }
}

/**
 * Whether a site's scan under one scenario is worth auditing: its journey (if any) ran, its browser
 * held, and at least one of its pages loaded (answered below 400 on the site itself). Errors on other
 * URLs are recorded in the report without making the site incomplete.
 */
function isComplete(outcome: { stoppedBy: string | null }, pagesLoaded: number): boolean {
  const failed: (string | null)[] = ['journey-failed', 'browser-failure', 'interrupted'];
  return !failed.includes(outcome.stoppedBy) && pagesLoaded > 0;
}

async function scanUnit(site: SiteConfig, scenario: Scenario, resources: VisitResources, options: ScanOptions, deadlineMs: number): Promise<UnitResult> {
  options.onProgress?.({ type: 'site-start', site: site.name, scenario: scenario.name, startUrls: site.urls.length });
  const errors: PageError[] = [];
  const visit = new SiteVisit(site, scenario, options, errors, resources, deadlineMs);
  const summary = (fields: Omit<SiteScan, 'name' | 'scenario' | 'startUrls' | 'errors'>): SiteScan => ({
    name: site.name,
    scenario: scenario.name,
    startUrls: site.urls,
    errors,
    ...fields,
  });
  let scanned: SiteScan;
  try {
    const outcome = await visit.run();
    scanned = summary({ ...outcome, complete: isComplete(outcome, visit.pagesLoaded) });
  } catch (error) {
    errors.push({ url: site.urls[0] ?? '', message: messageOf(error) });
    scanned = summary({ ...visit.outcome('browser-failure'), complete: false });
  }
  options.onProgress?.({ type: 'site-done', site: site.name, scenario: scenario.name, pagesVisited: scanned.pagesVisited, complete: scanned.complete });
  return { site: scanned, capture: visit.capture(), thirdPartyCookies: visit.thirdPartyCookies };
}
