import type { BrowserContext, Frame, Page, Request } from 'playwright-core';
import type { TimerEvent } from './timers.js';

const POLL_MS = 25;

interface InFlight {
  /** The page that made it (none for service workers). */
  page: Page | undefined;
  startedMs: number;
}

interface Bucket {
  /** Requests in flight. */
  requests: Map<Request, InFlight>;
  lastActivityMs: number;
  /** Pending tracked timeouts of each frame's current document, by id, with when each is due. */
  timers: Map<Frame, { doc: string; due: Map<number, number> }>;
  /** Cookie names a script wrote in this visit: writing one again is not news. */
  written: Set<string>;
  /** When each WebSocket was opened and last active. */
  sockets: Map<string, { openedMs: number; lastMs: number }>;
}

/**
 * Watches, page by page, network requests, WebSocket frames, cookie writes and the timers pages set,
 * so each page can be left as soon as it has gone quiet: late cookies come with or soon after some
 * activity, or from a timer still pending. Requests with no page (service workers) keep every page
 * busy. Requests are tracked one by one, not counted: a popup closed with requests in flight never
 * hears of them again, and must not leave its opener busy for good.
 *
 * Sources that never go quiet are learned: a request open for (nearly) the whole wait when the cap
 * cuts it (a long poll), a WebSocket open since before the wait and still sending at the cut. Later
 * pages of the same visitor do not wait for that source (origin and path), so it costs the settle
 * window once, not on every page. Their responses are still captured; only the waiting stops.
 * A request that merely started late or answered slowly is never learned.
 */
export class ActivityMonitor {
  private readonly pages = new WeakMap<Page, Bucket>();
  private readonly owners = new WeakMap<Page, Page>();
  private readonly shared: Bucket = newBucket();
  /** The bucket each request in flight was counted in. */
  private readonly bucketOfRequest = new WeakMap<Request, Bucket>();
  /** Network sources that held a page until the cap. */
  private readonly neverQuiet = new Set<string>();

  constructor(context: BrowserContext) {
    context.on('page', (page) => {
      this.watchWebSockets(page);
      page.on('framedetached', (frame) => this.bucket(page).timers.delete(frame));
    });
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
    for (const [request, inFlight] of own.requests) {
      target.requests.set(request, inFlight);
      this.bucketOfRequest.set(request, target);
    }
    for (const [frame, timers] of own.timers) target.timers.set(frame, timers);
    target.lastActivityMs = Math.max(target.lastActivityMs, own.lastActivityMs);
    this.pages.delete(popup);
  }

  /** A crawl page starts a new visit: what its previous document left pending is not this one's. */
  forget(page: Page): void {
    const bucket = this.bucket(page);
    bucket.requests.clear();
    bucket.timers.clear();
    bucket.written.clear();
    bucket.sockets.clear();
  }

  /** A script wrote a cookie: activity that makes no request, the first time this visit. */
  cookieWritten(page: Page | undefined, name: string): void {
    const bucket = this.bucketOf(page);
    if (bucket.written.has(name)) return;
    bucket.written.add(name);
    bucket.lastActivityMs = Date.now();
  }

  /** A frame set, cleared or ran a tracked timeout (see timers.ts). */
  timer(page: Page | undefined, frame: Frame, event: TimerEvent): void {
    const bucket = this.bucketOf(page);
    let timers = bucket.timers.get(frame);
    // A frame's events arrive in order: word from a new document means the previous one is gone.
    if (timers?.doc !== event.doc) {
      timers = { doc: event.doc, due: new Map() };
      bucket.timers.set(frame, timers);
    }
    if (event.type === 'set') timers.due.set(event.id, Date.now() + event.delayMs);
    // What a timer's callback does (write, fetch) is activity; a cleared timer did nothing.
    else if (timers.due.delete(event.id) && event.type === 'fired') bucket.lastActivityMs = Date.now();
  }

