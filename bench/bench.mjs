#!/usr/bin/env node
// npm run bench [-- --pages N] : scans a generated multi-host site of N pages at concurrency 1 and at
// the default, next to bare Playwright navigation of the same pages (the floor), and prints pages/s,
// cookies/s and the peak RSS of the whole process tree (browser processes included).
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchSiteContext, findBrowser } from '../dist/crawl/browser.js';
import { DEFAULT_CONCURRENCY, scan } from '../dist/crawl/scan.js';
import { hostResolverRules } from '../dist/crawl/resolve.js';
import { startVirtualHostServer } from '../dist/demo/server.js';
import { benchHosts } from './site.mjs';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '200' } } });
const pages = Number(values.pages);
if (!Number.isInteger(pages) || pages < 1) {
  console.error('usage: npm run bench -- [--pages N]   (N ≥ 1, default 200)');
  process.exit(2);
}

const counter = { cookies: 0 };
const server = await startVirtualHostServer(benchHosts(pages, counter));
const resolve = [{ host: '*.test', address: '127.0.0.1', port: server.port }];
const site = { name: 'bench', urls: ['https://www.bench.test/p/0'], domains: ['bench.test'] };
const pageUrls = Array.from({ length: pages }, (_, i) => `https://www.bench.test/p/${i}`);

try {
  const results = [];
  for (const concurrency of [DEFAULT_CONCURRENCY, 1]) {
    results.push(await measure(`cookie-audit scan, concurrency ${concurrency}`, () => scanOnce(concurrency)));
    results.push(await measure(`bare navigation, concurrency ${concurrency}`, () => bareNavigation(concurrency)));
  }
  const [scanDefault, bareDefault, scanOne] = results;
  const peak = Math.max(...results.map((result) => result.peakRssMb));
  console.log(`default concurrency: ${DEFAULT_CONCURRENCY}`);
  console.log(
    `bench: ${pages} pages, ${scanDefault.pagesPerSecond.toFixed(1)} pages/s (default concurrency), ` +
      `${scanOne.pagesPerSecond.toFixed(1)} pages/s (concurrency 1), bare navigation ${bareDefault.pagesPerSecond.toFixed(1)} pages/s, ` +
      `peak RSS ${Math.round(peak)} MB`,
  );
} finally {
  await server.close();
}

async function scanOnce(concurrency) {
  counter.cookies = 0;
  const record = await scan({
    sites: [site],
    resolve,
    blockUnmappedHosts: true,
    ignoreHttpsErrors: true,
    maxPages: pages,
    maxDepth: 64,
    concurrency,
  });
  const visited = record.sites[0].pagesVisited;
  if (visited !== pages) console.error(`  warning: visited ${visited} of ${pages} pages (${record.sites[0].errors.length} errors)`);
  return { pages: visited, cookies: counter.cookies };
}

async function bareNavigation(concurrency) {
  counter.cookies = 0;
  const launched = await launchSiteContext({
    browser: findBrowser(),
    hostResolverRules: hostResolverRules(resolve, true),
    ignoreHttpsErrors: true,
  });
  try {
    const queue = [...pageUrls];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const page = await launched.context.newPage();
        for (let url = queue.shift(); url; url = queue.shift()) await page.goto(url, { waitUntil: 'load' });
        await page.close();
      }),
    );
  } finally {
    await launched.close();
  }
  return { pages, cookies: counter.cookies };
}

async function measure(label, run) {
  const sampler = startRssSampler();
  const started = process.hrtime.bigint();
  const { pages: done, cookies } = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = sampler.stop();
  const result = { label, seconds, pagesPerSecond: done / seconds, cookiesPerSecond: cookies / seconds, peakRssMb };
  console.log(
    `${label.padEnd(42)} ${seconds.toFixed(1).padStart(6)} s  ${result.pagesPerSecond.toFixed(1).padStart(5)} pages/s  ` +
      `${result.cookiesPerSecond.toFixed(0).padStart(5)} cookies/s  peak RSS ${Math.round(peakRssMb)} MB`,
  );
  return result;
}

/** Sums PSS over this process and all its descendants (Chromium's processes), every 200 ms. */
function startRssSampler() {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, treeRssKb(process.pid) / 1024));
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

function treeRssKb(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    try {
      const match = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      total += match ? Number(match[1]) : 0;
    } catch {
      // Gone.
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}
