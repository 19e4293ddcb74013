/**
 * The words of the reports people read (html, markdown) in French and English: one definition of
 * each, used by both formats. French follows the policy's own vocabulary ("cookie d'origine (de
 * première partie)", "cookie tiers", "cookie de session", "cookie persistant").
 */
import { formatSeconds } from '../model/duration.js';
import type { FindingKind, Severity } from '../model/finding.js';
import type { ConsentState, CookieType, Party, ReportLanguage } from '../model/inventory.js';
import type { SetBy, StorageKind } from '../model/observation.js';
import type { StopReason } from '../model/result.js';

/** A noun's singular and plural. */
type Plural = readonly [one: string, many: string];

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1 cookie", "3 cookies"; French takes the singular below 2 ("0 cookie", "1,5 jour"). */
export function count(n: number, [one, many]: Plural, lang: ReportLanguage): string {
  const singular = lang === 'fr' ? Math.abs(n) < 2 : n === 1;
  return `${n} ${singular ? one : many}`;
}

const COLUMNS = {
  fr: {
    status: 'État', name: 'Nom', value: 'Valeur', domain: 'Domaine', path: 'Chemin', site: 'Site › scénario', party: 'Partie', type: 'Type',
    requested: 'Durée demandée', effective: 'Durée conservée', declaredAs: 'Déclaré comme', setBy: 'Déposé par',
    firstSeen: 'Première page', consent: 'Consentement', attributes: 'Attributs', kind: 'Technologie', origin: 'Origine',
    key: 'Clé', reasons: 'Motifs du refus', header: 'En-tête (sans valeur)', response: 'Réponse', page: 'Page',
    change: 'Changement', before: 'Avant', after: 'Après', entry: 'Entrée', location: 'Emplacement',
    startUrls: 'URL de départ', pages: 'Pages', complete: 'Complète', errors: 'Erreurs',
    journey: 'Parcours', coverage: 'Couverture', url: 'URL', message: 'Message',
  },
  en: {
    status: 'Status', name: 'Name', value: 'Value', domain: 'Domain', path: 'Path', site: 'Site › scenario', party: 'Party', type: 'Type',
    requested: 'Requested lifetime', effective: 'Kept lifetime', declaredAs: 'Declared as', setBy: 'Set by',
    firstSeen: 'First page', consent: 'Consent', attributes: 'Attributes', kind: 'Technology', origin: 'Origin',
    key: 'Key', reasons: 'Refused because', header: 'Header (value removed)', response: 'Response', page: 'Page',
    change: 'Change', before: 'Before', after: 'After', entry: 'Entry', location: 'Location',
    startUrls: 'Start URLs', pages: 'Pages', complete: 'Complete', errors: 'Errors',
    journey: 'Journey', coverage: 'Coverage', url: 'URL', message: 'Message',
  },
} as const;


const SECTIONS = {
  fr: {
    title: 'Audit des cookies', contents: 'Sommaire', changes: 'Changements depuis la référence', findings: 'Constats',
    newFindings: 'Nouveaux constats', existingFindings: 'Constats existants', cookies: 'Cookies observés',
    lifetimes: 'Durées de vie des cookies persistants', unobserved: 'Déclarés mais non observés',
    rejected: 'Cookies refusés par le navigateur', storage: 'Stockage web et IndexedDB', scan: "Déroulement de l'analyse",
    scanErrors: "Erreurs d'analyse", added: 'Cookies apparus', removed: 'Cookies disparus', changed: 'Cookies modifiés',
    fixed: 'Constats corrigés',
  },
  en: {
    title: 'Cookie audit', contents: 'Contents', changes: 'Changes since the baseline', findings: 'Findings',
    newFindings: 'New findings', existingFindings: 'Existing findings', cookies: 'Observed cookies',
    lifetimes: 'Lifetimes of persistent cookies', unobserved: 'Declared but not observed',
    rejected: 'Cookies refused by the browser', storage: 'Web storage and IndexedDB', scan: 'How the scan went',
    scanErrors: 'Scan errors', added: 'Cookies added', removed: 'Cookies removed', changed: 'Cookies changed',
    fixed: 'Fixed findings',
  },
} as const;

export type SectionName = keyof (typeof SECTIONS)['en'];

