/**
 * Findings in words for the html and markdown reports. English keeps the audit's own message; French
 * is worded here from the finding's structured data (its facts, and the cookie it is about), since
 * the audit's messages are English. A phrase is a list of parts: our words, and site-provided values
 * (`{ code }`) that each format escapes and shows as code.
 */
import { LIFETIME_TOLERANCE_SECONDS } from '../model/duration.js';
import { DEFAULT_SCENARIO, type ReportLanguage } from '../model/inventory.js';
import { severityRank, type Finding, type FindingKind, type Severity } from '../model/finding.js';
import type { AuditResult, ReportedCookie, ReportedStorage } from '../model/result.js';
import { capitalise, type Vocabulary } from './i18n.js';

export type Part = string | { code: string };

/** Everything wording a finding needs: the result it belongs to, the words, the cookies by key, how sites are named. */
export interface FindingContext {
  result: AuditResult;
  words: Vocabulary;
  cookieOf: (finding: Finding) => ReportedCookie | undefined;
  label: (site: string, scenario: string | null) => string;
}

export function findingContext(result: AuditResult, words: Vocabulary): FindingContext {
  const byKey = new Map<string, ReportedCookie>();
  for (const cookie of result.cookies) {
    const key = cookieKey(cookie.site, cookie.scenario, cookie.name, cookie.domain);
    if (!byKey.has(key)) byKey.set(key, cookie);
  }
  return {
    result,
    words,
    cookieOf: (finding) => (finding.cookie ? byKey.get(cookieKey(finding.site, finding.scenario, finding.cookie.name, finding.cookie.domain)) : undefined),
    label: siteLabeller(result),
  };
}

function cookieKey(site: string | null, scenario: string | null, name: string, domain: string): string {
  return JSON.stringify([site, scenario, name, domain]);
}

/** "esomus", or "esomus › consent-given" once the scan has any scenario besides the anonymous visitor. */
function siteLabeller(result: AuditResult): (site: string, scenario: string | null) => string {
  const scanned = [...result.scan.sites, ...result.cookies, ...result.storage, ...result.rejectedCookies];
  const showScenarios = scanned.some((item) => item.scenario !== DEFAULT_SCENARIO.name);
  return (site, scenario) => (showScenarios && scenario !== null ? `${site} › ${scenario}` : site);
}

/** What the finding is about: a cookie and its domain, a storage key and its origin, or an entry. */
export function findingSubject(finding: Finding, words: Vocabulary): Part[] {
  if (finding.cookie) return [{ code: finding.cookie.name }, ' (', { code: finding.cookie.domain }, ')'];
  if (finding.storage) return [`${words.value.storage[finding.storage.kind]} `, { code: finding.storage.key }, ' (', { code: finding.storage.origin }, ')'];
  return finding.entry === null ? [] : [`${words.column.entry} `, { code: finding.entry }];
}

/** What happened, in the report's language: the audit's message in English, worded from facts in French. */
export function findingText(finding: Finding, context: FindingContext): Part[] {
  if (context.words.lang === 'en') return [finding.message];
  const cookie = context.cookieOf(finding);
  const sentence = frenchSentence(finding, context, cookie);
  if (sentence === null) return [finding.message];
  return cookie?.transient ? [...sentence, ' (déposé puis supprimé pendant la visite).'] : [...sentence, '.'];
}

