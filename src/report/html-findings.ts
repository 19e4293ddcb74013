/** The findings parts of the html report: findings with their rule, declared-but-unobserved entries, changes since the baseline. */
import type { CookieChange, CookieKey } from '../model/diff.js';
import { OPEN_COOKIE_DATABASE_CITATION, SEVERITIES, type AppliedWaiver, type CookieHint, type Finding } from '../model/finding.js';
import { cell, codeCell, element, escapeHtml, partsHtml, plainTable, type HtmlSection } from './html-markup.js';
import { findingRule, findingSubject, findingText, newFirst, type FindingContext } from './i18n-findings.js';
import { capitalise, type Vocabulary } from './i18n.js';

/** Every finding but the unobserved ones (they have their own section): new ones first with a baseline, else by severity. */
export function findingsSection(context: FindingContext): HtmlSection {
  const { result, words } = context;
  const listed = result.findings.filter((finding) => finding.kind !== 'unobserved');
  if (listed.length === 0) return { id: 'findings', body: `<p>${escapeHtml(words.word.noFindings)}</p>` };
  const groups: [string, Finding[]][] = result.baseline
    ? [
        [words.section.newFindings, listed.filter((finding) => finding.change === 'new')],
        [words.section.existingFindings, listed.filter((finding) => finding.change !== 'new')],
      ]
    : SEVERITIES.map((severity) => [capitalise(words.severity[severity][1]), listed.filter((finding) => finding.severity === severity)]);
  const body = groups
    .filter(([, findings]) => findings.length > 0)
    .map(([title, findings]) => `<h3>${escapeHtml(`${title} (${findings.length})`)}</h3>${findings.map((finding) => findingArticle(finding, context)).join('')}`)
    .join('');
  return { id: 'findings', body };
}

function findingArticle(finding: Finding, context: FindingContext): string {
  const { words } = context;
  const badges = [
    element('span', { class: `badge ${finding.severity}` }, escapeHtml(words.severity[finding.severity][0])),
    ...(finding.change === 'new' ? [element('span', { class: 'badge new' }, escapeHtml(words.word.new))] : []),
    ...(finding.waiver ? [element('span', { class: 'badge waived' }, escapeHtml(words.word.waived))] : []),
  ];
  const heading = [
    ...badges,
    `<strong>${escapeHtml(words.kind[finding.kind])}</strong>`,
    partsHtml(findingSubject(finding, words)),
    ...(finding.site === null ? [] : [`<span class="where">${escapeHtml(context.label(finding.site, finding.scenario))}</span>`]),
  ];
  const paragraphs = [
    `<p>${heading.join(' ')}</p>`,
    `<p>${partsHtml(findingText(finding, context))}</p>`,
    `<p class="rule"><strong>${escapeHtml(words.labelled(words.word.rule, ''))}</strong>${partsHtml(findingRule(finding, context))}</p>`,
    ...(finding.waiver ? [waiverHtml(finding.waiver, context)] : []),
    ...(finding.suggestions ? [suggestionsHtml(finding.suggestions, context)] : []),
    ...(finding.hint ? [hintHtml(finding.hint, context)] : []),
    ...(words.lang === 'fr' ? [foldedMessage(finding, context)] : []),
  ];
  const classes = ['finding', finding.severity, ...(finding.waiver ? ['waived'] : [])].join(' ');
  return element('article', { class: classes }, paragraphs.join(''));
}

function waiverHtml(waiver: AppliedWaiver, { words }: FindingContext): string {
  const where = waiver.location ? ` · <code>${escapeHtml(`${waiver.location.file}:${waiver.location.line}`)}</code>` : '';
  return (
    `<p class="waiver"><strong>${escapeHtml(`${words.word.waived} ${words.word.waivedUntil} ${waiver.expires}`)}</strong> ` +
    `(${escapeHtml(waiver.owner)})${escapeHtml(words.word.colon)}${escapeHtml(waiver.reason)} — ${escapeHtml(words.word.notFailing)}${where}</p>`
  );
}

function suggestionsHtml(suggestions: readonly string[], { words }: FindingContext): string {
  const names = suggestions.length === 0 ? escapeHtml(words.word.noLookAlike) : suggestions.map((name) => `<code>${escapeHtml(name)}</code>`).join(', ');
  return `<p>${escapeHtml(words.labelled(words.word.looksLike, ''))}${names}</p>`;
}

/** "Open Cookie Database : Google Analytics · Analytics · conservation 2 years · Google (correspond à _ga_*)", its description folded. */
function hintHtml(hint: CookieHint, { words }: FindingContext): string {
  const facts = [hint.platform, hint.category, hint.retention === '' ? '' : `${words.word.retention} ${hint.retention}`, hint.dataController]
    .map((fact) => fact.trim())
    .filter((fact) => fact !== '');
  const summary = words.labelled(hint.source, `${facts.join(' · ')} (${words.word.matched} ${hint.matched})`);
  return `<details><summary>${escapeHtml(summary)}</summary><p>${escapeHtml(hint.description)}</p><p class="muted">${escapeHtml(OPEN_COOKIE_DATABASE_CITATION)}</p></details>`;
}

