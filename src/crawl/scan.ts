import type { BrowserContext, Page } from 'playwright-core';
import { CookieRecorder } from '../capture/recorder.js';
import { installScriptWriteHook, SCRIPT_WRITE_BINDING, scriptUrlFromStack, type ScriptWritePayload } from '../capture/script-writes.js';
import type { SiteConfig } from '../model/inventory.js';
import type { Observation } from '../model/observation.js';
import type { PageError, ScanRecord, SiteScan } from '../model/result.js';
import { findBrowser, launchSiteContext, type LaunchOptions } from './browser.js';
import { Frontier } from './frontier.js';
import { hostResolverRules, type HostMapping } from './resolve.js';

export interface ScanOptions {
  sites: SiteConfig[];
  /** A Chromium executable; otherwise COOKIE_AUDIT_BROWSER, Playwright's browser, the PATH. */
  browserPath?: string;
  resolve?: HostMapping[];
  /** Make every host not in `resolve` unresolvable (nothing leaves the machine). */
  blockUnmappedHosts?: boolean;
  ignoreHttpsErrors?: boolean;
  userAgent?: string;
  maxPages?: number;
  maxDepth?: number;
  /** Time allowed for one page to load. */
  pageTimeoutMs?: number;
  /** After load, how long to wait at most for the network to go quiet (late cookies). */
  settleMs?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: 'site-start'; site: string }
  | { type: 'page-done'; site: string; url: string; pagesVisited: number; queued: number; cookies: number }
  | { type: 'page-error'; site: string; url: string; message: string };

export const SCAN_DEFAULTS = { maxPages: 50, maxDepth: 3, pageTimeoutMs: 30_000, settleMs: 3_000 } as const;

/** Visits every site in its own browser profile and records what cookies were set. */
export async function scan(options: ScanOptions): Promise<ScanRecord> {
  const startedAt = new Date().toISOString();
  const launch: LaunchOptions = {
    browser: findBrowser(options.browserPath),
    hostResolverRules: hostResolverRules(options.resolve ?? [], options.blockUnmappedHosts),
    ignoreHttpsErrors: options.ignoreHttpsErrors,
    userAgent: options.userAgent,
  };
  const sites: SiteScan[] = [];
  const cookies: Observation[] = [];
  let browserVersion = 'unknown';
  for (const site of options.sites) {
    const result = await scanSite(site, launch, options);
    sites.push(result.site);
    cookies.push(...result.cookies);
    if (result.browserVersion) browserVersion = result.browserVersion;
  }
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    browser: { name: 'chromium', version: browserVersion },
    sites,
    cookies,
  };
}

interface SiteResult {
  site: SiteScan;
  cookies: Observation[];
  browserVersion?: string;
}

async function scanSite(site: SiteConfig, launch: LaunchOptions, options: ScanOptions): Promise<SiteResult> {
  options.onProgress?.({ type: 'site-start', site: site.name });
  const errors: PageError[] = [];
  const summary = (pagesVisited: number, complete: boolean): SiteScan => ({
    name: site.name,
    startUrls: site.urls,
    pagesVisited,
    errors,
    complete,
  });
  let launched;
  try {
    launched = await launchSiteContext(launch);
  } catch (error) {
    errors.push({ url: site.urls[0] ?? '', message: messageOf(error) });
    return { site: summary(0, false), cookies: [] };
  }
  try {
    const visit = new SiteVisit(site, launched.context, options, errors);
    const pagesVisited = await visit.run();
    const startFailed = errors.some((error) => site.urls.includes(error.url));
    return { site: summary(pagesVisited, !startFailed), cookies: visit.observations(), browserVersion: launched.version };
  } finally {
    await launched.close();
  }
}

/** One visitor's journey through one site: cookies accumulate in the same profile, page after page. */
class SiteVisit {
  private readonly recorder: CookieRecorder;
  private readonly frontier: Frontier;
  private readonly maxDepth: number;
  private readonly pending = new Set<Promise<void>>();
  private currentPageUrl: string;

