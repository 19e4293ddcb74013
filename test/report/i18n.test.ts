import { describe, expect, test } from 'vitest';
import { FINDING_KINDS, SEVERITIES, type Finding, type FindingKind } from '../../src/model/finding.js';
import { REPORT_LANGUAGES } from '../../src/model/inventory.js';
import type { AuditResult } from '../../src/model/result.js';
import { findingContext, findingRule, findingText, type Part } from '../../src/report/i18n-findings.js';
import { count, instantText, lifetimeText, vocabulary } from '../../src/report/i18n.js';
import { DAY, entry, observation, run, sessionObservation, storageEntry, storageObservation, waiver } from '../audit/builders.js';
import { esomusPolicy } from './esomus-result.js';

const plain = (parts: readonly Part[]) => parts.map((part) => (typeof part === 'string' ? part : part.code)).join('');

describe('lifetimes and counts in words', () => {
  test.each([
    [396 * DAY, '13 mois', '13 months'],
    [Date.UTC(2030, 2, 10) / 1000 - Date.UTC(2025, 2, 10) / 1000, '5 ans', '5 years'],
    [400 * DAY, '400 jours', '400 days'],
    [DAY, '1 jour', '1 day'],
    [1.5 * DAY, '1,5 jour', '1.5 days'],
    [2 * 3600, '2 heures', '2 hours'],
  ])('%d seconds: "%s" / "%s"', (seconds, fr, en) => {
    expect(lifetimeText(seconds, 'fr')).toBe(fr);
    expect(lifetimeText(seconds, 'en')).toBe(en);
  });

  test('a session cookie has no lifetime', () => {
    expect(lifetimeText(null, 'fr')).toBe('—');
  });

  test('French counts take the singular below two', () => {
    expect([0, 1, 2].map((n) => count(n, ['cookie', 'cookies'], 'fr'))).toEqual(['0 cookie', '1 cookie', '2 cookies']);
    expect([0, 1, 2].map((n) => count(n, ['cookie', 'cookies'], 'en'))).toEqual(['0 cookies', '1 cookie', '2 cookies']);
  });

  test('instants are UTC dates in the language, whatever the machine says', () => {
    expect(instantText('2025-03-10T08:59:00.000Z', 'fr')).toBe('10 mars 2025 à 08:59 UTC');
    expect(instantText('2025-03-10T08:59:00.000Z', 'en')).toBe('10 March 2025 at 08:59 UTC');
    expect(instantText('not a date', 'fr')).toBe('not a date');
  });
});

describe('the vocabulary', () => {
  test('names every finding kind and severity, differently in each language', () => {
    const [fr, en] = REPORT_LANGUAGES.map(vocabulary);
    for (const kind of Object.keys(FINDING_KINDS) as FindingKind[]) {
      expect(fr.kind[kind], kind).not.toBe(en.kind[kind]);
      expect(fr.kind[kind]).not.toBe('');
    }
    expect(SEVERITIES.map((severity) => fr.severity[severity][0])).toEqual(['erreur', 'avertissement', 'information']);
    expect(new Set(Object.values(fr.kind)).size).toBe(Object.keys(FINDING_KINDS).length);
  });

  test('uses the policy words for party and type', () => {
    const { value } = vocabulary('fr');
    expect([value.party.first, value.party.third, value.type.session, value.type.persistent]).toEqual(['première partie', 'tiers', 'session', 'persistant']);
  });

  test('puts a space before the colon in French only', () => {
    expect(vocabulary('fr').labelled('Règle', 'x')).toBe('Règle : x');
    expect(vocabulary('en').labelled('Rule', 'x')).toBe('Rule: x');
  });
});

/** A result with one finding of each kind a cookie or storage key can give, under the ESOMUS policy. */
function everyKind(): AuditResult {
  const cookies = [
    observation({ name: 'UID', requestedLifetimeSeconds: 3650 * DAY, effectiveLifetimeSeconds: 400 * DAY, consent: 'given', lifetimeVaried: true }),
    observation({ name: 'U2', requestedLifetimeSeconds: 3600, effectiveLifetimeSeconds: 3600, consent: 'given' }),
    observation({ name: 'STCK_ID', requestedLifetimeSeconds: 90 * DAY, effectiveLifetimeSeconds: 90 * DAY, consent: 'given' }),
    observation({ name: 'PART', party: 'third', domain: 'ads.test', consent: 'given' }),
    sessionObservation({ name: 'SEO', consent: 'none', firstSeenUrl: 'https://www.esomus.test/a' }),
    sessionObservation({ name: 'REF', consent: 'refused' }),
    observation({ name: '_ma_id', setBy: 'js', initiatorUrl: 'https://cdn.tracker.test/tag.js', initiatorDomain: 'tracker.test', transient: true }),
  ];
  const entries = [
    entry({ id: 'uid', name: 'UID' }),
    entry({ id: 'u2', name: 'U2' }),
    entry({ id: 'stck', name: 'STCK_ID', type: 'session' }),
    entry({ id: 'part', name: 'PART' }),
    entry({ id: 'seo', name: 'SEO', type: 'session' }),
    entry({ id: 'ref', name: 'REF', type: 'session' }),
    entry({ id: 'never', name: 'NEVER' }),
    entry({ id: 'nameless', label: 'Code Opération' }),
  ];
  return run(cookies, entries, {
    storage: [storageObservation({ key: '_ma_last' }), storageObservation({ key: 'basket', party: 'third' })],
    inventory: {
      policy: esomusPolicy(),
      storage: [storageEntry({ id: 'basket', key: 'basket', party: 'first' })],
      waivers: [waiver({ expires: '2025-01-31' })],
    },
  });
}