/** The audit's own English message, folded under the French wording (it names entries and waivers in full). */
function foldedMessage(finding: Finding, { words }: FindingContext): string {
  return `<details><summary>${escapeHtml(words.word.englishMessage)}</summary><p>${escapeHtml(finding.message)}</p></details>`;
}

/** Entries that matched nothing the scan saw: each `unobserved` finding. */
export function unobservedSection(context: FindingContext): HtmlSection | null {
  const { result, words } = context;
  const unobserved = newFirst(result.findings.filter((finding) => finding.kind === 'unobserved'));
  if (unobserved.length === 0) return null;
  const rows = unobserved.map((finding) => {
    const notes = [
      ...(finding.change === 'new' ? [element('span', { class: 'badge new' }, escapeHtml(words.word.new))] : []),
      ...(finding.waiver ? [waiverHtml(finding.waiver, context)] : []),
    ];
    const location = finding.location ? `${finding.location.file}:${finding.location.line}` : '';
    return `<tr>${codeCell(finding.entry ?? '')}${codeCell(location)}<td>${notes.join(' ')}</td></tr>`;
  });
  // The rule is the same for every row; each row gives its own location.
  const rule = `<p class="rule">${partsHtml(findingRule({ ...unobserved[0], location: undefined }, context))}</p>`;
  return { id: 'unobserved', body: rule + plainTable([words.column.entry, words.column.location, ''], rows) };
}

/** What changed since the baseline: counts, cookies added, removed and changed, findings fixed. */
export function changesSection(context: FindingContext): HtmlSection | null {
  const { result, words } = context;
  const { baseline } = result;
  if (!baseline) return null;
  const { cookies, findings } = baseline;
  const counts: [string, number][] = [
    [words.section.newFindings, findings.new],
    [words.section.fixed, findings.fixed.length],
    [words.word.unchanged, findings.unchanged],
    [words.section.added, cookies.added.length],
    [words.section.removed, cookies.removed.length],
    [words.section.changed, cookies.changed.length],
  ];
  const keyRow = (key: CookieKey) => `<tr>${codeCell(key.name)}${codeCell(key.domain)}${codeCell(key.path)}${cell(context.label(key.site, key.scenario))}</tr>`;
  const keyHead = [words.column.name, words.column.domain, words.column.path, words.column.site];
  const changeRow = (change: CookieChange) =>
    `<tr>${codeCell(change.cookie.name)}${codeCell(change.cookie.domain)}${cell(context.label(change.cookie.site, change.cookie.scenario))}` +
    `${cell(words.value.field[change.field])}${cell(changeValue(change.before, words))}${cell(changeValue(change.after, words))}</tr>`;
  const fixed = findings.fixed.map(
    (finding) =>
      `<li><strong>${escapeHtml(words.kind[finding.kind])}</strong> ${partsHtml(findingSubject(finding, words))}` +
      `${finding.site === null ? '' : ` <span class="where">${escapeHtml(context.label(finding.site, finding.scenario))}</span>`} — ${partsHtml(findingText(finding, context))}</li>`,
  );
  const blocks = [
    `<p>${escapeHtml(words.labelled(words.word.baseline, ''))}<code>${escapeHtml(baseline.file)}</code>, ${escapeHtml(words.word.scannedOn)} ${escapeHtml(words.instant(baseline.startedAt))}</p>`,
    `<dl class="meta">${counts.map(([title, n]) => `<dt>${escapeHtml(title)}</dt><dd>${n}</dd>`).join('')}</dl>`,
    ...subsection(words.section.added, cookies.added.length, () => plainTable(keyHead, cookies.added.map(keyRow))),
    ...subsection(words.section.removed, cookies.removed.length, () => plainTable(keyHead, cookies.removed.map(keyRow))),
    ...subsection(words.section.changed, cookies.changed.length, () =>
      plainTable([words.column.name, words.column.domain, words.column.site, words.column.change, words.column.before, words.column.after], cookies.changed.map(changeRow)),
    ),
    ...subsection(words.section.fixed, fixed.length, () => `<ul>${fixed.join('')}</ul>`),
  ];
  return { id: 'changes', body: blocks.join('') };
}

function subsection(title: string, n: number, html: () => string): string[] {
  return n === 0 ? [] : [`<h3>${escapeHtml(`${title} (${n})`)}</h3><div class="table-wrap">${html()}</div>`];
}

/** A changed value in the report's words: a lifetime in seconds, a type or party, or none. */
function changeValue(value: string | number | null, words: Vocabulary): string {
  if (value === null) return '—';
  if (typeof value === 'number') return words.lifetime(value);
  const { type, party } = words.value;
  return Object.hasOwn(type, value) ? type[value as keyof typeof type] : Object.hasOwn(party, value) ? party[value as keyof typeof party] : value;
}
