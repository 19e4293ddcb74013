import { describe, expect, test } from 'vitest';
import { escapeTerminal } from '../../src/report/escape.js';
import { MARKDOWN_LIMIT, markdownText, renderMarkdown } from '../../src/report/markdown.js';
import type { AuditResult } from '../../src/model/result.js';
import { entry, observation, run, sessionObservation } from '../audit/builders.js';
import { esomusResult, esomusResultWithBaseline, HOSTILE_IMG } from './esomus-result.js';

const french = (result: AuditResult) => renderMarkdown(result, { color: false, lang: 'fr', includeValues: false });
/** What GitHub shows for escaped text: entities decoded, word joiners invisible. */
const shown = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replaceAll('\u2060', '');
const between = (text: string, start: string, end: string) => text.slice(text.indexOf(start), text.indexOf(end, text.indexOf(start)));

const NASTY = 'a|b`c*d_e[f](g)<h>\n@team #1 ~~s~~ $x$ \\ &amp; !';

describe('renderMarkdown', () => {
  const output = french(esomusResult());

  test('starts with the verdict line, in the language asked', () => {
    expect(output.split('\n')[0]).toBe('## ✖ ÉCHEC — Audit des cookies');
    expect(renderMarkdown(esomusResult(), { color: false, lang: 'en', includeValues: false }).split('\n')[0]).toBe('## ✖ FAIL — Cookie audit');
    const clean = run([observation()], [entry({ id: 'uid', name: 'UID' })]);
    expect(french(clean).split('\n')[0]).toBe('## ✔ RÉUSSI — Audit des cookies');
    expect(output.split('\n')[2]).toMatch(/^\*\*5 erreurs, 6 avertissements, 1 information\*\* \(1 avec dérogation\) — 6 cookies/);
  });

  test('folds the details, each <details> closed and its summary followed by a blank line', () => {
    const opened = output.match(/<details( open)?><summary>[^\n]*<\/summary>\n\n/g) ?? [];
    expect(opened.length).toBe(output.match(/<\/details>/g)?.length);
    expect(opened.map((line) => /<summary>(.*)<\/summary>/.exec(line)?.[1])).toEqual([
      'Constats (12)',
      'Cookies observés (6)',
      'Stockage web et IndexedDB (2)',
      'Cookies refusés par le navigateur (2)',
      "Déroulement de l'analyse",
    ]);
    expect(output).toContain('<details open><summary>Constats (12)</summary>');
  });

  test('words findings in French with the rule and the section of the policy', () => {
    expect(output).toContain(
      '- ✖ **Durée de vie trop longue** · <code>UID</code> (<code>.esomus.test</code>) · esomus — Durée de vie demandée : 10 ans (Chromium conserve 400 jours) ; maximum autorisé : 5 ans. ' +
        '_(Règle : Durée de vie maximale des cookies persistants : 5 ans — Politique relative aux cookies (ESOMUS, version 2022-04-01), section 8 · <code>inventory.yaml:40</code>)_',
    );
    expect(output).toMatch(/\*\*Dérogation jusqu'au 2025-06-30\*\* \(dpo@\u2060esomus\.test\) : widget tiers, correctif prévu/);
  });

  test('lists new findings first, unfolded, and the existing ones folded, when compared with a baseline', () => {
    const compared = french(esomusResultWithBaseline());
    const fresh = between(compared, '### Nouveaux constats (3)', '<details>');
    expect(fresh.match(/^- /gm)).toHaveLength(3);
    expect(fresh.match(/\*\*NOUVEAU\*\*/g)).toHaveLength(3);
    const existing = between(compared, '<details><summary>Constats existants (9)</summary>', '</details>');
    expect(existing.match(/^- /gm)).toHaveLength(9);
    expect(existing).not.toContain('NOUVEAU');
    expect(compared.indexOf('### Nouveaux constats')).toBeLessThan(compared.indexOf('Changements depuis la référence'));
    expect(compared).toContain('<details><summary>Changements depuis la référence</summary>');
    expect(shown(compared)).toContain(`- ➕ Cookies apparus : <code>${HOSTILE_IMG}</code>`);
  });

  test('escapes Markdown and HTML in site-provided strings: what GitHub shows is the name, nothing more', () => {
    const result = run([observation({ name: NASTY, domain: 'x|y.test' }), sessionObservation({ name: HOSTILE_IMG })], []);
    const text = french(result);
    for (const raw of ['a|b', '`c', '*d', '_e', '[f]', '<h>', '@team', '<img', '$x$']) expect(text).not.toContain(raw);
    expect(text).toContain('#\u20601');
    expect(shown(text)).toContain(`<code>${escapeTerminal(NASTY)}</code>`);
    expect(escapeTerminal(NASTY)).toContain('\\n');
    const rows = between(text, '| --- |', '</details>').trim().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split('|')).toHaveLength(11);
  });

  test('markdownText keeps ordinary text readable and defuses mentions', () => {
    expect(markdownText("l'entrée « uid »: 5 ans")).toBe("l'entrée « uid »: 5 ans");
    expect(markdownText('@dpo')).toBe('@\u2060dpo');
    expect(shown(markdownText(NASTY))).toBe(escapeTerminal(NASTY));
  });

  test('stays under the GitHub limit, saying how many rows of each part were left out', () => {
    const many = Array.from({ length: 3000 }, (_, index) => observation({ name: `tracker_${'x'.repeat(80)}_${index}` }));
    const result = run(many, []);
    const text = french(result);
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const leftOut = (block: string) => Number(/_Lignes non affichées ici \(limite de taille des commentaires GitHub ; les rapports HTML et JSON ont tout\) : (\d+)_/.exec(block)?.[1]);
    const findings = between(text, '<summary>Constats (3000)</summary>', '</details>');
    const listed = findings.match(/^- /gm)?.length ?? 0;
    expect(listed).toBeGreaterThan(100);
    expect(listed + leftOut(findings)).toBe(3000);
    const cookies = between(text, '<summary>Cookies observés (3000)</summary>', '</details>');
    expect((cookies.match(/^\| [✖▲•✔] \|/gm)?.length ?? 0) + leftOut(cookies)).toBe(3000);
    expect(text).toMatch(/<\/details>\n$/);
  });

  test('leaves nothing out when everything fits, and is the same every time', () => {
    expect(output).not.toContain('non affichées');
    expect(french(esomusResult())).toBe(output);
  });
});