/** The French sentence without its final full stop; null when the finding lacks what it needs (an older report). */
function frenchSentence(finding: Finding, context: FindingContext, cookie: ReportedCookie | undefined): Part[] | null {
  const { facts = {} } = finding;
  const { value, lifetime } = context.words;
  switch (finding.kind) {
    case 'undeclared':
      if (!finding.cookie) return null;
      return [
        'Le cookie ',
        { code: finding.cookie.name },
        " n'est pas déclaré dans l'inventaire",
        ...(cookie ? [` ; cookie ${cookie.party === 'first' ? "d'origine (première partie)" : 'tiers'} `, ...frenchOrigin(cookie)] : []),
      ];
    case 'over-long':
    case 'below-minimum': {
      if (facts.requestedSeconds === undefined || facts.limitSeconds === undefined) return null;
      const bound = finding.kind === 'over-long' ? 'maximum autorisé' : 'minimum de la politique';
      return [`Durée de vie demandée : ${lifetime(facts.requestedSeconds)}${lifetimeNotes(finding, context, cookie)} ; ${bound} : ${lifetime(facts.limitSeconds)}`];
    }
    case 'type-mismatch':
      if (facts.declared === undefined || facts.observed === undefined) return null;
      return [
        `Déclaré cookie ${facts.declared === 'session' ? 'de session' : 'persistant'}, mais déposé comme cookie `,
        facts.observed === 'session' ? 'de session' : `persistant${facts.requestedSeconds === undefined ? '' : ` pour ${lifetime(facts.requestedSeconds)}`}`,
      ];
    case 'party-mismatch': {
      if (facts.declared !== 'first' && facts.declared !== 'third') return null;
      if (facts.observed !== 'first' && facts.observed !== 'third') return null;
      const seen: Part[] = finding.storage
        ? [`${value.storage[finding.storage.kind]} `, { code: finding.storage.key }, ' sur ', { code: finding.storage.origin }]
        : ['déposé par ', { code: (finding.cookie?.domain ?? '').replace(/^\./, '') }];
      return [`Déclaré ${value.party[facts.declared]}, mais observé ${value.party[facts.observed]} : `, ...seen];
    }
    case 'unobserved':
      return ["L'entrée ", { code: finding.entry ?? '' }, " de l'inventaire n'a correspondu à rien de ce que l'analyse a observé, sur aucun site ni scénario"];
    case 'unnamed-entry':
      return ["L'entrée ", { code: finding.entry ?? '' }, " n'a ni nom technique, ni motif, ni expression régulière : rien ne peut lui correspondre"];
    case 'undeclared-storage':
      if (!finding.storage) return null;
      return [
        `${capitalise(value.storage[finding.storage.kind])} `,
        { code: finding.storage.key },
        ' sur ',
        { code: finding.storage.origin },
        " n'est pas déclarée dans l'inventaire (à ajouter sous storage:)",
      ];
    case 'before-consent':
    case 'despite-refusal': {
      if (!finding.cookie) return null;
      const when = finding.kind === 'before-consent' ? 'avant tout choix de consentement du visiteur' : 'après que le visiteur a refusé son consentement';
      return [
        'Le cookie ',
        { code: finding.cookie.name },
        ' a été déposé',
        ...(cookie ? [' sur ', { code: cookie.firstSeenUrl }] : []),
        ` ${when} (scénario `,
        { code: finding.scenario ?? DEFAULT_SCENARIO.name },
        ") ; ce cookie exige le consentement",
      ];
    }
    case 'expired-waiver':
      return [
        "Une dérogation de l'inventaire a expiré et ne couvre plus rien : renouvelez-la avec une date d'expiration ultérieure si sa raison tient toujours, ou corrigez le problème et supprimez-la",
      ];
  }
}

/** "écrit par un script de tracker.test (https://…/tag.js) sur https://www.esomus.test/". */
function frenchOrigin(cookie: ReportedCookie): Part[] {
  const page: Part = { code: cookie.firstSeenUrl };
  const initiator: Part[] =
    cookie.initiatorUrl === null
      ? []
      : cookie.initiatorDomain
        ? ['de ', { code: cookie.initiatorDomain }, ' (', { code: cookie.initiatorUrl }, ') ']
        : ['de ', { code: cookie.initiatorUrl }, ' '];
  switch (cookie.setBy) {
    case 'js':
      return ['écrit par un script ', ...initiator, 'sur ', page];
    case 'http':
      return cookie.initiatorUrl === cookie.firstSeenUrl
        ? ['déposé par la réponse HTTP de ', page]
        : ['déposé par une réponse HTTP ', ...initiator, 'sur ', page];
    case 'unknown':
      return ['trouvé dans le magasin de cookies du navigateur sur ', page];
  }
}

/** " (la plus longue de plusieurs écritures ; Chromium conserve 400 jours)" or ''. */
function lifetimeNotes(finding: Finding, context: FindingContext, cookie: ReportedCookie | undefined): string {
  const { requestedSeconds, effectiveSeconds } = finding.facts ?? {};
  const notes: string[] = [];
  if (cookie?.lifetimeVaried) notes.push('la plus longue de plusieurs écritures');
  if (requestedSeconds !== undefined && effectiveSeconds !== undefined && Math.abs(effectiveSeconds - requestedSeconds) > LIFETIME_TOLERANCE_SECONDS) {
    notes.push(`${browserName(context.result)} conserve ${context.words.lifetime(effectiveSeconds)}`);
  }
  return notes.length > 0 ? ` (${notes.join(' ; ')})` : '';
}

function browserName(result: AuditResult): string {
  const { name } = result.scan.browser;
  return name === '' ? 'le navigateur' : capitalise(name);
}