  /**
   * Resolves once, for `quietMs`, nothing was in flight for the page, nothing new was written and (with
   * `timers`, the default) no timer of its frames was due before the cap — or after `capMs` at most.
   * True when the page went quiet, false when the cap cut the wait. `resumed`: the page was quiet just
   * before (a first wait without timers), so the quiet time it already had counts.
   */
  async waitForQuiet(
    page: Page,
    quietMs: number,
    capMs: number,
    { timers = true, resumed = false }: { timers?: boolean; resumed?: boolean } = {},
  ): Promise<boolean> {
    if (capMs <= 0) return true; // No wait asked for: nothing was cut off.
    const startedMs = Date.now();
    const deadline = startedMs + capMs;
    const own = this.bucket(page);
    if (!resumed) own.lastActivityMs = Math.max(own.lastActivityMs, startedMs);
    for (;;) {
      const now = Date.now();
      const lastActivityMs = Math.max(own.lastActivityMs, this.shared.lastActivityMs);
      const quietForMs = now - lastActivityMs;
      const busy = this.hasRequestsInFlight(own) || this.hasRequestsInFlight(this.shared) || (timers && hasTimersDue(own, deadline));
      const timeUp = now >= deadline;
      // At the cap, a wait shorter than the quiet window still counts as quiet if nothing happened in it.
      if (!busy && (quietForMs >= quietMs || (timeUp && lastActivityMs <= startedMs))) return true;
      if (timeUp) {
        for (const bucket of [own, this.shared]) this.learnNeverQuiet(bucket, startedMs + quietMs, now - quietMs);
        return false;
      }
      // With nothing pending, the wait cannot end before the quiet window does: sleep until then.
      const nextCheckMs = busy || quietForMs >= quietMs ? POLL_MS : quietMs - quietForMs;
      await delay(Math.min(nextCheckMs, Math.max(0, deadline - now)));
    }
  }

  /**
   * At the cap: requests open since (nearly) the start of the wait, and sockets open before it and
   * still sending in its last quiet window, are not waited for again.
   */
  private learnNeverQuiet(bucket: Bucket, openSinceMs: number, activeSinceMs: number): void {
    for (const [request, { startedMs }] of bucket.requests) if (startedMs <= openSinceMs) this.neverQuiet.add(sourceOf(request.url()));
    for (const [source, { openedMs, lastMs }] of bucket.sockets) if (openedMs <= openSinceMs && lastMs >= activeSinceMs) this.neverQuiet.add(source);
  }

  /** WebSocket frames are activity too: a socket that keeps sending keeps its page from going quiet. */
  private watchWebSockets(page: Page): void {
    page.on('websocket', (socket) => {
      const source = `ws ${sourceOf(socket.url())}`;
      const openedMs = Date.now();
      const touch = () => {
        if (this.neverQuiet.has(source)) return;
        const bucket = this.bucket(page);
        bucket.lastActivityMs = Date.now();
        bucket.sockets.set(source, { openedMs, lastMs: bucket.lastActivityMs });
      };
      touch();
      socket.on('framereceived', touch).on('framesent', touch);
    });
  }

  private bucketOf(page: Page | undefined): Bucket {
    return page ? this.bucket(page) : this.shared;
  }

  private bucket(page: Page): Bucket {
    const owner = this.owners.get(page) ?? page;
    let bucket = this.pages.get(owner);
    if (!bucket) {
      bucket = newBucket();
      this.pages.set(owner, bucket);
    }
    return bucket;
  }

  private started(request: Request): void {
    const page = pageOf(request);
    if (page === null) return;
    if (this.neverQuiet.has(sourceOf(request.url()))) return;
    const bucket = this.bucketOf(page);
    bucket.lastActivityMs = Date.now();
    bucket.requests.set(request, { page, startedMs: bucket.lastActivityMs });
    this.bucketOfRequest.set(request, bucket);
  }

  private finished(request: Request): void {
    const bucket = this.bucketOfRequest.get(request);
    if (!bucket?.requests.delete(request)) return;
    bucket.lastActivityMs = Date.now();
  }

  /** Whether requests are in flight; those of pages closed since are dropped (they will never finish). */
  private hasRequestsInFlight(bucket: Bucket): boolean {
    for (const [request, { page }] of bucket.requests) {
      if (page?.isClosed() || this.neverQuiet.has(sourceOf(request.url()))) bucket.requests.delete(request);
    }
    return bucket.requests.size > 0;
  }
}

function newBucket(): Bucket {
  return { requests: new Map(), lastActivityMs: 0, timers: new Map(), written: new Set(), sockets: new Map() };
}

/**
 * Timers due before the cap keep a page busy until they fire or are cleared — even overdue, since a
 * busy renderer runs them late (the cap bounds the wait).
 */
function hasTimersDue(bucket: Bucket, deadline: number): boolean {
  for (const timers of bucket.timers.values()) for (const dueMs of timers.due.values()) if (dueMs <= deadline) return true;
  return false;
}

/** A request's or socket's source: origin and path, without the query (a poll's changes every time). */
function sourceOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin + parsed.pathname;
  } catch {
    return url;
  }
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
