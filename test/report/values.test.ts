/**
 * Cookie values (scan --include-values): written only when the reports are asked for them
 * (ReportOptions.includeValues) and only in json, text, html and junit; never in md, sarif or the
 * GitHub annotations, whatever the option says and wherever a saved report smuggles one in.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import type { AuditResult } from '../../src/model/result.js';
import { reporters, REPORTER_NAMES, type ReporterName, type ReportOptions } from '../../src/report/index.js';
import { renderJson } from '../../src/report/json.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { entry, observation, run, sessionObservation } from '../audit/builders.js';

const SECRET = 'S3CR3T';
const LONG = `${SECRET}-long-${'0123456789'.repeat(10)}`;
const HOSTILE = `${SECRET}\u001b[31m<b>"x"</b>`;

/**
 * UID (declared), STCK_ID and _ma_id, with values; NOVALUE without one. The audit does not carry
 * values (yet), so they are put on the audited cookies, as a scan with --include-values would have them.
 */
function withValues(): AuditResult {
  const result = run(
    [observation({ name: 'UID' }), sessionObservation({ name: 'STCK_ID' }), sessionObservation({ name: '_ma_id' }), sessionObservation({ name: 'NOVALUE' })],
    [entry({ id: 'uid', name: 'UID' })],
  );
  const values: Record<string, string> = { UID: `${SECRET}-uid`, STCK_ID: LONG, _ma_id: HOSTILE };
  return { ...result, cookies: result.cookies.map((cookie) => (cookie.name in values ? { ...cookie, value: values[cookie.name] } : cookie)) };
}

const options = (includeValues: boolean, lang: ReportOptions['lang'] = 'en'): ReportOptions => ({ color: false, lang, includeValues });
const render = (format: ReporterName, result: AuditResult, includeValues: boolean) => reporters[format](result, options(includeValues));

describe('without includeValues, no format writes a value', () => {
  test.each(REPORTER_NAMES)('%s', (format) => {
    const output = render(format, withValues(), false);
    expect(output).not.toContain(SECRET);
    expect(output).not.toMatch(/\bValue\b|Valeur/);
  });
});

describe('md, sarif and github never write a value, even when asked', () => {
  // Smuggled everywhere a hand-edited report could put one: on cookies and on the findings' cookies.
  const smuggled = (): AuditResult => {
    const result = withValues();
    return { ...result, findings: result.findings.map((finding) => (finding.cookie ? { ...finding, cookie: { ...finding.cookie, value: SECRET } } : finding)) };
  };
  test.each(['md', 'sarif', 'github'] as const)('%s', (format) => {
    expect(render(format, smuggled(), true)).not.toContain(SECRET);
    expect(render(format, smuggled(), true)).toBe(render(format, smuggled(), false));
    expect(reporters[format](smuggled(), options(true, 'fr'))).not.toContain(SECRET);
  });
});

describe('json', () => {
  const keys = (value: unknown): string[] =>
    Array.isArray(value) ? value.flatMap(keys) : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([key, inner]) => [key, ...keys(inner)]) : [];

  test('keeps the values, exactly, when asked', () => {
    const parsed = JSON.parse(render('json', withValues(), true)) as AuditResult;
    expect(parsed).toEqual(withValues());
    expect(parsed.cookies.map((cookie) => [cookie.name, cookie.value])).toEqual([
      ['NOVALUE', undefined],
      ['STCK_ID', LONG],
      ['UID', `${SECRET}-uid`],
      ['_ma_id', HOSTILE],
    ]);
  });

  test('drops every value otherwise, and only the values', () => {
    const parsed = JSON.parse(render('json', withValues(), false)) as AuditResult;
    expect(keys(parsed)).not.toContain('value');
    expect(parsed).toEqual({ ...withValues(), cookies: withValues().cookies.map(({ value: _value, ...cookie }) => cookie) });
  });

  test('rendering a saved report that has values again without the option removes them', () => {
    const saved = JSON.parse(renderJson(withValues(), { includeValues: true })) as AuditResult;
    expect(renderJson(saved, { includeValues: false })).not.toContain(SECRET);
    expect(renderJson(saved)).not.toContain(SECRET);
    // Values somewhere they never belong (a hand-edited report) go too.
    const edited = { ...saved, storage: [{ ...saved.cookies[0], value: SECRET }], rejectedCookies: [{ ...saved.cookies[0], value: SECRET }] } as unknown as AuditResult;
    expect(renderJson(edited)).not.toContain(SECRET);
  });

  test('a result without values is the same either way', () => {
    const plain = run([observation()], []);
    expect(renderJson(plain, { includeValues: true })).toBe(renderJson(plain, { includeValues: false }));
  });
});