const RULES: Record<ReportLanguage, Record<FindingKind, string>> = {
  fr: {
    undeclared: 'chaque cookie déposé doit figurer dans la liste des cookies de la politique',
    'over-long': 'durée de vie maximale des cookies persistants : {limit}',
    'below-minimum': 'durée de vie minimale des cookies persistants : {limit}',
    'type-mismatch': 'chaque cookie doit être du type (session ou persistant) que déclare la politique',
    'party-mismatch': 'chaque cookie doit être de la partie (première partie ou tiers) que déclare la politique',
    unobserved: 'un cookie déclaré mais jamais observé signale une déclaration périmée ou une page non couverte',
    'unnamed-entry': 'chaque cookie de la politique doit avoir un nom technique pour pouvoir être vérifié',
    'undeclared-storage': 'les technologies similaires (stockage web, IndexedDB) se déclarent comme les cookies',
    'before-consent': "le consentement du visiteur doit être obtenu avant de déposer ce cookie",
    'despite-refusal': 'après un refus, aucun cookie soumis au consentement ne doit être déposé',
    'expired-waiver': "une dérogation ne vaut que jusqu'à sa date d'expiration",
  },
  en: {
    undeclared: "every cookie set must be in the policy's list of cookies",
    'over-long': 'longest lifetime of a persistent cookie: {limit}',
    'below-minimum': 'shortest lifetime of a persistent cookie: {limit}',
    'type-mismatch': 'every cookie must be of the type (session or persistent) the policy declares',
    'party-mismatch': 'every cookie must be of the party (first or third) the policy declares',
    unobserved: 'a declared cookie never observed points to an outdated declaration or a page the scan missed',
    'unnamed-entry': 'every cookie of the policy needs a technical name to be checked',
    'undeclared-storage': 'similar technologies (web storage, IndexedDB) are declared like cookies',
    'before-consent': "the visitor's consent must be obtained before this cookie is set",
    'despite-refusal': 'after a refusal, no cookie that needs consent may be set',
    'expired-waiver': 'a waiver holds only until its expiry date',
  },
};

/**
 * The rule broken and where it is written: "durée de vie maximale des cookies persistants : 5 ans —
 * Politique relative aux cookies (ESOMUS, version 2022-04-01), section 8 · inventory.yaml:40".
 */
export function findingRule(finding: Finding, context: FindingContext): Part[] {
  const { words, result } = context;
  const limit = finding.facts?.limitSeconds;
  const rule = RULES[words.lang][finding.kind].replace('{limit}', limit === undefined ? '—' : words.lifetime(limit));
  const policy = result.inventory?.policy;
  const source: Part[] = [];
  if (policy && finding.kind !== 'expired-waiver') {
    const cited = `${policy.title} (${policy.owner}, version ${policy.version})`;
    source.push(' — ', finding.facts?.reference ? `${cited}, ${finding.facts.reference}` : cited);
  }
  if (finding.location) source.push(' · ', { code: `${finding.location.file}:${finding.location.line}` });
  return [capitalise(rule), ...source];
}

/** The worst severity of the findings about each cookie and each storage key, for the tables' status column. */
export function worstSeverities(findings: readonly Finding[]) {
  const cookies = new Map<string, Severity>();
  const storage = new Map<string, Severity>();
  const keep = (map: Map<string, Severity>, key: string, severity: Severity) => {
    const current = map.get(key);
    if (current === undefined || severityRank(severity) < severityRank(current)) map.set(key, severity);
  };
  for (const finding of findings) {
    if (finding.cookie) keep(cookies, cookieKey(finding.site, finding.scenario, finding.cookie.name, finding.cookie.domain), finding.severity);
    if (finding.storage) keep(storage, storageKey(finding.site, finding.scenario, finding.storage), finding.severity);
  }
  return {
    cookie: (cookie: ReportedCookie) => cookies.get(cookieKey(cookie.site, cookie.scenario, cookie.name, cookie.domain)),
    storage: (item: ReportedStorage) => storage.get(storageKey(item.site, item.scenario, item)),
  };
}

function storageKey(site: string | null, scenario: string | null, { kind, origin, key }: { kind: string; origin: string; key: string }): string {
  return JSON.stringify([site, scenario, kind, origin, key]);
}

/** New findings first (with a baseline), otherwise the audit's order (by severity, then kind…). */
export function newFirst(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => Number(b.change === 'new') - Number(a.change === 'new'));
}
