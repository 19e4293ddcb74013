import { describe, expect, test } from 'vitest';
import { reporters, REPORTER_NAMES } from '../../src/report/index.js';
import { renderJson } from '../../src/report/json.js';
import { observation, run } from '../audit/builders.js';
import { sampleResult } from './fixtures.js';

function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

describe('renderJson', () => {
  test('round-trips the result, indented, with a final newline', () => {
    const result = sampleResult();
    const text = renderJson(result);
    expect(JSON.parse(text)).toEqual(result);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,');
  });

  test('never has a value key', () => {
    expect(keysOf(JSON.parse(renderJson(sampleResult())))).not.toContain('value');
  });

  test('gives findings their facts, with only the fields they have, in a fixed order', () => {
    const report = JSON.parse(renderJson(sampleResult()));
    const overLong = report.findings.find((finding: { kind: string }) => finding.kind === 'over-long');
    expect(Object.keys(overLong.facts)).toEqual(['requestedSeconds', 'effectiveSeconds', 'limitSeconds']);
    expect(report.findings.find((finding: { kind: string }) => finding.kind === 'undeclared')).not.toHaveProperty('facts');
  });

  test('is byte-for-byte stable', () => {
    expect(renderJson(sampleResult())).toBe(renderJson(sampleResult()));
  });
});

describe('renderJson with scenarios', () => {
  test('names the scenario of every site, cookie, storage key, rejected cookie and finding about them', () => {
    const report = JSON.parse(renderJson(sampleResult()));
    for (const item of [...report.scan.sites, ...report.cookies, ...report.storage, ...report.rejectedCookies]) expect(item.scenario).toBe('anonymous');
    for (const finding of report.findings) expect(finding.scenario).toBe(finding.site === null ? null : 'anonymous');
  });

  test('gives a cookie its consent state only when the scan recorded one', () => {
    const report = JSON.parse(renderJson(run([observation({ name: 'A', consent: 'refused' }), observation({ name: 'B' })], [])));
    expect(report.cookies.map((cookie: Record<string, unknown>) => cookie.consent)).toEqual(['refused', undefined]);
    expect(report.cookies[1]).not.toHaveProperty('consent');
  });
});

describe('the reporter registry', () => {
  test('has every format by its command-line name', () => {
    expect(REPORTER_NAMES).toEqual(['text', 'json', 'md', 'html', 'sarif', 'junit', 'github']);
    const result = sampleResult();
    expect(reporters.json(result, { color: true, lang: 'en', includeValues: false })).toBe(renderJson(result));
    expect(reporters.text(result, { color: false, lang: 'en', includeValues: false })).toMatch(/^✖ FAIL/);
  });
});
