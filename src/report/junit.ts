/**
 * JUnit XML for CI test views. One <testsuite> per site × scenario, then one for the inventory:
 *
 * - a site suite has a `crawl` testcase (an <error> when the site could not be covered, with its page
 *   errors), one testcase per observed cookie (its value in <system-out>, only with includeValues)
 *   and one per observed storage key;
 * - the inventory suite has one testcase per inventory entry seen in the result (matched by a cookie
 *   or storage key, or the subject of a finding) and one per finding that names no entry (an expired
 *   waiver of a cookie name).
 *
 * Every finding goes to exactly one testcase: a cookie's or storage key's when it names one, else its
 * entry's. Error and warning findings are <failure>s. Info findings (`unobserved`: a declared cookie
 * the scan did not see) pass, with the finding in <system-out>: a crawl that missed one page is no
 * failed test, and `--fail-on info` still fails the run itself. A testcase whose findings are all
 * waived is <skipped message="waived: …">; beside real failures, its waived findings go to
 * <system-out>.
 *
 * Cookie names, domains, storage keys and URLs come from the audited sites, which may be hostile:
 * control characters become visible escapes ("\x1B"), characters XML 1.0 forbids become U+FFFD, and
 * the builder escapes markup (&, <, >, quotes), so "]]>" or "</testcase>" stay text.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { compareCookies, compareFindings, compareStorage, compareText } from '../audit/order.js';
import { OPEN_COOKIE_DATABASE_CITATION, type Finding } from '../model/finding.js';
import type { SourceLocation } from '../model/inventory.js';
import type { AuditResult, ReportedCookie, ReportedStorage, SiteScan } from '../model/result.js';
import { escapeTerminal } from './escape.js';
import type { ReportOptions } from './index.js';
import { findingText } from './sarif.js';

interface TestCase {
  name: string;
  location?: SourceLocation;
  findings: Finding[];
  /** Lines for <system-out>, already made XML-safe. */
  notes: string[];
  /** Why the testcase errored (a site not covered). */
  error?: string;
}

/** Testcases by name within suites by name, created on first use. */
class Suites {
  readonly byName = new Map<string, Map<string, TestCase>>();

  testCase(suite: string, name: string): TestCase {
    const cases = this.byName.get(suite) ?? this.byName.set(suite, new Map()).get(suite)!;
    return cases.get(name) ?? cases.set(name, { name, findings: [], notes: [] }).get(name)!;
  }
}

// Lone surrogates and the non-characters U+FFFE/U+FFFF: not allowed in XML 1.0 (controls are escaped before).
const XML_ILLEGAL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;

/** Text safe in XML 1.0 and on a terminal: controls as visible escapes, forbidden characters as U+FFFD. */
function xmlSafe(text: string): string {
  return escapeTerminal(text).replace(XML_ILLEGAL, '\uFFFD');
}

export function renderJunit(result: AuditResult, options: Pick<ReportOptions, 'includeValues'> = { includeValues: false }): string {
  const suites = new Suites();
  const inventory = xmlSafe(`inventory ${result.inventory?.file ?? '(none)'}`);
  const cookies = [...result.cookies].sort(compareCookies);
  const storage = [...result.storage].sort(compareStorage);
  for (const site of result.scan.sites) Object.assign(suites.testCase(siteSuite(site.name, site.scenario), 'crawl'), crawlOutcome(site));
  for (const observed of [...cookies, ...storage]) {
    const what = 'name' in observed ? cookieCaseName(observed) : storageCaseName(observed);
    const testCase = suites.testCase(siteSuite(observed.site, observed.scenario), what);
    addNote(testCase, declaredNote(observed.declared));
    // Only with --include-values; escaped like the names (a value is site-provided too).
    if (options.includeValues && 'name' in observed && observed.value !== undefined) addNote(testCase, xmlSafe(`value: ${observed.value}`));
    if (observed.declared !== null) addNote(suites.testCase(inventory, entryCaseName(observed.declared)), xmlSafe(`matches ${observed.site}/${observed.scenario}: `) + what);
  }
  for (const finding of [...result.findings].sort(compareFindings)) {
    const target = findingCase(suites, cookies, finding, inventory);
    target.findings.push(finding);
    target.location ??= finding.location;
  }
  const siteSuites = [...suites.byName.keys()].filter((name) => name !== inventory).sort(compareText);
  return render(result, [
    ...siteSuites.map((name) => ({ name, cases: [...suites.byName.get(name)!.values()] })),
    { name: inventory, cases: [...(suites.byName.get(inventory)?.values() ?? [])].sort((a, b) => compareText(a.name, b.name)) },
  ]);
}

