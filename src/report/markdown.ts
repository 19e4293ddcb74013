/**
 * The markdown report, for pull-request comments: the verdict line first, new findings first when
 * the scan was compared with a baseline, details folded in <details>, and never longer than GitHub
 * accepts (rows that do not fit are left out and counted). Every string is escaped (markdownText):
 * HTML and Markdown characters become entities, so a cookie named "a|b" or "<img …>" stays text.
 */
import { SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { AuditResult } from '../model/result.js';
import { escapeTerminal } from './escape.js';
import { findingContext, findingRule, findingSubject, findingText, worstSeverities, type FindingContext, type Part } from './i18n-findings.js';
import { vocabulary, type Vocabulary } from './i18n.js';
import type { ReportOptions } from './index.js';

/** GitHub refuses comments longer than this many characters. */
export const MARKDOWN_LIMIT = 65_536;

/** Room kept per block for its "rows left out" line. */
const NOTE_ROOM = 200;
/** Site-provided values longer than this are cut ("…"): a row should stay a row. */
const MAX_VALUE = 120;

const MARKERS: Record<Severity | 'ok', string> = { error: '✖', warning: '▲', info: '•', ok: '✔' };

/** A part of the comment whose rows may be left out: what comes before them and after them. */
interface Block {
  open: string;
  rows: string[];
  close: string;
}

export function renderMarkdown(result: AuditResult, options: ReportOptions): string {
  const context = findingContext(result, vocabulary(options.lang));
  const blocks = [...findingBlocks(context), changesBlock(context), cookiesBlock(context), storageBlock(context), rejectedBlock(context), scanBlock(context)];
  return fit(headerText(context), blocks.filter((block) => block !== null), context.words, MARKDOWN_LIMIT);
}

/**
 * The header and as many rows of each block, in order, as fit in `limit` characters; each block that
 * lost rows says how many.
 */
function fit(header: string, blocks: readonly Block[], words: Vocabulary, limit: number): string {
  const frame = blocks.reduce((sum, block) => sum + block.open.length + block.close.length + NOTE_ROOM, header.length);
  let budget = limit - frame;
  const parts = blocks.map((block) => {
    const kept: string[] = [];
    for (const row of block.rows) {
      if (row.length + 1 > budget) break;
      kept.push(row);
      budget -= row.length + 1;
    }
    const left = block.rows.length - kept.length;
    const note = left > 0 ? `\n\n_${markdownText(words.labelled(words.word.leftOut, String(left)))}_` : '';
    return `${block.open}${kept.join('\n')}${note}${block.close}`;
  });
  return `${[header, ...parts].join('\n\n')}\n`;
}

/** "## ✖ ÉCHEC — Audit des cookies", the counts, what the verdict judged, the policy; a loud warning when third-party cookies were blocked. */
function headerText({ result, words }: FindingContext): string {
  const { summary } = result;
  const verdict = summary.verdict === 'fail' ? `✖ ${words.word.fail}` : `✔ ${words.word.pass}`;
  const findings = SEVERITIES.map((severity) => words.severityCount(summary.findings[severity], severity)).join(', ');
  const waived = summary.waived > 0 ? ` (${words.count(summary.waived, 'waived')})` : '';
  const scanned = [
    words.count(summary.cookies, 'cookie'),
    ...(result.storage.length > 0 ? [words.count(result.storage.length, 'storageKey')] : []),
    words.count(new Set(result.scan.sites.map((site) => site.name)).size, 'site'),
    words.count(summary.pagesVisited, 'page'),
    ...(summary.errors > 0 ? [words.count(summary.errors, 'scanError')] : []),
  ].join(', ');
  const gate = (summary.gate === 'new' ? words.word.gateNew : words.word.gateAll).replace('{severity}', words.severity[summary.failOn][0]);
  const policy = result.inventory?.policy;
  const about = [
    ...(policy ? [`${policy.title} (${policy.owner}, version ${policy.version})`] : []),
    `${words.word.scanOf} ${words.instant(result.scan.startedAt)}`,
    `${result.tool.name} ${result.tool.version}`,
  ].join(' · ');
  const lines = [
    `## ${markdownText(`${verdict} — ${words.section.title}`)}`,
    '',
    `**${markdownText(findings)}**${markdownText(`${waived} — ${scanned} — ${gate}`)}`,
    '',
    markdownText(about),
  ];
  if (result.scan.browser.thirdPartyCookies === 'blocked') lines.push('', '> [!WARNING]', `> ${markdownText(words.word.thirdPartyBlocked)}`);
  return lines.join('\n');
}

/** With a baseline: new findings listed, existing ones folded. Without: every finding, unfolded. */
function findingBlocks(context: FindingContext): Block[] {
  const { result, words } = context;
  const item = (finding: Finding) => findingItem(finding, context);
  if (result.findings.length === 0) return [{ open: markdownText(words.word.noFindings), rows: [], close: '' }];
  if (!result.baseline) return [folded(`${words.section.findings} (${result.findings.length})`, '', result.findings.map(item), true)];
  const fresh = result.findings.filter((finding) => finding.change === 'new');
  const existing = result.findings.filter((finding) => finding.change !== 'new');
  return [
    ...(fresh.length > 0 ? [{ open: `### ${markdownText(`${words.section.newFindings} (${fresh.length})`)}\n\n`, rows: fresh.map(item), close: '' }] : []),
    ...(existing.length > 0 ? [folded(`${words.section.existingFindings} (${existing.length})`, '', existing.map(item), false)] : []),
  ];
}

/** "- ✖ **NOUVEAU** **Durée de vie trop longue** · UID (.esomus.test) · esomus — sentence _(Règle : …)_ — waiver". */
function findingItem(finding: Finding, context: FindingContext): string {
  const { words } = context;
  const heading = [
    `${MARKERS[finding.severity]}${finding.change === 'new' ? ` **${markdownText(words.word.new)}**` : ''} **${markdownText(words.kind[finding.kind])}**`,
    ...(finding.cookie || finding.storage || finding.entry !== null ? [markdownParts(findingSubject(finding, words))] : []),
    ...(finding.site === null ? [] : [markdownText(context.label(finding.site, finding.scenario))]),
  ].join(' · ');
  const rule = `_(${markdownText(words.labelled(words.word.rule, ''))}${markdownParts(findingRule(finding, context))})_`;
  const waiver = finding.waiver
    ? ` — **${markdownText(`${words.word.waived} ${words.word.waivedUntil} ${finding.waiver.expires}`)}** ${markdownText(`(${finding.waiver.owner})${words.word.colon}${finding.waiver.reason}`)}`
    : '';
  return `- ${heading} — ${markdownParts(findingText(finding, context))} ${rule}${waiver}`;
}

function changesBlock(context: FindingContext): Block | null {
  const { result, words } = context;
  const { baseline } = result;
  if (!baseline) return null;
  const key = (cookie: { name: string; domain: string; site: string; scenario: string }) =>
    `${markdownParts([{ code: cookie.name }, ' (', { code: cookie.domain }, ')'])} · ${markdownText(context.label(cookie.site, cookie.scenario))}`;
  const value = (raw: string | number | null) => (raw === null ? '—' : typeof raw === 'number' ? words.lifetime(raw) : raw);
  const rows = [
    ...baseline.cookies.added.map((cookie) => `- ➕ ${markdownText(words.section.added)}${words.word.colon}${key(cookie)}`),
    ...baseline.cookies.removed.map((cookie) => `- ➖ ${markdownText(words.section.removed)}${words.word.colon}${key(cookie)}`),
    ...baseline.cookies.changed.map(
      (change) => `- ✏️ ${key(change.cookie)}${words.word.colon}${markdownText(`${words.value.field[change.field]} ${value(change.before)} → ${value(change.after)}`)}`,
    ),
    ...baseline.findings.fixed.map((finding) => `- ✔ ${markdownText(words.word.fixedMark)}${words.word.colon}**${markdownText(words.kind[finding.kind])}** · ${markdownParts(findingSubject(finding, words))}`),
  ];
  const counts = [
    words.labelled(words.section.newFindings, String(baseline.findings.new)),
    words.labelled(words.section.fixed, String(baseline.findings.fixed.length)),
    words.labelled(words.section.added, String(baseline.cookies.added.length)),
    words.labelled(words.section.removed, String(baseline.cookies.removed.length)),
    words.labelled(words.section.changed, String(baseline.cookies.changed.length)),
  ].join(' · ');
  const intro = `${markdownText(words.labelled(words.word.baseline, ''))}<code>${markdownText(baseline.file)}</code> — ${markdownText(counts)}\n\n`;
  return folded(words.section.changes, intro, rows, false);
}

function cookiesBlock(context: FindingContext): Block {
  const { result, words } = context;
  const { column } = words;
  const status = worstSeverities(result.findings);
  const rows = result.cookies.map((cookie) =>
    tableRow([
      MARKERS[status.cookie(cookie) ?? 'ok'],
      code(cookie.name),
      code(cookie.domain),
      markdownText(context.label(cookie.site, cookie.scenario)),
      markdownText(words.value.party[cookie.party]),
      markdownText(words.value.type[cookie.type]),
      markdownText(words.lifetime(cookie.requestedLifetimeSeconds)),
      markdownText(words.lifetime(cookie.effectiveLifetimeSeconds)),
      cookie.declared === null ? markdownText(words.word.undeclared) : code(cookie.declared),
    ]),
  );
  const head = tableHead(['', column.name, column.domain, column.site, column.party, column.type, column.requested, column.effective, column.declaredAs]);
  return folded(`${words.section.cookies} (${rows.length})`, head, rows, false);
}

function storageBlock(context: FindingContext): Block | null {
  const { result, words } = context;
  if (result.storage.length === 0) return null;
  const { column } = words;
  const status = worstSeverities(result.findings);
  const rows = result.storage.map((item) =>
    tableRow([
      MARKERS[status.storage(item) ?? 'ok'],
      markdownText(words.value.storage[item.kind]),
      code(item.key),
      code(item.origin),
      markdownText(context.label(item.site, item.scenario)),
      item.declared === null ? markdownText(words.word.undeclared) : code(item.declared),
    ]),
  );
  const head = tableHead(['', column.kind, column.key, column.origin, column.site, column.declaredAs]);
  return folded(`${words.section.storage} (${rows.length})`, head, rows, false);
}

function rejectedBlock(context: FindingContext): Block | null {
  const { result, words } = context;
  if (result.rejectedCookies.length === 0) return null;
  const { column } = words;
  const rows = result.rejectedCookies.map((rejected) =>
    tableRow([code(rejected.name), markdownText(context.label(rejected.site, rejected.scenario)), code(rejected.reasons.join(', ')), code(rejected.responseUrl)]),
  );
  const head = `${markdownText(words.word.rejectedNote)}\n\n${tableHead([column.name, column.site, column.reasons, column.response])}`;
  return folded(`${words.section.rejected} (${rows.length})`, head, rows, false);
}

function scanBlock({ result, words }: FindingContext): Block {
  const { scan } = result;
  const fact = (term: string, value: string) => `- **${markdownText(term)}**${markdownText(words.labelled('', value))}`;
  const rows = [
    fact(words.word.started, words.instant(scan.startedAt)),
    fact(words.word.finished, words.instant(scan.finishedAt)),
    fact(words.word.browser, `${scan.browser.name} ${scan.browser.version}`),
    fact(words.word.thirdPartyCookies, scan.browser.thirdPartyCookies === 'blocked' ? words.word.blocked : words.word.allowed),
    ...(result.inventory ? [fact(words.word.inventory, result.inventory.file)] : []),
    ...scan.sites.map((site) =>
      fact(
        `${site.name} › ${site.scenario}`,
        [words.count(site.pagesVisited, 'page'), ...(site.complete ? [] : [words.word.incomplete]), ...(site.errors.length > 0 ? [words.count(site.errors.length, 'scanError')] : [])].join(', '),
      ),
    ),
    ...scan.sites.flatMap((site) => site.errors.map((error) => `- ✖ ${code(error.url)}${markdownText(`${words.word.colon}${error.message}`)}`)),
  ];
  return folded(words.section.scan, '', rows, false);
}

/** A <details> block: the summary (escaped), then the rows; `open` unfolds it. */
function folded(summary: string, intro: string, rows: string[], open: boolean): Block {
  return { open: `<details${open ? ' open' : ''}><summary>${markdownText(summary)}</summary>\n\n${intro}`, rows, close: '\n\n</details>' };
}

function tableHead(titles: readonly string[]): string {
  return `| ${titles.map(markdownText).join(' | ')} |\n|${titles.map(() => ' --- ').join('|')}|\n`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Characters that mean something to Markdown or HTML inline, written as numeric entities instead. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&|~!$]/g;
/** A word joiner after "@" and "#" so a hostile name cannot mention someone or link an issue. */
const MENTION = /[@#]/g;

/**
 * Any string as literal Markdown text, safe in a paragraph, a list item, a table cell or a <summary>:
 * control characters become visible escapes (a newline shows as "\n"), Markdown and HTML characters
 * become entities, mentions and issue references are defused.
 */
export function markdownText(text: string): string {
  return escapeTerminal(text)
    .replace(MENTION, (char) => `${char}\u2060`)
    .replace(MARKDOWN_SPECIAL, (char) => `&#${char.charCodeAt(0)};`);
}

/** A site-provided value as inline code, cut when very long. */
function code(value: string): string {
  const points = [...value];
  const shown = points.length > MAX_VALUE ? `${points.slice(0, MAX_VALUE - 1).join('')}…` : value;
  return `<code>${markdownText(shown)}</code>`;
}

function markdownParts(parts: readonly Part[]): string {
  return parts.map((part) => (typeof part === 'string' ? markdownText(part) : code(part.code))).join('');
}
