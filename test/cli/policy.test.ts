import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load.js';
import { renderPolicyTable } from '../../src/report/policy-table.js';
import { runCli } from '../helpers/run-cli.js';

// Run `npm run build` first: these tests drive the built CLI (bin/cookie-audit → dist/).
const REPO_INVENTORY = fileURLToPath(new URL('../../inventory.yaml', import.meta.url));
const BROKEN_INVENTORY = fileURLToPath(new URL('../fixtures/cli/broken-inventory.yaml', import.meta.url));
const ENGLISH_INVENTORY = `version: 1
policy:
  title: Cookie policy
  owner: Example
  version: "3"
  persistent: { minLifetime: 1 day, maxLifetime: 13 months }
sites: []
cookies:
  - id: pref
    name: pref
    party: first
    type: persistent
    label: Preferences
    purpose: { fr: "Préférences d'affichage", en: "Display preferences" }
  - id: draft
    name: _new
    party: third
    type: session
    label: "TODO: check against the policy — _new"
    purpose: { fr: "TODO: check against the policy — what the cookie is for" }
`;

describe('cookie-audit policy, run as a child process', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cookie-audit-policy-'));
    await writeFile(join(dir, 'inventory.yaml'), ENGLISH_INVENTORY);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the Markdown table in the policy's language (French for the repository inventory)", async () => {
    const run = await runCli(['policy', '--inventory', REPO_INVENTORY]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(renderPolicyTable(await loadInventory(REPO_INVENTORY), { lang: 'fr', format: 'md' }));
    expect(run.stdout.split('\n')[0]).toBe("| Cookie | Nom | Objectif d'utilisation | Durée maximale de conservation |");
    expect(run.stdout).toContain("| Cookie d'origine persistant | UID | Ce cookie nous permet de compter le nombre de pages");
  });

  it('renders English with --lang en, and reads ./inventory.yaml by default', async () => {
    const run = await runCli(['policy', '--lang', 'en'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| First-party persistent cookie | Preferences | Display preferences | 13 months |');
    expect(run.stdout).toContain('| Third-party session cookie |');
  });

  it('writes the HTML page to -o, nothing on stdout, and warns about drafts left in the inventory', async () => {
    const output = join(dir, 'out', 'cookies.html');
    const run = await runCli(['policy', '--format', 'html', '-o', output], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Warning: 1 entry still holds a draft marked "TODO: check against the policy" (draft)');
    const page = await readFile(output, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page).toContain('<td>First-party persistent cookie</td><td>Preferences</td><td>Display preferences</td><td>13 months</td>');
  });

  it('exits 2 on an invalid inventory or an unknown format or language', async () => {
    const broken = await runCli(['policy', '--inventory', BROKEN_INVENTORY]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid');
    expect((await runCli(['policy', '--inventory', REPO_INVENTORY, '--format', 'pdf'])).code).toBe(2);
    expect((await runCli(['policy', '--inventory', REPO_INVENTORY, '--lang', 'de'])).code).toBe(2);
  });

  it('answers --help with examples', async () => {
    const help = await runCli(['policy', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
  });
});
