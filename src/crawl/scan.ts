import { UsageError } from '../errors.js';
import { DEFAULT_SCENARIO, type Scenario, type SiteConfig } from '../model/inventory.js';
import type { PageError, ScanRecord, SiteScan } from '../model/result.js';
import { findBrowser, launchSiteContext, type LaunchOptions } from './browser.js';
import type { ScanOptions } from './options.js';
import { checkScenarioPrerequisites } from './journey.js';
import { hostResolverRules } from './resolve.js';
import { messageOf, SiteVisit, type SiteCapture } from './site-visit.js';

export { DEFAULT_CONCURRENCY, SCAN_DEFAULTS, type ProgressEvent, type ScanOptions } from './options.js';

/**
 * Visits every site under each of its scenarios, each in its own browser profile, and records what
 * cookies and storage were set.
 */
export async function scan(options: ScanOptions): Promise<ScanRecord> {
  checkStartUrls(options.sites);
  checkScenarioPrerequisites(options.sites, options.env ?? process.env);
  const startedAt = new Date().toISOString();
  const deadlineMs = options.timeBudgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeBudgetMs;
  const launch: LaunchOptions = {
    browser: findBrowser(options.browserPath),
    hostResolverRules: hostResolverRules(options.resolve ?? [], options.blockUnmappedHosts),
    ignoreHttpsErrors: options.ignoreHttpsErrors,
    userAgent: options.userAgent,
    headers: options.headers,
  };
  const record: ScanRecord = {
    startedAt,
    finishedAt: startedAt,
    browser: { name: 'chromium', version: 'unknown', thirdPartyCookies: 'allowed' },
    ...(options.shard ? { shard: { ...options.shard } } : {}),
    sites: [],
    cookies: [],
    rejectedCookies: [],
    storage: [],
  };
  for (const [site, scenario] of options.sites.flatMap((site) => scenariosOf(site).map((scenario) => [site, scenario] as const))) {
    if (options.signal?.aborted) {
      record.partial = true;
      record.sites.push(notScanned(site, scenario));
      continue;
    }
    const result = await scanSite(site, scenario, launch, options, deadlineMs);
    if (result.site.stoppedBy === 'interrupted') record.partial = true;
    record.sites.push(result.site);
    record.cookies.push(...result.capture.cookies);
    record.rejectedCookies.push(...result.capture.rejectedCookies);
    record.storage.push(...result.capture.storage);
    if (result.browser) {
      record.browser.version = result.browser.version;
      if (result.browser.thirdPartyCookies === 'blocked') record.browser.thirdPartyCookies = 'blocked';
    }
  }
  record.finishedAt = new Date().toISOString();
  return record;
}

/** A site and scenario an interrupt left unvisited: listed, so the report says it was not covered. */
function notScanned(site: SiteConfig, scenario: Scenario): SiteScan {
  return { name: site.name, scenario: scenario.name, startUrls: site.urls, pagesVisited: 0, errors: [], complete: false, stoppedBy: 'interrupted' };
}

interface SiteResult {
  site: SiteScan;
  capture: SiteCapture;
  browser?: { version: string; thirdPartyCookies: 'allowed' | 'blocked' };
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

async function scanSite(site: SiteConfig, scenario: Scenario, launch: LaunchOptions, options: ScanOptions, deadlineMs: number): Promise<SiteResult> {
  options.onProgress?.({ type: 'site-start', site: site.name, scenario: scenario.name, startUrls: site.urls.length });
  const errors: PageError[] = [];
  const visit = new SiteVisit(site, scenario, options, errors, () => launchSiteContext(launch), deadlineMs);
  const summary = (fields: Omit<SiteScan, 'name' | 'scenario' | 'startUrls' | 'errors'>): SiteScan => ({
    name: site.name,
    scenario: scenario.name,
    startUrls: site.urls,
    errors,
    ...fields,
  });
  try {
    const outcome = await visit.run();
    const complete = isComplete(outcome, visit.pagesLoaded);
    return { site: summary({ ...outcome, complete }), capture: visit.capture(), browser: visit.browser };
  } catch (error) {
    errors.push({ url: site.urls[0] ?? '', message: messageOf(error) });
    return { site: summary({ ...visit.outcome('browser-failure'), complete: false }), capture: visit.capture(), browser: visit.browser };
  }
}