/** A finding's testcase: its cookie's (one without a finding of this kind yet, if several paths), its storage key's, or its entry's. */
function findingCase(suites: Suites, cookies: ReportedCookie[], finding: Finding, inventory: string): TestCase {
  const { site, scenario, cookie, storage } = finding;
  if (site !== null && scenario !== null && cookie) {
    const suite = siteSuite(site, scenario);
    const sameCookie = cookies
      .filter((candidate) => candidate.site === site && candidate.scenario === scenario && candidate.name === cookie.name && candidate.domain === cookie.domain)
      .map((candidate) => suites.testCase(suite, cookieCaseName(candidate)));
    const free = sameCookie.find((candidate) => !candidate.findings.some((other) => other.kind === finding.kind));
    return free ?? sameCookie[0] ?? suites.testCase(suite, xmlSafe(`${cookie.name} (${cookie.domain})`));
  }
  if (site !== null && scenario !== null && storage) return suites.testCase(siteSuite(site, scenario), storageCaseName(storage));
  if (finding.entry !== null) return suites.testCase(inventory, entryCaseName(finding.entry));
  const at = finding.location ? ` at ${finding.location.file}:${finding.location.line}:${finding.location.column}` : '';
  return suites.testCase(inventory, xmlSafe(`${finding.kind}${at}${site === null ? '' : ` (site ${site})`}`));
}

/** Adds a <system-out> line once: a storage key seen twice on one origin is one testcase. */
function addNote(testCase: TestCase, line: string): void {
  if (!testCase.notes.includes(line)) testCase.notes.push(line);
}

function siteSuite(site: string, scenario: string): string {
  return xmlSafe(`${site} / ${scenario}`);
}

/** Name, domain and path (and the top-level site of a partitioned cookie): the cookie's identity in its suite. */
function cookieCaseName(cookie: ReportedCookie): string {
  const partition = cookie.partitionKey === null ? '' : `, partitioned under ${cookie.partitionKey}`;
  return xmlSafe(`${cookie.name} (${cookie.domain}${cookie.path}${partition})`);
}

function storageCaseName(storage: Pick<ReportedStorage, 'kind' | 'key' | 'origin'>): string {
  return xmlSafe(`${storage.kind} "${storage.key}" on ${storage.origin}`);
}

function entryCaseName(id: string): string {
  return xmlSafe(`entry "${id}"`);
}

function declaredNote(entry: string | null): string {
  return entry === null ? 'declared by no inventory entry' : xmlSafe(`declared by entry "${entry}"`);
}

