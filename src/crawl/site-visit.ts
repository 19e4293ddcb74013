import type { Page } from 'playwright-core';
import { CookieRecorder } from '../capture/recorder.js';
import { StorageRecorder } from '../capture/storage.js';
import type { Scenario, SiteConfig } from '../model/inventory.js';
import type { Observation, RejectedCookie, StorageObservation } from '../model/observation.js';
import type { JourneyOutcome, PageError, SiteScan, StopReason } from '../model/result.js';
import type { ThirdPartyCookies, VisitorContext } from './browser.js';
import { registrableDomain } from '../capture/party.js';
import { discoverFromSitemaps } from './discovery.js';
import {
  explainFailure,
  explainStatus,
  leftTheSiteNote,
  neverQuietNote,
  popupsNote,
  queryTrapNote,
  tooManyLinksNote,
  unresponsiveNote,
} from './failures.js';
import { createFetcher } from './fetch.js';
import { Frontier, MAX_QUERY_VARIANTS, type PageResult, type QueuedPage } from './frontier.js';
import { JourneyError } from './journey.js';
import type { ScanBudget, VisitSlots } from './page-budget.js';
import { prepareScenario, QUIET_MS } from './scenario-setup.js';
import { createScope, type Scope, type ScopeConfig } from './scope.js';
import { resolvedOptions, type ResolvedScanOptions, type ScanOptions } from './options.js';
import { MAX_LINKS_PER_PAGE, PAGE_READ_TIMEOUT_MS, readFrameStorage, readPageFacts, scrollToBottom, type PageFacts } from './page-reads.js';
import { MAX_POPUPS_PER_PAGE } from './popup-guard.js';
import { BrowserSession } from './session.js';
import { becomesTrueWithin, DEATH_NOTICE_MS } from './wait.js';

const RETRY_DELAYS_MS = [500, 1500];
/**
 * Navigation errors worth another try (a crashed renderer aborts its navigation: ERR_ABORTED); a
 * refused connection or an unknown host will not heal.
 */
/** Failures that a browser dying causes (its death is only noticed a moment later). */
const LOST_WITH_THE_BROWSER = /crash|Failed to open a new tab|Target (page, context or browser )?(has been )?closed/i;
const TRANSIENT_ERROR = new RegExp(
  `Timeout|frame was detached|ERR_ABORTED|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_NETWORK_CHANGED|ERR_TIMED_OUT|${LOST_WITH_THE_BROWSER.source}`,
  'i',
);

/** How one visit went. */
interface VisitResult extends PageResult {
  failure?: string;
  /** The page stopped answering: close it rather than reuse it. */
  hung?: boolean;
}

export interface SiteCapture {
  cookies: Observation[];
  rejectedCookies: RejectedCookie[];
  storage: StorageObservation[];
}

export type VisitOutcome = Required<Pick<SiteScan, 'pagesVisited' | 'notVisited' | 'stoppedBy' | 'sitemaps' | 'skippedLinks' | 'skippedNotListed'>> &
  Pick<SiteScan, 'journey'>;

/** Where a unit gets its visitor contexts and its pages' slots: shared by every unit of the scan. */
export interface VisitResources {
  newVisitor(): Promise<VisitorContext>;
  budget: ScanBudget;
}

/**
 * One visitor's visit of one site under one scenario (a unit of the scan): the scenario's saved state
 * and journey first, then the crawl, cookies accumulating in the unit's own context while its pages
 * take slots of the scan's page budget. A crashed page is replaced and its URL retried; when the
 * browser dies, the unit takes a new context from the relaunched one (the scenario prepared again)
 * and goes on (what was captured before is kept).
 */
