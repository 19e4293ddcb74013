import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import type { AuditResult } from '../../src/model/result.js';
import { escapeTerminal } from '../../src/report/escape.js';
import { renderJunit } from '../../src/report/junit.js';
import { DAY, entry, observation, run, sessionObservation, waiver } from '../audit/builders.js';
import { sampleResult } from './fixtures.js';

interface Failure {
  message: string;
  type: string;
  '#text': string;
}

interface TestCase {
  name: string;
  classname: string;
  file?: string;
  line?: string;
  failure?: Failure[];
  error?: { message: string; type: string };
  skipped?: { message: string };
  'system-out'?: string;
}

interface Counts {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
}

interface TestSuite extends Counts {
  testcase: TestCase[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name),
});

function junit(result: AuditResult): { testsuites: Counts & { time: string; testsuite: TestSuite[] } } {
  const xml = renderJunit(result);
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

function suites(result: AuditResult): TestSuite[] {
  return junit(result).testsuites.testsuite;
}

function testCase(result: AuditResult, suite: string, name: string): TestCase {
  const found = suites(result)
    .find((one) => one.name === suite)
    ?.testcase.find((one) => one.name === name);
  if (!found) throw new Error(`no testcase ${suite} › ${name}`);
  return found;
}

function counts(cases: TestCase[]) {
  return {
    tests: String(cases.length),
    failures: String(cases.filter((one) => !one.error && one.failure).length),
    errors: String(cases.filter((one) => one.error).length),
    skipped: String(cases.filter((one) => one.skipped).length),
  };
}

describe('renderJunit', () => {
  test('a suite per site and scenario, then one for the inventory, with counts that add up', () => {
    const { testsuites } = junit(sampleResult());
    expect(testsuites.testsuite.map((suite) => suite.name)).toEqual(['esomus / anonymous', 'shop / anonymous', 'inventory inventory.yaml']);
    for (const suite of testsuites.testsuite) expect(suite).toMatchObject(counts(suite.testcase));
    expect(testsuites).toMatchObject({ name: 'cookie-audit 0.1.0', time: '120', ...counts(testsuites.testsuite.flatMap((suite) => suite.testcase)) });
    expect(testsuites).toMatchObject({ tests: '26', failures: '12', errors: '1', skipped: '0' });
  });

  test('a testcase per observed cookie and storage key, after the crawl', () => {
    const [esomus] = suites(sampleResult());
    expect(esomus.testcase.map((one) => one.name)).toEqual([
      'crawl',
      'CODE_OP (.esomus.test/)',
      'STCK_ID (.esomus.test/)',
      'UID (.esomus.test/)',
      '_ga_X1 (.esomus.test/)',
      '_ma_id (.esomus.test/)',
      '_ma_test (.esomus.test/)',
      'evil\\x1B[31mname\\n (ads.partenaire-pub.test/)',
      'indexedDB "key\\x1B]0;pwned\\x07\\u202E" on https://ads.partenaire-pub.test',
      'localStorage "_ma_last_visit" on https://www.esomus.test',
      'sessionStorage "consent" on https://www.esomus.test',
    ]);
    expect(esomus.testcase.every((one) => one.classname === 'esomus / anonymous')).toBe(true);
  });

  test('a failure per error or warning finding on a cookie, pointing at its entry when it has one', () => {
    const maId = testCase(sampleResult(), 'esomus / anonymous', '_ma_id (.esomus.test/)');
    expect(maId.failure?.map((failure) => failure.type)).toEqual(['undeclared', 'below-minimum']);
    expect(maId.failure?.[1].message).toBe('requested 2 hours; the policy says persistent cookies last at least 1 day');
    const uid = testCase(sampleResult(), 'esomus / anonymous', 'UID (.esomus.test/)');
    expect(uid).toMatchObject({ file: 'inventory.yaml', line: '40' });
    expect(uid.failure?.[0]['#text']).toContain('inventory: inventory.yaml:40:5');
    expect(testCase(sampleResult(), 'esomus / anonymous', 'STCK_ID (.esomus.test/)').failure).toBeUndefined();
  });

  test('an entry testcase per inventory entry: unnamed fails, unobserved (info) passes with the finding in system-out', () => {
    const inventory = suites(sampleResult())[2];
    expect(inventory.testcase.map((one) => one.name)).toEqual(
      ['STCK_ID', 'basket', 'code-operation', 'consent', 'gcl', 'last-account-id', 'ma-test', 'never', 'seo-keywords', 'u2', 'uid'].map((id) => `entry "${id}"`),
    );
    const never = testCase(sampleResult(), 'inventory inventory.yaml', 'entry "never"');
    expect(never.failure).toBeUndefined();
    expect(never['system-out']).toMatch(/^info unobserved: inventory entry "never"/);
    expect(testCase(sampleResult(), 'inventory inventory.yaml', 'entry "code-operation"').failure?.map((failure) => failure.type)).toEqual(['unnamed-entry']);
    expect(testCase(sampleResult(), 'inventory inventory.yaml', 'entry "STCK_ID"')['system-out']).toBe(
      'matches esomus/anonymous: STCK_ID (.esomus.test/)\nmatches shop/anonymous: STCK_ID (.esomus.test/)',
    );
  });

  test('a site that could not be covered errors, with its page errors', () => {
    const crawl = testCase(sampleResult(), 'shop / anonymous', 'crawl');
    expect(crawl.error?.type).toBe('crawl');
    expect(crawl['system-out']).toBe('3 pages visited\nhttps://shop.esomus.test/pa\\x1Bnier: net::ERR_TIMED_OUT');
    expect(testCase(sampleResult(), 'esomus / anonymous', 'crawl').error).toBeUndefined();
  });

  test('waived findings are skipped, with the reason, owner and expiry', () => {
    const ten = observation({ requestedLifetimeSeconds: 3650 * DAY });
    const result = run([ten], [entry({ id: 'uid', name: 'UID' })], { inventory: { waivers: [waiver()] } });
    const uid = testCase(result, 'esomus / anonymous', 'UID (.esomus.test/)');
    expect(uid.failure).toBeUndefined();
    expect(uid.skipped?.message).toBe('waived: over-long (vendor fix planned for v3; owner dpo@esomus.test, until 2025-06-30)');
    expect(junit(result).testsuites).toMatchObject({ failures: '0', skipped: '1' });
  });

  test('one cookie name on two paths: two testcases, one finding each', () => {
    const result = run([sessionObservation({ name: 'X' }), sessionObservation({ name: 'X', path: '/shop' })], []);
    for (const name of ['X (.esomus.test/)', 'X (.esomus.test/shop)']) {
      expect(testCase(result, 'esomus / anonymous', name).failure?.map((failure) => failure.type)).toEqual(['undeclared']);
    }
  });

  test('is byte-for-byte stable, whatever order the findings come in', () => {
    const result = sampleResult();
    expect(renderJunit({ ...result, findings: [...result.findings].reverse() })).toBe(renderJunit(sampleResult()));
  });
});

describe('hostile cookie names', () => {
  const NAMES = ['a]]>b', '<script>&amp;', '</testcase>', "q\"u'o", 'evil\u001b[31mred', 'nul\u0000l', 'half\ud800pair', 'nonchar\uffff'];
  const result = run(
    NAMES.map((name) => sessionObservation({ name })),
    [],
  );

  test('survive as well-formed XML 1.0, with no character XML forbids', () => {
    const xml = renderJunit(result);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
  });

  test('read back as their visible escapes, in names, messages and details', () => {
    const cases = suites(result)[0].testcase.filter((one) => one.name !== 'crawl');
    const expected = NAMES.map((name) => escapeTerminal(name).replace(/[\ud800-\udfff\uffff]/g, '\ufffd'));
    expect(cases.map((one) => one.name).sort()).toEqual(expected.map((name) => `${name} (.esomus.test/)`).sort());
    for (const one of cases) {
      const name = one.name.replace(/ \(\.esomus\.test\/\)$/, '');
      expect(one.failure?.[0].message).toContain(`"${name}" is not declared`);
      expect(one.failure?.[0]['#text']).toContain(`cookie "${name}"`);
    }
    expect(cases.map((one) => one.name)).toContain('evil\\x1B[31mred (.esomus.test/)');
    expect(cases.map((one) => one.name)).toContain('nul\\x00l (.esomus.test/)');
  });
});
