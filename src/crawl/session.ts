import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { parseHttpDate } from '../capture/cookie-date.js';
import { headerText } from '../capture/cookie-line.js';
import type { CookieRecorder } from '../capture/recorder.js';
import { installScriptWriteHook, SCRIPT_WRITE_BINDING, scriptUrlFromStack, type ScriptWritePayload } from '../capture/script-writes.js';
import type { VisitorContext } from './browser.js';
import { installPopupGuard, MAX_POPUPS_PER_PAGE, POPUP_GUARD_KEY } from './popup-guard.js';
import { installTimerTracker, MAX_CHAIN, MAX_REPEATS, MAX_TRACKED_PER_DOCUMENT, MIN_TRACKED_MS, TIMER_BINDING, type TimerEvent } from './timers.js';
import { ActivityMonitor } from './settle.js';
import { becomesTrueWithin } from './wait.js';

/**
 * Visits after which a crawl page is replaced by a fresh one: a reused tab's renderer, and what
 * Playwright keeps of it, grow with every page it loads.
 */
const VISITS_PER_PAGE = 50;
/** Longest wait for a new tab. */
const NEW_PAGE_TIMEOUT_MS = 10_000;
/** Rounds of waiting for header reads a snapshot makes at most: a page that keeps requesting never lets none be left. */
const FLUSH_ROUNDS = 3;

/** CDP's reasons for refusing a cookie only because third-party cookies are blocked. */
const THIRD_PARTY_BLOCKED_REASONS = new Set(['UserPreferences', 'ThirdPartyPhaseout', 'ThirdPartyBlockedInFirstPartySet']);

interface BlockedCookie {
  cookieLine: string;
  blockedReasons: string[];
}

/**
 * One visitor's browser context and what listens to it: response headers (redirect hops, iframes,
 * service workers, popups), script writes, refused cookies, activity. Every event is attributed to
 * the crawl page it belongs to, so attribution stays exact when several pages load at once.
 */
export class BrowserSession {
  readonly monitor: ActivityMonitor;
  /** The URL each crawl page is visiting; popups borrow their opener's. */
  private readonly visiting = new WeakMap<Page, string>();
  /** Each watched page's request URLs by CDP request id, for naming refused cookies; reset at each visit. */
  private readonly requestUrls = new WeakMap<Page, Map<string, string>>();
  private readonly visitCounts = new WeakMap<Page, number>();
  private readonly devtools = new WeakMap<Page, CDPSession>();
  private readonly popupsOf = new Map<Page, Set<Page>>();
  /** The crawl page each popup belongs to (its opener's, for a popup of a popup). */
  private readonly ownerOf = new WeakMap<Page, Page>();
  /** Popups opened since the crawl page's popups were last closed, those closed at once included. */
  private readonly popupsOpened = new Map<Page, number>();
  private readonly pending = new Set<Promise<void>>();
  private readonly crashedPages = new WeakSet<Page>();
  private lastVisitedUrl: string;
  private closed = false;
  private refusedAsThirdParty = false;

  private constructor(
    readonly visitor: VisitorContext,
    private readonly cookies: CookieRecorder,
    firstUrl: string,
  ) {
    this.monitor = new ActivityMonitor(visitor.context);
    this.lastVisitedUrl = firstUrl;
  }

  /** Listens to a fresh visitor context; timers due within `settleMs` of load are waited for. */
  static async start(visitor: VisitorContext, cookies: CookieRecorder, firstUrl: string, settleMs: number): Promise<BrowserSession> {
    const session = new BrowserSession(visitor, cookies, firstUrl);
    await session.listen(settleMs);
    return session;
  }

  /** The browser process is gone (killed, crashed): this session can do nothing more. */
  get lost(): boolean {
    return this.closed || !(this.context.browser()?.isConnected() ?? true);
  }

  /** Whether this context refused a cookie because third-party cookies are blocked (by the user's settings). */
  get thirdPartyCookiesBlocked(): boolean {
    return this.refusedAsThirdParty;
  }

