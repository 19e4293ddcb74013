/**
 * The human report: verdict first, then findings by severity, scan errors, and every cookie per site.
 * Every site-controlled string goes through escapeTerminal; colour only when asked for.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { formatSeconds } from '../model/duration.js';
import { severityRank, SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { AuditResult, ReportedCookie } from '../model/result.js';
import { escapeTerminal as esc } from './escape.js';

export interface TerminalOptions {
  color: boolean;
}

const SEVERITY_HEADINGS: Record<Severity, [singular: string, plural: string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
};

const MARKERS: Record<Severity | 'ok', string> = { error: '✖', warning: '▲', info: '•', ok: '✔' };

// Caps that keep a typical table within 120 columns; the JSON report always has the full text.
const MAX_NAME = 30;
const MAX_DOMAIN = 28;
const MAX_SET_BY = 40;
const MAX_HOST = 64;

export function renderTerminal(result: AuditResult, options: TerminalOptions): string {
  // A private instance: the global chalk guesses from the environment; the caller decides here.
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sections = [verdictLine(result, c), findingsSection(result, c), scanErrorsSection(result, c), cookiesSection(result, c)];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function paint(c: ChalkInstance, severity: Severity | 'ok', text: string): string {
  const colours = { error: c.red, warning: c.yellow, info: c.cyan, ok: c.green };
  return colours[severity](text);
}

function verdictLine(result: AuditResult, c: ChalkInstance): string {
  const { summary } = result;
  const verdict = summary.verdict === 'fail' ? c.bold.red('✖ FAIL') : c.bold.green('✔ PASS');
  const incomplete = result.scan.sites.filter((site) => !site.complete).length;
  const findings = SEVERITIES.map((severity) => count(summary.findings[severity], ...SEVERITY_HEADINGS[severity]));
  const scanned = [
    `${count(summary.cookies, 'cookie', 'cookies')} on ${count(result.scan.sites.length, 'site', 'sites')}`,
    count(summary.pagesVisited, 'page', 'pages'),
    ...(summary.errors > 0 ? [count(summary.errors, 'scan error', 'scan errors')] : []),
    ...(incomplete > 0 ? [count(incomplete, 'site incomplete', 'sites incomplete')] : []),
  ];
  return `${verdict}  ${findings.join(', ')} — ${scanned.join(', ')} (fails on: ${summary.failOn})`;
}

function findingsSection(result: AuditResult, c: ChalkInstance): string {
  if (result.findings.length === 0) return c.green('No findings.');
  return SEVERITIES.map((severity) => {
    const findings = result.findings.filter((finding) => finding.severity === severity);
    if (findings.length === 0) return '';
    const heading = paint(c, severity, c.bold(`${capitalise(SEVERITY_HEADINGS[severity][1])} (${findings.length})`));
    return [heading, ...findings.flatMap((finding) => findingLines(finding, c))].join('\n');
  })
    .filter((block) => block !== '')
    .join('\n\n');
}

function findingLines(finding: Finding, c: ChalkInstance): string[] {
  const parts = [
    paint(c, finding.severity, `[${finding.kind}]`),
    ...(finding.site === null ? [] : [esc(finding.site)]),
    c.bold(subject(finding)),
    esc(finding.message),
    ...(finding.location ? [c.dim(`${esc(finding.location.file)}:${finding.location.line}`)] : []),
  ];
  const lines = [`  ${parts.join('  ')}`];
  if (finding.suggestions) {
    const names = finding.suggestions.map(esc).join(', ');
    lines.push(`      ${c.dim('looks like:')} ${names === '' ? c.dim('no observed cookie') : names}`);
  }
  return lines;
}

function subject(finding: Finding): string {
  if (finding.cookie) return `${esc(finding.cookie.name)} (${esc(finding.cookie.domain)})`;
  return finding.entry === null ? '' : `entry "${esc(finding.entry)}"`;
}

function scanErrorsSection(result: AuditResult, c: ChalkInstance): string {
  const lines = result.scan.sites.flatMap((site) => [
    ...(site.complete ? [] : [`  ${esc(site.name)}  ${c.red('incomplete:')} the site was not fully scanned`]),
    ...site.errors.map((error) => `  ${esc(site.name)}  ${esc(error.url)} — ${esc(error.message)}`),
  ]);
  if (lines.length === 0) return '';
  return [c.bold.red('Scan errors'), ...lines].join('\n');
}

function cookiesSection(result: AuditResult, c: ChalkInstance): string {
  const worst = worstSeverityByCookie(result.findings);
  return siteNames(result)
    .map((site) => {
      const cookies = result.cookies.filter((cookie) => cookie.site === site);
      const heading = c.bold(`Cookies on ${esc(site)} (${cookies.length})`);
      if (cookies.length === 0) return `${heading}\n  ${c.dim('none')}`;
      return `${heading}\n${cookieTable(cookies, worst, c)}`;
    })
    .join('\n\n');
}

/** Sites in scan order, then any site that only appears on cookies. */
function siteNames(result: AuditResult): string[] {
  return [...new Set([...result.scan.sites.map((site) => site.name), ...result.cookies.map((cookie) => cookie.site)])];
}

