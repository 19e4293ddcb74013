import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { CookieRecorder } from '../capture/recorder.js';
import { installScriptWriteHook, SCRIPT_WRITE_BINDING, scriptUrlFromStack, type ScriptWritePayload } from '../capture/script-writes.js';
import { readStorageKeys, StorageRecorder } from '../capture/storage.js';
import type { SiteConfig } from '../model/inventory.js';
import type { Observation, RejectedCookie, StorageObservation } from '../model/observation.js';
import type { PageError } from '../model/result.js';
import { Frontier } from './frontier.js';
import { SCAN_DEFAULTS, type ScanOptions } from './options.js';
import { ActivityMonitor } from './settle.js';

/** Quiet time (no request in flight, no cookie written) after which a page counts as settled. */
const QUIET_MS = 500;

interface BlockedCookie {
  cookieLine: string;
  blockedReasons: string[];
}

export interface SiteCapture {
  cookies: Observation[];
  rejectedCookies: RejectedCookie[];
  storage: StorageObservation[];
}

/**
 * One visitor's journey through one site: cookies accumulate in the same profile, page after page.
 * Every way a cookie can arrive is watched: response headers (redirect hops, iframes, service
 * workers, popups), script writes, and what the browser refused.
 */
export class SiteVisit {
  private readonly cookies: CookieRecorder;
  private readonly storage: StorageRecorder;
  private readonly frontier: Frontier;
  private readonly monitor: ActivityMonitor;
  private readonly maxDepth: number;
  private readonly pending = new Set<Promise<void>>();
  private readonly popups = new Set<Page>();
  private mainPage: Page | undefined;
  private currentPageUrl: string;

  constructor(
    private readonly site: SiteConfig,
    private readonly context: BrowserContext,
    private readonly options: ScanOptions,
    private readonly errors: PageError[],
  ) {
    this.cookies = new CookieRecorder(site);
    this.storage = new StorageRecorder(site);
    this.maxDepth = options.maxDepth ?? SCAN_DEFAULTS.maxDepth;
    this.frontier = new Frontier(site.domains, { maxPages: options.maxPages ?? SCAN_DEFAULTS.maxPages, maxDepth: this.maxDepth });
    this.monitor = new ActivityMonitor(context);
    this.currentPageUrl = site.urls[0] ?? '';
  }

  /** Visits the site; returns how many pages loaded. */
  async run(): Promise<number> {
    await this.listen();
    for (const url of this.site.urls) this.frontier.addStart(url);
    let pagesVisited = 0;
    for (let next = this.frontier.next(); next; next = this.frontier.next()) {
      const page = await this.crawlPage();
      if (await this.visit(page, next.url)) {
        pagesVisited++;
        if (next.depth < this.maxDepth) this.frontier.addLinks(await collectLinks(page), next.depth + 1);
      }
      this.options.onProgress?.({
        type: 'page-done',
        site: this.site.name,
        url: next.url,
        pagesVisited,
        queued: this.frontier.remaining,
        cookies: this.cookies.observations().length,
      });
    }
    return pagesVisited;
  }

  capture(): SiteCapture {
    return { cookies: this.cookies.observations(), rejectedCookies: this.cookies.rejectedCookies(), storage: this.storage.observations() };
  }

  private async crawlPage(): Promise<Page> {
    if (!this.mainPage || this.mainPage.isClosed()) {
      this.mainPage = this.context.pages().find((page) => !this.popups.has(page)) ?? (await this.context.newPage());
      await this.watchRefusals(this.mainPage);
    }
    return this.mainPage;
  }

  private async listen(): Promise<void> {
    this.context.on('response', (response) => {
      const atMs = Date.now();
      const pageUrl = this.currentPageUrl;
      this.track(
        response.headersArray().then((headers) => {
          for (const header of headers) {
            if (header.name.toLowerCase() !== 'set-cookie') continue;
            for (const line of header.value.split('\n')) this.cookies.recordHeader(line, response.url(), pageUrl, atMs);
          }
        }),
      );
    });
    this.context.on('page', (page) => {
      if (page === this.mainPage) return;
      this.popups.add(page);
      this.track(this.watchRefusals(page));
    });
    await this.context.exposeBinding(SCRIPT_WRITE_BINDING, (_source, payload: ScriptWritePayload) => {
      this.monitor.touch();
      this.cookies.recordScriptWrite(payload.cookie, {
        documentUrl: payload.documentUrl,
        scriptUrl: scriptUrlFromStack(payload.stack, payload.documentUrl),
        pageUrl: this.currentPageUrl,
        atMs: Date.now(),
        accepted: payload.accepted,
      });
    });
    await this.context.addInitScript(installScriptWriteHook, SCRIPT_WRITE_BINDING);
  }

  /** The DevTools protocol names every Set-Cookie the browser refused, and why. */
  private async watchRefusals(page: Page): Promise<void> {
    let session: CDPSession;
    try {
      session = await this.context.newCDPSession(page);
      await session.send('Network.enable');
    } catch {
      return; // The page closed first: nothing it loaded is left to explain.
    }
    const urls = new Map<string, string>();
    session.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
      urls.set(event.requestId, event.request.url);
    });
    session.on('Network.responseReceivedExtraInfo', (event: { requestId: string; blockedCookies?: BlockedCookie[] }) => {
      for (const blocked of event.blockedCookies ?? []) {
        this.cookies.recordRefusal(blocked.cookieLine, blocked.blockedReasons, urls.get(event.requestId) ?? this.currentPageUrl);
      }
    });
  }

  /** Loads one page, lets it settle and snapshots jar and storage; false when it could not load. */
  private async visit(page: Page, url: string): Promise<boolean> {
    this.currentPageUrl = url;
    let loaded = true;
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: this.options.pageTimeoutMs ?? SCAN_DEFAULTS.pageTimeoutMs });
      if (response && response.status() >= 400) this.recordError(url, `HTTP ${response.status()} ${response.statusText()}`.trim());
      this.frontier.markVisited(page.url());
      if (this.options.scroll ?? true) await scrollToBottom(page);
      await this.monitor.waitForQuiet(QUIET_MS, this.options.settleMs ?? SCAN_DEFAULTS.settleMs);
    } catch (error) {
      this.recordError(url, messageOf(error));
      loaded = false;
    }
    await this.snapshot(url);
    await this.closePopups();
    return loaded;
  }

  private async snapshot(pageUrl: string): Promise<void> {
    await this.flush();
    this.cookies.recordJar(await this.context.cookies(), pageUrl, Date.now());
    for (const page of this.context.pages()) {
      for (const frame of page.frames()) {
        const keys = await frame.evaluate(readStorageKeys).catch(() => null);
        if (keys) this.storage.record(keys, pageUrl);
      }
    }
  }

  private async closePopups(): Promise<void> {
    for (const popup of this.popups) await popup.close().catch(() => undefined);
    this.popups.clear();
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

/** Lazy scripts set cookies when the visitor scrolls: do as a visitor would. */
async function scrollToBottom(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)).catch(() => undefined);
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

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
