import type { ProgressEvent } from '../crawl/scan.js';
import { escapeTerminal } from '../report/escape.js';

/**
 * A live progress line on stderr, only on a terminal: it never mixes with the report on stdout.
 * Returns undefined where no progress should be shown.
 */
export function terminalProgress(stream: NodeJS.WriteStream, quiet: boolean | undefined): ((event: ProgressEvent) => void) | undefined {
  if (quiet || !stream.isTTY) return undefined;
  const startedAt = Date.now();
  return (event) => {
    const elapsed = `${Math.round((Date.now() - startedAt) / 1000)}s`;
    if (event.type === 'page-error') {
      stream.write(`\r\x1b[K${escapeTerminal(event.site)}: could not load ${escapeTerminal(event.url)}: ${escapeTerminal(event.message)}\n`);
    } else if (event.type === 'page-done') {
      const line = `${event.site}: ${event.pagesVisited} pages, ${event.queued} queued, ${event.cookies} cookies, ${elapsed} — ${event.url}`;
      stream.write(`\r\x1b[K${escapeTerminal(line).slice(0, (stream.columns ?? 100) - 1)}`);
    } else {
      stream.write(`\r\x1b[K${escapeTerminal(event.site)}: starting\n`);
    }
  };
}

/** Clears the progress line before the report is printed. */
export function clearProgress(stream: NodeJS.WriteStream, quiet: boolean | undefined): void {
  if (!quiet && stream.isTTY) stream.write('\r\x1b[K');
}
