import { isSameSite } from '../capture/party.js';

export interface QueuedPage {
  url: string;
  depth: number;
}

/**
 * Breadth-first queue of the pages to visit on one site: same-site http(s) links only, each URL once
 * (fragments ignored), within the depth and page limits.
 */
export class Frontier {
  private readonly queue: QueuedPage[] = [];
  private readonly seen = new Set<string>();
  private taken = 0;

  constructor(
    private readonly firstPartyDomains: readonly string[],
    private readonly limits: { maxPages: number; maxDepth: number },
  ) {}

  /** Start URLs are queued even when they are off-site: the user asked for them. */
  addStart(url: string): void {
    this.enqueue(url, 0);
  }

  addLinks(links: readonly string[], depth: number): void {
    if (depth > this.limits.maxDepth) return;
    for (const link of links) if (isSameSite(link, this.firstPartyDomains)) this.enqueue(link, depth);
  }

  /** Marks a URL as visited (e.g. where a redirect landed) so no link leads back to it. */
  markVisited(url: string): void {
    this.seen.add(normaliseUrl(url));
  }

  next(): QueuedPage | undefined {
    if (this.taken >= this.limits.maxPages) return undefined;
    const page = this.queue.shift();
    if (page) this.taken++;
    return page;
  }

  /** Pages queued but left unvisited because a limit was hit. */
  get remaining(): number {
    return this.queue.length;
  }

  private enqueue(url: string, depth: number): void {
    const normalised = normaliseUrl(url);
    if (this.seen.has(normalised)) return;
    this.seen.add(normalised);
    this.queue.push({ url: normalised, depth });
  }
}

export function normaliseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}
