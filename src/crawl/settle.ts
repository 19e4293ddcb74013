import type { BrowserContext, Frame, Page, Request } from 'playwright-core';
import type { TimerEvent } from './timers.js';

const POLL_MS = 25;
/**
 * A timer past its firing time whose callback has not been reported yet: the renderer may be busy or
 * the message on its way. Waited for this long at most.
 */
const TIMER_LAG_MS = 500;

interface Bucket {
  /** Requests in flight, with the page that made each (none for service workers). */
  requests: Map<Request, Page | undefined>;
  lastActivityMs: number;
  /** Pending tracked timeouts by frame and id, with when each is due. */
  timers: Map<string, number>;
  /** Cookie names a script wrote in this visit: writing one again is not news. */
  written: Set<string>;
  /** When each network source (request path, WebSocket) was last active. */
  sources: Map<string, number>;
}

/**
 * Watches, page by page, network requests, WebSocket frames, cookie writes and the timers pages set,
 * so each page can be left as soon as it has gone quiet: late cookies come with or soon after some
 * activity, or from a timer still pending. Requests with no page (service workers) keep every page
 * busy. Requests are tracked one by one, not counted: a popup closed with requests in flight never
 * hears of them again, and must not leave its opener busy for good.
 *
 * Sources that never go quiet (a long poll, a chatty WebSocket) are learned: when one holds a page
 * until the cap, later pages of the same visitor ignore it, so it costs the settle window once, not
 * on every page. Their responses are still captured; only the waiting stops.
 */
export class ActivityMonitor {
  private readonly pages = new WeakMap<Page, Bucket>();
  private readonly owners = new WeakMap<Page, Page>();
  private readonly shared: Bucket = newBucket();
  /** The bucket each request in flight was counted in. */
  private readonly bucketOfRequest = new WeakMap<Request, Bucket>();
  private readonly frameIds = new WeakMap<Frame, number>();
  private nextFrameId = 0;
  /** Network sources that held a page until the cap. */
  private readonly neverQuiet = new Set<string>();

  constructor(context: BrowserContext) {
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
    for (const [key, dueMs] of own.timers) target.timers.set(key, dueMs);
    target.lastActivityMs = Math.max(target.lastActivityMs, own.lastActivityMs);
    this.pages.delete(popup);
  }

  /** A crawl page starts a new visit: what its previous document left pending is not this one's. */
  forget(page: Page): void {
    const bucket = this.bucket(page);
    bucket.requests.clear();
    bucket.timers.clear();
    bucket.written.clear();
    bucket.sources.clear();
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
    const key = `${this.frameId(frame)}:${event.id}`;
    if (event.type === 'set') {
      bucket.timers.set(key, Date.now() + event.delayMs);
    } else if (bucket.timers.delete(key)) {
      bucket.lastActivityMs = Date.now();
    }
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
      const busy = this.hasRequestsInFlight(own) || this.hasRequestsInFlight(this.shared) || (timers && hasTimersDue(own, now, deadline));
      const timeUp = now >= deadline;
      // At the cap, a wait shorter than the quiet window still counts as quiet if nothing happened in it.
      if (!busy && (quietForMs >= quietMs || (timeUp && lastActivityMs <= startedMs))) return true;
      if (timeUp) {
        for (const bucket of [own, this.shared]) this.learnNeverQuiet(bucket, now - quietMs);
        return false;
      }
      // With nothing pending, the wait cannot end before the quiet window does: sleep until then.
      const nextCheckMs = busy || quietForMs >= quietMs ? POLL_MS : quietMs - quietForMs;
      await delay(Math.min(nextCheckMs, Math.max(0, deadline - now)));
    }
  }

  /** The requests still in flight and the sockets active at the cap are not waited for again. */
  private learnNeverQuiet(bucket: Bucket, sinceMs: number): void {
    for (const request of bucket.requests.keys()) this.neverQuiet.add(sourceOf(request.url()));
    for (const [source, lastMs] of bucket.sources) if (lastMs >= sinceMs) this.neverQuiet.add(source);
  }

  /** WebSocket frames are activity too: a socket that keeps sending keeps its page from going quiet. */
  private watchWebSockets(page: Page): void {
    page.on('websocket', (socket) => {
      const source = `ws ${sourceOf(socket.url())}`;
      const touch = () => this.networkActivity(this.bucket(page), source);
      touch();
      socket.on('framereceived', touch).on('framesent', touch);
    });
  }

  private networkActivity(bucket: Bucket, source: string): void {
    if (this.neverQuiet.has(source)) return;
    const now = Date.now();
    bucket.lastActivityMs = now;
    bucket.sources.set(source, now);
  }

  private frameId(frame: Frame): number {
    let id = this.frameIds.get(frame);
    if (id === undefined) {
      id = this.nextFrameId++;
      this.frameIds.set(frame, id);
    }
    return id;
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
    const source = sourceOf(request.url());
    if (this.neverQuiet.has(source)) return;
    const bucket = this.bucketOf(page);
    bucket.requests.set(request, page);
    this.bucketOfRequest.set(request, bucket);
    this.networkActivity(bucket, source);
  }

  private finished(request: Request): void {
    const bucket = this.bucketOfRequest.get(request);
    if (!bucket) return;
    bucket.requests.delete(request);
    this.networkActivity(bucket, sourceOf(request.url()));
  }

  /** Whether requests are in flight; those of pages closed since are dropped (they will never finish). */
  private hasRequestsInFlight(bucket: Bucket): boolean {
    for (const [request, page] of bucket.requests) {
      if (page?.isClosed() || this.neverQuiet.has(sourceOf(request.url()))) bucket.requests.delete(request);
    }
    return bucket.requests.size > 0;
  }
}

function newBucket(): Bucket {
  return { requests: new Map(), lastActivityMs: 0, timers: new Map(), written: new Set(), sources: new Map() };
}

/** Timers due before the cap (a little lag allowed for their report) keep a page busy. */
function hasTimersDue(bucket: Bucket, now: number, deadline: number): boolean {
  for (const [key, dueMs] of bucket.timers) {
    if (dueMs < now - TIMER_LAG_MS) bucket.timers.delete(key);
    else if (dueMs <= deadline) return true;
  }
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
