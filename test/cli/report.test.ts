import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, localDate } from '../../src/audit/index.js';
import { loadInventory } from '../../src/inventory/load.js';
import type { Observation } from '../../src/model/observation.js';
import type { AuditResult } from '../../src/model/result.js';
import { renderJson } from '../../src/report/json.js';
import { observation, scan, sessionObservation, site, TOOL } from '../audit/builders.js';
import { runCli } from '../helpers/run-cli.js';

// Run `npm run build` first: these tests drive the built CLI (bin/cookie-audit → dist/).
const INVENTORY = fileURLToPath(new URL('../fixtures/cli/inventory.yaml', import.meta.url));
const SITE = 'clean.test';
const HOME = 'https://www.clean.test/';


describe('cookie-audit report and diff, run as a child process', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  async function savedReport(name: string, cookies: Observation[]): Promise<AuditResult> {
    const inventory = await loadInventory(INVENTORY);
    const result = audit(scan(cookies, { sites: [site({ name: SITE, startUrls: [HOME] })] }), inventory, { failOn: 'error', tool: TOOL, today: localDate(new Date()) });
    await writeFile(file(name), renderJson(result));
    return result;
  }

  const sid = sessionObservation({ site: SITE, name: 'sid', domain: 'www.clean.test', firstSeenUrl: HOME });
  const pref = observation({ site: SITE, name: 'pref', domain: 'www.clean.test', requestedLifetimeSeconds: 30 * 86_400, firstSeenUrl: HOME });
  const tracker = observation({ site: SITE, name: 'tracker', domain: '.clean.test', firstSeenUrl: HOME });
  const beacon = observation({ site: SITE, name: 'beacon', domain: '.clean.test', firstSeenUrl: HOME });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cookie-audit-report-'));
    await savedReport('clean.json', [sid, pref]);
    await savedReport('base.json', [sid, pref, tracker]);
    await savedReport('head.json', [sid, pref, tracker, beacon]);
    await writeFile(file('future.json'), JSON.stringify({ schemaVersion: 99 }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders a saved report again, on stdout and into several files at once, exiting 0 whatever the verdict', async () => {
    const run = await runCli(['report', file('head.json'), '--report', `json=${file('out/again.json')}`, '--report', `text=${file('out/report.txt')}`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✖ FAIL/);
    expect(await readFile(file('out/report.txt'), 'utf8')).toBe(run.stdout);
    expect(JSON.parse(await readFile(file('out/again.json'), 'utf8'))).toEqual(JSON.parse(await readFile(file('head.json'), 'utf8')));
  });

  it('writes the CI formats: SARIF with results on the inventory, JUnit with a failing test case', async () => {
    const run = await runCli(['report', file('head.json'), '--report', `sarif=${file('out/audit.sarif')}`, '--report', `junit=${file('out/audit.xml')}`, '--format', 'github']);
    expect(run.code).toBe(0);
    const sarif = JSON.parse(await readFile(file('out/audit.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['over-long', 'over-long', 'undeclared', 'undeclared']);
    expect(await readFile(file('out/audit.xml'), 'utf8')).toMatch(/<testcase [^>]*name="[^"]*beacon[^"]*"[^>]*>\s*<failure/);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error '))).toHaveLength(4);
  });

  it('in GitHub Actions, diff annotates the inventory and appends the Markdown report to the job summary; report only renders', async () => {
    await writeFile(file('summary.md'), '# earlier step\n');
    const actions = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: file('summary.md') };
    const run = await runCli(['diff', file('base.json'), file('head.json')], { env: actions });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✖ FAIL/);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error file='))).toHaveLength(4);
    const summary = await readFile(file('summary.md'), 'utf8');
    expect(summary.startsWith('# earlier step\n')).toBe(true);
    expect(summary).toContain('beacon');
    const rendered = await runCli(['report', file('head.json')], { env: actions });
    expect(rendered.stdout).not.toContain('::error');
    expect(await readFile(file('summary.md'), 'utf8')).toBe(summary);
    const outside = await runCli(['diff', file('base.json'), file('head.json')], { env: { GITHUB_ACTIONS: undefined } });
    expect(outside.stdout).not.toContain('::error');
  });

  it('writes HTML in the language asked for, else the policy\'s, else English', async () => {
    const english = await runCli(['report', file('head.json'), '--format', 'html']);
    expect(english.stdout).toMatch(/<html lang="en"/);
    const french = await runCli(['report', file('head.json'), '--format', 'html', '--lang', 'fr']);
    expect(french.stdout).toMatch(/<html lang="fr"/);
  });

  it('writes the --format report to -o instead of stdout', async () => {
    const run = await runCli(['report', file('clean.json'), '--format', 'json', '-o', file('out/clean-again.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(await readFile(file('out/clean-again.json'), 'utf8')).summary.verdict).toBe('pass');
  });

  it.each([
    ['an unknown format', ['--report', 'pdf=x.pdf'], /unknown format "pdf"; formats: text, json, md, html, sarif, junit, github/],
    ['a report without a file', ['--report', 'html'], /expected FORMAT=FILE such as html=audit.html/],
  ])('refuses %s before reading anything (exit 2)', async (_, args, message) => {
    const run = await runCli(['report', file('head.json'), ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('names the file and what to do when the saved report cannot be used (exit 2, no stack trace)', async () => {
    const missing = await runCli(['report', file('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${file('nope.json')}: cannot read this report (ENOENT); give a JSON file written by cookie-audit scan --json FILE`);
    const future = await runCli(['report', file('future.json')]);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain(`${file('future.json')}: schemaVersion 99 cannot be read; this cookie-audit reads schemaVersion 1`);
    expect(future.stderr).not.toMatch(/\n\s+at /);
  });

  it('diff reports what the later scan added, and --fail-on-new fails only on that', async () => {
    const run = await runCli(['diff', file('base.json'), file('head.json'), '--json', file('out/diff.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Since the baseline ${file('base.json')}`);
    expect(run.stdout).toMatch(/findings: 2 new, 0 fixed, 2 unchanged; cookies: 1 added, 0 removed, 0 changes/);
    expect(run.stdout).toMatch(/\+ beacon \(\.clean\.test\)/);
    const compared = JSON.parse(await readFile(file('out/diff.json'), 'utf8')) as AuditResult;
    expect(compared.findings.map((finding) => [finding.kind, finding.cookie?.name, finding.change])).toEqual([
      ['undeclared', 'beacon', 'new'],
      ['undeclared', 'tracker', 'existing'],
      ['over-long', 'beacon', 'new'],
      ['over-long', 'tracker', 'existing'],
    ]);

    const sameAsBase = await runCli(['diff', file('base.json'), file('base.json'), '--fail-on-new']);
    expect(sameAsBase.code).toBe(0);
    expect(sameAsBase.stdout).toContain('(fails on: new findings at or above error)');
    const withNew = await runCli(['diff', file('base.json'), file('head.json'), '--fail-on-new']);
    expect(withNew.code).toBe(1);
  });

  it('diff says which fixed findings the later scan no longer has', async () => {
    const run = await runCli(['diff', file('head.json'), file('clean.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/findings: 0 new, 4 fixed, 0 unchanged; cookies: 0 added, 2 removed/);
    expect(run.stdout).toMatch(/fixed \[undeclared\] beacon/);
  });

  it('scan --fail-on-new without --baseline is a usage error', async () => {
    const run = await runCli(['scan', 'https://www.clean.test/', '--inventory', INVENTORY, '--fail-on-new']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fail-on-new needs --baseline BASE.json');
  });
});
