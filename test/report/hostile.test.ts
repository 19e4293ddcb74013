/**
 * Hostile content in every format. One realistic result — the real audit() over a scan whose cookie
 * names, domains, paths, values, URLs, storage keys and origins, refused Set-Cookie lines, page
 * errors, site and scenario names, and inventory labels and ids carry markup, Markdown, ANSI/OSC
 * escapes, newlines, NUL and other controls, a lone surrogate, bidi overrides, zero-width characters,
 * emoji, a 4 KB value, a CDATA closer and GitHub workflow commands — rendered in each format, with
 * and without includeValues: every output stays valid (it parses, validates, keeps its structure) and
 * safe (no script runs, no escape sequence reaches a terminal, no command reaches the runner).
 */
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { chromium, type Browser, type Page } from 'playwright-core';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/index.js';
import { compareFindings } from '../../src/audit/order.js';
import { findBrowser } from '../../src/crawl/browser.js';
import { compareWithBaseline } from '../../src/diff/index.js';
import type { Observation } from '../../src/model/observation.js';
import type { AuditResult } from '../../src/model/result.js';
import { escapeTerminal } from '../../src/report/escape.js';
import { reporters, type ReporterName, type ReportOptions } from '../../src/report/index.js';
import { MARKDOWN_LIMIT } from '../../src/report/markdown.js';
import { findingText } from '../../src/report/sarif.js';
import {
  DAY,
  entry,
  inventory,
  observation,
  policy,
  rejected,
  scan,
  sessionObservation,
  site,
  storageObservation,
  TODAY,
  TOOL,
  waiver,
} from '../audit/builders.js';

/** Each piece of hostile text, by what it tries. */
const H = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror=window.__pwned=1>',
  quotes: `"quotes' and &amp;`,
  markdown: '| pipe **bold** [link](javascript:alert(1)) `tick` <details><summary>open',
  ansi: '\u001b[31mred\u001b]8;;http://evil.test\u0007link\u001b]8;;\u0007\u009b2J',
  newline: 'line1\r\nline2\n',
  controls: 'nul\u0000bel\u0007bs\u0008vt\u000bdel\u007f',
  surrogate: 'half\ud800pair',
  bidi: 'txt\u202egnp.exe\u2066x\u2069\u061c',
  invisible: 'U\u200bI\u200cD\u200d\u2060\ufeff',
  emoji: '🍪 👨‍👩‍👧 日本',
  cdata: ']]></system-out></testcase><testcase name="x">',
  workflow: '::error::pwned%0A::warning file=x::y%25',
};
const ALL = Object.values(H).join(' ');
/** A 4 KB value, hostile from start to end. */
const BIG = `${ALL} ${'v'.repeat(4096)} ${ALL}`;

const HOSTILE_SITE = `shop ${H.script}${H.newline}`;
const HOSTILE_SCENARIO = `consent ${H.img}${H.ansi}`;
const HOSTILE_URL = `https://www.esomus.test/${H.quotes}${H.script}?q=${H.newline}${H.ansi}`;
/** Marks every value, to find them in an output: values are the only place it appears. */
const SECRET = 'S3CR3T';

/** The cookies: one per piece of hostile text (as name and value), and one carrying all of it everywhere. */
function observations(): Observation[] {
  const pieces = Object.entries(H).map(([what, text], index) =>
    observation({
      name: `c${index}-${what}${text}`,
      requestedLifetimeSeconds: (index + 1) * 30 * DAY,
      effectiveLifetimeSeconds: (index + 1) * 30 * DAY,
      value: `${SECRET}${index}${text}`,
    }),
  );
  return [
    ...pieces,
    observation({ name: 'UID', requestedLifetimeSeconds: 3650 * DAY, effectiveLifetimeSeconds: 400 * DAY, value: `${SECRET}-uid` }),
    sessionObservation({
      site: HOSTILE_SITE,
      scenario: HOSTILE_SCENARIO,
      consent: 'none',
      name: `all ${ALL}`,
      domain: `.evil.test${H.quotes}${H.script}`,
      path: `/${H.markdown}${H.newline}`,
      partitionKey: `https://top.test/${H.img}`,
      party: 'third',
      setBy: 'js',
      firstSeenUrl: HOSTILE_URL,
      initiatorUrl: `${HOSTILE_URL}/tag.js`,
      initiatorDomain: `evil.test${H.bidi}`,
      transient: true,
      value: `${SECRET}-big ${BIG}`,
    }),
    observation({
      site: HOSTILE_SITE,
      scenario: HOSTILE_SCENARIO,
      consent: 'none',
      name: 'tracked',
      domain: 'ads.evil.test',
      party: 'third',
      setBy: 'js',
      firstSeenUrl: HOSTILE_URL,
      initiatorUrl: HOSTILE_URL,
      initiatorDomain: 'esomus.test',
      lifetimeVaried: true,
      value: '',
    }),
  ];
}

