import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseShardReport } from '../../src/merge/report-file.js';
import { renderJson } from '../../src/report/json.js';
import { observation, run } from '../audit/builders.js';

const report = () => run([observation()], []);
const text = (value: unknown) => JSON.stringify(value);

describe('parseShardReport', () => {
  it('reads a JSON report back', () => {
    expect(parseShardReport(renderJson(report()), 'shard-1.json')).toEqual(report());
  });

  it('reads a report written before storage and rejected cookies existed', () => {
    const { storage, rejectedCookies, ...old } = report();
    expect(parseShardReport(text(old), 'old.json').cookies).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{ "schemaVersion": 1,', /^shard-2\.json: not a JSON report \(.+\); give a file written by cookie-audit scan --json$/],
    ['without schemaVersion', text({ cookies: [] }), /^shard-2\.json: not a cookie-audit JSON report \(no schemaVersion\)/],
    ['an array', '[]', /^shard-2\.json: not a cookie-audit JSON report/],
    ['of another schemaVersion', text({ ...report(), schemaVersion: 2 }), /^shard-2\.json: schemaVersion 2 cannot be merged; this cookie-audit reads schemaVersion 1/],
    ['without scan', text({ ...report(), scan: undefined }), /^shard-2\.json: not a complete cookie-audit JSON report \(missing or invalid: scan, scan\.startedAt, scan\.finishedAt, scan\.browser, scan\.sites\)$/],
    ['without cookies', text({ ...report(), cookies: 'none' }), /\(missing or invalid: cookies\)$/],
    ['with a broken site', text({ ...report(), scan: { ...report().scan, sites: [{ name: 'esomus' }] } }), /\(missing or invalid: scan\.sites\)$/],
  ])('refuses a file %s, naming it', (_, content, message) => {
    expect(() => parseShardReport(content, 'shard-2.json')).toThrow(UsageError);
    expect(() => parseShardReport(content, 'shard-2.json')).toThrow(message);
  });
});
