/**
 * The cookie table of the published policy (ESOMUS's section 9), rendered from the inventory so the
 * policy and the inventory cannot drift: same columns and order as the published table — "Cookie"
 * (party and type, in the policy's words), "Nom" (the label), "Objectif d'utilisation" (purpose.fr
 * verbatim) — plus the longest lifetime the inventory allows. Pure: inventory in, text out.
 *
 * Everything written comes from the inventory, which a reviewer may not have read line by line, so
 * every cell is escaped: HTML entities in HTML, backslash escapes and entities in Markdown, and
 * control or bidi characters shown as visible escapes in both.
 */
import type { Duration } from '../model/duration.js';
import type { CookieEntry, CookieType, Inventory, Party, ReportLanguage } from '../model/inventory.js';
import { escapeTerminal } from './escape.js';
import { escapeHtml } from './html-markup.js';

export type PolicyTableFormat = 'md' | 'html';

export const POLICY_TABLE_FORMATS: readonly PolicyTableFormat[] = ['md', 'html'];

export interface PolicyTableOptions {
  lang: ReportLanguage;
  format: PolicyTableFormat;
}

/** What the table needs of the inventory: the policy (its lifetime maximum) and the cookie entries. */
export type PolicyTableInventory = Pick<Inventory, 'policy' | 'cookies'>;

/** One row, as plain text (not escaped yet). */
export interface PolicyTableRow {
  cookie: string;
  name: string;
  purpose: string;
  lifetime: string;
  /** True when the English table shows the French purpose because the entry has no English one. */
  untranslated: boolean;
}

const WORDS = {
  fr: {
    heading: ['Cookie', 'Nom', "Objectif d'utilisation", 'Durée maximale de conservation'],
    kind: {
      first: { session: "Cookie d'origine de session", persistent: "Cookie d'origine persistant" },
      third: { session: 'Cookie tiers de session', persistent: 'Cookie tiers persistant' },
    },
    session: 'Fin de la session de navigation',
    untranslated: '',
    tableTitle: 'Tableau des cookies',
    version: 'version',
  },
  en: {
    heading: ['Cookie', 'Name', 'Purpose', 'Maximum lifetime'],
    kind: {
      first: { session: 'First-party session cookie', persistent: 'First-party persistent cookie' },
      third: { session: 'Third-party session cookie', persistent: 'Third-party persistent cookie' },
    },
    session: 'End of the browsing session',
    untranslated: 'Not translated yet: the purpose is given in French, as the published policy words it.',
    tableTitle: 'Cookie table',
    version: 'version',
  },
} as const satisfies Record<ReportLanguage, { kind: Record<Party, Record<CookieType, string>> } & Record<string, unknown>>;

/** The marker of a row whose purpose is shown in French in the English table. */
const UNTRANSLATED_MARK = '*';

/** The rows of the table, in inventory order (the published table's order). */
export function policyTableRows(inventory: PolicyTableInventory, lang: ReportLanguage): PolicyTableRow[] {
  const words = WORDS[lang];
  return inventory.cookies.map((entry) => {
    const english = lang === 'en' ? entry.purpose.en?.trim() : undefined;
    return {
      cookie: words.kind[entry.party][entry.type],
      name: entry.label,
      purpose: english || entry.purpose.fr,
      lifetime: lifetimeCell(entry, inventory, lang),
      untranslated: lang === 'en' && !english,
    };
  });
}

/** Renders the policy's cookie table: a Markdown table, or a self-contained HTML page around a `<table>`. */
export function renderPolicyTable(inventory: PolicyTableInventory, options: PolicyTableOptions): string {
  const rows = policyTableRows(inventory, options.lang);
  return options.format === 'html' ? htmlPage(inventory, rows, options.lang) : markdownTable(rows, options.lang);
}

function lifetimeCell(entry: CookieEntry, inventory: PolicyTableInventory, lang: ReportLanguage): string {
  if (entry.type === 'session') return WORDS[lang].session;
  return durationWords(entry.maxLifetime ?? inventory.policy.persistent.maxLifetime, lang);
}

const UNIT_WORDS: Record<ReportLanguage, Record<Exclude<keyof Duration, 'text'>, readonly [string, string]>> = {
  fr: {
    years: ['an', 'ans'], months: ['mois', 'mois'], weeks: ['semaine', 'semaines'], days: ['jour', 'jours'],
    hours: ['heure', 'heures'], minutes: ['minute', 'minutes'], seconds: ['seconde', 'secondes'],
  },
  en: {
    years: ['year', 'years'], months: ['month', 'months'], weeks: ['week', 'weeks'], days: ['day', 'days'],
    hours: ['hour', 'hours'], minutes: ['minute', 'minutes'], seconds: ['second', 'seconds'],
  },
};

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/**
 * A declared duration in words, unit by unit as it was written (not converted): "13 mois", "5 ans",
 * "2 ans et 6 mois", "1 jour"; "13 months", "2 years and 6 months". French takes the singular below 2.
 */