/** Values as a scan with --include-values records them, whether or not the audit passes them on. */
function attachValues(result: AuditResult, cookies: readonly Observation[]): AuditResult {
  const key = (cookie: Observation) => JSON.stringify([cookie.site, cookie.scenario, cookie.name, cookie.domain, cookie.path]);
  const values = new Map(cookies.map((cookie) => [key(cookie), cookie.value]));
  return { ...result, cookies: result.cookies.map((cookie) => ({ ...cookie, value: values.get(key(cookie)) })) };
}

function audited(cookies: Observation[], uidLine: number): AuditResult {
  const record = scan(cookies, {
    sites: [
      site({ errors: [{ url: HOSTILE_URL, message: `net::ERR_FAILED ${ALL}` }] }),
      site({ name: HOSTILE_SITE, scenario: HOSTILE_SCENARIO, complete: false, stoppedBy: 'max-pages', notVisited: 3, startUrls: [HOSTILE_URL], errors: [{ url: HOSTILE_URL, message: ALL }] }),
    ],
    storage: [
      storageObservation({ key: `key ${ALL}` }),
      storageObservation({ site: HOSTILE_SITE, scenario: HOSTILE_SCENARIO, kind: 'indexedDB', key: H.script, origin: `https://evil.test${H.img}${H.ansi}`, party: 'third', firstSeenUrl: HOSTILE_URL }),
    ],
    rejectedCookies: [
      rejected({
        site: HOSTILE_SITE,
        scenario: HOSTILE_SCENARIO,
        name: `__Host-${ALL}`,
        attributes: `__Host-x=…; Domain=${H.script}; Path=/${H.newline}${H.workflow}`,
        reasons: ['InvalidPrefix', H.ansi],
        responseUrl: HOSTILE_URL,
        pageUrl: HOSTILE_URL,
      }),
    ],
  });
  const entries = [
    entry({ id: 'uid', name: 'UID', maxLifetime: undefined }, uidLine),
    entry({ id: `c0 ${H.script}`, name: observations()[0].name, consent: 'required' }, 20),
    entry({ id: `label ${H.markdown}`, label: `Label ${ALL}` }, 27),
    entry({ id: `never ${H.img}${H.ansi}`, name: `never ${ALL}` }, 34),
    entry({ id: 'tracked', name: 'tracked', party: 'first', type: 'session', consent: 'required' }, 48),
  ];
  const policyBlock = policy({ title: `Cookies ${H.script}`, owner: `ESOMUS ${H.markdown}`, version: `v1 ${H.ansi}`, consent: { required: true, reference: `§ ${H.img}` } });
  const result = audit(
    record,
    inventory(entries, {
      policy: policyBlock,
      waivers: [waiver({ cookie: 'UID', reason: `vendor ${ALL}`, owner: `dpo ${H.workflow}` })],
      sites: [{ name: HOSTILE_SITE, urls: [HOSTILE_URL], domains: ['esomus.test'] }],
    }),
    { failOn: 'error', tool: TOOL, today: TODAY },
  );
  return attachValues(result, cookies);
}

/** One result: the hostile scan compared with a baseline that had only some of it (so "what changed" is hostile too). */
function hostileResult(): AuditResult {
  const cookies = observations();
  const base = audited(cookies.filter((_, index) => index % 2 === 0).map((cookie) => ({ ...cookie, type: 'session' as const })), 40);
  return compareWithBaseline(base, audited(cookies, 40), { file: `main ${H.newline}${H.script}.json`, failOnNew: false });
}

const RESULT = hostileResult();
const render = (format: ReporterName, includeValues: boolean, lang: ReportOptions['lang'] = 'en') =>
  reporters[format](RESULT, { color: format === 'text', lang, includeValues });

/** What escaping makes of a string once written as UTF-8: controls, bidi and invisible marks visible, a lone surrogate U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const shown = (text: string) => escapeTerminal(text).replace(LONE_SURROGATE, '\ufffd');

/** Control characters, C1, bidi controls, line/paragraph separators and invisible marks: none may reach a person's output raw. */
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