export class SiteVisit {
  private readonly cookies: CookieRecorder;
  private readonly storage: StorageRecorder;
  private readonly frontier: Frontier;
  private readonly scope: Scope;
  private readonly options: ResolvedScanOptions;
  private session: BrowserSession | undefined;
  private readonly idlePages: Page[] = [];
  /** Visits under way (each with its retries). */
  private readonly active = new Set<Promise<void>>();
  private pagesVisited = 0;
  /** Set once the crawl is over (or interrupted): a page still in flight must not relaunch the browser. */
  private finished = false;
  private starting: Promise<BrowserSession> | undefined;
  private journey: JourneyOutcome | undefined;
  /** Pages that loaded on the site (status below 400, not landed on another site). */
  private loaded = 0;
  /** Origins where a page loaded: their sitemap errors are worth reporting. */
  private readonly loadedOrigins = new Set<string>();
  /** Pages cut off by --settle before they went quiet. */
  private readonly neverQuiet = new Set<string>();
  private thirdPartyBlocked = false;
  private probed: ThirdPartyCookies | undefined;

  constructor(
    private readonly site: SiteConfig,
    private readonly scenario: Scenario,
    options: ScanOptions,
    private readonly errors: PageError[],
    private readonly resources: VisitResources,
    private readonly deadlineMs: number,
  ) {
    this.options = resolvedOptions(options);
    const identity = { name: site.name, scenario: scenario.name, domains: site.domains };
    this.cookies = new CookieRecorder(identity, scenario.consentAtStart, options.includeValues ?? false);
    this.storage = new StorageRecorder(identity);
    this.scope = createScope(siteScope(site, options));
    this.frontier = new Frontier(this.scope, { maxPages: this.options.maxPages, maxDepth: this.options.maxDepth });
  }

  /**
   * Pages of the site that loaded: answered below 400 and stayed on the site. The scan of a site is
   * worth something (complete) only when at least one did.
   */
  get pagesLoaded(): number {
    return this.loaded;
  }

  /** Whether third-party cookies reached the unit's contexts, for the scan's metadata. */
  get thirdPartyCookies(): ThirdPartyCookies | undefined {
    return this.thirdPartyBlocked ? 'blocked' : this.probed;
  }

  /** Warns once, as soon as the launch probe or one of the unit's own refusals shows third-party cookies blocked. */
  private async checkThirdPartyCookies(session: BrowserSession): Promise<void> {
    this.probed = await session.visitor.thirdPartyCookies;
    if (this.thirdPartyBlocked || (this.probed === 'allowed' && !session.thirdPartyCookiesBlocked)) return;
    this.thirdPartyBlocked = true;
    this.options.onProgress?.({ type: 'third-party-cookies-blocked', site: this.site.name, scenario: this.scenario.name });
  }

  async run(): Promise<VisitOutcome> {
    for (const url of this.site.urls) this.frontier.addStart(url);
    const discovery = this.options.sitemaps && this.site.sitemaps !== false ? await this.discover() : { sitemaps: [], errors: [] };
    const { sitemaps } = discovery;
    if (Date.now() >= this.deadlineMs) return this.outcome('time-budget', sitemaps);
    const { budget } = this.resources;
    let stoppedBy: StopReason | null = null;
    try {
      budget.join(this);
      const first = await budget.acquire(this, this.options.signal);
      if (!first) return this.outcome('interrupted', sitemaps);
      try {
        await this.ensureSession();
      } catch (error) {
        if (!(error instanceof JourneyError)) throw error;
        this.recordError(this.site.urls[0] ?? '', error.message);
        return this.outcome('journey-failed', sitemaps);
      } finally {
        first.release();
      }
      stoppedBy = await this.crawl();
      await this.snapshotJar(this.session, this.site.urls[0] ?? '');
      this.recordCrawlNotes();
      this.orderErrorsByCrawl();
      // After the pages' own errors: a broken sitemap matters less than an unreachable start URL.
      for (const error of discovery.errors) {
        if (!this.unreachable(error.url)) this.recordError(error.url, `sitemap: ${error.message}`);
      }
    } finally {
      this.finished = true;
      budget.leave(this);
      await this.starting?.catch(() => undefined);
      if (this.session) await this.checkThirdPartyCookies(this.session);
      await Promise.all(this.idlePages.splice(0).map((page) => this.closeIdleTab(page)));
      await this.session?.visitor.close();
      // Pages still in flight after an interrupt fail fast once their context is closed.
      await Promise.allSettled([...this.active]);
    }
    if (!stoppedBy && this.frontier.remaining > 0) stoppedBy = 'max-pages';
    return this.outcome(stoppedBy, sitemaps);
  }

