import { describe, expect, test } from 'vitest';
import { formatSeconds } from '../../src/model/duration.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { observation, run } from '../audit/builders.js';
import { sampleResult } from './fixtures.js';

const ESC = '\u001b';

/** The table row (it starts with a status marker) that shows this cookie name. */
function row(lines: string[], shownName: string): string | undefined {
  return tableRows(lines).find((line) => line.includes(` ${shownName} `));
}

function tableRows(lines: string[]): string[] {
  return lines.slice(1).filter((line) => /^[✔✖▲•] /.test(line));
}

describe('renderTerminal without colour', () => {
  const result = sampleResult();
  const output = renderTerminal(result, { color: false });
  const lines = output.split('\n');

  test('starts with the verdict line', () => {
    expect(lines[0]).toBe(
      '✖ FAIL  6 errors, 4 warnings, 1 info — 7 cookies on 2 sites, 7 pages, 1 scan error, 1 site incomplete (fails on: error)',
    );
  });

  test('has no colour codes and no raw control characters', () => {
    expect(output).not.toContain(ESC);
    expect(output.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  test('lists every finding with its kind, message and inventory line', () => {
    for (const finding of result.findings) {
      const line = lines.find((candidate) => candidate.includes(`[${finding.kind}]`) && candidate.includes(finding.message.replace(/\u001b/g, '\\x1B').replace(/\n/g, '\\n')));
      expect(line, finding.message).toBeDefined();
      if (finding.location) expect(line).toContain(`inventory.yaml:${finding.location.line}`);
    }
  });

  test('groups findings by severity, errors first', () => {
    const headings = lines.filter((line) => /^(Errors|Warnings|Info) \(\d+\)$/.test(line));
    expect(headings).toEqual(['Errors (6)', 'Warnings (4)', 'Info (1)']);
  });

  test('shows suggestions under unnamed entries', () => {
    const index = lines.findIndex((line) => line.includes('[unnamed-entry]') && line.includes('"code-operation"'));
    expect(lines[index + 1].trim()).toBe('looks like: CODE_OP');
  });

  test('shows scan errors per site, escaped', () => {
    expect(output).toContain('Scan errors\n  shop  incomplete: the site was not fully scanned\n');
    expect(output).toContain('  shop  https://shop.esomus.test/pa\\x1Bnier — net::ERR_TIMED_OUT');
  });

  test('has a row for every observed cookie, in a table per site', () => {
    expect(output).toContain('Cookies on esomus (5)');
    expect(output).toContain('Cookies on shop (2)');
    const rows = tableRows(lines);
    expect(rows).toHaveLength(result.cookies.length);
    for (const cookie of result.cookies) {
      const shownName = cookie.name.replace(/\u001b/g, '\\x1B').replace(/\n/g, '\\n');
      expect(rows.some((line) => line.includes(` ${shownName} `) && line.includes(cookie.domain)), cookie.name).toBe(true);
    }
  });

  test('rows show both lifetimes, the entry, the origin and a status marker', () => {
    expect(row(lines, 'UID')).toMatch(/^✖\s+UID\s+\.esomus\.test\s+first\s+persistent\s+10 y\s+400 d\s+uid\s+http ← www\.esomus\.test$/);
    expect(row(lines, 'STCK_ID')).toMatch(/^✔\s+STCK_ID\s+.*session\s+—\s+—\s+STCK_ID\s+http ← www\.esomus\.test$/);
    expect(row(lines, '_ma_id')).toMatch(/persistent\s+2 h\s+395 d\s+undeclared\s+js ← cdn\.tracker\.test\/v2\/tag\.js$/);
    expect(row(lines, 'evil\\x1B[31mname\\n')).toMatch(/undeclared\s+jar$/);
  });

  test('keeps typical tables within 140 columns', () => {
    const tableLines = lines.slice(lines.findIndex((line) => line.startsWith('Cookies on')));
    for (const line of tableLines) expect([...line].length).toBeLessThanOrEqual(140);
  });

  test('a clean result passes and says so', () => {
    const clean = run([], []);
    const text = renderTerminal(clean, { color: false });
    expect(text.split('\n')[0]).toBe('✔ PASS  0 errors, 0 warnings, 0 info — 0 cookies on 1 site, 3 pages (fails on: error)');
    expect(text).toContain('No findings.');
  });

  test('shortens long origins to host/…/file, then to the host, cutting only absurd hosts', () => {
    const origins = [
      `https://cdn.test/very/long/path/to/the/tag.js`,
      `https://${'a'.repeat(40)}.test/tag.js`,
      `https://${'b'.repeat(80)}.test/tag.js`,
    ].map((initiatorUrl, index) => observation({ name: `L${index}`, setBy: 'js', initiatorUrl }));
    const lines = renderTerminal(run(origins, []), { color: false }).split('\n');
    expect(row(lines, 'L0')).toMatch(/js ← cdn\.test\/…\/tag\.js$/);
    expect(row(lines, 'L1')).toMatch(/js ← a{40}\.test$/);
    expect(row(lines, 'L2')).toMatch(/js ← b{63}…$/);
    expect(row(lines, 'L0')).toContain(formatSeconds(observation().requestedLifetimeSeconds ?? 0));
  });
});

describe('renderTerminal with colour', () => {
  test('uses ANSI colours but still escapes site-controlled text', () => {
    const output = renderTerminal(sampleResult(), { color: true });
    expect(output).toContain(`${ESC}[`);
    expect(output).toContain('evil\\x1B[31mname\\n');
    expect(output).not.toContain(`evil${ESC}`);
  });
});
