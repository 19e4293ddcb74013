import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { DAY, observation, run, sessionObservation } from '../audit/builders.js';
import { runCli } from '../helpers/run-cli.js';

// Run `npm run build` first: these tests drive the built CLI (bin/cookie-audit → dist/).
const FIXTURE_INVENTORY = fileURLToPath(new URL('../fixtures/cli/inventory.yaml', import.meta.url));
const BROKEN_INVENTORY = fileURLToPath(new URL('../fixtures/cli/broken-inventory.yaml', import.meta.url));

/** The head of an inventory with no cookies: a draft appended to it makes a whole inventory. */
const MINIMAL = `version: 1
policy:
  title: Test policy
  owner: Test
  version: "1"
  persistent: { minLifetime: 1 day, maxLifetime: 1 year }
sites: []
`;

describe('cookie-audit inventory init | check | schema, run as a child process', { timeout: 180_000 }, () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cookie-audit-inventory-'));
    const cookies = [
      sessionObservation({ name: 'sid', domain: 'www.clean.test' }),
      observation({ name: 'pref', domain: 'www.clean.test', requestedLifetimeSeconds: 30 * DAY }),
      observation({ name: '_ga', domain: '.clean.test', requestedLifetimeSeconds: 365 * DAY, setBy: 'js' }),
      observation({ name: 'x: "y"\n- id: evil', domain: '.clean.test', requestedLifetimeSeconds: 7 * DAY }),
    ];
    await writeFile(file('scan.json'), renderJson(run(cookies, [])));
    await writeFile(file('not-json.json'), 'not json');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('drafts every observed cookie on stdout, with Open Cookie Database hints, and counts on stderr', async () => {
    const result = await runCli(['inventory', 'init', '--from', file('scan.json')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Drafted 4 entries (4 observed cookie(s)).\n');
    const drafted = parse(result.stdout) as { cookies: { id: string; name: string; maxLifetime?: string; category?: string }[] };
    expect(drafted.cookies.map(({ name }) => name)).toEqual(['_ga', 'pref', 'sid', 'x: "y"\n- id: evil']);
    expect(drafted.cookies.find(({ name }) => name === '_ga')).toMatchObject({ id: 'ga', maxLifetime: '1 year', category: 'analytics' });
    expect(result.stdout).toContain('# Open Cookie Database (matched "_ga", a hint, not an identification): Google Analytics');
  });

  it('with --inventory drafts only undeclared cookies, and the draft appended to an inventory checks valid', async () => {
    const output = file('draft.yaml');
    const result = await runCli(['inventory', 'init', '--from', file('scan.json'), '--inventory', FIXTURE_INVENTORY, '-o', output, '--no-hints']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`Drafted 2 entries (2 of 4 observed cookie(s) already declared) into ${output}.\n`);
    const text = await readFile(output, 'utf8');
    expect((parse(text) as { cookies: { name: string }[] }).cookies.map(({ name }) => name)).toEqual(['_ga', 'x: "y"\n- id: evil']);
    expect(text).not.toContain('Open Cookie Database');

    await writeFile(file('merged.yaml'), `${MINIMAL}${text}`);
    const check = await runCli(['inventory', 'check', '--inventory', file('merged.yaml')]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(check.stdout).toBe(`${file('merged.yaml')}: valid — 0 site(s), 2 cookie(s), 2 still drafted ("TODO: check against the policy": write the policy's words)\n`);
  });

  it('check warns, at the entry, about a cookie two entries would declare (exit 0)', async () => {
    const overlapping = `version: 1
policy: { title: T, owner: O, version: "1", persistent: { minLifetime: 1 day, maxLifetime: 1 year } }
sites: []
cookies:
  - { id: ga-all, pattern: "_ga*", party: first, type: persistent, label: GA, purpose: { fr: Mesure } }
  - { id: ga, name: _ga, party: first, type: persistent, label: GA, purpose: { fr: Mesure } }
`;
    await writeFile(file('overlap.yaml'), overlapping);
    const check = await runCli(['inventory', 'check', '--inventory', file('overlap.yaml')]);
    expect(check.code).toBe(0);
    const [summary, ...warnings] = check.stdout.trimEnd().split('\n');
    expect(summary).toBe(`${file('overlap.yaml')}: valid — 0 site(s), 2 cookie(s), 1 warning(s)`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^  warning: ${file('overlap.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:\\d+ cookies\\[1\\]`));
    expect(warnings[0]).toContain('_ga');
  });

  it('never writes over an existing file without --force, nor over the inventory at all', async () => {
    const output = file('existing.yaml');
    await writeFile(output, 'keep me\n');
    const refused = await runCli(['inventory', 'init', '--from', file('scan.json'), '-o', output]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the file exists; choose another file or add --force');
    expect(await readFile(output, 'utf8')).toBe('keep me\n');
    expect((await runCli(['inventory', 'init', '--from', file('scan.json'), '-o', output, '--force'])).code).toBe(0);
    expect(await readFile(output, 'utf8')).toMatch(/^# Draft inventory entries/);

    const inventory = file('inventory.yaml');
    await writeFile(inventory, await readFile(FIXTURE_INVENTORY, 'utf8'));
    const overInventory = await runCli(['inventory', 'init', '--from', file('scan.json'), '--inventory', inventory, '-o', inventory, '--force']);
    expect(overInventory.code).toBe(2);
    expect(overInventory.stderr).toContain('would replace the inventory with the draft');
    expect(await readFile(inventory, 'utf8')).toBe(await readFile(FIXTURE_INVENTORY, 'utf8'));
  });

  it('exits 2 without --from, on a report that cannot be read, or on an invalid inventory', async () => {
    expect((await runCli(['inventory', 'init'])).code).toBe(2);
    const missing = await runCli(['inventory', 'init', '--from', file('none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read this report (ENOENT)');
    const notJson = await runCli(['inventory', 'init', '--from', file('not-json.json')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('not a JSON report');
    expect((await runCli(['inventory', 'init', '--from', file('scan.json'), '--inventory', BROKEN_INVENTORY])).code).toBe(2);
  });

  it('keeps validate as an alias of inventory check, and schema under inventory too', async () => {
    const check = await runCli(['inventory', 'check', '--inventory', FIXTURE_INVENTORY]);
    const validate = await runCli(['validate', '--inventory', FIXTURE_INVENTORY]);
    expect(check.code).toBe(0);
    expect(validate).toEqual(check);
    const broken = await runCli(['inventory', 'check', '-i', BROKEN_INVENTORY]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid');
    const schema = await runCli(['inventory', 'schema']);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toBe((await runCli(['schema'])).stdout);
  });

  it('answers --help with examples, and a usage error without a subcommand', async () => {
    for (const args of [['inventory', '--help'], ['inventory', 'init', '--help'], ['inventory', 'check', '--help']]) {
      const help = await runCli(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Example/);
    }
    expect((await runCli(['inventory'])).code).toBe(2);
    expect((await runCli(['inventory', 'init', '--from', file('scan.json'), '--no-such-option'])).code).toBe(2);
  });
});
