import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load.js';
import { durationWords, markdownCell, policyTableRows, renderPolicyTable } from '../../src/report/policy-table.js';
import { duration, entry, inventory as buildInventory, policy } from '../audit/builders.js';

const REPO_INVENTORY = new URL('../../inventory.yaml', import.meta.url).pathname;

/**
 * Section 9 of ESOMUS's published "Politique relative aux cookies" (version of 1 April 2022), copied
 * verbatim: Cookie, Nom, Objectif d'utilisation.
 */
const SECTION_9 = [
  [
    "Cookie d'origine de session",
    "Mots clés de l'optimisation de référencement pour les moteurs de recherche (Search Engine Optimisation, SEO)",
    "Ce cookie nous permet de savoir quels mots clés SEO entraînent la fréquentation d'ESOMUS ou ESOMUS.",
  ],
  [
    "Cookie d'origine de session",
    'STCK_ID',
    'Ce cookie nous permet de cartographier votre consultation de notre site lorsque vous vous inscrivez initialement à nos services.',
  ],
  [
    "Cookie d'origine de session",
    'Code Opération',
    'Ce cookie nous fournit des statistiques utiles en matière de commercialisation, par exemple, des informations sur le temps que vous passez sur notre site, et la fréquence de votre connexion et déconnexion. Nous utilisons ces données en interne pour améliorer le service que nous vous offrons.',
  ],
  [
    "Cookie d'origine persistant",
    'ID du dernier compte',
    "Ce cookie nous permet d'établir un lien entre votre ordinateur ou autre dispositif et votre nom d'utilisateur aux fins d'accélérer votre processus de connexion.",
  ],
  [
    "Cookie d'origine persistant",
    'UID',
    'Ce cookie nous permet de compter le nombre de pages sur lesquelles vous avez cliqué lorsque vous avez visité notre site.',
  ],
  [
    "Cookie d'origine persistant",
    'U2',
    "Ce cookie recueille des informations sur l'ensemble de votre interaction avec notre site Internet, par exemple, les pages que vous consultez le plus souvent et votre navigation sur notre site Internet.",
  ],
];
const SECTION_9_HEADING = ['Cookie', 'Nom', "Objectif d'utilisation"];