const SEVERITY_WORDS: Record<ReportLanguage, Record<Severity, Plural>> = {
  fr: { error: ['erreur', 'erreurs'], warning: ['avertissement', 'avertissements'], info: ['information', 'informations'] },
  en: { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'] },
};

const KIND_TITLES: Record<ReportLanguage, Record<FindingKind, string>> = {
  fr: {
    undeclared: 'Cookie non déclaré',
    'over-long': 'Durée de vie trop longue',
    'below-minimum': 'Durée de vie trop courte',
    'type-mismatch': 'Type différent de la déclaration',
    'party-mismatch': 'Partie différente de la déclaration',
    unobserved: 'Déclaré mais non observé',
    'unnamed-entry': 'Entrée sans nom technique',
    'undeclared-storage': 'Stockage non déclaré',
    'before-consent': 'Déposé avant le consentement',
    'despite-refusal': 'Déposé malgré le refus',
    'expired-waiver': 'Dérogation expirée',
  },
  en: {
    undeclared: 'Undeclared cookie',
    'over-long': 'Lifetime too long',
    'below-minimum': 'Lifetime too short',
    'type-mismatch': 'Type differs from the declaration',
    'party-mismatch': 'Party differs from the declaration',
    unobserved: 'Declared but not observed',
    'unnamed-entry': 'Entry without a technical name',
    'undeclared-storage': 'Undeclared storage',
    'before-consent': 'Set before consent',
    'despite-refusal': 'Set despite refusal',
    'expired-waiver': 'Expired waiver',
  },
};

const WORDS = {
  fr: {
    pass: 'RÉUSSI', fail: 'ÉCHEC', new: 'NOUVEAU', waived: 'Dérogation', undeclared: 'non déclaré', none: 'aucun',
    yes: 'oui', no: 'non', rule: 'Règle', inventory: 'Inventaire', policy: 'Politique',
    looksLike: 'Ressemble à', noLookAlike: 'aucun nom observé ne lui ressemble', englishMessage: "Message de l'outil (en anglais)",
    filter: 'Filtrer', shown: 'affichés', sortHint: 'cliquer sur un en-tête pour trier',
    transient: 'déposé puis supprimé pendant la visite (il a bien été placé sur le terminal)',
    varied: 'écrit plusieurs fois avec des durées différentes : la plus longue est indiquée',
    partitioned: 'partitionné (CHIPS) : conservé seulement sous le site de premier niveau indiqué',
    noFindings: 'Aucun constat.', noneObserved: 'Aucun.', noPersistent: 'Aucun cookie persistant observé.',
    started: 'Début', finished: 'Fin', tool: 'Outil', browser: 'Navigateur', thirdPartyCookies: 'Cookies tiers',
    allowed: 'acceptés', blocked: 'BLOQUÉS', shard: 'Partie', pagesVisited: 'Pages visitées', incomplete: 'incomplète',
    baseline: 'Référence', scannedOn: 'analysée le',
    policyBand: 'bornes de la politique', browserCap: 'plafond de Chromium', logScale: 'échelle logarithmique',
    noBand: "Les bornes de durée de la politique n'apparaissent pas dans ce rapport : seules les durées sont tracées.",
    sitemaps: 'plans de site lus', skippedLinks: 'liens non suivis (autres sites ou hors périmètre)',
    notVisited: 'pages trouvées mais non visitées', stoppedBy: 'arrêt par', preloaded: 'cookies préchargés (storageState)',
    steps: 'étapes', stepFailed: "l'étape {n} a échoué", waivedUntil: "jusqu'au", notFailing: 'ce constat ne fait pas échouer l’audit',
    leftOut: 'Lignes non affichées ici (limite de taille des commentaires GitHub ; les rapports HTML et JSON ont tout)',
    fixedMark: 'corrigé', unchanged: 'Inchangés', ok: 'sans constat', retention: 'conservation', matched: 'correspond à',
    gateAll: 'échoue dès un constat de gravité « {severity} » ou plus',
    gateNew: 'échoue dès un nouveau constat (absent de la référence) de gravité « {severity} » ou plus',
    thirdPartyBlocked:
      'Le navigateur a BLOQUÉ les cookies tiers : les cookies des partenaires publicitaires peuvent manquer dans cette analyse (utiliser un autre Chromium : --browser CHEMIN).',
    scanOf: 'Analyse du', outsideBounds: 'en rouge : hors des bornes, voir les constats', colon: ' : ',
    rejectedNote:
      'Le navigateur a refusé ces en-têtes Set-Cookie (un défaut du site) : ils ne comptent pas parmi les cookies observés. Les valeurs ne sont jamais montrées.',
  },
  en: {
    pass: 'PASS', fail: 'FAIL', new: 'NEW', waived: 'Waived', undeclared: 'undeclared', none: 'none',
    yes: 'yes', no: 'no', rule: 'Rule', inventory: 'Inventory', policy: 'Policy',
    looksLike: 'Looks like', noLookAlike: 'no observed name looks like it', englishMessage: 'Message',
    filter: 'Filter', shown: 'shown', sortHint: 'click a heading to sort',
    transient: 'set then deleted during the visit (it was still placed on the device)',
    varied: 'written several times with different lifetimes: the longest is shown',
    partitioned: 'partitioned (CHIPS): kept only under the top-level site shown',
    noFindings: 'No findings.', noneObserved: 'None.', noPersistent: 'No persistent cookie was observed.',
    started: 'Started', finished: 'Finished', tool: 'Tool', browser: 'Browser', thirdPartyCookies: 'Third-party cookies',
    allowed: 'allowed', blocked: 'BLOCKED', shard: 'Shard', pagesVisited: 'Pages visited', incomplete: 'incomplete',
    baseline: 'Baseline', scannedOn: 'scanned on',
    policyBand: 'policy bounds', browserCap: "Chromium's cap", logScale: 'logarithmic scale',
    noBand: "The policy's lifetime bounds are not in this report: only the lifetimes are drawn.",
    sitemaps: 'sitemaps read', skippedLinks: 'links not followed (other sites or out of scope)',
    notVisited: 'pages found but not visited', stoppedBy: 'stopped by', preloaded: 'cookies preloaded (storageState)',
    steps: 'steps', stepFailed: 'step {n} failed', waivedUntil: 'until', notFailing: 'this finding does not fail the audit',
    leftOut: 'Rows left out here (size limit of GitHub comments; the HTML and JSON reports have them all)',
    fixedMark: 'fixed', unchanged: 'Unchanged', ok: 'no finding', retention: 'retention', matched: 'matched',
    gateAll: 'fails on any finding at or above {severity}',
    gateNew: 'fails on new findings (not in the baseline) at or above {severity}',
    thirdPartyBlocked:
      "Third-party cookies were BLOCKED by the browser: ad partners' cookies may be missing from this scan (use another Chromium: --browser PATH).",
    scanOf: 'Scan of', outsideBounds: 'red: out of bounds, see the findings', colon: ': ',
    rejectedNote: 'The browser refused these Set-Cookie headers (a bug on the site): they are not counted as observed cookies. Values are never shown.',
  },
} as const;


const NOUNS = {
  fr: {
    cookie: ['cookie', 'cookies'], storageKey: ['clé de stockage', 'clés de stockage'], site: ['site', 'sites'],
    scenario: ['scénario', 'scénarios'], page: ['page', 'pages'], scanError: ["erreur d'analyse", "erreurs d'analyse"],
    incomplete: ['analyse incomplète', 'analyses incomplètes'], waived: ['avec dérogation', 'avec dérogation'],
  },
  en: {
    cookie: ['cookie', 'cookies'], storageKey: ['storage key', 'storage keys'], site: ['site', 'sites'],
    scenario: ['scenario', 'scenarios'], page: ['page', 'pages'], scanError: ['scan error', 'scan errors'],
    incomplete: ['scan incomplete', 'scans incomplete'], waived: ['waived', 'waived'],
  },
} as const satisfies Record<ReportLanguage, Record<string, Plural>>;

type Noun = keyof (typeof NOUNS)['en'];

/** Party, type, how a cookie was set, consent, storage kinds and stop reasons, as table cells say them. */
const VALUES = {
  fr: {
    party: { first: 'première partie', third: 'tiers' } satisfies Record<Party, string>,
    type: { session: 'session', persistent: 'persistant' } satisfies Record<CookieType, string>,
    setBy: { http: 'en-tête HTTP', js: 'script', unknown: 'magasin de cookies' } satisfies Record<SetBy, string>,
    consent: { none: 'aucun choix', given: 'donné', refused: 'refusé' } satisfies Record<ConsentState, string>,
    storage: { localStorage: 'clé localStorage', sessionStorage: 'clé sessionStorage', indexedDB: 'base IndexedDB' } satisfies Record<StorageKind, string>,
    stop: {
      'max-pages': 'la limite --max-pages', 'time-budget': 'la limite --time-budget', 'browser-failure': 'un navigateur défaillant',
      'journey-failed': 'une étape du parcours en échec',
      interrupted: 'une interruption (Ctrl-C ou SIGTERM)',
    } satisfies Record<StopReason, string>,
    field: { requestedLifetime: 'durée demandée', effectiveLifetime: 'durée conservée', type: 'type', party: 'partie' },
  },
  en: {
    party: { first: 'first-party', third: 'third-party' } satisfies Record<Party, string>,
    type: { session: 'session', persistent: 'persistent' } satisfies Record<CookieType, string>,
    setBy: { http: 'HTTP header', js: 'script', unknown: 'cookie jar' } satisfies Record<SetBy, string>,
    consent: { none: 'no choice', given: 'given', refused: 'refused' } satisfies Record<ConsentState, string>,
    storage: { localStorage: 'localStorage key', sessionStorage: 'sessionStorage key', indexedDB: 'IndexedDB database' } satisfies Record<StorageKind, string>,
    stop: {
      'max-pages': 'the --max-pages limit', 'time-budget': 'the --time-budget', 'browser-failure': 'a browser that kept failing',
      'journey-failed': 'a journey step that failed',
      interrupted: 'an interrupt (Ctrl-C or SIGTERM)',
    } satisfies Record<StopReason, string>,
    field: { requestedLifetime: 'requested lifetime', effectiveLifetime: 'kept lifetime', type: 'type', party: 'party' },
  },
} as const;

/** Everything a report says in one language. */
export function vocabulary(lang: ReportLanguage) {
  return {
    lang,
    column: COLUMNS[lang],
    section: SECTIONS[lang],
    word: WORDS[lang],
    value: VALUES[lang],
    kind: KIND_TITLES[lang],
    severity: SEVERITY_WORDS[lang],
    /** "Politique : …" / "Policy: …": French puts a space before the colon. */
    labelled: (term: string, value: string) => `${term}${WORDS[lang].colon}${value}`,
    count: (n: number, noun: Noun) => count(n, NOUNS[lang][noun], lang),
    severityCount: (n: number, severity: Severity) => count(n, SEVERITY_WORDS[lang][severity], lang),
    lifetime: (seconds: number | null) => lifetimeText(seconds, lang),
    instant: (iso: string) => instantText(iso, lang),
  };
}

export type Vocabulary = ReturnType<typeof vocabulary>;

const LIFETIME_UNITS: Record<ReportLanguage, Record<string, Plural>> = {
  fr: { y: ['an', 'ans'], mo: ['mois', 'mois'], d: ['jour', 'jours'], h: ['heure', 'heures'], min: ['minute', 'minutes'], s: ['seconde', 'secondes'] },
  en: { y: ['year', 'years'], mo: ['month', 'months'], d: ['day', 'days'], h: ['hour', 'hours'], min: ['minute', 'minutes'], s: ['second', 'seconds'] },
};

/**
 * A lifetime in words, with the unit formatSeconds picks: "13 mois", "5 ans", "400 jours", "1,5 jour";
 * "13 months", "5 years". `null` (a session cookie) is "—".
 */
export function lifetimeText(seconds: number | null, lang: ReportLanguage): string {
  if (seconds === null) return '—';
  const [value, unit] = formatSeconds(seconds).split(' ');
  const number = Number(value);
  const shown = lang === 'fr' ? value.replace('.', ',') : value;
  const [one, many] = LIFETIME_UNITS[lang][unit];
  return `${shown} ${(lang === 'fr' ? Math.abs(number) < 2 : number === 1) ? one : many}`;
}

/** "10 mars 2025 à 08:59 UTC" / "10 March 2025 at 08:59 UTC"; the text as given when it is no date. */
export function instantText(iso: string, lang: ReportLanguage): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${format.format(time)} UTC`;
}