function cookieKey(site: string, name: string, domain: string): string {
  return JSON.stringify([site, name, domain]);
}

function worstSeverityByCookie(findings: Finding[]): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const finding of findings) {
    if (!finding.cookie || finding.site === null) continue;
    const key = cookieKey(finding.site, finding.cookie.name, finding.cookie.domain);
    const current = worst.get(key);
    if (!current || severityRank(finding.severity) < severityRank(current)) worst.set(key, finding.severity);
  }
  return worst;
}

function cookieTable(cookies: ReportedCookie[], worst: Map<string, Severity>, c: ChalkInstance): string {
  // Requested = what the site asked for; effective = what the browser kept (Chromium caps at 400 days).
  const head = ['', 'Name', 'Domain', 'Party', 'Type', 'Requested', 'Effective', 'Declared as', 'Set by'];
  const table = new Table({
    head: head.map((title) => c.bold(title)),
    chars: BORDERLESS,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
  });
  for (const cookie of cookies) {
    const status = worst.get(cookieKey(cookie.site, cookie.name, cookie.domain)) ?? 'ok';
    table.push([
      paint(c, status, MARKERS[status]),
      shorten(esc(cookie.name), MAX_NAME),
      shorten(esc(cookie.domain), MAX_DOMAIN),
      cookie.party,
      cookie.type,
      lifetime(cookie.requestedLifetimeSeconds),
      lifetime(cookie.effectiveLifetimeSeconds),
      cookie.declared === null ? c.red('undeclared') : esc(cookie.declared),
      setBy(cookie),
    ]);
  }
  return trimLineEnds(table.toString());
}

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

function lifetime(seconds: number | null): string {
  return seconds === null ? '—' : formatSeconds(seconds);
}

/** "http ← ads.test/pixel", "js ← cdn.test/…/tag.js", or "jar" when no event was seen. */
function setBy(cookie: ReportedCookie): string {
  if (cookie.setBy === 'unknown') return 'jar';
  if (cookie.initiatorUrl === null) return cookie.setBy;
  const prefix = `${cookie.setBy} ← `;
  return `${prefix}${fitUrl(cookie.initiatorUrl, MAX_SET_BY - prefix.length)}`;
}

/** The longest of host/path, host/…/last-segment and host that fits; the host says most about who set it. */
function fitUrl(url: string, max: number): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return shorten(esc(url), max);
  }
  if (parsed.host === '') return shorten(esc(url), max);
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const candidates = [
    ...(segments.length > 0 ? [`${parsed.host}${parsed.pathname}`] : []),
    ...(segments.length > 1 ? [`${parsed.host}/…/${segments[segments.length - 1]}`] : []),
    parsed.host,
  ].map(esc);
  const host = candidates[candidates.length - 1];
  // A host is never cut: "who set it" is the point of the column. Absurdly long hosts stay bounded.
  return candidates.find((candidate) => [...candidate].length <= max) ?? shorten(host, MAX_HOST);
}

function shorten(text: string, max: number): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function trimLineEnds(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