  /** Takes queued pages one budget slot each, until the frontier is empty, the time is up or Ctrl-C. */
  private async crawl(): Promise<StopReason | null> {
    const interrupted = abortedPromise(this.options.signal);
    try {
      return await this.crawlPages(interrupted.promise);
    } finally {
      interrupted.dispose();
    }
  }

  private async crawlPages(interrupted: Promise<void>): Promise<StopReason | null> {
    const active = this.active;
    let stoppedBy: StopReason | null = null;
    // A page that failed for good (the browser could not be brought back) fails the unit; pages still
    // in flight after an interrupt fail as their context closes, and that is nobody's error.
    const failures: unknown[] = [];
    for (;;) {
      if (failures.length > 0) {
        // The unit fails: its other pages end first, so none of them outlives it.
        await Promise.allSettled([...active]);
        throw failures[0];
      }
      if (Date.now() >= this.deadlineMs) stoppedBy = 'time-budget';
      // Pages in flight are dropped: closing the context ends them; what they captured is kept.
      if (this.options.signal?.aborted) return 'interrupted';
      if (!stoppedBy && this.frontier.hasNext) {
        const slot = await this.resources.budget.acquire(this, this.options.signal);
        if (!slot) continue;
        const next = Date.now() < this.deadlineMs ? this.frontier.next() : undefined;
        if (!next) {
          slot.release();
          continue;
        }
        const task: Promise<void> = this.visitWithRetries(next, slot)
          .catch((error: unknown) => void failures.push(error))
          .finally(() => active.delete(task));
        active.add(task);
        continue;
      }
      if (active.size === 0) {
        if (failures.length > 0) throw failures[0];
        return stoppedBy;
      }
      await Promise.race([...active, interrupted]);
    }
  }

  /** What holds for the whole site rather than one visit: pages cut by --settle, query traps. */
  private recordCrawlNotes(): void {
    const cutOff = [...this.neverQuiet].sort((a, b) => this.crawlPosition(a) - this.crawlPosition(b));
    if (cutOff.length > 0) this.recordError(cutOff[0], neverQuietNote(cutOff.length, this.options.settleMs));
    for (const trap of this.frontier.queryTraps()) this.recordError(trap.url, queryTrapNote(trap, MAX_QUERY_VARIANTS));
  }

  /** Errors in crawl order (the order pages were queued), whatever order concurrent pages failed in. */
  private orderErrorsByCrawl(): void {
    const ordered = this.errors
      .map((error, index) => ({ error, index, position: this.crawlPosition(error.url) }))
      .sort((a, b) => a.position - b.position || a.index - b.index)
      .map(({ error }) => error);
    this.errors.splice(0, this.errors.length, ...ordered);
  }

  private crawlPosition(url: string): number {
    return this.frontier.positionOf(url) ?? Number.MAX_SAFE_INTEGER;
  }

  /**
   * An origin where no page loaded and a page failed: its robots.txt and sitemaps failing too says
   * nothing more, and would bury the one message that matters.
   */
  private unreachable(url: string): boolean {
    const origin = originOf(url);
    return !this.loadedOrigins.has(origin) && this.errors.some((error) => originOf(error.url) === origin);
  }

  /** What was covered so far; also used when the browser failed for good. */
  outcome(stoppedBy: StopReason | null, sitemaps: string[] = []): VisitOutcome {
    return {
      pagesVisited: this.pagesVisited,
      notVisited: this.frontier.remaining,
      stoppedBy,
      sitemaps,
      skippedLinks: this.frontier.skipped(),
      skippedNotListed: this.frontier.skippedNotListed,
      ...(this.journey ? { journey: { ...this.journey } } : {}),
    };
  }