  constructor(
    private readonly site: SiteConfig,
    private readonly context: BrowserContext,
    private readonly options: ScanOptions,
    private readonly errors: PageError[],
  ) {
    this.recorder = new CookieRecorder(site);
    this.maxDepth = options.maxDepth ?? SCAN_DEFAULTS.maxDepth;
    this.frontier = new Frontier(site.domains, { maxPages: options.maxPages ?? SCAN_DEFAULTS.maxPages, maxDepth: this.maxDepth });
    this.currentPageUrl = site.urls[0] ?? '';
  }

  async run(): Promise<number> {
    await this.listen();
    for (const url of this.site.urls) this.frontier.addStart(url);
    let page = this.context.pages()[0] ?? (await this.context.newPage());
    let pagesVisited = 0;
    for (let next = this.frontier.next(); next; next = this.frontier.next()) {
      if (page.isClosed()) page = await this.context.newPage();
      const loaded = await this.visit(page, next.url);
      if (loaded) {
        pagesVisited++;
        if (next.depth < this.maxDepth) this.frontier.addLinks(await collectLinks(page), next.depth + 1);
      }
      this.options.onProgress?.({
        type: 'page-done',
        site: this.site.name,
        url: next.url,
        pagesVisited,
        queued: this.frontier.remaining,
        cookies: this.recorder.observations().length,
      });
    }
    return pagesVisited;
  }

  observations(): Observation[] {
    return this.recorder.observations();
  }

  private async listen(): Promise<void> {
    this.context.on('response', (response) => {
      const atMs = Date.now();
      const pageUrl = this.currentPageUrl;
      this.track(
        response.headersArray().then((headers) => {
          for (const header of headers) {
            if (header.name.toLowerCase() === 'set-cookie') {
              for (const line of header.value.split('\n')) this.recorder.recordHeader(line, response.url(), pageUrl, atMs);
            }
          }
        }),
      );
    });
    await this.context.exposeBinding(SCRIPT_WRITE_BINDING, (_source, payload: ScriptWritePayload) => {
      const scriptUrl = scriptUrlFromStack(payload.stack, payload.documentUrl);
      this.recorder.recordScriptWrite(payload.cookie, payload.documentUrl, scriptUrl, this.currentPageUrl, Date.now());
    });
    await this.context.addInitScript(installScriptWriteHook, SCRIPT_WRITE_BINDING);
  }

  /** Loads one page, lets it settle and snapshots the jar; false when the page could not be loaded. */
  private async visit(page: Page, url: string): Promise<boolean> {
    this.currentPageUrl = url;
    let loaded = true;
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: this.options.pageTimeoutMs ?? SCAN_DEFAULTS.pageTimeoutMs });
      if (response && response.status() >= 400) this.recordError(url, `HTTP ${response.status()} ${response.statusText()}`.trim());
      this.frontier.markVisited(page.url());
      await page
        .waitForLoadState('networkidle', { timeout: this.options.settleMs ?? SCAN_DEFAULTS.settleMs })
        .catch(() => undefined);
    } catch (error) {
      this.recordError(url, messageOf(error));
      loaded = false;
    }
    await this.flush();
    this.recorder.recordJar(await this.context.cookies(), url, Date.now());
    return loaded;
  }

  private recordError(url: string, message: string): void {
    this.errors.push({ url, message });
    this.options.onProgress?.({ type: 'page-error', site: this.site.name, url, message });
  }

  private track(work: Promise<void>): void {
    const settled = work.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  private async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}

async function collectLinks(page: Page): Promise<string[]> {
  if (page.isClosed()) return [];
  try {
    return await page.$$eval('a[href], area[href]', (elements) =>
      elements.map((element) => (element as HTMLAnchorElement | HTMLAreaElement).href),
    );
  } catch {
    return [];
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