function crawlOutcome(site: SiteScan): Pick<TestCase, 'notes' | 'error'> {
  const stopped = site.stoppedBy ? `; stopped by ${site.stoppedBy}, ${site.notVisited ?? 0} pages found but not visited` : '';
  const notes = [`${site.pagesVisited} pages visited${stopped}`, ...site.errors.map((error) => xmlSafe(`${error.url}: ${error.message}`))];
  return site.complete ? { notes } : { notes, error: 'the site could not be covered: no page of it loaded, its journey failed or the browser was given up on (see its errors)' };
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function outcome(testCase: TestCase): { failures: Finding[]; waived: Finding[]; infos: Finding[] } {
  const open = testCase.findings.filter((finding) => !finding.waiver);
  return {
    failures: open.filter((finding) => finding.severity !== 'info'),
    waived: testCase.findings.filter((finding) => finding.waiver),
    infos: open.filter((finding) => finding.severity === 'info'),
  };
}

function count(cases: TestCase[]): Counts {
  const counts: Counts = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const testCase of cases) {
    const { failures, waived } = outcome(testCase);
    if (testCase.error) counts.errors += 1;
    else if (failures.length > 0) counts.failures += 1;
    else if (waived.length > 0) counts.skipped += 1;
  }
  return counts;
}

function render(result: AuditResult, suites: { name: string; cases: TestCase[] }[]): string {
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      ...attributes({
        name: xmlSafe(`${result.tool.name} ${result.tool.version}`),
        ...count(suites.flatMap((suite) => suite.cases)),
        time: (Date.parse(result.scan.finishedAt) - Date.parse(result.scan.startedAt)) / 1000,
      }),
      testsuite: suites.map(({ name, cases }) => ({
        ...attributes({ name, ...count(cases), timestamp: xmlSafe(result.scan.startedAt) }),
        testcase: cases.map((testCase) => caseElement(name, testCase)),
      })),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressBooleanAttributes: false, suppressEmptyNode: true });
  return `${builder.build(document).trimEnd()}\n`;
}

function caseElement(classname: string, testCase: TestCase): Record<string, unknown> {
  const { failures, waived, infos } = outcome(testCase);
  const location: Record<string, string | number> = testCase.location ? { file: xmlSafe(testCase.location.file), line: testCase.location.line } : {};
  const skipped = !testCase.error && failures.length === 0 && waived.length > 0;
  const out = [...testCase.notes, ...infos.map(noteLine), ...(skipped ? [] : waived.map(noteLine))];
  return {
    ...attributes({ name: testCase.name, classname, ...location }),
    ...(testCase.error ? { error: attributes({ message: testCase.error, type: 'crawl' }) } : {}),
    ...(failures.length > 0 ? { failure: failures.map(failureElement) } : {}),
    ...(skipped ? { skipped: attributes({ message: xmlSafe(`waived: ${waived.map((finding) => `${finding.kind} (${waiverText(finding)})`).join('; ')}`) }) } : {}),
    ...(out.length > 0 ? { 'system-out': out.join('\n') } : {}),
  };
}

function failureElement(finding: Finding): Record<string, unknown> {
  const details = [
    findingText(finding),
    `severity: ${finding.severity}${finding.change === 'new' ? ' (new since the baseline)' : ''}`,
    ...(finding.location ? [`inventory: ${finding.location.file}:${finding.location.line}:${finding.location.column}`] : []),
    ...(finding.suggestions ? [`observed names like it: ${finding.suggestions.join(', ')}`] : []),
    ...(finding.hint ? [`${OPEN_COOKIE_DATABASE_CITATION}: ${finding.hint.platform} · ${finding.hint.category} · retention ${finding.hint.retention} (matched ${finding.hint.matched})`] : []),
  ];
  return { ...attributes({ message: xmlSafe(finding.message), type: finding.kind }), '#text': details.map(xmlSafe).join('\n') };
}

function noteLine(finding: Finding): string {
  return xmlSafe(`${finding.waiver ? `waived ${finding.kind} (${waiverText(finding)})` : `${finding.severity} ${finding.kind}`}: ${finding.message}`);
}

/** Why, by whom and until when a finding is waived. */
function waiverText({ waiver }: Finding): string {
  return waiver ? `${waiver.reason}; owner ${waiver.owner}, until ${waiver.expires}` : '';
}

/** Attribute keys as the builder expects them ("@_name"). */
function attributes(values: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`@_${key}`, value]));
}