  /** Pages that only a sitemap lists are queued after the start URLs. */
  private async discover(): Promise<{ sitemaps: string[]; errors: PageError[] }> {
    const fetch = createFetcher({
      resolve: this.options.resolve ?? [],
      blockUnmappedHosts: this.options.blockUnmappedHosts,
      ignoreHttpsErrors: this.options.ignoreHttpsErrors ?? false,
      userAgent: this.options.userAgent,
      headers: this.options.headers,
      timeoutMs: this.options.pageTimeoutMs,
    });
    const found = await discoverFromSitemaps(this.site.urls, fetch);
    this.frontier.addDiscovered(found.pages, 1, 'sitemap');
    return found;
  }

  capture(): SiteCapture {
    return { cookies: this.cookies.observations(), rejectedCookies: this.cookies.rejectedCookies(), storage: this.storage.observations() };
  }

  /** The live session; after the browser died, one new context shared by every page waiting for it. */
  private ensureSession(): Promise<BrowserSession> {
    // While a new context is being prepared, no page may use the old one nor the unprepared new one.
    if (this.starting) return this.starting;
    if (this.session && !this.session.lost) return Promise.resolve(this.session);
    this.starting = this.startSession().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /**
   * A fresh context with the scenario prepared in it. When the browser dies meanwhile (a step fails
   * because its page went away), the scenario is prepared again in the relaunched one; the host gives
   * up after its relaunches.
   */
  private async startSession(): Promise<BrowserSession> {
    for (;;) {
      if (this.finished) throw new Error('the crawl of this site is over');
      if (this.session) {
        this.cookies.jarLost();
        await this.session.visitor.close();
      }
      for (const page of this.idlePages.splice(0)) void this.closeIdleTab(page);
      const visitor = await this.resources.newVisitor();
      let session: BrowserSession | undefined;
      try {
        if (this.finished) throw new Error('the crawl of this site is over');
        session = await BrowserSession.start(visitor, this.cookies, this.site.urls[0] ?? '', this.options.settleMs);
        await prepareScenario(session, {
          site: this.site,
          scenario: this.scenario,
          cookies: this.cookies,
          options: this.options,
          started: (journey) => (this.journey = journey),
          snapshot: (page) => this.snapshot(session as BrowserSession, page, page.url()).then(() => undefined),
        });
      } catch (error) {
        const lost = await becomesTrueWithin(() => !(visitor.context.browser()?.isConnected() ?? false), DEATH_NOTICE_MS);
        if (!lost || this.finished) {
          await visitor.close();
          throw error;
        }
        this.session = session;
        continue;
      }
      this.session = session;
      void this.checkThirdPartyCookies(session);
      return session;
    }
  }

  /**
   * Visits a page, retrying what can heal; whatever happens, the frontier hears of it (in crawl order).
   * The slot is given back while waiting to retry: a failing site must not hold the budget idle.
   */
  private async visitWithRetries(queued: QueuedPage, firstSlots: VisitSlots): Promise<void> {
    let slot: VisitSlots | null = firstSlots;
    let result: VisitResult = {};
    let told = false;
    const tellFrontier = (found: PageResult) => {
      if (told) return;
      told = true;
      this.frontier.finish(queued, found);
    };
    try {
      for (let attempt = 0; ; attempt++) {
        const session = await this.ensureSession();
        result = await this.visitOnAPage(session, queued, slot, tellFrontier);
        const { failure } = result;
        if (!failure) return;
        // A page lost with its browser is tried again on the relaunched one, with places of its own again.
        if (LOST_WITH_THE_BROWSER.test(failure) && (await session.diedWithin(DEATH_NOTICE_MS))) {
          slot = await this.retake(slot);
          if (!slot) return;
          continue;
        }
        const retryable = TRANSIENT_ERROR.test(failure) && attempt < RETRY_DELAYS_MS.length && Date.now() < this.deadlineMs;
        if (!retryable) {
          this.recordError(queued.url, explainFailure(failure, { attempts: attempt + 1, timeoutMs: this.options.pageTimeoutMs }));
          return;
        }
        slot = await this.retake(slot, RETRY_DELAYS_MS[attempt]);
        if (!slot) return;
      }
    } finally {
      slot?.release();
      tellFrontier(result.failure ? {} : result);
    }
  }

  /** Gives the visit's places back, waits `ms`, and queues for new ones (null: interrupted or the unit is over). */
  private async retake(slots: VisitSlots, ms = 0): Promise<VisitSlots | null> {
    slots.release();
    if (ms > 0) await delay(ms);
    return this.resources.budget.acquire(this, this.options.signal);
  }

  private async visitOnAPage(session: BrowserSession, queued: QueuedPage, slots: VisitSlots, linksFound: (result: PageResult) => void): Promise<VisitResult> {
    let page: Page;
    try {
      const idle = this.idlePages.pop();
      if (idle) this.resources.budget.unparkTab();
      page = idle ?? (await session.newCrawlPage());
    } catch (error) {
      return { failure: messageOf(error) };
    }
    const result = await this.visit(session, page, queued, slots, linksFound);
    const reusable =
      !this.finished && !page.isClosed() && !session.crashed(page) && !result.failure && !result.hung && !session.isWornOut(page) && !session.lost;
    const keep = reusable && this.resources.budget.parkTab();
    if (!keep) await page.close().catch(() => undefined);
    else this.idlePages.push(page);
    return result;
  }

  /** Loads one page, lets it settle, snapshots jar and storage; returns its links, or the error. */
  private async visit(
    session: BrowserSession,
    page: Page,
    { url, depth }: QueuedPage,
    slots: VisitSlots,
    linksFound: (result: PageResult) => void,
  ): Promise<VisitResult> {
    // Popups a previous page opened after its snapshot go now, before they are taken for this one's.
    await session.closePopups(page);
    session.startVisit(page, url);
    let facts: PageFacts;
    let landedUrl: string;
    let popupsOpened = 0;
    let loaded = false;
    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: this.options.pageTimeoutMs });
      loaded = true;
      landedUrl = page.url();
      const offSite = this.leftTheSite(url, landedUrl);
      if (this.options.scroll) await scrollToBottom(session, page);
      slots.loaded();
      const settleUntilMs = Date.now() + this.options.settleMs;
      // Links once the network is quiet, before waiting for timers: the crawl goes on meanwhile (the
      // frontier applies them in crawl order). A page that landed on another site is not crawled
      // further: its links are that site's.
      let quiet = await session.monitor.waitForQuiet(page, QUIET_MS, this.options.settleMs, { timers: false });
      facts = await readPageFacts(session, page, depth < this.options.maxDepth && !offSite ? MAX_LINKS_PER_PAGE + 1 : 0);
      linksFound({ links: facts.links.slice(0, MAX_LINKS_PER_PAGE), landedUrl });
      if (quiet && facts.answered) quiet = await session.monitor.waitForQuiet(page, QUIET_MS, settleUntilMs - Date.now(), { resumed: true });
      // A renderer that crashed (or a browser that died) after load took the page's links and late
      // cookies with it: the visit failed, and is retried.
      if (session.crashed(page) || page.isClosed() || session.lost) throw new Error('Target crashed after the page loaded');
      if (!quiet) this.neverQuiet.add(url);
      const status = response?.status() ?? 200;
      if (status >= 400) this.recordError(url, explainStatus(status, response?.statusText() ?? ''));
      if (offSite) {
        this.recordError(url, leftTheSiteNote(landedUrl));
      } else if (status < 400) {
        this.loaded++;
        this.loadedOrigins.add(originOf(url));
      }
    } catch (error) {
      return { failure: messageOf(error) };
    } finally {
      // A page that never loaded has no storage worth a read (its frames would not answer either);
      // cookies set by redirect hops before the failure are in the jar.
      popupsOpened = await this.snapshot(session, page, url, { storage: loaded });
    }
    this.pagesVisited++;
    await this.checkThirdPartyCookies(session);
    const { links, blockedPopups, answered } = facts;
    if (!answered) this.recordError(url, unresponsiveNote(PAGE_READ_TIMEOUT_MS));
    if (links.length > MAX_LINKS_PER_PAGE) this.recordError(url, tooManyLinksNote(MAX_LINKS_PER_PAGE));
    const popups = popupsOpened + blockedPopups;
    if (popups > MAX_POPUPS_PER_PAGE) this.recordError(url, popupsNote(popups, MAX_POPUPS_PER_PAGE));
    this.options.onProgress?.({
      type: 'page-done',
      site: this.site.name,
      scenario: this.scenario.name,
      url,
      pagesVisited: this.pagesVisited,
      queued: this.frontier.remaining,
      cookies: this.cookies.cookiesSeen,
      errors: this.errors.length,
    });
    return { links: links.slice(0, MAX_LINKS_PER_PAGE), landedUrl, hung: !answered };
  }

  private async closeIdleTab(page: Page): Promise<void> {
    this.resources.budget.unparkTab();
    await page.close().catch(() => undefined);
  }

  /** Whether a page requested at `url` landed, after redirects, on another site. */
  private leftTheSite(url: string, landedUrl: string): boolean {
    if (landedUrl === url || !/^https?:/.test(landedUrl) || this.scope.check(landedUrl).inScope) return false;
    return registrableDomain(new URL(landedUrl).hostname) !== registrableDomain(new URL(url).hostname);
  }

  /** Records the jar and the storage of the page and its popups, then closes the popups; returns how many it opened. */
  private async snapshot(session: BrowserSession, page: Page, pageUrl: string, { storage = true }: { storage?: boolean } = {}): Promise<number> {
    const targets = storage ? [page, ...session.popups(page)] : [];
    const frames = targets.filter((target) => !target.isClosed()).flatMap((target) => target.frames());
    // The reads are independent: taken at once, they cost one round trip instead of one per frame.
    const [, snapshots] = await Promise.all([
      this.snapshotJar(session, pageUrl),
      Promise.all(frames.map((frame) => readFrameStorage(session, frame))),
    ]);
    for (const keys of snapshots) if (keys) this.storage.record(keys, pageUrl);
    const popups = session.popupCount(page);
    await session.closePopups(page);
    return popups;
  }

  private async snapshotJar(session: BrowserSession | undefined, pageUrl: string): Promise<void> {
    if (!session || session.lost) return;
    await session.flush();
    const jar = await session.context.cookies().catch(() => undefined);
    if (jar) this.cookies.recordJar(jar, pageUrl, Date.now());
  }

  private recordError(url: string, message: string): void {
    // After an interrupt, pages in flight fail because their browser closes: not the site's errors.
    if (this.options.signal?.aborted) return;
    this.errors.push({ url, message });
    this.options.onProgress?.({ type: 'page-error', site: this.site.name, scenario: this.scenario.name, url, message });
  }
}

/** The site's own scope settings joined to the command line's. */
function siteScope(site: SiteConfig, options: ScanOptions): ScopeConfig {
  const scope = options.scope ?? {};
  const join = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a || b ? [...(a ?? []), ...(b ?? [])] : undefined);
  return {
    domains: site.domains,
    hosts: join(scope.hosts, site.hosts),
    include: join(scope.include, site.include),
    exclude: join(scope.exclude, site.exclude),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** Resolves when the signal aborts (never without one); dispose() stops listening. */
function abortedPromise(signal: AbortSignal | undefined): { promise: Promise<void>; dispose(): void } {
  let onAbort = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    if (signal?.aborted) resolve();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal?.removeEventListener('abort', onAbort) };
}
