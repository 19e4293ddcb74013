import type { BrowserContext, Page, Request } from 'playwright-core';
import { countPendingTimers, PENDING_TIMERS_KEY } from './timers.js';

const POLL_MS = 25;
/** However close the cap, a page gets this long to say whether timers are pending. */
const MIN_ANSWER_MS = 250;

/** Runs a self-contained function with its (JSON) argument in a page's main frame. */
export type PageEvaluator = <A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>;

interface Bucket {
  /** Requests in flight, with the page that made each (none for service workers). */
  requests: Map<Request, Page | undefined>;
  lastActivityMs: number;
}

/**
 * Watches network requests, WebSocket frames and cookie writes page by page, so each page can be left as soon as it
 * has gone quiet: late cookies (timers, lazy scripts) come with or soon after some activity.
 * Requests with no page (service workers) keep every page busy. Requests are tracked one by one, not
 * counted: a popup closed with requests in flight never hears of them again, and must not leave its
 * opener busy for good.
 */
export class ActivityMonitor {
  private readonly pages = new WeakMap<Page, Bucket>();
  private readonly owners = new WeakMap<Page, Page>();
  private readonly shared: Bucket = { requests: new Map(), lastActivityMs: 0 };
  /** The bucket each request in flight was counted in. */
  private readonly bucketOfRequest = new WeakMap<Request, Bucket>();

  constructor(
    context: BrowserContext,
    private readonly evaluate: PageEvaluator,
  ) {
    context.on('page', (page) => this.watchWebSockets(page));
    context.on('request', (request) => this.started(request));
    context.on('requestfinished', (request) => this.finished(request));
    context.on('requestfailed', (request) => this.finished(request));
  }

  /** A popup's activity keeps the page that opened it busy, from its first request on. */
  attach(popup: Page, owner: Page): void {
    this.owners.set(popup, owner);
    const own = this.pages.get(popup);
    if (!own) return;
    const target = this.bucket(owner);
    for (const [request, page] of own.requests) {
      target.requests.set(request, page);
      this.bucketOfRequest.set(request, target);
    }
    target.lastActivityMs = Math.max(target.lastActivityMs, own.lastActivityMs);
    this.pages.delete(popup);
  }

  /** WebSocket frames are activity too: a socket that keeps sending keeps its page from going quiet. */
  private watchWebSockets(page: Page): void {
    page.on('websocket', (socket) => {
      this.touch(page);
      socket.on('framereceived', () => this.touch(page)).on('framesent', () => this.touch(page));
    });
  }

  /** A crawl page starts a new visit: what its previous document left in flight is not this one's. */
  forget(page: Page): void {
    this.bucket(page).requests.clear();
  }

  /** A cookie or storage write: activity that makes no request. */
  touch(page: Page | undefined): void {
    (page ? this.bucket(page) : this.shared).lastActivityMs = Date.now();
  }

  /**
   * Resolves once, for `quietMs`, nothing was in flight for the page, nothing was written and no short
   * timer was pending in its main frame — or after `capMs` at most (long polling and websockets never
   * go quiet). True when the page went quiet, false when the cap cut the wait.
   */
  async waitForQuiet(page: Page, quietMs: number, capMs: number): Promise<boolean> {
    if (capMs <= 0) return true; // No wait asked for: nothing was cut off.
    const startedMs = Date.now();
    const deadline = startedMs + capMs;
    const own = this.bucket(page);
    own.lastActivityMs = Math.max(own.lastActivityMs, startedMs);
    for (;;) {
      const now = Date.now();
      const lastActivityMs = Math.max(own.lastActivityMs, this.shared.lastActivityMs);
      const quietForMs = now - lastActivityMs;
      const inFlight = hasRequestsInFlight(own) || hasRequestsInFlight(this.shared);
      const timeUp = now >= deadline;
      // At the cap, a wait shorter than the quiet window still counts as quiet if nothing happened in it.
      const quiet = !inFlight && (quietForMs >= quietMs || (timeUp && lastActivityMs <= startedMs));
      if (quiet) {
        const timers = await this.pendingTimers(page, deadline - now);
        // A page too busy to answer (a script that never ends) showed no activity: it is not cut off.
        if (timers === 0 || (timers === undefined && Date.now() >= deadline)) return true;
      }
      if (timeUp) return false;
      // With nothing in flight, the wait cannot end before the quiet window does: sleep until then.
      const nextCheckMs = inFlight || quietForMs >= quietMs ? POLL_MS : quietMs - quietForMs;
      await delay(Math.min(nextCheckMs, Math.max(0, deadline - now)));
    }
  }

  /** Short timers pending in the page's main frame; undefined when it does not answer within `waitMs`. */
  private async pendingTimers(page: Page, waitMs: number): Promise<number | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const unanswered = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(waitMs, MIN_ANSWER_MS))));
    const pending = this.evaluate(page, countPendingTimers, PENDING_TIMERS_KEY).catch(() => 0);
    try {
      return await Promise.race([pending, unanswered]);
    } finally {
      clearTimeout(timer);
    }
  }

  private bucketOf(page: Page | undefined): Bucket {
    return page ? this.bucket(page) : this.shared;
  }

  private bucket(page: Page): Bucket {
    const owner = this.owners.get(page) ?? page;
    let bucket = this.pages.get(owner);
    if (!bucket) {
      bucket = { requests: new Map(), lastActivityMs: 0 };
      this.pages.set(owner, bucket);
    }
    return bucket;
  }

  private started(request: Request): void {
    const page = pageOf(request);
    if (page === null) return;
    const bucket = this.bucketOf(page);
    bucket.requests.set(request, page);
    bucket.lastActivityMs = Date.now();
    this.bucketOfRequest.set(request, bucket);
  }

  private finished(request: Request): void {
    const bucket = this.bucketOfRequest.get(request);
    if (!bucket) return;
    bucket.requests.delete(request);
    bucket.lastActivityMs = Date.now();
  }
}

/** Whether requests are in flight; those of pages closed since are dropped (they will never finish). */
function hasRequestsInFlight(bucket: Bucket): boolean {
  for (const [request, page] of bucket.requests) if (page?.isClosed()) bucket.requests.delete(request);
  return bucket.requests.size > 0;
}

/**
 * The page a request belongs to; undefined for a service worker's (no frame: it keeps every page
 * busy); null for a popup's first navigation, made before its page exists (the popup counts from
 * its first request after that on — left in flight, it would never finish once the popup is closed).
 */
function pageOf(request: Request): Page | undefined | null {
  if (request.serviceWorker()) return undefined;
  try {
    return request.frame().page();
  } catch {
    return request.isNavigationRequest() ? null : undefined;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
