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
 * Pages followed at most among URLs that differ only by their query values (same origin, path and
 * parameter names: /cal?month=1, /cal?month=2, …). Beyond, links are skipped: a calendar, a faceted
 * search or a session id in URLs would otherwise spend the whole page budget on one template, and
 * one template sets the same cookies on every variant.
 */
export const MAX_QUERY_VARIANTS = 10;

/** What a visited page gave the frontier: its links, and where it landed after redirects. */
export interface PageResult {
  links?: readonly string[];
  landedUrl?: string;
}

/** A path whose query variants hit MAX_QUERY_VARIANTS: likely a calendar or filter trap. */
export interface QueryTrap {
  /** The first variant met, e.g. https://www.shop.test/cal?month=0 */
  url: string;
  /** The parameter names the variants share. */
  parameters: string[];
  /** Distinct variants not followed. */
  skipped: number;
}

/**
 * Breadth-first queue of the pages to visit on one site, within the depth and page limits.
 *
 * Links are followed only when the scope allows it; the others are recorded (skipped()), never
 * followed. Each page is visited once, by its normalised URL, with one exception: tracking
 * parameters (utm_*, gclid, fbclid, …) do not make a new page, yet the first variant of a page that
 * carries some is visited once besides the bare page. A landing URL's query string is exactly what
 * sets some cookies (utm parameters feed the SEO cookie of the policy), so at least one such visit
 * must happen, while a thousand campaign links to one page must not cost a thousand visits.
 *
 * URLs that differ only by query values are followed MAX_QUERY_VARIANTS times at most (queryTraps()).
 *
 * The order is deterministic under concurrency: what a page gives (finish()) is applied in the order
 * pages were taken, whatever order they finish in, so the same site always yields the same queue,
 * the same pages under --max-pages and the same skipped links.
 */
export class Frontier {
  private readonly queue: QueuedPage[] = [];
  private head = 0;
  /** Page keys (normalised, tracking parameters removed), suffixed by TRACKED for the tracked variant. */
  private readonly seen = new Set<string>();
  private readonly skippedKeys = new Set<string>();
  private readonly skippedListed: SkippedLink[] = [];
  private taken = 0;
  /** Position in the queue of each queued page, and of each normalised URL queued. */
  private readonly positions = new WeakMap<QueuedPage, number>();
  private readonly urlPositions = new Map<string, number>();
  /** Results of taken pages not applied yet: a page taken earlier is still loading. */
  private readonly finished = new Map<number, { page: QueuedPage; result: PageResult }>();
  private applied = 0;
  /** Distinct page keys per query template (origin + path + parameter names). */
  private readonly variants = new Map<string, { first: string; parameters: string[]; keys: Set<string>; skipped: Set<string> }>();

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

  /**
   * A page taken by next() is done (loaded or failed): its links are queued and its landing URL
   * marked visited once every page taken before it is done too, in the order they were taken.
   */
  finish(page: QueuedPage, result: PageResult = {}): void {
    const position = this.positions.get(page);
    if (position === undefined || position < this.applied) return;
    this.finished.set(position, { page, result });
    for (let next = this.finished.get(this.applied); next; next = this.finished.get(this.applied)) {
      this.finished.delete(this.applied);
      this.applied++;
      if (next.result.landedUrl) this.markVisited(next.result.landedUrl);
      if (next.result.links) this.addLinks(next.result.links, next.page.depth + 1, next.page.url);
    }
  }

  /** The crawl order of a queued URL (as queued: normalised), for ordering what is reported. */
  positionOf(url: string): number | undefined {
    return this.urlPositions.get(url);
  }

  /** Paths whose query variants were cut at MAX_QUERY_VARIANTS, in the order met. */
  queryTraps(): QueryTrap[] {
    return [...this.variants.values()]
      .filter((template) => template.skipped.size > 0)
      .map((template) => ({ url: template.first, parameters: template.parameters, skipped: template.skipped.size }));
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

  /** Whether next() would give a page now. */
  get hasNext(): boolean {
    return this.taken < this.limits.maxPages && this.head < this.queue.length;
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
    if (verdict.inScope) this.enqueue(this.scope.normalise(url), depth, from);
    else this.recordSkipped(url, verdict.reason, from);
  }

  /** Queues a page once; `from` is the page or source that named it (none for a start URL). */
  private enqueue(normalised: string, depth: number, from?: string): void {
    const key = pageKey(normalised);
    if (this.seen.has(key)) return;
    if (!this.countVariant(normalised, key, from === undefined)) {
      this.recordSkipped(normalised, `more than ${MAX_QUERY_VARIANTS} URLs differ from this one only by their query values (a calendar or filter trap?)`, from ?? '');
      return;
    }
    this.seen.add(key);
    const page = { url: normalised, depth };
    this.positions.set(page, this.queue.length);
    if (!this.urlPositions.has(normalised)) this.urlPositions.set(normalised, this.queue.length);
    this.queue.push(page);
  }

  /** Counts a new variant of its query template; false when the template is full (start URLs always fit). */
  private countVariant(normalised: string, key: string, start: boolean): boolean {
    const url = new URL(normalised);
    const parameters = [
      ...new Set(
        url.search
          .replace(/^\?/, '')
          .split('&')
          .filter((parameter) => parameter !== '')
          .map(parameterName)
          .filter((name) => !TRACKING_PARAMETER.test(name)),
      ),
    ];
    if (parameters.length === 0) return true;
    const templateKey = `${url.origin}${url.pathname}?${parameters.join('&')}`;
    const template = this.variants.get(templateKey) ?? { first: normalised, parameters, keys: new Set<string>(), skipped: new Set<string>() };
    this.variants.set(templateKey, template);
    const bare = key.replace(TRACKED, '');
    if (template.keys.has(bare)) return true;
    if (template.keys.size >= MAX_QUERY_VARIANTS && !start) {
      template.skipped.add(bare);
      return false;
    }
    template.keys.add(bare);
    return true;
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