export function durationWords(duration: Duration, lang: ReportLanguage): string {
  const parts = UNITS.filter((unit) => duration[unit] !== 0).map((unit) => {
    const count = duration[unit];
    const [one, many] = UNIT_WORDS[lang][unit];
    const singular = lang === 'fr' ? count < 2 : count === 1;
    return `${count} ${singular ? one : many}`;
  });
  const and = lang === 'fr' ? ' et ' : ' and ';
  if (parts.length === 0) return `0 ${UNIT_WORDS[lang].seconds[lang === 'fr' ? 0 : 1]}`;
  if (parts.length === 1) return parts[0];
  return `${parts.slice(0, -1).join(', ')}${and}${parts.at(-1)}`;
}

/**
 * Paragraphs of a cell: a blank line separates paragraphs, a single line break (YAML block text) is a
 * space, as it is in the published table.
 */
function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*\r?\n\s*/)
    .map((paragraph) => paragraph.replace(/[ \t]*\r?\n[ \t]*/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
}

// ---------------------------------------------------------------- Markdown

/**
 * Characters Markdown (GFM, with GitHub's `$` maths) reads as inline syntax, escaped with a backslash.
 * A cell is inline content: `#`, `-`, `+` cannot start a heading or a list there, and `!` or `(` only
 * mean something next to a `[`, which is escaped.
 */
const MARKDOWN_SYNTAX = /[\\`*_[\]|~$]/g;
const MARKDOWN_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Any text as the literal content of a GFM table cell, still readable in the source ("STCK\_ID"):
 * control and bidi characters become visible escapes, syntax characters are backslash-escaped, and
 * `&`, `<`, `>` become entities so no renderer reads HTML or an entity in them.
 */
export function markdownCell(text: string): string {
  return paragraphs(text)
    .map((paragraph) =>
      escapeTerminal(paragraph)
        .replace(/[&<>]/g, (char) => MARKDOWN_ENTITIES[char])
        .replace(MARKDOWN_SYNTAX, (char) => `\\${char}`),
    )
    .join('<br><br>');
}

function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function markdownTable(rows: readonly PolicyTableRow[], lang: ReportLanguage): string {
  const words = WORDS[lang];
  const lines = [
    markdownRow(words.heading.map(markdownCell)),
    markdownRow(words.heading.map(() => '---')),
    ...rows.map((row) =>
      markdownRow([
        markdownCell(row.cookie),
        markdownCell(row.name),
        `${markdownCell(row.purpose)}${row.untranslated ? ` \\${UNTRANSLATED_MARK}` : ''}`,
        markdownCell(row.lifetime),
      ]),
    ),
  ];
  if (rows.some((row) => row.untranslated)) lines.push('', `\\${UNTRANSLATED_MARK} ${markdownCell(words.untranslated)}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- HTML

/** Escaped HTML of a cell: paragraphs joined by <br>. */
function htmlCell(text: string): string {
  return paragraphs(text).map(escapeHtml).join('<br><br>');
}

const STYLE = `
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1a1a1a; }
table.cookie-policy-table { border-collapse: collapse; width: 100%; }
.cookie-policy-table th, .cookie-policy-table td { border: 1px solid #bbb; padding: .5rem .75rem; text-align: left; vertical-align: top; }
.cookie-policy-table thead th { background: #f0f0f0; }
.note { font-size: .9rem; color: #444; }
@media print { body { margin: 0; max-width: none; } }`;

/**
 * A whole page (open it, print it) whose `<table>` can be copied into the policy as it is: the table
 * has no id, class-only styling and no script, between two comments that mark where to copy.
 */
function htmlPage(inventory: PolicyTableInventory, rows: readonly PolicyTableRow[], lang: ReportLanguage): string {
  const words = WORDS[lang];
  const { policy } = inventory;
  const title = `${policy.title} — ${words.tableTitle}`;
  const head = words.heading.map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join('');
  const body = rows.map((row) => {
    const purpose = row.untranslated
      ? `<span lang="fr">${htmlCell(row.purpose)}</span> <sup>${UNTRANSLATED_MARK}</sup>`
      : htmlCell(row.purpose);
    return `<tr><td>${htmlCell(row.cookie)}</td><td>${htmlCell(row.name)}</td><td>${purpose}</td><td>${htmlCell(row.lifetime)}</td></tr>`;
  });
  const note = rows.some((row) => row.untranslated) ? `<p class="note"><sup>${UNTRANSLATED_MARK}</sup> ${escapeHtml(words.untranslated)}</p>\n` : '';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="cookie-audit policy">
<title>${escapeHtml(title)}</title>
<style>${STYLE}
</style>
</head>
<body>
<h1>${escapeHtml(policy.title)}</h1>
<p>${escapeHtml(`${policy.owner} — ${words.version} ${policy.version}`)}</p>
<!-- cookie table: copy from here -->
<table class="cookie-policy-table">
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>
<!-- cookie table: to here -->
${note}</body>
</html>
`;
}
