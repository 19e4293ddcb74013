import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { loadInventory } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/model/inventory.js';
import type { Observation } from '../../src/model/observation.js';
import type { AuditResult, SiteScan } from '../../src/model/result.js';
import { renderJson } from '../../src/report/json.js';
import { observation, scan, sessionObservation, site, TODAY, TOOL } from '../audit/builders.js';
import { runCli } from '../helpers/run-cli.js';

// Run `npm run build` first: these tests drive the built CLI (bin/cookie-audit → dist/).
const INVENTORY = fileURLToPath(new URL('../fixtures/cli/inventory.yaml', import.meta.url));
const SITE = 'clean.test';
const HOME = 'https://www.clean.test/';

describe('cookie-audit merge, run as a child process', () => {
  let dir: string;
  let inventory: Inventory;
  const file = (name: string) => join(dir, name);

  /** A shard's JSON report, as `scan --shard I/N --json` writes it: audited alone against the inventory. */
  async function shardReport(name: string, cookies: Observation[], sites: SiteScan[] = [site({ name: SITE, startUrls: [HOME] })]): Promise<AuditResult> {
    const result = audit(scan(cookies, { sites }), inventory, { failOn: 'error', tool: TOOL, today: TODAY });
    await writeFile(file(name), renderJson(result));
    return result;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cookie-audit-merge-'));
    inventory = await loadInventory(INVENTORY);
    const sid = sessionObservation({ site: SITE, name: 'sid', domain: 'www.clean.test', firstSeenUrl: HOME });
    const pref = observation({ site: SITE, name: 'pref', domain: 'www.clean.test', requestedLifetimeSeconds: 30 * 86_400, firstSeenUrl: `${HOME}prefs` });
    await shardReport('shard-1.json', [sid]);
    await shardReport('shard-2.json', [pref], [site({ name: SITE, startUrls: [`${HOME}prefs`] })]);
    await shardReport('dirty.json', [observation({ site: SITE, name: 'tracker', domain: '.clean.test' })]);
    await shardReport('incomplete.json', [], [site({ name: SITE, startUrls: [`${HOME}down`], pagesVisited: 0, complete: false })]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('audits the shards together: an entry seen only on shard 2 is not unobserved', async () => {
    const alone = JSON.parse(await readFile(file('shard-1.json'), 'utf8')) as AuditResult;
    expect(alone.findings.map((finding) => [finding.kind, finding.entry])).toEqual([['unobserved', 'pref']]);

    const run = await runCli(['merge', file('shard-1.json'), file('shard-2.json'), '--inventory', INVENTORY, '--json', file('out/audit.json'), '--fail-on', 'info']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✔ PASS/);
    const merged = JSON.parse(await readFile(file('out/audit.json'), 'utf8')) as AuditResult;
    expect(merged.findings).toEqual([]);
    expect(merged.cookies.map((cookie) => [cookie.name, cookie.declared])).toEqual([['pref', 'pref'], ['sid', 'sid']]);
    expect(merged.scan.sites).toEqual([{ name: SITE, scenario: 'anonymous', startUrls: [HOME, `${HOME}prefs`], pagesVisited: 6, errors: [], complete: true }]);
    expect(merged.summary).toMatchObject({ verdict: 'pass', failOn: 'info', cookies: 2, pagesVisited: 6 });
  });

  it('fails on what one shard alone shows at --fail-on (exit 1)', async () => {
    expect((await runCli(['merge', file('shard-1.json'), '--inventory', INVENTORY, '--fail-on', 'info'])).code).toBe(1);
    const dirty = await runCli(['merge', file('shard-1.json'), file('dirty.json'), '--inventory', INVENTORY]);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toMatch(/^✖ FAIL/);
    expect(dirty.stdout).toContain('tracker');
  });

  it('exits 3 when a shard could not scan a site completely', async () => {
    const run = await runCli(['merge', file('shard-1.json'), file('incomplete.json'), '--inventory', INVENTORY]);
    expect(run.code).toBe(3);
  });

  it('exits 2 naming a missing report', async () => {
    const run = await runCli(['merge', file('shard-1.json'), file('shard-9.json'), '--inventory', INVENTORY]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file('shard-9.json')}: cannot read this report (ENOENT)`);
  });

  it('exits 2 naming a file that is not a JSON report', async () => {
    await writeFile(file('broken.json'), '{ "schemaVersion": 1, ');
    const run = await runCli(['merge', file('broken.json'), '--inventory', INVENTORY]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file('broken.json')}: not a JSON report`);
  });

  it('exits 2 on a report of another schemaVersion', async () => {
    const report = JSON.parse(await readFile(file('shard-2.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(file('future.json'), JSON.stringify({ ...report, schemaVersion: 2 }));
    const run = await runCli(['merge', file('shard-1.json'), file('future.json'), '--inventory', INVENTORY]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file('future.json')}: schemaVersion 2 cannot be merged`);
  });

  it('exits 2 when a shard of the split is missing, naming it', async () => {
    const report = JSON.parse(await readFile(file('shard-1.json'), 'utf8')) as AuditResult;
    const asShard = async (name: string, index: number) => {
      await writeFile(file(name), JSON.stringify({ ...report, scan: { ...report.scan, shard: { index, count: 3 } } }));
      return file(name);
    };
    const run = await runCli(['merge', await asShard('split-1.json', 1), await asShard('split-2.json', 2), '--inventory', INVENTORY]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('shard 3/3 is missing: merge all 3 shard reports');
  });

  it('exits 2 without any report, and shows an example for every option in --help', async () => {
    expect((await runCli(['merge', '--inventory', INVENTORY])).code).toBe(2);
    const help = await runCli(['merge', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--inventory', '--json', '--fail-on', '--no-color', '--color', '--verbose']) {
      expect(help.stdout).toMatch(new RegExp(`\\$ cookie-audit merge .*${option}`));
    }
  });
});
