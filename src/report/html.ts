/**
 * The html report, for compliance officers: one self-contained file (it loads nothing; a strict
 * Content-Security-Policy lets only its own inline style and script apply), in French or English,
 * that prints to PDF with everything unfolded. Verdict first, then what changed since the baseline,
 * the findings with the policy rule each breaks, the observed cookies (sortable, filterable), their
 * lifetimes against the policy's bounds, what was declared but not seen, refused cookies, storage
 * and how the scan went. Every site-provided string is escaped (html-markup.ts).
 */
import { SEVERITIES } from '../model/finding.js';
import type { AuditResult } from '../model/result.js';
import { CONTENT_SECURITY_POLICY, SCRIPT, STYLE } from './html-assets.js';
import { lifetimeChart } from './html-chart.js';
import { changesSection, findingsSection, unobservedSection } from './html-findings.js';
import { element, escapeHtml } from './html-markup.js';
import { scanSection } from './html-scan.js';
import { cookiesSection, rejectedSection, storageSection } from './html-tables.js';
import { findingContext, type FindingContext } from './i18n-findings.js';
import { vocabulary } from './i18n.js';
import type { ReportOptions } from './index.js';

export function renderHtml(result: AuditResult, options: ReportOptions): string {
  const context = findingContext(result, vocabulary(options.lang));
  const sections = [
    changesSection(context),
    findingsSection(context),
    cookiesSection(context, options.includeValues),
    lifetimeChart(context),
    unobservedSection(context),
    rejectedSection(context),
    storageSection(context),
    scanSection(context),
  ].filter((section) => section !== null);
  const { section } = context.words;
  const contents = sections.map(({ id }) => `<li><a href="#${id}">${escapeHtml(section[id])}</a></li>`).join('');
  const body = [
    headerHtml(context),
    `<nav aria-label="${escapeHtml(section.contents)}"><ol>${contents}</ol></nav>`,
    ...sections.map(({ id, body: html }) => element('section', { id }, `<h2>${escapeHtml(section[id])}</h2>${html}`)),
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${options.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(documentTitle(context))}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** "Audit des cookies — ESOMUS — 10 mars 2025 à 08:59 UTC". */
function documentTitle({ result, words }: FindingContext): string {
  const owner = result.inventory?.policy.owner;
  return [words.section.title, ...(owner ? [owner] : []), words.instant(result.scan.startedAt)].join(' — ');
}

function headerHtml(context: FindingContext): string {
  const { result, words } = context;
  const policy = result.inventory?.policy;
  const subtitle = [
    `${words.word.scanOf} ${words.instant(result.scan.startedAt)}`,
    ...(policy ? [words.labelled(words.word.policy, `${policy.title} (${policy.owner}, version ${policy.version})`)] : []),
  ];
  const blocked = result.scan.browser.thirdPartyCookies === 'blocked' ? `<p class="alert" role="alert">⚠ ${escapeHtml(words.word.thirdPartyBlocked)}</p>` : '';
  return `<header><h1>${escapeHtml(words.section.title)}</h1><p class="muted">${escapeHtml(subtitle.join(' · '))}</p>${verdictHtml(context)}${blocked}</header>`;
}

/** The verdict, its counts and what it was judged on. */
function verdictHtml({ result, words }: FindingContext): string {
  const { summary } = result;
  const findings = SEVERITIES.map((severity) => words.severityCount(summary.findings[severity], severity)).join(', ');
  const waived = summary.waived > 0 ? ` (${words.count(summary.waived, 'waived')})` : '';
  const sites = new Set(result.scan.sites.map((site) => site.name)).size;
  const scenarios = new Set(result.scan.sites.map((site) => site.scenario)).size;
  const incomplete = result.scan.sites.filter((site) => !site.complete).length;
  const scanned = [
    words.count(summary.cookies, 'cookie'),
    ...(result.storage.length > 0 ? [words.count(result.storage.length, 'storageKey')] : []),
    words.count(sites, 'site'),
    words.count(scenarios, 'scenario'),
    words.count(summary.pagesVisited, 'page'),
    ...(summary.errors > 0 ? [words.count(summary.errors, 'scanError')] : []),
    ...(incomplete > 0 ? [words.count(incomplete, 'incomplete')] : []),
  ];
  const gate = (summary.gate === 'new' ? words.word.gateNew : words.word.gateAll).replace('{severity}', words.severity[summary.failOn][0]);
  const verdict = summary.verdict === 'fail' ? words.word.fail : words.word.pass;
  return element(
    'div',
    { class: `verdict ${summary.verdict}`, role: 'status' },
    `<span class="word">${escapeHtml(verdict)}</span><span>${escapeHtml(findings + waived)}</span>` +
      `<p>${escapeHtml(scanned.join(', '))} — ${escapeHtml(gate)}</p>`,
  );
}
