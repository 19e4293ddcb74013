/**
 * The human report: verdict first (and a loud warning when third-party cookies were blocked), then
 * findings by severity, scan errors, rejected cookies, and every cookie and storage key per site.
 * Every site-controlled string goes through escapeTerminal; colour only when asked for.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { SEVERITIES } from '../model/finding.js';
import type { AuditResult } from '../model/result.js';
import { escapeTerminal as esc } from './escape.js';
import { findingsSection, severityCount } from './terminal-findings.js';
import { count } from './terminal-style.js';
import { cookieTable, rejectedTable, rowStatus, storageTable } from './terminal-tables.js';


export interface TerminalOptions {
  color: boolean;
}

export const THIRD_PARTY_BLOCKED_WARNING =
  "Third-party cookies were BLOCKED by the browser: ad partners' cookies may be missing from this scan";

export function renderTerminal(result: AuditResult, options: TerminalOptions): string {
  // A private instance: the global chalk guesses from the environment; the caller decides here.
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sections = [
    headerSection(result, c),
    findingsSection(result.findings, c),
    scanErrorsSection(result, c),
    coverageSection(result, c),
    rejectedSection(result, c),
    sitesSection(result, c),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function headerSection(result: AuditResult, c: ChalkInstance): string {
  const lines = [verdictLine(result, c)];
  if (result.scan.browser.thirdPartyCookies === 'blocked') {
    lines.push(c.bold.red(`⚠ WARNING: ${THIRD_PARTY_BLOCKED_WARNING} (use another Chromium: --browser PATH)`));
  }
  return lines.join('\n');
}

function verdictLine(result: AuditResult, c: ChalkInstance): string {
  const { summary } = result;
  const verdict = summary.verdict === 'fail' ? c.bold.red('✖ FAIL') : c.bold.green('✔ PASS');
  const incomplete = result.scan.sites.filter((site) => !site.complete).length;
  const findings = SEVERITIES.map((severity) => severityCount(summary.findings[severity], severity));
  const storage = result.storage.length > 0 ? ` and ${count(result.storage.length, 'storage key', 'storage keys')}` : '';
  const scanned = [
    `${count(summary.cookies, 'cookie', 'cookies')}${storage} on ${count(result.scan.sites.length, 'site', 'sites')}`,
    count(summary.pagesVisited, 'page', 'pages'),
    ...(summary.errors > 0 ? [count(summary.errors, 'scan error', 'scan errors')] : []),
    ...(incomplete > 0 ? [count(incomplete, 'site incomplete', 'sites incomplete')] : []),
  ];
  return `${verdict}  ${findings.join(', ')} — ${scanned.join(', ')} (fails on: ${summary.failOn})`;
}

const STOP_REASONS = {
  'max-pages': 'the --max-pages limit',
  'time-budget': 'the --time-budget',
  'browser-failure': 'a browser that kept failing',
} as const;

/** What the crawl did not cover, per site: pages left by a limit, links it did not follow. */
function coverageSection(result: AuditResult, c: ChalkInstance): string {
  const lines = result.scan.sites.flatMap((site) => {
    const notes: string[] = [];
    if (site.stoppedBy) notes.push(`stopped by ${STOP_REASONS[site.stoppedBy]}: ${count(site.notVisited ?? 0, 'page', 'pages')} found but not visited`);
    const skipped = (site.skippedLinks?.length ?? 0) + (site.skippedNotListed ?? 0);
    if (skipped > 0) notes.push(`${count(skipped, 'link', 'links')} not followed (other sites or out of scope; listed in the JSON report)`);
    if (site.sitemaps && site.sitemaps.length > 0) notes.push(`${count(site.sitemaps.length, 'sitemap', 'sitemaps')} read`);
    return notes.map((note) => `  ${esc(site.name)}  ${note}`);
  });
  if (lines.length === 0) return '';
  return [c.bold('Coverage'), ...lines].join('\n');
}

function scanErrorsSection(result: AuditResult, c: ChalkInstance): string {
  const lines = result.scan.sites.flatMap((site) => [
    ...(site.complete ? [] : [`  ${esc(site.name)}  ${c.red('incomplete:')} the site was not fully scanned`]),
    ...site.errors.map((error) => `  ${esc(site.name)}  ${esc(error.url)} — ${esc(error.message)}`),
  ]);
  if (lines.length === 0) return '';
  return [c.bold.red('Scan errors'), ...lines].join('\n');
}

function rejectedSection(result: AuditResult, c: ChalkInstance): string {
  const rejected = result.rejectedCookies;
  if (rejected.length === 0) return '';
  return [
    c.bold.yellow(`Rejected cookies (${rejected.length})`),
    c.dim('The browser refused these Set-Cookie headers (a bug on the site); they are not counted as observed cookies.'),
    rejectedTable(rejected, c),
  ].join('\n');
}

/** Per site, in scan order: its cookies, then its storage keys when it has any. */
function sitesSection(result: AuditResult, c: ChalkInstance): string {
  const status = rowStatus(result.findings);
  return siteNames(result)
    .flatMap((site) => {
      const cookies = result.cookies.filter((cookie) => cookie.site === site);
      const storage = result.storage.filter((item) => item.site === site);
      const heading = c.bold(`Cookies on ${esc(site)} (${cookies.length})`);
      const blocks = [cookies.length === 0 ? `${heading}\n  ${c.dim('none')}` : `${heading}\n${cookieTable(cookies, status, c)}`];
      if (storage.length > 0) blocks.push(`${c.bold(`Storage on ${esc(site)} (${storage.length})`)}\n${storageTable(storage, status, c)}`);
      return blocks;
    })
    .join('\n\n');
}

/** Sites in scan order, then any site that only appears on cookies or storage. */
function siteNames(result: AuditResult): string[] {
  return [
    ...new Set([
      ...result.scan.sites.map((site) => site.name),
      ...result.cookies.map((cookie) => cookie.site),
      ...result.storage.map((item) => item.site),
    ]),
  ];
}
