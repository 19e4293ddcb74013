import type { SiteConfig } from '../model/inventory.js';
import type { PageError, ScanRecord, SiteScan } from '../model/result.js';
import { findBrowser, launchSiteContext, type LaunchedContext, type LaunchOptions } from './browser.js';
import type { ScanOptions } from './options.js';
import { hostResolverRules } from './resolve.js';
import { messageOf, SiteVisit, type SiteCapture } from './site-visit.js';

export { SCAN_DEFAULTS, type ProgressEvent, type ScanOptions } from './options.js';

/** Visits every site in its own browser profile and records what cookies and storage were set. */
export async function scan(options: ScanOptions): Promise<ScanRecord> {
  const startedAt = new Date().toISOString();
  const launch: LaunchOptions = {
    browser: findBrowser(options.browserPath),
    hostResolverRules: hostResolverRules(options.resolve ?? [], options.blockUnmappedHosts),
    ignoreHttpsErrors: options.ignoreHttpsErrors,
    userAgent: options.userAgent,
  };
  const record: ScanRecord = {
    startedAt,
    finishedAt: startedAt,
    browser: { name: 'chromium', version: 'unknown', thirdPartyCookies: 'allowed' },
    sites: [],
    cookies: [],
    rejectedCookies: [],
    storage: [],
  };
  for (const site of options.sites) {
    const result = await scanSite(site, launch, options);
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

interface SiteResult {
  site: SiteScan;
  capture: SiteCapture;
  browser?: Pick<LaunchedContext, 'version' | 'thirdPartyCookies'>;
}

const NOTHING: SiteCapture = { cookies: [], rejectedCookies: [], storage: [] };

async function scanSite(site: SiteConfig, launch: LaunchOptions, options: ScanOptions): Promise<SiteResult> {
  options.onProgress?.({ type: 'site-start', site: site.name });
  const errors: PageError[] = [];
  const summary = (pagesVisited: number, complete: boolean): SiteScan => ({ name: site.name, startUrls: site.urls, pagesVisited, errors, complete });
  let launched: LaunchedContext;
  try {
    launched = await launchSiteContext(launch);
  } catch (error) {
    errors.push({ url: site.urls[0] ?? '', message: messageOf(error) });
    return { site: summary(0, false), capture: NOTHING };
  }
  if (launched.thirdPartyCookies === 'blocked') options.onProgress?.({ type: 'third-party-cookies-blocked', site: site.name });
  try {
    const visit = new SiteVisit(site, launched.context, options, errors);
    const pagesVisited = await visit.run();
    const startFailed = errors.some((error) => site.urls.includes(error.url));
    return { site: summary(pagesVisited, !startFailed), capture: visit.capture(), browser: launched };
  } finally {
    await launched.close();
  }
}