describe('text', () => {
  const lines = render('text', withValues(), true).split('\n');
  const rowOf = (name: string) => lines.find((line) => /^[✔✖▲•] /.test(line) && line.includes(` ${name} `)) ?? '';

  test('a Value column after the name, each value escaped and cut to 40 characters', () => {
    expect(lines.find((line) => line.includes('Name'))).toMatch(/^\s+Name\s+Value\s+Domain\s+Party/);
    expect(rowOf('UID')).toMatch(/ UID\s+S3CR3T-uid\s+\.esomus\.test /);
    expect(rowOf('STCK_ID')).toContain(` ${LONG.slice(0, 39)}… `);
    expect(rowOf('_ma_id')).toContain(' S3CR3T\\x1B[31m<b>"x"</b> ');
    expect(rowOf('NOVALUE')).toMatch(/ NOVALUE\s+—\s+\.esomus\.test /);
    expect(lines.join('\n')).not.toContain(LONG);
    expect(lines.join('\n')).not.toContain('\u001b');
  });

  test('no column when no cookie has a value, even when asked', () => {
    const plain = run([observation()], []);
    expect(render('text', plain, true)).toBe(render('text', plain, false));
    expect(render('text', plain, true)).not.toContain('Value');
  });

  test('colour codes stay ours: a value cannot bring its own', () => {
    const coloured = renderTerminal(withValues(), { color: true, includeValues: true });
    expect(coloured).toContain('S3CR3T\\x1B[31m');
    expect(coloured).not.toContain('S3CR3T\u001b');
  });

  test('renderTerminal shows no value unless told to', () => {
    expect(renderTerminal(withValues(), { color: false })).not.toContain(SECRET);
  });
});

describe('html', () => {
  const html = reporters.html(withValues(), options(true, 'fr'));
  const row = (name: string) => new RegExp(`<tr>(?:(?!</tr>).)*<code>${name}</code>(?:(?!</tr>).)*</tr>`).exec(html)?.[0] ?? '';

  test('a Valeur column after the name; a long value cut in its cell, whole in the title; all escaped', () => {
    expect(html).toMatch(/<button type="button">Nom<\/button><\/th><th scope="col"><button type="button">Valeur<\/button>/);
    expect(row('UID')).toContain('<td><code>S3CR3T-uid</code></td>');
    expect(row('STCK_ID')).toContain(`<td><code title="${LONG}">${LONG.slice(0, 39)}…</code></td>`);
    expect(row('_ma_id')).toContain('<td><code>S3CR3T\\x1B[31m&lt;b&gt;&quot;x&quot;&lt;/b&gt;</code></td>');
    expect(row('NOVALUE')).toContain('<code>NOVALUE</code></td><td>—</td>');
    expect(html).not.toContain('<b>');
  });

  test('no column when no cookie has a value, even when asked', () => {
    const plain = run([observation()], []);
    expect(reporters.html(plain, options(true))).toBe(reporters.html(plain, options(false)));
  });
});

describe('junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) });
  const systemOut = (xml: string, name: string): string => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = parser.parse(xml).testsuites.testsuite as { testcase: { name: string; 'system-out'?: string }[] }[];
    return suites[0].testcase.find((one) => one.name === name)?.['system-out'] ?? '';
  };

  test("in the cookie testcase's system-out when asked, whole and escaped", () => {
    const xml = render('junit', withValues(), true);
    expect(systemOut(xml, 'UID (.esomus.test/)')).toBe('declared by entry "uid"\nvalue: S3CR3T-uid');
    expect(systemOut(xml, 'STCK_ID (.esomus.test/)')).toBe(`declared by no inventory entry\nvalue: ${LONG}`);
    expect(systemOut(xml, '_ma_id (.esomus.test/)')).toBe('declared by no inventory entry\nvalue: S3CR3T\\x1B[31m<b>"x"</b>');
    expect(systemOut(xml, 'NOVALUE (.esomus.test/)')).toBe('declared by no inventory entry');
  });

  test('nowhere otherwise', () => {
    expect(systemOut(render('junit', withValues(), false), 'UID (.esomus.test/)')).toBe('declared by entry "uid"');
  });
});