describe('findings worded in French from their facts', () => {
  const result = everyKind();
  const context = findingContext(result, vocabulary('fr'));
  const french = (kind: FindingKind, pick: (finding: Finding) => boolean = () => true) => {
    const finding = result.findings.find((candidate) => candidate.kind === kind && pick(candidate));
    if (!finding) throw new Error(`no ${kind}`);
    return { text: plain(findingText(finding, context)), rule: plain(findingRule(finding, context)) };
  };

  test('every kind is worded, none with the English message', () => {
    expect(new Set(result.findings.map((finding) => finding.kind))).toEqual(new Set(Object.keys(FINDING_KINDS)));
    for (const finding of result.findings) expect(plain(findingText(finding, context)), finding.kind).not.toBe(finding.message);
  });

  test('lifetimes, with the browser cap and the longest of several writes; the rule cites section 8', () => {
    expect(french('over-long')).toEqual({
      text: 'Durée de vie demandée : 10 ans (la plus longue de plusieurs écritures ; Chromium conserve 400 jours) ; maximum autorisé : 5 ans.',
      rule: 'Durée de vie maximale des cookies persistants : 5 ans — Politique relative aux cookies (ESOMUS, version 2022-04-01), section 8 · inventory.yaml:12',
    });
    expect(french('below-minimum').text).toBe('Durée de vie demandée : 1 heure ; minimum de la politique : 1 jour.');
  });

  test('type and party against the declaration', () => {
    expect(french('type-mismatch').text).toBe('Déclaré cookie de session, mais déposé comme cookie persistant pour 90 jours.');
    expect(french('party-mismatch', (finding) => finding.cookie !== null).text).toBe('Déclaré première partie, mais observé tiers : déposé par ads.test.');
    expect(french('party-mismatch', (finding) => finding.storage !== undefined).text).toBe(
      'Déclaré première partie, mais observé tiers : clé localStorage basket sur https://www.esomus.test.',
    );
  });

  test('consent, with the page, the scenario and section 10', () => {
    expect(french('before-consent')).toEqual({
      text: 'Le cookie SEO a été déposé sur https://www.esomus.test/a avant tout choix de consentement du visiteur (scénario anonymous) ; ce cookie exige le consentement.',
      rule: 'Le consentement du visiteur doit être obtenu avant de déposer ce cookie — Politique relative aux cookies (ESOMUS, version 2022-04-01), section 10 · inventory.yaml:12',
    });
    expect(french('despite-refusal').text).toContain('après que le visiteur a refusé son consentement (scénario anonymous)');
  });

  test('an undeclared cookie says who wrote it, and that it was deleted during the visit', () => {
    expect(french('undeclared').text).toBe(
      "Le cookie _ma_id n'est pas déclaré dans l'inventaire ; cookie d'origine (première partie) écrit par un script de tracker.test (https://cdn.tracker.test/tag.js) sur https://www.esomus.test/ (déposé puis supprimé pendant la visite).",
    );
  });

  test('entries, storage and waivers', () => {
    expect(french('unobserved').text).toContain("L'entrée never de l'inventaire n'a correspondu à rien");
    expect(french('unnamed-entry').text).toContain("L'entrée nameless n'a ni nom technique");
    expect(french('undeclared-storage').text).toBe("Clé localStorage _ma_last sur https://www.esomus.test n'est pas déclarée dans l'inventaire (à ajouter sous storage:).");
    expect(french('expired-waiver').text).toMatch(/^Une dérogation de l'inventaire a expiré/);
  });

  test('English keeps the audit message', () => {
    const english = findingContext(result, vocabulary('en'));
    for (const finding of result.findings) expect(plain(findingText(finding, english))).toBe(finding.message);
  });

  test('a finding saved before facts existed falls back to the English message', () => {
    const overLong = result.findings.find((finding) => finding.kind === 'over-long');
    const { facts: _facts, ...older } = overLong!;
    expect(plain(findingText(older, context))).toBe(older.message);
  });
});