  /** Whether the browser is, or within `ms` turns out to be, gone. */
  diedWithin(ms: number): Promise<boolean> {
    return becomesTrueWithin(() => this.lost, ms);
  }

  get context(): BrowserContext {
    return this.visitor.context;
  }

  /** A fresh page for the crawl, watched for refused cookies; its popups close with it. */
  async newCrawlPage(): Promise<Page> {
    const opening = this.context.newPage().then(async (page) => {
      page.once('close', () => void this.closePopups(page));
      page.once('crash', () => this.crashedPages.add(page));
      await this.watchRefusals(page);
      return page;
    });
    // Measured: a tab opened just as its renderer is killed may never answer. Its visit fails (and is
    // retried) instead of waiting forever; the tab is closed if it ever opens.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Target page could not be opened within ${NEW_PAGE_TIMEOUT_MS / 1000} s (crash?)`)), NEW_PAGE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([opening, timeout]);
    } catch (error) {
      void opening.then((page) => page.close()).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  startVisit(page: Page, url: string): void {
    this.monitor.forget(page);
    this.visiting.set(page, url);
    this.requestUrls.get(page)?.clear();
    this.visitCounts.set(page, (this.visitCounts.get(page) ?? 0) + 1);
    this.lastVisitedUrl = url;
  }

  /** Whether the crawl page's renderer crashed (the page object lives on, its document is gone). */
  crashed(page: Page): boolean {
    return this.crashedPages.has(page);
  }

  /** Whether a crawl page has made enough visits to be closed rather than reused. */
  isWornOut(page: Page): boolean {
    return (this.visitCounts.get(page) ?? 0) >= VISITS_PER_PAGE;
  }

  /**
   * Runs a self-contained function in the page's main frame, through the page's own DevTools session
   * when it has one: Playwright's evaluate first installs a helper script in every new document (a
   * round trip and a compile on every page).
   */
  async evaluate<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const devtools = this.devtools.get(page);
    if (!devtools) return page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg);
    const evaluation = devtools.send('Runtime.evaluate', {
      expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
      returnByValue: true,
      awaitPromise: true,
    });
    const { result, exceptionDetails } = await untilPageGone(page, evaluation);
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as R;
  }

  popups(page: Page): Page[] {
    return [...(this.popupsOf.get(page) ?? [])];
  }

  /**
   * Popups the page (or its popups) opened since its popups were last closed; beyond
   * MAX_POPUPS_PER_PAGE, each was closed as soon as it opened (the page's own window.open calls
   * beyond it are refused in the page: see popup-guard.ts).
   */
  popupCount(page: Page): number {
    return this.popupsOpened.get(page) ?? 0;
  }

  async closePopups(page: Page): Promise<void> {
    await Promise.all(this.popups(page).map((popup) => popup.close().catch(() => undefined)));
    this.popupsOf.delete(page);
    this.popupsOpened.delete(page);
  }

  /**
   * Waits for header reads still under way, so a snapshot sees every write before it: those under way
   * when called, then those started meanwhile, FLUSH_ROUNDS times at most.
   */
  async flush(): Promise<void> {
    for (let round = 0; round < FLUSH_ROUNDS && this.pending.size > 0; round++) await Promise.all([...this.pending]);
  }

  private pageUrlOf(page: Page | undefined): string {
    return (page && this.visiting.get(page)) ?? this.lastVisitedUrl;
  }

  private async listen(settleMs: number): Promise<void> {
    this.context.on('close', () => (this.closed = true));
    this.context.on('response', (response) => {
      const atMs = Date.now();
      const pageUrl = this.pageUrlOf(pageOfResponse(response));
      this.track(
        response.headersArray().then((headers) => {
          const serverDateMs = parseHttpDate(headers.find((header) => header.name.toLowerCase() === 'date')?.value);
          for (const header of headers) {
            if (header.name.toLowerCase() !== 'set-cookie') continue;
            for (const line of headerText(header.value).split('\n')) this.cookies.recordHeader(line, response.url(), pageUrl, atMs, serverDateMs);
          }
        }),
      );
    });
    this.context.on('page', (page) => this.track(this.adoptPopup(page)));
    await this.context.exposeBinding(SCRIPT_WRITE_BINDING, (source, payload: ScriptWritePayload) => {
      this.monitor.cookieWritten(source.page, cookieName(payload.cookie));
      this.cookies.recordScriptWrite(payload.cookie, {
        documentUrl: payload.documentUrl,
        scriptUrl: scriptUrlFromStack(payload.stack, payload.documentUrl),
        pageUrl: this.pageUrlOf(source.page),
        atMs: Date.now(),
        accepted: payload.accepted,
      });
    });
    await this.context.addInitScript(installScriptWriteHook, SCRIPT_WRITE_BINDING);
    await this.context.exposeBinding(TIMER_BINDING, (source, event: TimerEvent) => this.monitor.timer(source.page, source.frame, event));
    await this.context.addInitScript(installTimerTracker, {
      binding: TIMER_BINDING,
      minMs: MIN_TRACKED_MS,
      maxMs: settleMs,
      maxChain: MAX_CHAIN,
      maxRepeats: MAX_REPEATS,
      maxTracked: MAX_TRACKED_PER_DOCUMENT,
    });
    await this.context.addInitScript(installPopupGuard, { key: POPUP_GUARD_KEY, max: MAX_POPUPS_PER_PAGE });
  }

  private async adoptPopup(page: Page): Promise<void> {
    const opener = await page.opener().catch(() => null);
    if (!opener) return; // A crawl page the session opened itself.
    const owner = this.ownerOf.get(opener) ?? (this.visiting.has(opener) ? opener : undefined);
    if (!owner) return;
    this.ownerOf.set(page, owner);
    this.visiting.set(page, this.pageUrlOf(owner));
    const opened = this.popupCount(owner) + 1;
    this.popupsOpened.set(owner, opened);
    if (opened > MAX_POPUPS_PER_PAGE || owner.isClosed()) {
      await page.close().catch(() => undefined);
      return;
    }
    this.monitor.attach(page, owner);
    const popups = this.popupsOf.get(owner) ?? new Set<Page>();
    popups.add(page);
    this.popupsOf.set(owner, popups);
    await this.watchRefusals(page);
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
    this.devtools.set(page, session);
    // A crashed renderer never answers: from then on, Playwright's evaluate (which fails at once) is used.
    page.once('crash', () => this.devtools.delete(page));
    const urls = new Map<string, string>();
    this.requestUrls.set(page, urls);
    session.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => {
      urls.set(event.requestId, event.request.url);
    });
    session.on('Network.responseReceivedExtraInfo', (event: { requestId: string; blockedCookies?: BlockedCookie[] }) => {
      for (const blocked of event.blockedCookies ?? []) {
        if (blocked.blockedReasons.some((reason) => THIRD_PARTY_BLOCKED_REASONS.has(reason))) this.refusedAsThirdParty = true;
        this.cookies.recordRefusal(headerText(blocked.cookieLine), blocked.blockedReasons, urls.get(event.requestId) ?? this.pageUrlOf(page));
      }
    });
  }

  private track(work: Promise<void>): void {
    const settled = work.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }
}

/** `work`, or a rejection as soon as the page crashes or closes (a DevTools call would wait forever). */
async function untilPageGone<T>(page: Page, work: Promise<T>): Promise<T> {
  let onGone = (): void => undefined;
  const gone = new Promise<never>((_, reject) => {
    onGone = () => reject(new Error('the page crashed or was closed'));
    page.once('crash', onGone).once('close', onGone);
  });
  try {
    return await Promise.race([work, gone]);
  } finally {
    page.off('crash', onGone).off('close', onGone);
  }
}

function cookieName(line: string): string {
  return line.split(';')[0].split('=')[0].trim();
}

function pageOfResponse(response: { frame(): { page(): Page } }): Page | undefined {
  try {
    return response.frame().page();
  } catch {
    return undefined; // Service-worker responses have no frame.
  }
}
