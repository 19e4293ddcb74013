import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Fetcher, FetchResult } from './fetch.js';
import { isHttp } from './scope.js';

export interface DiscoveryLimits {
  /** Sitemaps read at most, indexes included (default 50). */
  maxSitemaps?: number;
  /** Page URLs kept at most (default 50,000, a sitemap's own limit). */
  maxUrls?: number;
}

export interface DiscoveryError {
  url: string;
  message: string;
}

export interface DiscoveryResult {
  /** Page URLs listed by the sitemaps, each once, in the order found (not filtered by scope). */
  pages: string[];
  /** The sitemaps read, indexes included. */
  sitemaps: string[];
  errors: DiscoveryError[];
}

export const DISCOVERY_DEFAULTS = { maxSitemaps: 50, maxUrls: 50_000 } as const;

interface PendingSitemap {
  url: string;
  /** A guess (/sitemap.xml when robots.txt names none): its absence is no error. */
  guessed: boolean;
  /** The indexes that led here, to tell a loop from a sitemap merely listed twice. */
  via: readonly string[];
}

type ParsedSitemap = { kind: 'urlset'; locs: string[] } | { kind: 'index'; locs: string[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  // Decodes numeric character references (&#38;) besides the XML entities; deprecated, yet the only
  // switch for them without a hand-made entity decoder.
  htmlEntities: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/**
 * Page URLs that the sites' sitemaps list, for pages no link reaches. For each origin of the start
 * URLs: the sitemaps named by /robots.txt (`Sitemap:` lines), or /sitemap.xml when it names none;
 * sitemap indexes are followed (gzipped or not) within the limits. Nothing throws: what cannot be
 * read is an error entry, and a missing robots.txt or guessed /sitemap.xml is not even that.
 */
export async function discoverFromSitemaps(
  startUrls: readonly string[],
  fetch: Fetcher,
  limits: DiscoveryLimits = {},
): Promise<DiscoveryResult> {
  const run = new SitemapRun(fetch, { ...DISCOVERY_DEFAULTS, ...limits });
  for (const origin of originsOf(startUrls)) await run.readOrigin(origin);
  return run.result();
}

class SitemapRun {
  private readonly pages = new Set<string>();
  private readonly sitemaps: string[] = [];
  private readonly errors: DiscoveryError[] = [];
  private readonly queued = new Set<string>();
  private fetched = 0;

  constructor(
    private readonly fetch: Fetcher,
    private readonly limits: Required<DiscoveryLimits>,
  ) {}

  result(): DiscoveryResult {
    return { pages: [...this.pages], sitemaps: this.sitemaps, errors: this.errors };
  }

  async readOrigin(origin: string): Promise<void> {
    const named = await this.sitemapsNamedByRobots(origin);
    const pending: PendingSitemap[] =
      named.length > 0
        ? named.map((url) => ({ url, guessed: false, via: [] }))
        : [{ url: `${origin}/sitemap.xml`, guessed: true, via: [] }];
    pending.forEach((sitemap) => this.queued.add(sitemap.url));
    while (pending.length > 0) {
      const sitemap = pending.shift() as PendingSitemap;
      if (this.fetched >= this.limits.maxSitemaps) {
        const more = pending.length > 0 ? `, nor ${pending.length} more` : '';
        this.error(sitemap.url, `not read${more}: at most ${this.limits.maxSitemaps} sitemaps are read`);
        return;
      }
      pending.push(...(await this.readSitemap(sitemap)));
    }
  }

  private async sitemapsNamedByRobots(origin: string): Promise<string[]> {
    const url = `${origin}/robots.txt`;
    const body = await this.fetchText(url, true);
    if (body === undefined) return [];
    const named: string[] = [];
    for (const line of body.split(/\r?\n/)) {
      const value = /^\s*sitemap\s*:\s*(\S+)/i.exec(line)?.[1];
      const absolute = value === undefined ? undefined : absoluteHttpUrl(value, url);
      if (absolute) named.push(absolute);
      else if (value !== undefined) this.error(url, `Sitemap: ${JSON.stringify(value)} is not an http(s) URL`);
    }
    return [...new Set(named)];
  }

  /** Reads one sitemap; returns the sitemaps it names when it is an index. */
  private async readSitemap(sitemap: PendingSitemap): Promise<PendingSitemap[]> {
    this.fetched++;
    const text = await this.fetchText(sitemap.url, sitemap.guessed);
    if (text === undefined) return [];
    const parsed = parseSitemap(text);
    if (typeof parsed === 'string') {
      this.error(sitemap.url, parsed);
      return [];
    }
    this.sitemaps.push(sitemap.url);
    const { urls, invalid } = httpUrls(parsed.locs, sitemap.url);
    if (invalid.length > 0) this.error(sitemap.url, `${describeCount(invalid.length, '<loc> is', '<loc> values are')} not http(s) URLs, e.g. ${JSON.stringify(invalid[0])}`);
    if (parsed.kind === 'urlset') this.addPages(urls, sitemap.url);
    return parsed.kind === 'index' ? this.childSitemaps(urls, sitemap) : [];
  }

  private childSitemaps(urls: readonly string[], parent: PendingSitemap): PendingSitemap[] {
    const via = [...parent.via, parent.url];
    const children: PendingSitemap[] = [];
    for (const url of urls) {
      if (via.includes(url)) this.error(parent.url, `loop: the sitemap index names ${url}, which leads back to it; not read again`);
      else if (!this.queued.has(url)) {
        this.queued.add(url);
        children.push({ url, guessed: false, via });
      }
    }
    return children;
  }

  private addPages(urls: readonly string[], sitemapUrl: string): void {
    for (const url of urls) {
      if (this.pages.size >= this.limits.maxUrls) {
        this.error(sitemapUrl, `more than ${this.limits.maxUrls} page URLs: the rest were ignored`);
        return;
      }
      this.pages.add(url);
    }
  }

  /**
   * The body as text, or undefined on failure, with an error entry unless an optional file is
   * missing (404, 410, or an HTML page: many sites answer any path with their home page).
   */
  private async fetchText(url: string, optional: boolean): Promise<string | undefined> {
    try {
      const response = await this.fetch(url);
      if (optional && isMissing(response)) return undefined;
      if (response.status < 200 || response.status >= 300) {
        this.error(url, `HTTP ${response.status}`);
        return undefined;
      }
      return response.body.toString('utf8').replace(/^\uFEFF/, '');
    } catch (error) {
      this.error(url, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  private error(url: string, message: string): void {
    if (!this.errors.some((error) => error.url === url && error.message === message)) this.errors.push({ url, message });
  }
}

/** The sitemap's `<loc>` values, or what is wrong with it. */
export function parseSitemap(xml: string): ParsedSitemap | string {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return `invalid XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`;
  const document = parser.parse(xml) as Record<string, unknown>;
  if (isRecord(document.urlset)) return { kind: 'urlset', locs: locsOf(document.urlset.url) };
  if (isRecord(document.sitemapindex)) return { kind: 'index', locs: locsOf(document.sitemapindex.sitemap) };
  if ('urlset' in document) return { kind: 'urlset', locs: [] };
  if ('sitemapindex' in document) return { kind: 'index', locs: [] };
  const root = Object.keys(document)[0];
  return `not a sitemap: expected <urlset> or <sitemapindex>${root ? `, found <${root}>` : ''}`;
}

function locsOf(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [];
  return entries
    .map((entry) => (isRecord(entry) && typeof entry.loc === 'string' ? entry.loc.trim() : ''))
    .filter((loc) => loc !== '');
}

function httpUrls(locs: readonly string[], base: string): { urls: string[]; invalid: string[] } {
  const urls: string[] = [];
  const invalid: string[] = [];
  for (const loc of locs) {
    const url = absoluteHttpUrl(loc, base);
    if (url) urls.push(url);
    else invalid.push(loc);
  }
  return { urls, invalid };
}

function absoluteHttpUrl(text: string, base?: string): string | undefined {
  try {
    const url = new URL(text, base);
    return isHttp(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function originsOf(urls: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const text of urls) {
    const url = absoluteHttpUrl(text);
    if (url) origins.add(new URL(url).origin);
  }
  return [...origins];
}

function isMissing(response: FetchResult): boolean {
  return response.status === 404 || response.status === 410 || /html/i.test(response.contentType);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describeCount(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count} ${many}`;
}
