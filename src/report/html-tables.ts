/** The tables of the html report: every observed cookie (sortable and filterable), storage, refused cookies. */
import { severityRank, SEVERITIES, type Severity } from '../model/finding.js';
import type { ReportedCookie, ReportedStorage } from '../model/result.js';
import { escapeTerminal } from './escape.js';
import { cell, codeCell, element, escapeHtml, sortableTable, type HtmlSection } from './html-markup.js';
import { worstSeverities, type FindingContext } from './i18n-findings.js';
import type { Vocabulary } from './i18n.js';
import { PARTITION_MARK, TRANSIENT_MARK, VARIED_MARK } from './terminal-tables.js';
import { shorten } from './terminal-style.js';

/** Cookie values are cut to this many characters in their cell; the full value is in its title (tooltip). */
const MAX_VALUE = 40;

/** With `includeValues` (--include-values) and a scan that recorded values, the table gets a Value column after the name. */
export function cookiesSection(context: FindingContext, includeValues = false): HtmlSection {
  const { result, words } = context;
  const { column } = words;
  const status = worstSeverities(result.findings);
  const values = includeValues && result.cookies.some((cookie) => cookie.value !== undefined);
  const rows = result.cookies.map((cookie) =>
    [
      '<tr>',
      statusCell(status.cookie(cookie), words),
      codeCell(cookie.name),
      ...(values ? [valueCell(cookie.value)] : []),
      domainCell(cookie),
      cell(context.label(cookie.site, cookie.scenario)),
      cell(words.value.party[cookie.party]),
      cell(`${words.value.type[cookie.type]}${cookie.transient ? ` ${TRANSIENT_MARK}` : ''}`),
      cell(`${words.lifetime(cookie.requestedLifetimeSeconds)}${cookie.lifetimeVaried ? VARIED_MARK : ''}`, cookie.requestedLifetimeSeconds ?? -1),
      cell(words.lifetime(cookie.effectiveLifetimeSeconds), cookie.effectiveLifetimeSeconds ?? -1),
      cookie.declared === null ? cell(words.word.undeclared) : codeCell(cookie.declared),
      setByCell(cookie, words),
      codeCell(cookie.firstSeenUrl),
      cell(cookie.consent ? words.value.consent[cookie.consent] : '—'),
      cell(attributes(cookie)),
      '</tr>',
    ].join(''),
  );
  const head = [
    { title: column.status, numeric: true },
    { title: column.name },
    ...(values ? [{ title: column.value }] : []),
    { title: column.domain },
    { title: column.site },
    { title: column.party },
    { title: column.type },
    { title: column.requested, numeric: true },
    { title: column.effective, numeric: true },
    { title: column.declaredAs },
    { title: column.setBy },
    { title: column.firstSeen },
    { title: column.consent },
    { title: column.attributes },
  ];
  const controls =
    `<div class="controls" data-table="cookie-table" hidden><label>${escapeHtml(words.word.filter)} <input type="search" id="cookie-filter"></label>` +
    `<span><output>${rows.length}</output> / ${rows.length} ${escapeHtml(words.word.shown)} · ${escapeHtml(words.word.sortHint)}</span></div>`;
  const legends = [
    ...(result.cookies.some((cookie) => cookie.transient) ? [`${TRANSIENT_MARK} ${words.word.transient}`] : []),
    ...(result.cookies.some((cookie) => cookie.lifetimeVaried) ? [`${VARIED_MARK} ${words.word.varied}`] : []),
    ...(result.cookies.some((cookie) => cookie.partitionKey !== null) ? [`${PARTITION_MARK} ${words.word.partitioned}`] : []),
  ].map((legend) => `<p class="muted">${escapeHtml(legend)}</p>`);
  if (rows.length === 0) return { id: 'cookies', body: `<p>${escapeHtml(words.word.noneObserved)}</p>` };
  return { id: 'cookies', body: `${controls}<div class="table-wrap">${sortableTable('cookie-table', head, rows)}</div>${legends.join('')}` };
}

