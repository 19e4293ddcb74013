import type { BrowserContext, Page, Request } from 'playwright-core';
import { countPendingTimers, PENDING_TIMERS_KEY } from './timers.js';

const POLL_MS = 25;

/** Runs a self-contained function with its (JSON) argument in a page's main frame. */
export type PageEvaluator = <A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>;

interface Bucket {
  inFlight: number;
  lastActivityMs: number;
}

/**
 * Watches network requests and cookie writes page by page, so each page can be left as soon as it
 * has gone quiet: late cookies (timers, lazy scripts) come with or soon after some activity.
 * Requests with no page (service workers) keep every page busy.
 */
export class ActivityMonitor {
  private readonly pages = new WeakMap<Page, Bucket>();
  private readonly owners = new WeakMap<Page, Page>();
  private readonly shared: Bucket = { inFlight: 0, lastActivityMs: 0 };

  constructor(
    context: BrowserContext,
    private readonly evaluate: PageEvaluator,
  ) {
    context.on('request', (request) => this.started(this.bucketOf(request)));
    context.on('requestfinished', (request) => this.finished(this.bucketOf(request)));
    context.on('requestfailed', (request) => this.finished(this.bucketOf(request)));
  }

  /** A popup's activity keeps the page that opened it busy. */
  attach(popup: Page, owner: Page): void {
    this.owners.set(popup, owner);
  }

  /** A cookie or storage write: activity that makes no request. */
  touch(page: Page | undefined): void {
    (page ? this.bucket(page) : this.shared).lastActivityMs = Date.now();
  }

  /**
   * Resolves once, for `quietMs`, nothing was in flight for the page, nothing was written and no short
   * timer was pending in its main frame — or after `capMs` at most (long polling and websockets never
   * go quiet).
   */
  async waitForQuiet(page: Page, quietMs: number, capMs: number): Promise<void> {
    const deadline = Date.now() + capMs;
    const own = this.bucket(page);
    own.lastActivityMs = Math.max(own.lastActivityMs, Date.now());
    while (Date.now() < deadline) {
      const quietForMs = Date.now() - Math.max(own.lastActivityMs, this.shared.lastActivityMs);
      const inFlight = own.inFlight > 0 || this.shared.inFlight > 0;
      if (!inFlight && quietForMs >= quietMs && !(await this.hasPendingTimers(page))) return;
      // With nothing in flight, the wait cannot end before the quiet window does: sleep until then.
      const nextCheckMs = inFlight || quietForMs >= quietMs ? POLL_MS : quietMs - quietForMs;
      await delay(Math.min(nextCheckMs, Math.max(0, deadline - Date.now())));
    }
  }

  private async hasPendingTimers(page: Page): Promise<boolean> {
    return (await this.evaluate(page, countPendingTimers, PENDING_TIMERS_KEY).catch(() => 0)) > 0;
  }

  private bucketOf(request: Request): Bucket {
    try {
      return this.bucket(request.frame().page());
    } catch {
      return this.shared; // Service-worker requests have no frame.
    }
  }

  private bucket(page: Page): Bucket {
    const owner = this.owners.get(page) ?? page;
    let bucket = this.pages.get(owner);
    if (!bucket) {
      bucket = { inFlight: 0, lastActivityMs: 0 };
      this.pages.set(owner, bucket);
    }
    return bucket;
  }

  private started(bucket: Bucket): void {
    bucket.inFlight++;
    bucket.lastActivityMs = Date.now();
  }

  private finished(bucket: Bucket): void {
    bucket.inFlight = Math.max(0, bucket.inFlight - 1);
    bucket.lastActivityMs = Date.now();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
