import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { describe, expect, test } from 'vitest';
import { compareWithBaseline } from '../../src/diff/index.js';
import { FINDING_KINDS } from '../../src/model/finding.js';
import type { AuditResult } from '../../src/model/result.js';
import { renderSarif } from '../../src/report/sarif.js';
import { DAY, entry, observation, run, sessionObservation, site, waiver } from '../audit/builders.js';
import { HOSTILE_NAME, sampleResult } from './fixtures.js';

// The SARIF 2.1.0 JSON schema (as published on schemastore, draft-04), shipped inside an npm package: no network.
const SCHEMA_FILE = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

function schemaValidator() {
  // unicodeRegExp off: the schema's language pattern ("…[a-zA-Z]{2}]?$") is not a valid regex with the u flag.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(createRequire(import.meta.url)(SCHEMA_FILE) as object);
}

const validate = schemaValidator();

function sarif(result: AuditResult): Sarif.Log {
  return JSON.parse(renderSarif(result)) as Sarif.Log;
}

function results(result: AuditResult): Sarif.Result[] {
  return sarif(result).runs[0].results ?? [];
}

/** UID over-long (ten years) and an undeclared _ma_id; the UID entry written on `uidLine`. */
function report(uidLine = 40, lifetime = 3650 * DAY, options: Parameters<typeof run>[2] = {}): AuditResult {
  const cookies = [observation({ requestedLifetimeSeconds: lifetime }), sessionObservation({ name: '_ma_id' })];
  return run(cookies, [entry({ id: 'uid', name: 'UID' }, uidLine)], options);
}

function waived(): AuditResult {
  return report(40, 3650 * DAY, { inventory: { waivers: [waiver({}, 80)] } });
}

describe('renderSarif against the SARIF 2.1.0 schema', () => {
  const cases: [string, AuditResult][] = [
    ['every finding kind, hostile names, a page error', sampleResult()],
    ['a waived finding', waived()],
    ['a baseline comparison', compareWithBaseline(report(), report(40, 3650 * DAY, { sites: [site(), site({ name: 'shop' })] }), { file: 'main.json', failOnNew: true })],
    ['no finding at all', run([], [])],
    ['no inventory file', { ...sampleResult(), inventory: null }],
  ];
  test.each(cases)('%s', (_name, result) => {
    const log = sarif(result);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });
});

test('the schema check rejects what SARIF forbids (a level it does not know, line 0)', () => {
  const log = sarif(report());
  const [first] = log.runs[0].results!;
  expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...first, level: 'fatal' }] }] })).toBe(false);
  const region = { startLine: 0 };
  const atLineZero = { ...first, locations: [{ physicalLocation: { ...first.locations![0].physicalLocation, region } }] };
  expect(validate({ ...log, runs: [{ ...log.runs[0], results: [atLineZero] }] })).toBe(false);
});

describe('rules', () => {
  test('one per finding kind, with descriptions, help and the level of its severity', () => {
    const { driver } = sarif(sampleResult()).runs[0].tool;
    expect(driver).toMatchObject({ name: 'cookie-audit', version: '0.1.0' });
    expect(driver.rules?.map((rule) => rule.id)).toEqual(Object.keys(FINDING_KINDS));
    const levels = Object.fromEntries(driver.rules!.map((rule) => [rule.id, rule.defaultConfiguration?.level]));
    expect(levels).toMatchObject({ undeclared: 'error', 'below-minimum': 'warning', unobserved: 'note', 'expired-waiver': 'error' });
    for (const rule of driver.rules!) {
      expect(rule.shortDescription?.text).toMatch(/^[A-Z].+\.$/);
      expect(rule.fullDescription?.text.length).toBeGreaterThan(40);
      expect(rule.help?.text.length).toBeGreaterThan(40);
    }
  });

  test('every result names its rule by id and index, at the level of its severity', () => {
    const log = sarif(sampleResult());
    const rules = log.runs[0].tool.driver.rules!;
    for (const result of log.runs[0].results!) expect(rules[result.ruleIndex!].id).toBe(result.ruleId);
    expect(log.runs[0].results!.map((result) => result.level)).toEqual(sampleResult().findings.map((finding) => ({ error: 'error', warning: 'warning', info: 'note' })[finding.severity]));
  });
});

describe('locations', () => {
  test('a finding about an entry points at the entry; an undeclared cookie at the inventory file, line 1', () => {
    const [overLong, undeclared] = results(report(33)).sort((a, b) => a.ruleIndex! - b.ruleIndex!).reverse();
    expect(overLong.ruleId).toBe('over-long');
    expect(overLong.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'inventory.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 33, startColumn: 5 },
    });
    expect(undeclared.ruleId).toBe('undeclared');
    expect(undeclared.locations?.[0].physicalLocation?.region).toEqual({ startLine: 1, startColumn: 1 });
  });

  test('the inventory path becomes a relative URI; an absolute one a file: URI', () => {
    const at = (file: string) => {
      const result = report();
      const findings = result.findings.map((finding) => (finding.location ? { ...finding, location: { ...finding.location, file } } : finding));
      return results({ ...result, inventory: { ...result.inventory!, file }, findings }).map((one) => one.locations?.[0].physicalLocation?.artifactLocation);
    };
    expect(at('./policies/cookie inventory.yaml')).toEqual(Array(2).fill({ uri: 'policies/cookie%20inventory.yaml', uriBaseId: '%SRCROOT%' }));
    expect(at('/srv/repo/inventory.yaml')).toEqual(Array(2).fill({ uri: 'file:///srv/repo/inventory.yaml' }));
  });

  test('without an inventory file, findings without a location have none', () => {
    const undeclared = results({ ...report(), inventory: null }).find((result) => result.ruleId === 'undeclared');
    expect(undeclared?.locations).toBeUndefined();
  });
});

