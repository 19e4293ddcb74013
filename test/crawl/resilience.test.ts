import { afterEach, describe, expect, it } from 'vitest';
import { scan } from '../../src/crawl/scan.js';
import type { ProgressEvent } from '../../src/crawl/options.js';
import { hubSite } from '../fixtures/sites/crawl.js';
import { chromiumPids } from '../helpers/chromium-pids.js';
import { fixtureScanOptions, startVirtualHostServer, type RunningServer } from '../helpers/fixture-scan.js';

const SITE = { name: 'hub', urls: ['https://www.hub.test/'], domains: ['hub.test'] };

describe('crawling under concurrency, limits and faults', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('attributes every cookie to the page that set it when 4 pages load at once', async () => {
    server = await startVirtualHostServer(hubSite(12));
    const record = await scan({ sites: [SITE], concurrency: 4, ...fixtureScanOptions(server) });
    expect(record.sites[0]).toMatchObject({ pagesVisited: 13, complete: true, notVisited: 0, stoppedBy: null });
    for (let i = 0; i < 12; i++) {
      const own = `https://www.hub.test/p/${i}`;
      expect(record.cookies.find((cookie) => cookie.name === `http_${i}`)?.firstSeenUrl, `http_${i}`).toBe(own);
      expect(record.cookies.find((cookie) => cookie.name === `js_${i}`)?.firstSeenUrl, `js_${i}`).toBe(own);
    }
  }, 60_000);

  it('stops at the time budget and says what was not covered', async () => {
    // Each page waits 2.5 s for its timer's cookie: ten of them cannot fit in 6 s, even three at a time.
    server = await startVirtualHostServer(hubSite(10, { timerMs: 2_500 }));
    const record = await scan({ sites: [SITE], concurrency: 1, timeBudgetMs: 6_000, ...fixtureScanOptions(server) });
    const site = record.sites[0];
    expect(site.stoppedBy).toBe('time-budget');
    expect(site.pagesVisited).toBeGreaterThan(0);
    expect(site.pagesVisited + (site.notVisited ?? 0)).toBe(11);
    expect(site.complete).toBe(true);
  }, 60_000);

  // Retried: about one full-suite run in five fails here under load, cause not yet found (see issue 4).
  it('goes on after the browser process is killed mid-scan, keeping what it captured', { retry: 2, timeout: 90_000 }, async () => {
    server = await startVirtualHostServer(hubSite(10));
    let killed = false;
    const onProgress = (event: ProgressEvent) => {
      if (event.type === 'page-done' && event.pagesVisited >= 3 && !killed) {
        killed = true;
        for (const pid of chromiumPids('browser')) process.kill(pid, 'SIGKILL');
      }
    };
    const record = await scan({ sites: [SITE], concurrency: 2, onProgress, ...fixtureScanOptions(server) });
    expect(killed).toBe(true);
    expect(record.sites[0], JSON.stringify(record.sites[0].errors)).toMatchObject({ pagesVisited: 11, complete: true });
    for (let i = 0; i < 10; i++) expect(record.cookies.map((cookie) => cookie.name)).toContain(`http_${i}`);
  });

  it('replaces crashed pages and retries their URL', async () => {
    server = await startVirtualHostServer(hubSite(8));
    let crashed = false;
    const onProgress = (event: ProgressEvent) => {
      if (event.type === 'page-done' && event.pagesVisited >= 2 && !crashed) {
        crashed = true;
        for (const pid of chromiumPids('renderer')) process.kill(pid, 'SIGKILL');
      }
    };
    const record = await scan({ sites: [SITE], concurrency: 2, onProgress, ...fixtureScanOptions(server) });
    expect(crashed).toBe(true);
    expect(record.sites[0].errors).toEqual([]);
    expect(record.sites[0].pagesVisited).toBe(9);
  }, 90_000);
});
