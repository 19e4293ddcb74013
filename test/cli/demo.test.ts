import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../../src/model/finding.js';
import { runCli } from '../helpers/run-cli.js';

describe('cookie-audit demo', () => {
  it('scans the bundled estate, shows every finding kind and clean rows, then stops its server', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'cookie-audit-demo-'));
    try {
      const jsonFile = join(outDir, 'demo.json');
      const run = await runCli(['demo', '--json', jsonFile]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('To scan a real site next');
      const report = JSON.parse(await readFile(jsonFile, 'utf8'));
      const kinds = new Set(report.findings.map((finding: { kind: string }) => finding.kind));
      expect([...kinds].sort()).toEqual(Object.keys(FINDING_KINDS).sort());
      // The demo's own waivers: one holds (shown, not failing), one expired (a finding itself).
      const waived = report.findings.filter((f: { waiver?: unknown }) => f.waiver);
      expect(waived.map((f: { kind: string; site: string; cookie: { name: string } }) => [f.kind, f.site, f.cookie.name])).toEqual([['type-mismatch', 'isqm-manager', 'STCK_ID']]);
      expect(report.summary.waived).toBe(1);
      expect(run.stdout).toMatch(/waived until 2099-12-31 \(dpo@esomus\.test\)/);
      type Located = { site: string; scenario: string; name: string; domain: string };
      const where = (c: Located) => `${c.site}/${c.scenario}/${c.name}/${c.domain}`;
      const flagged = new Set(
        report.findings.filter((f: { cookie: unknown }) => f.cookie).map((f: { site: string; scenario: string; cookie: Located }) => where({ ...f.cookie, site: f.site, scenario: f.scenario })),
      );
      const clean = report.cookies.filter((c: Located & { declared: string | null }) => c.declared && !flagged.has(where(c)));
      // Declared cookies pass only for the subscriber, who consented by subscribing.
      expect(clean.map((c: Located) => `${c.scenario}/${c.name}`).sort()).toEqual(['abonne/STCK_ID', 'abonne/UID']);
      expect(report.scan.sites.map((site: { name: string; scenario: string }) => `${site.name}/${site.scenario}`)).toEqual([
        'esomus/anonymous',
        'esomus/abonne',
        'isqm-manager/refus',
      ]);
      expect(run.stdout).toMatch(/^✖ FAIL/);
      const gclHint = report.findings.find((f: { kind: string; cookie: { name: string } | null }) => f.kind === 'undeclared' && f.cookie?.name === '_gcl_au');
      expect(gclHint.hint).toMatchObject({ source: 'Open Cookie Database', dataController: 'Google' });
      expect(report.rejectedCookies.map((r: { scenario: string; name: string; reasons: string[] }) => [r.scenario, r.name, r.reasons])).toEqual([
        ['abonne', '__Host-session', ['InvalidPrefix']],
        ['anonymous', '__Host-session', ['InvalidPrefix']],
      ]);
      expect(report.scan.browser.thirdPartyCookies).toBe('allowed');
      for (const cookie of report.cookies) expect(run.stdout).toContain(cookie.name);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 90_000);
});
