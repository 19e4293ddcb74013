#!/usr/bin/env node
// npm run bench:inventory [-- --entries N --dist DIR] : how the inventory scales. Generates an inventory
// of N cookie entries (default 10,000: 80% exact names, 10% globs, 10% regexes, a third with domains),
// then times, each as the best of a few runs:
//   - load: YAML parse + schema validation + locations (loadInventory on a file), regex safety included
//   - warnings: inventoryWarnings (the overlap detection `validate` prints)
//   - match: findEntry for N cookies (exact hits, glob hits, regex hits, undeclared names)
// at N/4, N/2 and N, so a quadratic step would show as a time per entry that grows. No browser.
// Reads the built code: run `npm run build` first (the npm script does), or pass --dist.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '10000' }, dist: { type: 'string' } } });
const entries = Number(values.entries);
if (!Number.isInteger(entries) || entries < 4) {
  console.error('usage: node bench/inventory.mjs [--entries N] [--dist DIR]   (N ≥ 4, default 10000)');
  process.exit(2);
}
const dist = values.dist ? pathToFileURL(`${resolve(values.dist)}/`) : new URL('../dist/', import.meta.url);
const { loadInventory } = await import(new URL('inventory/load.js', dist).href);
const { inventoryWarnings } = await import(new URL('inventory/overlaps.js', dist).href);
const { findEntry } = await import(new URL('inventory/match.js', dist).href);

/** Entry i: mostly exact names; every 10th a glob, every 10th (offset 5) a regex; every 3rd scoped to a domain. */
function entryYaml(i) {
  const rule = i % 10 === 0 ? `pattern: "_p${i}_*"` : i % 10 === 5 ? `regex: "^_r${i}_[A-Z0-9]+$"` : `name: c${i}`;
  const domains = i % 3 === 0 ? `, domains: [site${i % 7}.example]` : '';
  return `  - { id: e${i}, ${rule}${domains}, party: first, type: persistent, maxLifetime: 13 months, label: "Cookie ${i}", purpose: { fr: "Finalité ${i}." } }`;
}

function inventoryYaml(count) {
  return [
    'version: 1',
    'policy: { title: Bench, owner: Bench, version: "1", persistent: { minLifetime: 1 day, maxLifetime: 5 years } }',
    'sites: [{ name: bench, urls: ["https://www.site0.example/"], domains: [site0.example] }]',
    'cookies:',
    ...Array.from({ length: count }, (_, i) => entryYaml(i)),
    '',
  ].join('\n');
}

/** Cookie j: a quarter each of exact hits, glob hits, regex hits (on the entry's domain) and names nothing declares. */
function cookieAt(j, count) {
  const base = ((j * 7919) % count) - (((j * 7919) % count) % 10);
  const on = (entry) => `www.site${entry % 7}.example`;
  switch (j % 4) {
    case 0:
      return { name: `c${base + 1}`, domain: on(base + 1) };
    case 1:
      return { name: `_p${base}_x${j}`, domain: on(base) };
    case 2:
      return base + 5 < count ? { name: `_r${base + 5}_AB${j}`, domain: on(base + 5) } : { name: `c${base + 1}`, domain: on(base + 1) };
    default:
      return { name: `undeclared_${j}`, domain: on(base) };
  }
}

function best(runs, action) {
  let fastest = Infinity;
  let result;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    result = action();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return { ms: fastest, result };
}

async function bestAsync(runs, action) {
  let fastest = Infinity;
  let result;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    result = await action();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return { ms: fastest, result };
}

const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-bench-'));
const rows = [];
try {
  for (const count of [Math.round(entries / 4), Math.round(entries / 2), entries]) {
    const file = join(dir, `inventory-${count}.yaml`);
    writeFileSync(file, inventoryYaml(count));
    const load = await bestAsync(3, () => loadInventory(file));
    const inventory = load.result;
    const warnings = best(3, () => inventoryWarnings(inventory));
    const cookies = Array.from({ length: count }, (_, j) => cookieAt(j, count));
    // A fresh copy of the list each run, so the index is built inside the timing, as on a first audit.
    const match = best(3, () => {
      const list = [...inventory.cookies];
      return cookies.filter((cookie) => findEntry(list, cookie) !== undefined).length;
    });
    rows.push({ count, load: load.ms, warnings: warnings.ms, warningCount: warnings.result.length, match: match.ms, declared: match.result });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const fixed = (value, digits = 0) => value.toFixed(digits);
console.log('entries  load+validate  per entry   warnings (found)     match N cookies  per cookie  declared');
for (const row of rows) {
  console.log(
    [
      String(row.count).padStart(7),
      `${fixed(row.load)} ms`.padStart(14),
      `${fixed((row.load * 1000) / row.count)} µs`.padStart(11),
      `${fixed(row.warnings, 1)} ms (${row.warningCount})`.padStart(20),
      `${fixed(row.match, 1)} ms`.padStart(16),
      `${fixed((row.match * 1000) / row.count, 1)} µs`.padStart(11),
      `${row.declared}/${row.count}`.padStart(12),
    ].join(' '),
  );
}
const last = rows.at(-1);
console.log(`${last.count} entries: load ${fixed(last.load)} ms, match ${last.count} cookies ${fixed(last.match)} ms`);
