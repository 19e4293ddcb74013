// What both benchmarks share: loading a build of cookie-audit, the floor (one Chromium doing bare
// goto(load) of the same pages), and timing with the peak memory of the whole process tree.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** The build to measure: ./dist, or another one (`--dist DIR`, e.g. a copy of main's build for a before/after). */
export async function loadBuild(dist = 'dist') {
  const base = pathToFileURL(`${resolve(dist)}/`);
  const load = (path) => import(new URL(path, base).href);
  const [scanModule, browserModule, resolveModule, serverModule] = await Promise.all([
    load('crawl/scan.js'),
    load('crawl/browser.js'),
    load('crawl/resolve.js'),
    load('demo/server.js'),
  ]);
  return {
    scan: scanModule.scan,
    defaultConcurrency: scanModule.DEFAULT_CONCURRENCY,
    findBrowser: browserModule.findBrowser,
    hostResolverRules: resolveModule.hostResolverRules,
    startVirtualHostServer: serverModule.startVirtualHostServer,
  };
}

/**
 * The floor: one Chromium (third-party cookies allowed, as the scan's), `groups` of URLs each in a
 * fresh context, `concurrency` pages loading at once across all of them, each page `goto(load)` in a
 * tab of its group's context (reused once idle) and nothing else.
 */
export async function bareNavigation(build, { groups, concurrency, resolve: mappings }) {
  const profile = await mkdtemp(join(tmpdir(), 'cookie-audit-bench-'));
  await mkdir(join(profile, 'Default'));
  await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  const persistent = await chromium.launchPersistentContext(profile, {
    executablePath: build.findBrowser().executablePath,
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--host-resolver-rules=${build.hostResolverRules(mappings, true)}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  try {
    const browser = persistent.browser();
    const jobs = groups.flatMap((urls, group) => urls.map((url) => ({ url, group })));
    const contexts = new Map();
    /** A context per group, opened when its first page is due; its idle tabs are reused. */
    const groupOf = (group) => {
      if (!contexts.has(group)) contexts.set(group, { context: browser.newContext({ ignoreHTTPSErrors: true }), idle: [], left: groups[group].length });
      return contexts.get(group);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let job = jobs[next++]; job; job = jobs[next++]) {
          const entry = groupOf(job.group);
          const page = entry.idle.pop() ?? (await (await entry.context).newPage());
          await page.goto(job.url, { waitUntil: 'load' });
          entry.idle.push(page);
          // The group's last page closes its context, as a scan closes a unit's.
          if (--entry.left === 0) await (await entry.context).close();
        }
      }),
    );
  } finally {
    await persistent.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Runs `run`, printing its wall time and the peak memory (PSS) of this process and every child. */
export async function measure(label, run) {
  const sampler = startRssSampler();
  const started = process.hrtime.bigint();
  const value = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = sampler.stop();
  console.log(`${label.padEnd(48)} ${seconds.toFixed(1).padStart(6)} s  peak RSS ${String(Math.round(peakRssMb)).padStart(5)} MB  (load ${loadAverage()})`);
  return { seconds, peakRssMb, value };
}

export function loadAverage() {
  return loadavg().map((load) => load.toFixed(2)).join(' ');
}

/**
 * Peak memory of this process and all its descendants (Chromium's processes): the sum of their PSS,
 * sampled every 250 ms by a worker thread — reading /proc/PID/smaps_rollup of every process takes tens
 * of milliseconds, which on the main thread would slow the very scan being measured.
 */
function startRssSampler() {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(SAMPLER, { eval: true, workerData: { pid: process.pid, shared } });
  worker.unref();
  return {
    stop() {
      Atomics.store(shared, 1, 1);
      void worker.terminate();
      return Atomics.load(shared, 0) / 1024;
    },
  };
}

const SAMPLER = `
const { readFileSync, readdirSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { pid, shared } = workerData;
function treeKb() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync('/proc/' + entry + '/stat', 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop();
    try {
      const match = /^Pss:\\s+(\\d+)/m.exec(readFileSync('/proc/' + current + '/smaps_rollup', 'utf8'));
      total += match ? Number(match[1]) : 0;
    } catch {}
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}
function sample() {
  if (Atomics.load(shared, 1)) return;
  const kb = treeKb();
  if (kb > Atomics.load(shared, 0)) Atomics.store(shared, 0, kb);
  setTimeout(sample, 250);
}
sample();
`;
