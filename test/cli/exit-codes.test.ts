import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualHostServer, type RunningServer } from '../../src/demo/server.js';
import { CLI_HOSTS } from '../fixtures/sites/cli.js';
import { runCli } from '../helpers/run-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));
const INVENTORY = fixture('inventory.yaml');

describe('cookie-audit scan, run as a child process', () => {
  let server: RunningServer;
  let outDir: string;
  const scanArgs = (url: string, ...extra: string[]) => [
    'scan', url, '--inventory', INVENTORY, '--resolve', `*.test=127.0.0.1:${server.port}`, '--ignore-https-errors', '--settle', '500', ...extra,
  ];

  beforeAll(async () => {
    server = await startVirtualHostServer(CLI_HOSTS);
    outDir = await mkdtemp(join(tmpdir(), 'cookie-audit-cli-'));
  });
  afterAll(async () => {
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('exits 0 when every cookie is declared and compliant', async () => {
    const run = await runCli(scanArgs('https://www.clean.test/', '--quiet'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✔ PASS/);
    expect(run.stdout).toContain('pref');
  }, 60_000);

  it('records and writes cookie values only with --include-values', async () => {
    const withValues = join(outDir, 'values.json');
    const shown = await runCli(scanArgs('https://www.clean.test/', '--quiet', '--include-values', '--json', withValues));
    const cookies = JSON.parse(await readFile(withValues, 'utf8')).cookies as { name: string; value?: string }[];
    expect(cookies.map((cookie) => [cookie.name, cookie.value])).toEqual([['pref', '1'], ['sid', '1']]);
    expect(shown.stdout).toMatch(/ Value /);
    const withoutValues = join(outDir, 'no-values.json');
    const hidden = await runCli(scanArgs('https://www.clean.test/', '--quiet', '--json', withoutValues));
    expect(hidden.stdout).not.toMatch(/ Value /);
    expect(JSON.parse(await readFile(withoutValues, 'utf8')).cookies.some((cookie: object) => 'value' in cookie)).toBe(false);
  }, 90_000);

  it('exits 1 on an error finding and writes the JSON report', async () => {
    const jsonFile = join(outDir, 'nested', 'dirty.json');
    const run = await runCli(scanArgs('https://www.dirty.test/', '--json', jsonFile));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✖ FAIL/);
    const report = JSON.parse(await readFile(jsonFile, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.findings.map((finding: { kind: string }) => finding.kind)).toEqual(
      expect.arrayContaining(['undeclared', 'over-long']),
    );
    expect(report.cookies.find((cookie: { name: string }) => cookie.name === 'tracker')).toMatchObject({
      site: 'dirty.test',
      declared: null,
      party: 'first',
    });
  }, 60_000);

  it('exits 0 on warnings alone, and 1 with --fail-on warning', async () => {
    const lenient = await runCli(scanArgs('https://www.short.test/'));
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('below-minimum');
    const strict = await runCli(scanArgs('https://www.short.test/', '--fail-on', 'warning'));
    expect(strict.code).toBe(1);
  }, 60_000);

  it('exits 3 when a start URL cannot be reached, and still writes the report', async () => {
    const jsonFile = join(outDir, 'down.json');
    // Port 1 on loopback refuses connections: the host is mapped before the fixture's wildcard.
    const run = await runCli([
      'scan', 'https://www.down.test/', '--inventory', INVENTORY, '--resolve', 'www.down.test=127.0.0.1:1',
      '--resolve', `*.test=127.0.0.1:${server.port}`, '--ignore-https-errors', '--json', jsonFile,
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('ERR_CONNECTION_REFUSED');
    const report = JSON.parse(await readFile(jsonFile, 'utf8'));
    expect(report.scan.sites[0]).toMatchObject({ name: 'down.test', complete: false });
    expect(report.scan.sites[0].errors[0].url).toBe('https://www.down.test/');
  }, 60_000);

  it('exits 2 on an invalid inventory, naming file, line and key, and scans nothing', async () => {
    const broken = fixture('broken-inventory.yaml');
    const run = await runCli(['scan', 'https://www.clean.test/', '--inventory', broken]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${broken}:14:5`);
    expect(run.stderr).toContain('purpoze');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('exits 2 on a missing inventory, an unknown option or a bad --resolve', async () => {
    expect((await runCli(['scan', 'https://www.clean.test/', '--inventory', join(outDir, 'none.yaml')])).code).toBe(2);
    expect((await runCli(['scan', '--no-such-option'])).code).toBe(2);
    const notADirectory = join(outDir, 'a-file');
    await writeFile(notADirectory, '');
    const unwritable = await runCli(['scan', 'https://www.clean.test/', '--inventory', INVENTORY, '--json', join(notADirectory, 'report.json')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write there \((EEXIST|ENOTDIR)\)/);
    const badResolve = await runCli(['scan', 'https://www.clean.test/', '--inventory', INVENTORY, '--resolve', 'nonsense']);
    expect(badResolve.code).toBe(2);
    expect(badResolve.stderr).toContain('expected HOST=IP[:PORT]');
  });

  it('answers --help with examples for every command, and --version', async () => {
    for (const command of ['scan', 'demo', 'validate', 'schema']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Example/);
    }
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 90_000);
});
