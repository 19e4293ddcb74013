#!/usr/bin/env node
// npm run bench [-- --pages N] : scans a generated multi-host site of N pages (every 10th writes a
// cookie from a timer 1–2.5 s after load) at the default concurrency and at 1, next to bare navigation
// of the same pages (the floor), and prints pages/s, cookies/s, late cookies caught and peak memory.
//
// npm run bench -- --estate [--sites S] [--site-pages P] [--scenarios 1,3] : S sites of P pages each,
// scanned under 1 and then 3 scenarios, next to the floor of the same visits (a context per site and
// scenario).
//
// Either takes --dist DIR to measure another build (a copy of main's dist/, for a before/after), and
// --concurrency N.
import { parseArgs } from 'node:util';
import { benchHosts, lateCookieOf } from './site.mjs';
import { bareNavigation, loadAverage, loadBuild, measure } from './measure.mjs';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '200' },
    estate: { type: 'boolean', default: false },
    sites: { type: 'string', default: '20' },
    'site-pages': { type: 'string', default: '5' },
    scenarios: { type: 'string', default: '1,3' },
    concurrency: { type: 'string' },
    dist: { type: 'string', default: 'dist' },
  },
});
const numbers = ['pages', 'sites', 'site-pages', ...(values.concurrency ? ['concurrency'] : [])].map((name) => [name, Number(values[name])]);
for (const [name, value] of numbers) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} takes a whole number ≥ 1.\nusage: npm run bench -- [--pages N] [--estate [--sites S] [--site-pages P]] [--concurrency N] [--dist DIR]`);
    process.exit(2);
  }
}
const build = await loadBuild(values.dist);
const concurrency = values.concurrency ? Number(values.concurrency) : build.defaultConcurrency;
console.log(`build ${values.dist}, concurrency ${concurrency}, load average at start ${loadAverage()}`);
if (values.estate) await estateBench(Number(values.sites), Number(values['site-pages']));
else await pageBench(Number(values.pages));

async function pageBench(pages) {
  const counter = { cookies: 0 };
  const server = await build.startVirtualHostServer(benchHosts(pages, counter));
  const resolve = [{ host: '*.test', address: '127.0.0.1', port: server.port }];
  const site = { name: 'bench', urls: ['https://www.bench.test/p/0'], domains: ['bench.test'] };
  const urls = Array.from({ length: pages }, (_, i) => `https://www.bench.test/p/${i}`);
  const lateNames = urls.map((_, i) => lateCookieOf(i)).filter(Boolean);
  try {
    const rows = [];
    for (const level of [concurrency, 1]) {
      counter.cookies = 0;
      const scanned = await measure(`cookie-audit scan, concurrency ${level}`, async () => {
        const record = await build.scan({ sites: [site], resolve, blockUnmappedHosts: true, ignoreHttpsErrors: true, maxPages: pages, maxDepth: 64, concurrency: level });
        const visited = record.sites[0].pagesVisited;
        if (visited !== pages) console.error(`  warning: visited ${visited} of ${pages} pages (${record.sites[0].errors.length} errors)`);
        const names = new Set(record.cookies.map((cookie) => cookie.name));
        return { visited, cookies: counter.cookies, late: lateNames.filter((name) => names.has(name)).length };
      });
      const floor = await measure(`bare navigation, concurrency ${level}`, () => bareNavigation(build, { groups: [urls], concurrency: level, resolve }));
      const { visited, cookies, late } = scanned.value;
      console.log(
        `  ${(visited / scanned.seconds).toFixed(1)} pages/s, ${(cookies / scanned.seconds).toFixed(0)} cookies/s, ` +
          `late cookies caught ${late} of ${lateNames.length}; floor ${(pages / floor.seconds).toFixed(1)} pages/s, ratio ${(scanned.seconds / floor.seconds).toFixed(2)}`,
      );
      rows.push({ scanned, floor });
    }
    const [atDefault, atOne] = rows;
    const peak = Math.max(...rows.flatMap((row) => [row.scanned.peakRssMb, row.floor.peakRssMb]));
    console.log(
      `bench: ${pages} pages, ${(pages / atDefault.scanned.seconds).toFixed(1)} pages/s (concurrency ${concurrency}), ` +
        `${(pages / atOne.scanned.seconds).toFixed(1)} pages/s (concurrency 1), bare navigation ${(pages / atDefault.floor.seconds).toFixed(1)} pages/s, ` +
        `ratio ${(atDefault.scanned.seconds / atDefault.floor.seconds).toFixed(2)}, late cookies ${atDefault.scanned.value.late} of ${lateNames.length}, peak RSS ${Math.round(peak)} MB`,
    );
  } finally {
    await server.close();
  }
}

async function estateBench(siteCount, pagesPerSite) {
  const counter = { cookies: 0 };
  const hosts = {};
  for (let s = 0; s < siteCount; s++) Object.assign(hosts, benchHosts(pagesPerSite, counter, { host: `www.site${s}.test` }));
  const server = await build.startVirtualHostServer(hosts);
  const resolve = [{ host: '*.test', address: '127.0.0.1', port: server.port }];
  const siteUrls = Array.from({ length: siteCount }, (_, s) => Array.from({ length: pagesPerSite }, (_, i) => `https://www.site${s}.test/p/${i}`));
  let last;
  try {
    for (const scenarioCount of values.scenarios.split(',').map(Number)) {
      const scenarios = scenarioCount === 1 ? undefined : Array.from({ length: scenarioCount }, (_, k) => ({ name: `visitor-${k + 1}`, steps: [] }));
      const sites = siteUrls.map((urls, s) => ({ name: `site${s}`, urls: [urls[0]], domains: [`site${s}.test`], scenarios }));
      const label = `${siteCount} sites x ${pagesPerSite} pages x ${scenarioCount} scenario${scenarioCount > 1 ? 's' : ''}`;
      const scanned = await measure(`cookie-audit scan, ${label}`, async () => {
        const record = await build.scan({ sites, resolve, blockUnmappedHosts: true, ignoreHttpsErrors: true, maxPages: pagesPerSite, maxDepth: 64, concurrency, sitemaps: false });
        const visited = record.sites.reduce((sum, site) => sum + site.pagesVisited, 0);
        const expected = siteCount * pagesPerSite * scenarioCount;
        if (visited !== expected) console.error(`  warning: visited ${visited} of ${expected} pages`);
        return visited;
      });
      const groups = siteUrls.flatMap((urls) => Array.from({ length: scenarioCount }, () => urls));
      const floor = await measure(`bare navigation, ${label}`, () => bareNavigation(build, { groups, concurrency, resolve }));
      last = { label, scanned, floor, peak: Math.max(scanned.peakRssMb, floor.peakRssMb), scenarioCount };
      console.log(`  ${(scanned.value / scanned.seconds).toFixed(1)} pages/s, ratio ${(scanned.seconds / floor.seconds).toFixed(2)}`);
    }
  } finally {
    await server.close();
  }
  console.log(
    `estate: ${siteCount} sites x ${pagesPerSite} pages x ${last.scenarioCount} scenarios, ${last.scanned.seconds.toFixed(1)} s ` +
      `(floor ${last.floor.seconds.toFixed(1)} s, ratio ${(last.scanned.seconds / last.floor.seconds).toFixed(2)}), peak RSS ${Math.round(last.scanned.peakRssMb)} MB`,
  );
}