/** The worst finding about a row, or none; sorted errors first. */
function statusCell(severity: Severity | undefined, words: Vocabulary): string {
  const rank = severity === undefined ? SEVERITIES.length : severityRank(severity);
  const text = severity === undefined ? words.word.ok : words.severity[severity][0];
  return element('td', { 'data-sort': rank }, element('span', { class: `badge ${severity ?? 'ok'}` }, escapeHtml(text)));
}

/**
 * A cookie value as code, cut to MAX_VALUE characters with the whole value in the title attribute;
 * both escaped like every site-provided string (control characters visible, markup as entities).
 */
function valueCell(value: string | undefined): string {
  if (value === undefined) return cell('—');
  const visible = escapeTerminal(value);
  const shown = shorten(visible, MAX_VALUE);
  return element('td', {}, element('code', { title: shown === visible ? undefined : value }, escapeHtml(shown)));
}

/** The domain, and for a partitioned (CHIPS) cookie "⟂ top-level site". */
function domainCell(cookie: ReportedCookie): string {
  const partition = cookie.partitionKey === null ? '' : ` ${PARTITION_MARK} <code>${escapeHtml(cookie.partitionKey)}</code>`;
  return element('td', { 'data-sort': cookie.domain }, `<code>${escapeHtml(cookie.domain)}</code>${partition}`);
}

/** "script ← https://cdn.tracker.test/tag.js", "en-tête HTTP ← …", or the jar. */
function setByCell(cookie: ReportedCookie, words: Vocabulary): string {
  const how = escapeHtml(words.value.setBy[cookie.setBy]);
  const from = cookie.initiatorUrl === null ? '' : ` ← <code>${escapeHtml(cookie.initiatorUrl)}</code>`;
  return element('td', { 'data-sort': `${cookie.setBy} ${cookie.initiatorUrl ?? ''}` }, how + from);
}

/** "Secure, HttpOnly, SameSite=Lax" as the site asked. */
function attributes(cookie: ReportedCookie): string {
  return [...(cookie.secure ? ['Secure'] : []), ...(cookie.httpOnly ? ['HttpOnly'] : []), ...(cookie.sameSite ? [`SameSite=${cookie.sameSite}`] : [])].join(', ');
}

export function storageSection(context: FindingContext): HtmlSection | null {
  const { result, words } = context;
  if (result.storage.length === 0) return null;
  const status = worstSeverities(result.findings);
  const rows = result.storage.map(
    (item: ReportedStorage) =>
      `<tr>${statusCell(status.storage(item), words)}${cell(words.value.storage[item.kind])}${codeCell(item.key)}${codeCell(item.origin)}` +
      `${cell(context.label(item.site, item.scenario))}${cell(words.value.party[item.party])}` +
      `${item.declared === null ? cell(words.word.undeclared) : codeCell(item.declared)}${codeCell(item.firstSeenUrl)}</tr>`,
  );
  const { column } = words;
  const head = [column.status, column.kind, column.key, column.origin, column.site, column.party, column.declaredAs, column.firstSeen].map(
    (title, index) => ({ title, numeric: index === 0 }),
  );
  return { id: 'storage', body: `<div class="table-wrap">${sortableTable('storage-table', head, rows)}</div>` };
}

export function rejectedSection(context: FindingContext): HtmlSection | null {
  const { result, words } = context;
  if (result.rejectedCookies.length === 0) return null;
  const rows = result.rejectedCookies.map(
    (rejected) =>
      `<tr>${codeCell(rejected.name)}${cell(context.label(rejected.site, rejected.scenario))}${codeCell(rejected.reasons.join(', '))}` +
      `${codeCell(rejected.attributes)}${codeCell(rejected.responseUrl)}${codeCell(rejected.pageUrl)}</tr>`,
  );
  const { column } = words;
  const head = [column.name, column.site, column.reasons, column.header, column.response, column.page].map((title) => ({ title }));
  return {
    id: 'rejected',
    body: `<p class="muted">${escapeHtml(words.word.rejectedNote)}</p><div class="table-wrap">${sortableTable('rejected-table', head, rows)}</div>`,
  };
}