describe('partial fingerprints', () => {
  const prints = (result: AuditResult) => results(result).map((one) => [one.ruleId, one.partialFingerprints?.['cookieAuditFinding/v1']]);

  test('stay the same when the inventory moves and lifetimes drift, and differ between findings', () => {
    const first = prints(report(40, 3650 * DAY));
    expect(prints(report(52, 3650 * DAY + 120))).toEqual(first);
    expect(new Set(first.map(([, print]) => print)).size).toBe(first.length);
    for (const [, print] of first) expect(print).toMatch(/^[0-9a-f]{64}:1$/);
  });

  test('number findings that share an identity (one name on two paths)', () => {
    const twoPaths = run([sessionObservation({ name: 'X' }), sessionObservation({ name: 'X', path: '/shop' })], []);
    expect(prints(twoPaths).map(([, print]) => print!.split(':')[1])).toEqual(['1', '2']);
  });
});

describe('waivers and baselines', () => {
  test('a waived finding keeps its level and carries an external, accepted suppression', () => {
    const overLong = results(waived()).find((result) => result.ruleId === 'over-long')!;
    expect(overLong.level).toBe('error');
    expect(overLong.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'vendor fix planned for v3',
        location: { physicalLocation: { artifactLocation: { uri: 'inventory.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 80, startColumn: 5 } } },
        properties: { owner: 'dpo@esomus.test', expires: '2025-06-30' },
      },
    ]);
    expect(results(waived()).find((result) => result.ruleId === 'undeclared')?.suppressions).toBeUndefined();
  });

  test('a baseline comparison becomes baselineState and a change property', () => {
    const head = report(40, 3650 * DAY, { sites: [site()] });
    const base = run([observation({ requestedLifetimeSeconds: 3650 * DAY })], [entry({ id: 'uid', name: 'UID' })]);
    const log = sarif(compareWithBaseline(base, head, { file: 'main.json', failOnNew: false }));
    expect(log.runs[0].results!.map((one) => [one.ruleId, one.baselineState, one.properties?.change])).toEqual([
      ['undeclared', 'new', 'new'],
      ['over-long', 'unchanged', 'existing'],
    ]);
    expect(log.runs[0].properties?.baseline).toEqual({ file: 'main.json', startedAt: '2025-03-10T08:59:00.000Z', newFindings: 1, unchangedFindings: 1, fixedFindings: 0 });
    expect(results(report())[0].baselineState).toBeUndefined();
  });
});

describe('the run', () => {
  test('says when and how the scan ran: times, browser, pages, sites, page errors', () => {
    const [invocation] = sarif(sampleResult()).runs[0].invocations!;
    expect(invocation).toMatchObject({ executionSuccessful: false, startTimeUtc: '2025-03-10T08:59:00.000Z', endTimeUtc: '2025-03-10T09:01:00.000Z' });
    expect(invocation.properties).toMatchObject({ browser: { name: 'chromium', version: '156.0.0.0' }, pagesVisited: 7 });
    expect(invocation.properties?.sites).toEqual([
      { name: 'esomus', scenario: 'anonymous', pagesVisited: 4, complete: true, errors: 0 },
      { name: 'shop', scenario: 'anonymous', pagesVisited: 3, complete: false, errors: 1 },
    ]);
    expect(invocation.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: 'Site shop, scenario anonymous: https://shop.esomus.test/pa\\x1Bnier: net::ERR_TIMED_OUT' } },
    ]);
    expect(sarif(report()).runs[0].invocations![0].executionSuccessful).toBe(true);
  });

  test('messages escape what the site controls; properties keep it as data', () => {
    const hostile = results(sampleResult()).find((result) => (result.properties?.cookie as { name: string } | undefined)?.name === HOSTILE_NAME);
    expect(hostile?.message.text).toBe(
      'Site esomus, scenario anonymous, cookie "evil\\x1B[31mname\\n" (ads.partenaire-pub.test): "evil\\x1B[31mname\\n" is not declared in the inventory; a third-party cookie found in the cookie jar on https://www.esomus.test/',
    );
    for (const result of results(sampleResult())) expect(result.message.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
  });

  test('is byte-for-byte stable, whatever order the findings come in', () => {
    const result = sampleResult();
    expect(renderSarif({ ...result, findings: [...result.findings].reverse() })).toBe(renderSarif(sampleResult()));
  });
});
