/**
 * Safe HTML building for the html report. Every site-provided string goes through escapeHtml: control
 * characters and bidi overrides become visible escapes (as in the terminal), then the five characters
 * that mean something in HTML become entities — in text and in attribute values alike.
 */
import { escapeTerminal } from './escape.js';
import type { Part } from './i18n-findings.js';
import type { SectionName } from './i18n.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return escapeTerminal(text).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** A phrase as HTML: our words escaped, site-provided values escaped inside <code>. */
export function partsHtml(parts: readonly Part[]): string {
  return parts.map((part) => (typeof part === 'string' ? escapeHtml(part) : `<code>${escapeHtml(part.code)}</code>`)).join('');
}

/** Attributes from trusted names and any values (escaped); undefined or false values are left out. */
function attributes(attrs: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(attrs)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`))
    .join('');
}

/** An element whose content is already HTML. */
export function element(tag: string, attrs: Record<string, string | number | boolean | undefined>, html: string): string {
  return `<${tag}${attributes(attrs)}>${html}</${tag}>`;
}

/** A table cell: escaped text, with an optional sort key the inline script reads. */
export function cell(text: string, sortKey?: string | number): string {
  return element('td', { 'data-sort': sortKey }, escapeHtml(text));
}

/** A table cell showing a site-provided value as code. */
export function codeCell(text: string): string {
  return element('td', { 'data-sort': text }, `<code>${escapeHtml(text)}</code>`);
}

/** A sortable table: a button per heading (the script sorts by it), rows given ready as <tr> HTML. */
export function sortableTable(id: string, head: readonly { title: string; numeric?: boolean }[], rows: readonly string[]): string {
  const headings = head
    .map(({ title, numeric }) => element('th', { scope: 'col', 'data-type': numeric ? 'number' : undefined }, `<button type="button">${escapeHtml(title)}</button>`))
    .join('');
  return element('table', { id, class: 'sortable' }, `<thead><tr>${headings}</tr></thead><tbody>${rows.join('')}</tbody>`);
}

/** A plain table with escaped headings. */
export function plainTable(head: readonly string[], rows: readonly string[]): string {
  const headings = head.map((title) => element('th', { scope: 'col' }, escapeHtml(title))).join('');
  return `<table><thead><tr>${headings}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A section of the report: its anchor (its title comes from the vocabulary, also in the contents) and its HTML. */
export interface HtmlSection {
  id: SectionName;
  body: string;
}