test('the result really is hostile: every kind of finding place carries the text', () => {
  const kinds = new Set(RESULT.findings.map((finding) => finding.kind));
  for (const kind of ['undeclared', 'over-long', 'unnamed-entry', 'unobserved', 'before-consent', 'undeclared-storage', 'party-mismatch', 'type-mismatch']) {
    expect(kinds, kind).toContain(kind);
  }
  expect(RESULT.findings.some((finding) => finding.waiver)).toBe(true);
  expect(RESULT.baseline?.cookies.added.length).toBeGreaterThan(0);
  expect(RESULT.cookies.find((cookie) => cookie.name.startsWith('all '))?.value?.length).toBeGreaterThan(4096);
});

test('escapeTerminal makes controls, bidi and invisible marks visible, and keeps emoji', () => {
  expect(escapeTerminal(H.invisible)).toBe('U\\u200BI\\u200CD\\u200D\\u2060\\uFEFF');
  expect(escapeTerminal('\u061c')).toBe('\\u061C');
  expect(escapeTerminal('🍪 日本')).toBe('🍪 日本');
});

describe.each([false, true])('includeValues %s', (includeValues) => {
  describe('text', () => {
    const coloured = render('text', includeValues);
    const plain = reporters.text(RESULT, { color: false, lang: 'en', includeValues });

    test('no ESC, no C1 CSI, no CR, no NUL: nothing unsafe but our own newlines', () => {
      expect(plain).not.toContain('\u001b');
      expect(plain).not.toContain('\u009b');
      expect(plain).not.toContain('\r');
      expect(plain).not.toContain('\u0000');
      expect(plain.replaceAll('\n', '')).not.toMatch(UNSAFE);
    });

    test('with colour, the only escape sequences are our own colours', () => {
      expect(coloured).toContain('\u001b[');
      expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
    });

    test('the hostile names are shown, escaped', () => {
      for (const cookie of RESULT.cookies) expect(plain).toContain([...escapeTerminal(cookie.name)].slice(0, 20).join(''));
      expect(plain).toContain(escapeTerminal(HOSTILE_SITE));
      expect(plain).toContain('c4-ansi\\x1B[31mred\\x1B]8;;http://evil.test\\x07link');
    });

    test(includeValues ? 'values in a column, escaped and cut' : 'no value at all', () => {
      if (!includeValues) {
        expect(plain).not.toContain(SECRET);
        expect(plain).not.toMatch(/\bValue\b/);
        return;
      }
      expect(plain).toMatch(/^\s+Name\s+Value\s+Domain/m);
      expect(plain).toContain(`${`${SECRET}-big ${escapeTerminal(ALL)}`.slice(0, 39)}…`);
      expect(plain).not.toContain('v'.repeat(100));
    });
  });

  describe('json', () => {
    const text = render('json', includeValues);
    const parsed = JSON.parse(text) as AuditResult;

    test('parses back to the result, names exactly (lone surrogate, NUL and all)', () => {
      expect(parsed.cookies.map((cookie) => cookie.name)).toEqual(RESULT.cookies.map((cookie) => cookie.name));
      expect(parsed.storage.map((item) => [item.key, item.origin])).toEqual(RESULT.storage.map((item) => [item.key, item.origin]));
      expect(parsed.scan.sites.map((one) => [one.name, one.scenario, one.errors])).toEqual(RESULT.scan.sites.map((one) => [one.name, one.scenario, one.errors]));
      expect(parsed.cookies.some((cookie) => cookie.name.includes('\ud800'))).toBe(true);
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    });

    test(includeValues ? 'values kept exactly' : 'values dropped', () => {
      const expected = includeValues ? RESULT : { ...RESULT, cookies: RESULT.cookies.map(({ value: _value, ...cookie }) => cookie) };
      expect(parsed).toEqual(JSON.parse(JSON.stringify(expected)));
      if (includeValues) expect(parsed.cookies.map((cookie) => cookie.value)).toEqual(RESULT.cookies.map((cookie) => cookie.value));
      else expect(text).not.toContain(SECRET);
    });
  });

  describe('md', () => {
    const md = render('md', includeValues);
    const frenchMd = render('md', includeValues, 'fr');

    test.each([
      ['en', md],
      ['fr', frenchMd],
    ])('%s: tables keep their column count, one row per item', (_lang, text) => {
      const lines = text.split('\n');
      const tables: string[][] = [];
      lines.forEach((line, index) => {
        if (!line.startsWith('|')) return;
        if (index > 0 && lines[index - 1].startsWith('|')) tables[tables.length - 1].push(line);
        else tables.push([line]);
      });
      expect(tables).toHaveLength(3);
      for (const table of tables) {
        const columns = table[0].split('|').length;
        for (const row of table) expect(row.split('|').length, row).toBe(columns);
        expect(table[1]).toMatch(/^\|( --- \|)+$/);
      }
      const [cookies, storage, rejectedTable] = tables.map((table) => table.length - 2);
      expect([cookies, storage, rejectedTable]).toEqual([RESULT.cookies.length, RESULT.storage.length, RESULT.rejectedCookies.length]);
    });

    test.each([
      ['en', md],
      ['fr', frenchMd],
    ])('%s: every <details> and <summary> balanced and ours; no raw markup, link or control', (_lang, text) => {
      let depth = 0;
      for (const [tag] of text.matchAll(/<\/?details\b[^>]*>/g)) {
        depth += tag.startsWith('</') ? -1 : 1;
        expect(depth).toBeGreaterThanOrEqual(0);
        expect(depth).toBeLessThanOrEqual(1);
      }
      expect(depth).toBe(0);
      expect(text.match(/<summary>/g)?.length).toBe(text.match(/<\/summary>/g)?.length);
      expect([...text.matchAll(/<details[^>]*>/g)].every((match) => match.index === 0 || text[match.index - 1] === '\n')).toBe(true);
      expect(text).not.toMatch(/<script|<img|<b>|\]\(javascript:/i);
      expect(text).not.toContain('**bold**');
      // Only our tags remain: details, summary, code.
      expect(new Set([...text.matchAll(/<\/?([a-z]+)/g)].map(([, tag]) => tag))).toEqual(new Set(['details', 'summary', 'code']));
      // Our own word joiners after "@" and "#" (they defuse mentions) aside.
      expect(text.replaceAll('\n', '').replace(/([@#])\u2060/g, '$1')).not.toMatch(UNSAFE);
      expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    });

    test('never a value', () => {
      expect(md).not.toContain(SECRET);
      expect(frenchMd).not.toContain(SECRET);
    });
  });

  describe('sarif', () => {
    const text = render('sarif', includeValues);
    const log = JSON.parse(text) as Sarif.Log;

    test('parses and validates against the SARIF 2.1.0 schema', () => {
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
      expect(log.runs[0].results).toHaveLength(RESULT.findings.length);
    });

    test('messages escaped, cookie names kept exactly as data, never a value', () => {
      for (const result of log.runs[0].results ?? []) expect(result.message.text).not.toMatch(UNSAFE);
      for (const notification of log.runs[0].invocations?.[0].toolExecutionNotifications ?? []) expect(notification.message.text).not.toMatch(UNSAFE);
      const names = (log.runs[0].results ?? []).map((result) => (result.properties?.cookie as { name: string } | undefined)?.name).filter((name) => name !== undefined);
      expect(names).toContain(`all ${ALL}`);
      expect(text).not.toContain(SECRET);
    });
  });

  describe('junit', () => {
    const xml = render('junit', includeValues);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name),
    });
    type Case = { name: string; classname: string; failure?: { message: string; '#text': string }[]; 'system-out'?: string };
    const suites = () => parser.parse(xml).testsuites.testsuite as { name: string; testcase: Case[] }[];

    test('well-formed XML 1.0 with no character it forbids, no CDATA closer, no markup', () => {
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
      expect(xml).not.toMatch(LONE_SURROGATE);
      expect(xml).not.toContain(']]>');
      expect(xml).not.toMatch(/<script|<img|<\/system-out><\/testcase>/);
    });

    test('every cookie testcase name reads back, controls as visible escapes and a lone surrogate as U+FFFD', () => {
      const all = suites();
      for (const cookie of RESULT.cookies) {
        const partition = cookie.partitionKey === null ? '' : `, partitioned under ${cookie.partitionKey}`;
        const suite = all.find((one) => one.name === shown(`${cookie.site} / ${cookie.scenario}`));
        expect(suite, cookie.site).toBeDefined();
        expect(suite?.testcase.map((one) => one.name)).toContain(shown(`${cookie.name} (${cookie.domain}${cookie.path}${partition})`));
      }
      for (const testCase of all.flatMap((suite) => suite.testcase)) {
        expect(testCase.name).not.toMatch(UNSAFE);
        for (const failure of testCase.failure ?? []) expect(`${failure.message}${failure['#text']}`).not.toMatch(UNSAFE);
      }
    });

    test(includeValues ? "values in the cookie's system-out, escaped" : 'no value', () => {
      if (!includeValues) return expect(xml).not.toContain(SECRET);
      const big = suites()
        .flatMap((suite) => suite.testcase)
        .find((one) => one.name.startsWith(shown('all ')));
      expect(big?.['system-out']).toContain(`value: ${shown(`${SECRET}-big ${BIG}`)}`);
    });
  });

  describe('github', () => {
    const output = render('github', includeValues);
    /** As the runner reads a workflow command: `::command k=v,…::message`, data unescaped %0D, %0A, then %25. */
    const unescapeData = (text: string) => text.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
    const unescapeProperty = (text: string) => unescapeData(text.replaceAll('%3A', ':').replaceAll('%2C', ','));
    function parse(line: string) {
      const end = line.indexOf('::', 2);
      const head = line.slice(2, end);
      const space = head.indexOf(' ');
      const [command, properties] = space === -1 ? [head, ''] : [head.slice(0, space), head.slice(space + 1)];
      const pairs = properties.split(',').filter((pair) => pair !== '').map((pair) => pair.split('='));
      return { command, properties: Object.fromEntries(pairs.map(([key, value]) => [key, unescapeProperty(value)])), message: unescapeData(line.slice(end + 2)) };
    }

    test('one line per finding, each one command; nothing raw inside an annotation', () => {
      expect(output.endsWith('\n')).toBe(true);
      const lines = output.slice(0, -1).split('\n');
      expect(lines).toHaveLength(RESULT.findings.length);
      for (const line of lines) {
        expect(line).toMatch(/^::(error|warning|notice) file=inventory\.yaml,line=\d+,col=\d+,title=cookie-audit [a-z-]+( \((waived|new)\))*::/);
        expect(line).not.toMatch(/[\r\u0000-\u001f\u007f-\u009f]/);
      }
    });

    test('the runner reads back each message: the finding, escaped, and nothing more', () => {
      const findings = [...RESULT.findings].sort(compareFindings);
      const lines = output.slice(0, -1).split('\n');
      lines.forEach((line, index) => {
        const { command, message, properties } = parse(line);
        expect(['error', 'warning', 'notice']).toContain(command);
        expect(properties.title).toMatch(/^cookie-audit /);
        expect(message.startsWith(findingText(findings[index])), message).toBe(true);
        expect(message).not.toMatch(/[\r\n]/);
      });
      expect(output).not.toContain(SECRET);
    });
  });
});

// The SARIF 2.1.0 JSON schema (draft-04), shipped inside an npm package: no network.
const SCHEMA_FILE = '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';
const validate = (() => {
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(createRequire(import.meta.url)(SCHEMA_FILE) as object);
})();

describe('html in Chromium', () => {
  const REPORT_URL = 'http://report.test/audit.html';
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findBrowser().executablePath, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Serves the report at REPORT_URL, aborts every other request; records requests and console messages. */
  async function open(html: string): Promise<{ page: Page; requests: string[]; console: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    const console: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => console.push(message.text()));
    page.on('dialog', (dialog) => void dialog.dismiss());
    await page.route('**/*', (route) =>
      route.request().url() === REPORT_URL ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }) : route.abort(),
    );
    await page.goto(REPORT_URL);
    return { page, requests, console };
  }

  test.each([
    ['fr', false],
    ['en', true],
  ] as const)('%s, includeValues %s: no script runs, the hostile text is shown as text', async (lang, includeValues) => {
    const html = render('html', includeValues, lang);
    for (const variant of [html, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')]) {
      const { page, requests, console } = await open(variant);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.evaluate(() => [document.images.length, document.scripts.length, document.querySelectorAll('a[href^="javascript"]').length])).toEqual([0, 1, 0]);
      expect(requests).toEqual([REPORT_URL]);
      if (variant === html) expect(console.filter((text) => text.includes('Content Security Policy'))).toEqual([]);
      // The cookie table: one row per cookie, each name shown whole as text.
      const names = await page.locator('#cookie-table tbody td:nth-child(2)').allTextContents();
      expect(names.sort()).toEqual(RESULT.cookies.map((cookie) => shown(cookie.name)).sort());
      const text = await page.evaluate(() => document.body.textContent ?? '');
      for (const piece of [HOSTILE_SITE, HOSTILE_SCENARIO, H.script, H.img, `key ${ALL}`, `Label ${ALL}`, RESULT.rejectedCookies[0].attributes]) expect(text).toContain(shown(piece));
      expect(text).not.toMatch(UNSAFE);
      expect(await page.title()).toContain(shown(`ESOMUS ${H.markdown}`));
      if (includeValues) {
        const big = page.locator('#cookie-table tbody tr', { hasText: shown('all ') }).locator('td:nth-child(3) code');
        expect(await big.getAttribute('title')).toBe(shown(`${SECRET}-big ${BIG}`));
        expect([...((await big.textContent()) ?? '')]).toHaveLength(40);
      } else {
        expect(await page.content()).not.toContain(SECRET);
      }
      await page.close();
    }
  });
});
