import { isHttp, parameterName, type Scope } from './scope.js';

export interface QueuedPage {
  url: string;
  depth: number;
}

/** A link the crawler saw but did not follow. */
export interface SkippedLink {
  url: string;
  reason: string;
  /** The page the link was on, or where a discovered URL came from. */
  from: string;
}

/** Skipped links listed at most; the rest are only counted (skippedNotListed). */
export const MAX_SKIPPED_LISTED = 1_000;

/** Campaign and click identifiers: they tell analytics where a visitor came from, not which page. */
const TRACKING_PARAMETER = /^(utm_.*|gclid|fbclid|msclkid|mc_cid|mc_eid|_ga)$/i;

/**
 * Breadth-first queue of the pages to visit on one site, within the depth and page limits.
 *
 * Links are followed only when the scope allows it; the others are recorded (skipped()), never
 * followed. Each page is visited once, by its normalised URL, with one exception: tracking
 * parameters (utm_*, gclid, fbclid, …) do not make a new page, yet the first variant of a page that
 * carries some is visited once besides the bare page. A landing URL's query string is exactly what
 * sets some cookies (utm parameters feed the SEO cookie of the policy), so at least one such visit
 * must happen, while a thousand campaign links to one page must not cost a thousand visits.
 */
export class Frontier {
  private readonly queue: QueuedPage[] = [];
  private head = 0;
  /** Page keys (normalised, tracking parameters removed), suffixed by TRACKED for the tracked variant. */
  private readonly seen = new Set<string>();
  private readonly skippedKeys = new Set<string>();
  private readonly skippedListed: SkippedLink[] = [];
  private taken = 0;

  constructor(
    private readonly scope: Scope,
    private readonly limits: { maxPages: number; maxDepth: number },
  ) {}

  /**
   * Start URLs are queued even when out of scope: the user asked for them. Throws on what is not an
   * http(s) URL.
   */
  addStart(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`start URL ${JSON.stringify(url)} is not a URL: give an absolute http(s) URL, e.g. https://www.example.com/`);
    }
    if (!isHttp(parsed)) throw new Error(`start URL ${url}: only http and https URLs can be crawled, not ${parsed.protocol}`);
    this.enqueue(this.scope.normalise(url), 0);
  }

  /** Links found on the page `fromUrl`, at `depth` (the page's depth + 1). */
  addLinks(links: readonly string[], depth: number, fromUrl: string): void {
    if (depth > this.limits.maxDepth) return;
    for (const link of links) this.addIfInScope(link, depth, fromUrl);
  }

  /** URLs found outside pages (sitemaps, URL files): the same scope rules as links. */
  addDiscovered(urls: readonly string[], depth: number, from = 'sitemap or URL list'): void {
    if (depth > this.limits.maxDepth) return;
    for (const url of urls) this.addIfInScope(url, depth, from);
  }

  /** Marks a URL as visited (e.g. where a redirect landed) so no link leads back to it. */
  markVisited(url: string): void {
    try {
      this.seen.add(pageKey(this.scope.normalise(url)));
    } catch {
      // Not a URL (e.g. about:blank after a failed load): nothing to remember.
    }
  }

  next(): QueuedPage | undefined {
    if (this.taken >= this.limits.maxPages || this.head >= this.queue.length) return undefined;
    this.taken++;
    return this.queue[this.head++];
  }

  /** Pages queued but left unvisited because a limit was hit. */
  get remaining(): number {
    return this.queue.length - this.head;
  }

  /** Out-of-scope links, each once, in the order met; at most MAX_SKIPPED_LISTED. */
  skipped(): SkippedLink[] {
    return [...this.skippedListed];
  }

  /** Distinct out-of-scope links met beyond those listed by skipped(). */
  get skippedNotListed(): number {
    return this.skippedKeys.size - this.skippedListed.length;
  }

  private addIfInScope(url: string, depth: number, from: string): void {
    const verdict = this.scope.check(url);
    if (verdict.inScope) this.enqueue(this.scope.normalise(url), depth);
    else this.recordSkipped(url, verdict.reason, from);
  }

  private enqueue(normalised: string, depth: number): void {
    const key = pageKey(normalised);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.queue.push({ url: normalised, depth });
  }

  private recordSkipped(url: string, reason: string, from: string): void {
    const key = normalisedOrAsIs(this.scope, url);
    if (this.skippedKeys.has(key)) return;
    this.skippedKeys.add(key);
    if (this.skippedListed.length < MAX_SKIPPED_LISTED) this.skippedListed.push({ url: key, reason, from });
  }
}

const TRACKED = ' +tracking';

/**
 * The page a normalised URL stands for: tracking parameters removed, and marked when there were
 * some, so the bare page and its first tracked variant are two visits and further variants none.
 */
export function pageKey(normalisedUrl: string): string {
  const url = new URL(normalisedUrl);
  const parameters = url.search.replace(/^\?/, '').split('&').filter((parameter) => parameter !== '');
  const kept = parameters.filter((parameter) => !TRACKING_PARAMETER.test(parameterName(parameter)));
  if (kept.length === parameters.length) return normalisedUrl;
  url.search = kept.join('&');
  return url.href + TRACKED;
}

function normalisedOrAsIs(scope: Scope, url: string): string {
  try {
    return scope.normalise(url);
  } catch {
    return url;
  }
}
