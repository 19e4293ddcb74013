import type { ProgressEvent } from '../crawl/scan.js';
import { DEFAULT_SCENARIO } from '../model/inventory.js';
import { escapeTerminal } from '../report/escape.js';

/** Without a terminal (CI logs), one plain progress line at most this often. */
const PLAIN_LINE_INTERVAL_MS = 5_000;

/**
 * What the scan tells the user while it runs, on stderr so it never mixes with the report: a live
 * line on a terminal, a plain line every few seconds elsewhere (CI), page errors as they happen —
 * all silenced by --quiet — and a loud warning when the browser blocks third-party cookies, always.
 */
export function progressReporter(stream: NodeJS.WriteStream, quiet: boolean | undefined, now: () => number = Date.now): (event: ProgressEvent) => void {
  const live = Boolean(stream.isTTY);
  const startedAt = now();
  let lastPlainLine = startedAt;
  const clearLine = live ? '\r\x1b[K' : '';
  const units = new UnitTally();
  return (event) => {
    units.hear(event);
    if (event.type === 'third-party-cookies-blocked') {
      stream.write(
        `${clearLine}WARNING ${escapeTerminal(label(event))}: this browser BLOCKS third-party cookies; ad partners' cookies will be missing from the scan. Use another Chromium (--browser).\n`,
      );
      return;
    }
    if (quiet) return;
    if (event.type === 'page-error') {
      stream.write(`${clearLine}${escapeTerminal(label(event))}: ${escapeTerminal(event.url)}: ${escapeTerminal(event.message)}\n`);
    } else if (event.type === 'page-done') {
      const line = escapeTerminal(units.size > 1 ? estateLine(units, event, now() - startedAt) : statusLine(event, now() - startedAt));
      if (live) stream.write(`${clearLine}${line.slice(0, (stream.columns ?? 100) - 1)}`);
      else if (now() - lastPlainLine >= PLAIN_LINE_INTERVAL_MS) {
        lastPlainLine = now();
        stream.write(`${line}\n`);
      }
    } else if (event.type === 'site-start' && live) {
      stream.write(`${clearLine}${escapeTerminal(label(event))}: starting`);
    }
  };
}

function statusLine(event: Extract<ProgressEvent, { type: 'page-done' }>, elapsedMs: number): string {
  const perPage = elapsedMs / Math.max(1, event.pagesVisited);
  const eta = event.queued > 0 ? `, ETA ${seconds(perPage * event.queued)}` : '';
  return (
    `${label(event)}: ${event.pagesVisited} pages done, ${event.queued} queued, ${event.cookies} cookies, ` +
    `${event.errors} errors, ${seconds(elapsedMs)} elapsed${eta} — ${event.url}`
  );
}

/** Site and scenario units crawling at once share one line: their totals, then the page just done. */
class UnitTally {
  private readonly latest = new Map<string, Extract<ProgressEvent, { type: 'page-done' }>>();
  private readonly started = new Set<string>();
  private readonly done = new Set<string>();

  hear(event: ProgressEvent): void {
    if (event.type === 'site-start') this.started.add(label(event));
    else if (event.type === 'page-done') this.latest.set(label(event), event);
    else if (event.type === 'site-done') this.done.add(label(event));
  }

  /** Units started so far (or, without their start heard of, those a page was done for). */
  get size(): number {
    return Math.max(this.started.size, this.latest.size);
  }

  get finished(): number {
    return this.done.size;
  }

  total(field: 'pagesVisited' | 'queued' | 'cookies' | 'errors'): number {
    let sum = 0;
    for (const event of this.latest.values()) sum += event[field];
    return sum;
  }
}

function estateLine(units: UnitTally, event: Extract<ProgressEvent, { type: 'page-done' }>, elapsedMs: number): string {
  return (
    `${units.finished} of ${units.size} sites·scenarios done: ${units.total('pagesVisited')} pages done, ${units.total('queued')} queued, ` +
    `${units.total('cookies')} cookies, ${units.total('errors')} errors, ${seconds(elapsedMs)} elapsed — ${label(event)}: ${event.url}`
  );
}

/** "esomus", or "esomus › consent-given" under a scenario the site declared. */
function label(event: { site: string; scenario: string }): string {
  return event.scenario === DEFAULT_SCENARIO.name ? event.site : `${event.site} › ${event.scenario}`;
}

function seconds(ms: number): string {
  const total = Math.round(ms / 1000);
  return total >= 60 ? `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s` : `${total}s`;
}

/** Clears the live line before the report is printed. */
export function clearProgress(stream: NodeJS.WriteStream, quiet: boolean | undefined): void {
  if (!quiet && stream.isTTY) stream.write('\r\x1b[K');
}
