import type { ProgressEvent } from '../crawl/scan.js';
import { escapeTerminal } from '../report/escape.js';

/**
 * What the scan tells the user while it runs, on stderr so it never mixes with the report: a live
 * line on a terminal (unless quiet), page errors as they happen, and a loud warning when the browser
 * blocks third-party cookies — that one even when quiet.
 */
export function progressReporter(stream: NodeJS.WriteStream, quiet: boolean | undefined): (event: ProgressEvent) => void {
  const live = !quiet && Boolean(stream.isTTY);
  const startedAt = Date.now();
  const clearLine = live ? '\r\x1b[K' : '';
  return (event) => {
    switch (event.type) {
      case 'third-party-cookies-blocked':
        stream.write(
          `${clearLine}WARNING ${escapeTerminal(event.site)}: this browser BLOCKS third-party cookies; ad partners' cookies will be missing from the scan. Use another Chromium (--browser).\n`,
        );
        break;
      case 'page-error':
        if (!quiet) stream.write(`${clearLine}${escapeTerminal(event.site)}: ${escapeTerminal(event.url)}: ${escapeTerminal(event.message)}\n`);
        break;
      case 'page-done': {
        if (!live) break;
        const elapsed = `${Math.round((Date.now() - startedAt) / 1000)}s`;
        const line = `${event.site}: ${event.pagesVisited} pages, ${event.queued} queued, ${event.cookies} cookies, ${elapsed} — ${event.url}`;
        stream.write(`${clearLine}${escapeTerminal(line).slice(0, (stream.columns ?? 100) - 1)}`);
        break;
      }
      case 'site-start':
        if (live) stream.write(`${clearLine}${escapeTerminal(event.site)}: starting`);
        break;
    }
  };
}

/** Clears the live line before the report is printed. */
export function clearProgress(stream: NodeJS.WriteStream, quiet: boolean | undefined): void {
  if (!quiet && stream.isTTY) stream.write('\r\x1b[K');
}