/** The cells of a GFM table row, split on unescaped pipes, with Markdown escapes and entities undone. */
function markdownCells(row: string): string[] {
  return row
    .replace(/^\| | \|$/g, '')
    .split(/(?<!\\) \| /)
    .map((cell) => cell.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

function markdownRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map(markdownCells);
}

function decodeHtml(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The rows of the page's table (heading first), cells decoded. */
function htmlRows(page: string): string[][] {
  return [...page.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => decodeHtml(cell)));
}

describe('the policy cookie table, from the repository inventory', () => {
  it('in French, has section 9’s columns and rows: kind, label and purpose verbatim, in order', async () => {
    const inventory = await loadInventory(REPO_INVENTORY);
    const rows = markdownRows(renderPolicyTable(inventory, { lang: 'fr', format: 'md' }));
    expect(rows[0].slice(0, 3)).toEqual(SECTION_9_HEADING);
    expect(rows[1].every((cell) => cell === '---')).toBe(true);
    expect(rows.slice(2).map((row) => row.slice(0, 3))).toEqual(SECTION_9);
  });

  it('adds the longest lifetime allowed: end of session, or the policy maximum (5 ans) without a maxLifetime', async () => {
    const inventory = await loadInventory(REPO_INVENTORY);
    const rows = markdownRows(renderPolicyTable(inventory, { lang: 'fr', format: 'md' }));
    expect(rows[0][3]).toBe('Durée maximale de conservation');
    expect(rows.slice(2).map((row) => row[3])).toEqual([
      'Fin de la session de navigation',
      'Fin de la session de navigation',
      'Fin de la session de navigation',
      '5 ans',
      '5 ans',
      '5 ans',
    ]);
  });

  it('as HTML, is a self-contained page whose one table holds the same rows', async () => {
    const inventory = await loadInventory(REPO_INVENTORY);
    const page = renderPolicyTable(inventory, { lang: 'fr', format: 'html' });
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(page).not.toMatch(/<script|<link|src=|href=/i);
    expect(page.match(/<table/g)).toHaveLength(1);
    const rows = htmlRows(page);
    expect(rows[0].slice(0, 3)).toEqual(SECTION_9_HEADING);
    expect(rows.slice(1).map((row) => row.slice(0, 3))).toEqual(SECTION_9);
    expect(rows.slice(1).map((row) => row[3])).toEqual([...Array(3).fill('Fin de la session de navigation'), ...Array(3).fill('5 ans')]);
  });

  it('in English, uses purpose.en and the English column and kind names', async () => {
    const inventory = await loadInventory(REPO_INVENTORY);
    const rows = markdownRows(renderPolicyTable(inventory, { lang: 'en', format: 'md' }));
    expect(rows[0]).toEqual(['Cookie', 'Name', 'Purpose', 'Maximum lifetime']);
    expect(rows[2]).toEqual([
      'First-party session cookie',
      "Mots clés de l'optimisation de référencement pour les moteurs de recherche (Search Engine Optimisation, SEO)",
      'This cookie tells us which SEO keywords bring visitors to ESOMUS or ESOMUS.',
      'End of the browsing session',
    ]);
    expect(rows[6]).toEqual(['First-party persistent cookie', 'UID', inventory.cookies[4].purpose.en, '5 years']);
    expect(renderPolicyTable(inventory, { lang: 'en', format: 'md' })).not.toContain('Not translated');
  });
});

describe('the policy cookie table, from built inventories', () => {
  const inventory = buildInventory(
    [
      entry({ id: 'ga', name: '_ga', label: '_ga', party: 'third', maxLifetime: duration('13 months'), purpose: { fr: 'Mesure d’audience.', en: 'Audience measurement.' } }),
      entry({ id: 'pref', name: 'pref', label: 'Préférences', maxLifetime: duration('P1Y6M'), purpose: { fr: 'Préférences d’affichage.' } }),
      entry({ id: 'tiers', name: 'tiers', label: 'Tiers', party: 'third', type: 'session', purpose: { fr: 'Ciblage.' } }),
    ],
    { policy: policy({ persistent: { minLifetime: duration('1 day'), maxLifetime: duration('13 months') } }) },
  );

  it('names third-party cookies as the policy does, and words lifetimes in the language', () => {
    expect(policyTableRows(inventory, 'fr').map(({ cookie, lifetime }) => [cookie, lifetime])).toEqual([
      ['Cookie tiers persistant', '13 mois'],
      ["Cookie d'origine persistant", '1 an et 6 mois'],
      ['Cookie tiers de session', 'Fin de la session de navigation'],
    ]);
    expect(policyTableRows(inventory, 'en').map(({ cookie, lifetime }) => [cookie, lifetime])).toEqual([
      ['Third-party persistent cookie', '13 months'],
      ['First-party persistent cookie', '1 year and 6 months'],
      ['Third-party session cookie', 'End of the browsing session'],
    ]);
  });

  it('in English, falls back to the French purpose with a marked note', () => {
    const rows = policyTableRows(inventory, 'en');
    expect(rows.map(({ purpose, untranslated }) => [purpose, untranslated])).toEqual([
      ['Audience measurement.', false],
      ['Préférences d’affichage.', true],
      ['Ciblage.', true],
    ]);
    const markdown = renderPolicyTable(inventory, { lang: 'en', format: 'md' });
    expect(markdown).toContain('| Préférences d’affichage. \\* |');
    expect(markdown).toMatch(/\n\n\\\* Not translated yet: the purpose is given in French/);
    const html = renderPolicyTable(inventory, { lang: 'en', format: 'html' });
    expect(html).toContain('<span lang="fr">Ciblage.</span> <sup>*</sup>');
    expect(html).toContain('<p class="note"><sup>*</sup> Not translated yet');
  });

  it('words durations as written, unit by unit', () => {
    expect(durationWords(duration('13 months'), 'fr')).toBe('13 mois');
    expect(durationWords(duration('P5Y'), 'fr')).toBe('5 ans');
    expect(durationWords(duration('1 day'), 'fr')).toBe('1 jour');
    expect(durationWords(duration('400d'), 'fr')).toBe('400 jours');
    expect(durationWords(duration('1 year 2 months 3 days'), 'fr')).toBe('1 an, 2 mois et 3 jours');
    expect(durationWords(duration('1 year'), 'en')).toBe('1 year');
    expect(durationWords(duration('2 weeks'), 'en')).toBe('2 weeks');
  });

  it('is the same text every time', () => {
    expect(renderPolicyTable(inventory, { lang: 'fr', format: 'html' })).toBe(renderPolicyTable(inventory, { lang: 'fr', format: 'html' }));
  });
});

describe('escaping', () => {
  const hostileLabel = 'A | B <img src=x onerror="window.__pwned=1"> *bold* _x_ `code` [link](https://evil.test) ~~s~~ $x$ \\ & &amp;';
  const hostilePurpose = 'Ligne 1\nligne 2\n\nParagraphe\u202Eevil\u001b[2J </td></tr></table><script>alert(1)</script>';
  const inventory = buildInventory([entry({ id: 'x', name: 'x', label: hostileLabel, purpose: { fr: hostilePurpose, en: hostilePurpose } })], {
    policy: policy({ title: 'Politique <b>cookies</b>', owner: 'A & B', version: '"1"' }),
  });

  it('keeps Markdown to one row of four cells whose text reads back as written', () => {
    const markdown = renderPolicyTable(inventory, { lang: 'fr', format: 'md' });
    const rows = markdownRows(markdown);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveLength(4);
    expect(rows[2][1]).toBe(hostileLabel);
    expect(markdown).not.toMatch(/<img|<script|<\/td>/);
    expect(markdown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(rows[2][2]).toBe('Ligne 1 ligne 2<br><br>Paragraphe\\u202Eevil\\x1B[2J </td></tr></table><script>alert(1)</script>');
  });

  it('escapes every cell, title and heading of the HTML page', () => {
    const html = renderPolicyTable(inventory, { lang: 'fr', format: 'html' });
    expect(html).not.toMatch(/<img|<script|<b>|<\/td><\/tr><\/table>/);
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(html).toContain('<h1>Politique &lt;b&gt;cookies&lt;/b&gt;</h1>');
    expect(html).toContain('<p>A &amp; B — version &quot;1&quot;</p>');
    const rows = htmlRows(html);
    expect(rows[1][1]).toBe(hostileLabel);
    expect(rows[1][2]).toBe('Ligne 1 ligne 2Paragraphe\\u202Eevil\\x1B[2J </td></tr></table><script>alert(1)</script>');
  });

  it('escapes Markdown syntax with backslashes, readable in the source', () => {
    expect(markdownCell('STCK_ID')).toBe('STCK\\_ID');
    expect(markdownCell('a|b')).toBe('a\\|b');
    expect(markdownCell('<b>&')).toBe('&lt;b&gt;&amp;');
    expect(markdownCell("Cookie d'origine (SEO) - 5 ans. #1 !")).toBe("Cookie d'origine (SEO) - 5 ans. #1 !");
  });
});
