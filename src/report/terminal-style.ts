/** Small shared pieces of the terminal report: markers, colours, borderless tables, text fitting. */
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { severityRank, type Severity } from '../model/finding.js';
import { escapeTerminal as esc } from './escape.js';

export type Status = Severity | 'ok';

export const MARKERS: Record<Status, string> = { error: '✖', warning: '▲', info: '•', ok: '✔' };

export function paint(c: ChalkInstance, status: Status, text: string): string {
  const colours = { error: c.red, warning: c.yellow, info: c.cyan, ok: c.green };
  return colours[status](text);
}

/** How the report names a site as scanned: "esomus", or "esomus › consent-given" when it shows scenarios; escaped. */
export type SiteLabel = (site: string, scenario: string | null) => string;

export function siteLabel(showScenarios: boolean): SiteLabel {
  return (site, scenario) => (showScenarios && scenario !== null ? `${esc(site)} › ${esc(scenario)}` : esc(site));
}

export function count(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Cuts to `max` characters (code points), ending with "…" when cut. */
export function shorten(text: string, max: number): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

/** A table without borders, columns two spaces apart, bold headings; rows are given ready to print. */
export function borderlessTable(head: string[], rows: string[][], c: ChalkInstance): string {
  const table = new Table({
    head: head.map((title) => c.bold(title)),
    chars: BORDERLESS,
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
  });
  table.push(...rows);
  return trimLineEnds(table.toString());
}

function trimLineEnds(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** The worst severity per subject (as keyed by `keyOf`), for the status marker of a table row. */
export function worstSeverity<T>(items: readonly T[], keyOf: (item: T) => string | null, severityOf: (item: T) => Severity): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const current = worst.get(key);
    if (!current || severityRank(severityOf(item)) < severityRank(current)) worst.set(key, severityOf(item));
  }
  return worst;
}
