import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent, ScanOptions } from '../../src/crawl/options.js';
import { scan } from '../../src/crawl/scan.js';
import type { SiteConfig } from '../../src/model/inventory.js';
import { hangingSite, LATE_HOSTS, REPEATING_HOSTS, smallSite } from '../fixtures/sites/estate.js';
import { startHostileServer, type HostileHosts, type HostileServer } from '../fixtures/sites/hostile-server.js';
import { chromiumPids } from '../helpers/chromium-pids.js';

/** One browser for the whole scan: several sites and scenarios at once, late writes, faults. */

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scanHosts(hosts: HostileHosts, sites: SiteConfig[], options: Partial<ScanOptions> = {}) {
  server = await startHostileServer(hosts);
  return scan({
    sites,
    resolve: [{ host: '*.test', address: '127.0.0.1', port: server.port }],
    blockUnmappedHosts: true,
    ignoreHttpsErrors: true,
    sitemaps: false,
    ...options,
  });
}

const site = (name: string, scenarios?: string[]): SiteConfig => ({
  name,
  urls: [`https://www.${name}.test/`],
  domains: [`${name}.test`],
  ...(scenarios ? { scenarios: scenarios.map((scenario) => ({ name: scenario, steps: [] })) } : {}),
});

describe('several sites under several scenarios in one browser', () => {
  it('crawls the units at once and keeps every cookie on its own site and scenario', async () => {
    const events: { at: number; event: ProgressEvent }[] = [];
    const record = await scanHosts(
      { 'www.alpha.test': smallSite('alpha', 4), 'www.beta.test': smallSite('beta', 4) },
      [site('alpha', ['first', 'second']), site('beta', ['first', 'second'])],
      { concurrency: 4, onProgress: (event) => events.push({ at: Date.now(), event }) },
    );
    expect(record.sites.map((unit) => [unit.name, unit.scenario, unit.pagesVisited, unit.complete])).toEqual([
      ['alpha', 'first', 5, true],
      ['alpha', 'second', 5, true],
      ['beta', 'first', 5, true],
      ['beta', 'second', 5, true],
    ]);
    for (const name of ['alpha', 'beta']) {
      for (const scenario of ['first', 'second']) {
        const own = record.cookies.filter((cookie) => cookie.site === name && cookie.scenario === scenario);
        // The same name on both sites: each unit sees its own, on its own host, from its own home page.
        expect(own.filter((cookie) => cookie.name === 'shared').map((cookie) => [cookie.domain, cookie.firstSeenUrl])).toEqual([
          [`www.${name}.test`, `https://www.${name}.test/`],
        ]);
        expect(own.map((cookie) => cookie.name).sort()).toEqual([0, 1, 2, 3].map((i) => `${name}_${i}`).concat('shared').sort());
        for (let i = 0; i < 4; i++) {
          expect(own.find((cookie) => cookie.name === `${name}_${i}`)).toMatchObject({ firstSeenUrl: `https://www.${name}.test/p/${i}`, requestedLifetimeSeconds: 3600 * (i + 1) });
        }
      }
    }
    // At once: every unit started before any finished its pages.
    const lastPageOf = (name: string, scenario: string) =>
      Math.max(...events.filter(({ event }) => event.type === 'page-done' && event.site === name && event.scenario === scenario).map(({ at }) => at));
    const starts = events.filter(({ event }) => event.type === 'site-start').map(({ at }) => at);
    expect(starts).toHaveLength(4);
    expect(Math.max(...starts)).toBeLessThan(Math.min(lastPageOf('alpha', 'first'), lastPageOf('beta', 'second')));
  }, 90_000);

  it('a site whose pages hang does not keep a healthy one from finishing', async () => {
    const events: { at: number; event: ProgressEvent }[] = [];
    const record = await scanHosts(
      { 'www.hang.test': hangingSite(3), 'www.alpha.test': smallSite('alpha', 6) },
      [site('hang'), site('alpha')],
      { concurrency: 2, pageTimeoutMs: 4_000, onProgress: (event) => events.push({ at: Date.now(), event }) },
    );
    expect(record.sites.find((unit) => unit.name === 'alpha')).toMatchObject({ complete: true, pagesVisited: 7, errors: [] });
    // A hanging page fails after three tries of 4 s each; every page of the healthy site was done before.
    const firstTimeout = Math.min(...events.filter(({ event }) => event.type === 'page-error' && event.site === 'hang').map(({ at }) => at));
    const alphaDone = Math.max(...events.filter(({ event }) => event.type === 'page-done' && event.site === 'alpha').map(({ at }) => at));
    expect(alphaDone).toBeLessThan(firstTimeout);
    expect(record.sites.find((unit) => unit.name === 'hang')?.errors.length).toBe(3);
  }, 120_000);

  it('when the browser is killed with three units running, each goes on in the relaunched one and keeps what it had', { retry: 1, timeout: 120_000 }, async () => {
    let killed = false;
    let pagesDone = 0;
    const record = await scanHosts(
      { 'www.alpha.test': smallSite('alpha', 5), 'www.beta.test': smallSite('beta', 5), 'www.gamma.test': smallSite('gamma', 5) },
      [site('alpha'), site('beta'), site('gamma')],
      {
        concurrency: 3,
        onProgress: (event) => {
          if (event.type !== 'page-done' || ++pagesDone < 4 || killed) return;
          killed = true;
          for (const pid of chromiumPids('browser')) process.kill(pid, 'SIGKILL');
        },
      },
    );
    expect(killed).toBe(true);
    for (const name of ['alpha', 'beta', 'gamma']) {
      const unit = record.sites.find((candidate) => candidate.name === name);
      expect(unit, JSON.stringify(unit)).toMatchObject({ complete: true, pagesVisited: 6 });
      const names = record.cookies.filter((cookie) => cookie.site === name).map((cookie) => cookie.name);
      expect(names.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${name}_${i}`).concat('shared').sort());
    }
  });
});

describe('late writes at the default settings', () => {
  it('waits for timers, chained timers, late fetches and timers in cross-site frames due within --settle', async () => {
    const record = await scanHosts(LATE_HOSTS, [{ name: 'late', urls: ['https://www.late.test/'], domains: ['late.test'] }]);
    const seen = (name: string) => record.cookies.find((cookie) => cookie.name === name);
    expect(seen('late_1500')).toMatchObject({ firstSeenUrl: 'https://www.late.test/timer-1500', setBy: 'js', requestedLifetimeSeconds: 86_400 });
    expect(seen('late_2500')).toMatchObject({ firstSeenUrl: 'https://www.late.test/timer-2500', setBy: 'js', requestedLifetimeSeconds: 172_800 });
    expect(seen('late_chained')).toMatchObject({ firstSeenUrl: 'https://www.late.test/chained' });
    expect(seen('late_deferred')).toMatchObject({ firstSeenUrl: 'https://www.late.test/deferred' });
    expect(seen('late_fetch_header')).toMatchObject({ firstSeenUrl: 'https://www.late.test/fetch', setBy: 'http' });
    expect(seen('late_after_fetch')).toMatchObject({ firstSeenUrl: 'https://www.late.test/fetch', setBy: 'js' });
    expect(seen('late_in_frame')).toMatchObject({ firstSeenUrl: 'https://www.late.test/frame', party: 'third', domain: 'widget.latepartner.test' });
    expect(record.sites[0].errors).toEqual([]);
  }, 90_000);

  it('does not hold pages whose timers repeat for the whole window; a long poll costs it once', async () => {
    const settleMs = 5_000;
    const record = await scanHosts(REPEATING_HOSTS, [{ name: 'repeat', urls: ['https://www.repeat.test/'], domains: ['repeat.test'] }], {
      settleMs,
      concurrency: 1,
    });
    const unit = record.sites[0];
    expect(unit).toMatchObject({ complete: true, pagesVisited: 9 });
    expect(record.cookies.map((cookie) => cookie.name)).toEqual(
      expect.arrayContaining(['interval_tick', 'animated', 'polled', 'arrow_polled', 'slept', 'debounced', 'long_poll_1', 'long_poll_2']),
    );
    // Only one long poll was cut at --settle: the interval, the animation and the polling loops went
    // quiet, and the other page polling the same path was not waited for. Which of the two settles
    // first depends on timing (a loaded page settles while the next one loads).
    expect(unit.errors).toEqual([{ url: expect.stringMatching(/^https:\/\/www\.repeat\.test\/longpoll\/[12]$/), message: expect.stringMatching(/^this page never went quiet within --settle 5000 ms/) }]);
  }, 90_000);
});
