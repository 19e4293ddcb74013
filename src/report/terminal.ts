/**
 * The human report: verdict first (and a loud warning when third-party cookies were blocked), then
 * findings by severity, scan errors, rejected cookies, and every cookie and storage key per site (and
 * scenario, when the scan had others than the anonymous visitor). Every site-controlled string goes
 * through escapeTerminal; colour only when asked for.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { SEVERITIES } from '../model/finding.js';
import { DEFAULT_SCENARIO, type ConsentState } from '../model/inventory.js';
import type { AuditResult, JourneyOutcome } from '../model/result.js';
import { escapeTerminal as esc } from './escape.js';
import { baselineSection } from './terminal-baseline.js';
import { findingsSection, severityCount } from './terminal-findings.js';
import { count, siteLabel, type SiteLabel } from './terminal-style.js';
import { cookieTable, rejectedTable, rowStatus, storageTable } from './terminal-tables.js';

export interface TerminalOptions {
  color: boolean;
  /** Show a value column (escaped, shortened) when some cookie carries a value; off unless asked. */
  includeValues?: boolean;
}

export const THIRD_PARTY_BLOCKED_WARNING =
  "Third-party cookies were BLOCKED by the browser: ad partners' cookies may be missing from this scan";

export function renderTerminal(result: AuditResult, options: TerminalOptions): string {
  // A private instance: the global chalk guesses from the environment; the caller decides here.
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const showScenarios = showsScenarios(result);
  const label = siteLabel(showScenarios);
  const sections = [
    headerSection(result, showScenarios, c),
    baselineSection(result, label, c),
    findingsSection(result.findings, label, c),
    scanErrorsSection(result, label, c),
    coverageSection(result, label, c),
    rejectedSection(result, label, c),
    sitesSection(result, label, c, showsValues(result, options)),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

/**
 * Whether sites are named with their scenario: once any scan is not the default anonymous visitor. A
 * site with several scenarios has at least one such, so "esomus" alone always means the anonymous one.
 */
function showsScenarios(result: AuditResult): boolean {
  const scanned = [...result.scan.sites, ...result.cookies, ...result.storage, ...result.rejectedCookies];
  return scanned.some((item) => item.scenario !== DEFAULT_SCENARIO.name);
}

function headerSection(result: AuditResult, showScenarios: boolean, c: ChalkInstance): string {
  const lines = [verdictLine(result, showScenarios, c)];
  if (result.scan.partial) {
    lines.push(c.bold.yellow('⚠ PARTIAL: the scan was interrupted; this report holds only what was collected until then'));
  }
  if (result.scan.browser.thirdPartyCookies === 'blocked') {
    lines.push(c.bold.red(`⚠ WARNING: ${THIRD_PARTY_BLOCKED_WARNING} (use another Chromium: --browser PATH)`));
  }
  return lines.join('\n');
}

function verdictLine(result: AuditResult, showScenarios: boolean, c: ChalkInstance): string {
  const { summary } = result;
  const verdict = summary.verdict === 'fail' ? c.bold.red('✖ FAIL') : c.bold.green('✔ PASS');
  const sites = new Set(result.scan.sites.map((site) => site.name)).size;
  const scenarios = new Set(result.scan.sites.map((site) => site.scenario)).size;
  const incomplete = result.scan.sites.filter((site) => !site.complete).length;
  const findings = SEVERITIES.map((severity) => severityCount(summary.findings[severity], severity));
  const storage = result.storage.length > 0 ? ` and ${count(result.storage.length, 'storage key', 'storage keys')}` : '';
  const under = showScenarios ? ` under ${count(scenarios, 'scenario', 'scenarios')}` : '';
  const [oneIncomplete, manyIncomplete] = showScenarios ? ['scenario incomplete', 'scenarios incomplete'] : ['site incomplete', 'sites incomplete'];
  const scanned = [
    `${count(summary.cookies, 'cookie', 'cookies')}${storage} on ${count(sites, 'site', 'sites')}${under}`,
    count(summary.pagesVisited, 'page', 'pages'),
    ...(summary.errors > 0 ? [count(summary.errors, 'scan error', 'scan errors')] : []),
    ...(incomplete > 0 ? [count(incomplete, oneIncomplete, manyIncomplete)] : []),
  ];
  const waived = summary.waived > 0 ? ` (${summary.waived} waived)` : '';
  const gate = summary.gate === 'new' ? `new findings at or above ${summary.failOn}` : summary.failOn;
  return `${verdict}  ${findings.join(', ')}${waived} — ${scanned.join(', ')} (fails on: ${gate})`;
}

const STOP_REASONS = {
  'max-pages': 'the --max-pages limit',
  'time-budget': 'the --time-budget',
  'browser-failure': 'a browser that kept failing',
  'journey-failed': 'a journey step that failed (see the scan errors)',
  interrupted: 'an interrupt (Ctrl-C or SIGTERM)',
} as const;

/**
 * How each site was visited and what the crawl did not cover: the scenario's journey, pages left by
 * a limit, links it did not follow.
 */
function coverageSection(result: AuditResult, label: SiteLabel, c: ChalkInstance): string {
  const lines = result.scan.sites.flatMap((site) => {
    const notes: string[] = [];
    if (site.journey) notes.push(journeyNote(site.journey));
    if (site.stoppedBy) notes.push(`stopped by ${STOP_REASONS[site.stoppedBy]}: ${count(site.notVisited ?? 0, 'page', 'pages')} found but not visited`);
    const skipped = (site.skippedLinks?.length ?? 0) + (site.skippedNotListed ?? 0);
    if (skipped > 0) notes.push(`${count(skipped, 'link', 'links')} not followed (other sites or out of scope; listed in the JSON report)`);
    if (site.sitemaps && site.sitemaps.length > 0) notes.push(`${count(site.sitemaps.length, 'sitemap', 'sitemaps')} read`);
    return notes.map((note) => `  ${label(site.name, site.scenario)}  ${note}`);
  });
  if (lines.length === 0) return '';
  return [c.bold('Coverage'), ...lines].join('\n');
}

const CONSENT_STATES: Record<ConsentState, string> = { none: 'no consent choice', given: 'consent given', refused: 'consent refused' };

/** "journey: 4/4 steps, consent given, 2 cookies preloaded from storageState"; "1/4 steps (step 2 failed)". */
function journeyNote(journey: JourneyOutcome): string {
  const failed = journey.completed < journey.steps ? ` (step ${journey.completed + 1} failed)` : '';
  const parts = [
    ...(journey.steps > 0 ? [`${journey.completed}/${count(journey.steps, 'step', 'steps')}${failed}`] : []),
    CONSENT_STATES[journey.consent],
    ...(journey.preloadedCookies > 0 ? [`${count(journey.preloadedCookies, 'cookie', 'cookies')} preloaded from storageState`] : []),
  ];
  return `journey: ${parts.join(', ')}`;
}

function scanErrorsSection(result: AuditResult, label: SiteLabel, c: ChalkInstance): string {
  const lines = result.scan.sites.flatMap((site) => [
    ...(site.complete ? [] : [`  ${label(site.name, site.scenario)}  ${c.red('incomplete:')} no page of the site loaded, its journey failed or the browser gave up (see its errors)`]),
    ...site.errors.map((error) => `  ${label(site.name, site.scenario)}  ${esc(error.url)} — ${esc(error.message)}`),
  ]);
  if (lines.length === 0) return '';
  return [c.bold.red('Scan errors'), ...lines].join('\n');
}

function rejectedSection(result: AuditResult, label: SiteLabel, c: ChalkInstance): string {
  const rejected = result.rejectedCookies;
  if (rejected.length === 0) return '';
  return [
    c.bold.yellow(`Rejected cookies (${rejected.length})`),
    c.dim('The browser refused these Set-Cookie headers (a bug on the site); they are not counted as observed cookies.'),
    rejectedTable(rejected, label, c),
  ].join('\n');
}

/** Whether the cookie tables get a value column: only when asked, and only when the scan recorded values. */
function showsValues(result: AuditResult, options: TerminalOptions): boolean {
  return options.includeValues === true && result.cookies.some((cookie) => cookie.value !== undefined);
}

/** Per site and scenario, in scan order: its cookies, then its storage keys when it has any. */
function sitesSection(result: AuditResult, label: SiteLabel, c: ChalkInstance, values: boolean): string {
  const status = rowStatus(result.findings);
  const scannedAs = (scan: Scanned) => (item: Scanned) => item.site === scan.site && item.scenario === scan.scenario;
  return siteScans(result)
    .flatMap((scan) => {
      const cookies = result.cookies.filter(scannedAs(scan));
      const storage = result.storage.filter(scannedAs(scan));
      const name = label(scan.site, scan.scenario);
      const heading = c.bold(`Cookies on ${name} (${cookies.length})`);
      const blocks = [cookies.length === 0 ? `${heading}\n  ${c.dim('none')}` : `${heading}\n${cookieTable(cookies, status, c, values)}`];
      if (storage.length > 0) blocks.push(`${c.bold(`Storage on ${name} (${storage.length})`)}\n${storageTable(storage, status, c)}`);
      return blocks;
    })
    .join('\n\n');
}

interface Scanned {
  site: string;
  scenario: string;
}

/** (site, scenario) pairs in scan order, then any that only appears on cookies or storage. */
function siteScans(result: AuditResult): Scanned[] {
  const all = [...result.scan.sites.map(({ name, scenario }) => ({ site: name, scenario })), ...result.cookies, ...result.storage];
  const byKey = new Map(all.map(({ site, scenario }) => [JSON.stringify([site, scenario]), { site, scenario }]));
  return [...byKey.values()];
}
