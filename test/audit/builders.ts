/** Small fixtures for audit and report tests: sensible defaults, override what the test is about. */
import { audit, type AuditOptions } from '../../src/audit/index.js';
import { parseDuration, type Duration } from '../../src/model/duration.js';
import type { CookieEntry, Inventory, Policy, StorageEntry, Waiver } from '../../src/model/inventory.js';
import type { Observation, RejectedCookie, StorageObservation } from '../../src/model/observation.js';
import type { AuditResult, BrowserInfo, ScanRecord, SiteScan } from '../../src/model/result.js';

export function duration(text: string): Duration {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`not a duration: ${text}`);
  return parsed;
}

export const DAY = 86_400;

export function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    site: 'esomus',
    scenario: 'anonymous',
    name: 'UID',
    domain: '.esomus.test',
    path: '/',
    partitionKey: null,
    secure: true,
    httpOnly: false,
    sameSite: 'Lax',
    party: 'first',
    type: 'persistent',
    requestedLifetimeSeconds: 395 * DAY,
    effectiveLifetimeSeconds: 395 * DAY,
    setAt: '2025-03-10T09:00:00.000Z',
    setBy: 'http',
    firstSeenUrl: 'https://www.esomus.test/',
    initiatorUrl: 'https://www.esomus.test/',
    initiatorDomain: 'esomus.test',
    transient: false,
    lifetimeVaried: false,
    ...overrides,
  };
}

export function sessionObservation(overrides: Partial<Observation> = {}): Observation {
  return observation({ type: 'session', requestedLifetimeSeconds: null, effectiveLifetimeSeconds: null, ...overrides });
}

export function entry(overrides: Partial<CookieEntry> & { id: string }, line = 12): CookieEntry {
  return {
    party: 'first',
    type: 'persistent',
    label: overrides.name ?? overrides.id,
    purpose: { fr: 'Mesure d’audience.' },
    location: { file: 'inventory.yaml', line, column: 5 },
    ...overrides,
  };
}

export function storageEntry(overrides: Partial<StorageEntry> & { id: string }, line = 60): StorageEntry {
  return {
    kind: 'localStorage',
    label: overrides.key ?? overrides.id,
    purpose: { fr: 'Mesure d’audience.' },
    location: { file: 'inventory.yaml', line, column: 5 },
    ...overrides,
  };
}

export function storageObservation(overrides: Partial<StorageObservation> = {}): StorageObservation {
  return {
    site: 'esomus',
    scenario: 'anonymous',
    kind: 'localStorage',
    origin: 'https://www.esomus.test',
    key: '_ma_last',
    party: 'first',
    firstSeenUrl: 'https://www.esomus.test/',
    ...overrides,
  };
}

export function rejected(overrides: Partial<RejectedCookie> = {}): RejectedCookie {
  return {
    site: 'esomus',
    scenario: 'anonymous',
    name: '__Host-session',
    attributes: '__Host-session=…; Domain=esomus.test; Path=/; Secure',
    reasons: ['InvalidPrefix'],
    responseUrl: 'https://www.esomus.test/',
    pageUrl: 'https://www.esomus.test/',
    ...overrides,
  };
}

export function policy(overrides: Partial<Policy> = {}): Policy {
  return {
    title: 'Politique relative aux cookies',
    owner: 'ESOMUS',
    version: '01 avril 2022',
    persistent: { minLifetime: duration('1 day'), maxLifetime: duration('5 years') },
    ...overrides,
  };
}

export function inventory(cookies: CookieEntry[], overrides: Partial<Inventory> = {}): Inventory {
  return {
    file: 'inventory.yaml',
    version: 1,
    policy: policy(),
    sites: [{ name: 'esomus', urls: ['https://www.esomus.test/'], domains: ['esomus.test'] }],
    cookies,
    storage: [],
    waivers: [],
    ...overrides,
  };
}

export function site(overrides: Partial<SiteScan> = {}): SiteScan {
  return { name: 'esomus', scenario: 'anonymous', startUrls: ['https://www.esomus.test/'], pagesVisited: 3, errors: [], complete: true, ...overrides };
}

export const BROWSER: BrowserInfo = { name: 'chromium', version: '156.0.0.0', thirdPartyCookies: 'allowed' };

export interface ScanExtras {
  sites?: SiteScan[];
  storage?: StorageObservation[];
  rejectedCookies?: RejectedCookie[];
  browser?: Partial<BrowserInfo>;
}

export function scan(cookies: Observation[], extras: ScanExtras = {}): ScanRecord {
  return {
    startedAt: '2025-03-10T08:59:00.000Z',
    finishedAt: '2025-03-10T09:01:00.000Z',
    browser: { ...BROWSER, ...extras.browser },
    sites: extras.sites ?? [site()],
    cookies,
    rejectedCookies: extras.rejectedCookies ?? [],
    storage: extras.storage ?? [],
  };
}

export const TOOL = { name: 'cookie-audit', version: '0.1.0' };

/** The day audits are judged on unless a test says otherwise: the day of the scan above. */
export const TODAY = '2025-03-10';

export function run(
  cookies: Observation[],
  entries: CookieEntry[],
  options: Partial<AuditOptions> & ScanExtras & { inventory?: Partial<Inventory> } = {},
): AuditResult {
  return audit(scan(cookies, options), inventory(entries, options.inventory), {
    failOn: options.failOn ?? 'error',
    tool: options.tool ?? TOOL,
    ...(options.hints ? { hints: options.hints } : {}),
    today: options.today ?? TODAY,
  });
}

/** The declared ESOMUS policy cookies, as the inventory would hold them. */
export function esomusEntries(): CookieEntry[] {
  const seo = 'Mots clés de l’optimisation de référencement pour les moteurs de recherche (Search Engine Optimisation, SEO)';
  return [
    entry({ id: 'seo-keywords', type: 'session', label: seo }, 12),
    entry({ id: 'STCK_ID', name: 'STCK_ID', type: 'session' }, 19),
    entry({ id: 'code-operation', type: 'session', label: 'Code Opération' }, 26),
    entry({ id: 'last-account-id', label: 'ID du dernier compte' }, 33),
    entry({ id: 'uid', name: 'UID' }, 40),
    entry({ id: 'u2', name: 'U2' }, 47),
  ];
}

/** A waiver of an over-long UID, valid until well after TODAY; override what the test is about. */
export function waiver(overrides: Partial<Waiver> = {}, line = 80): Waiver {
  return {
    ...(overrides.entry === undefined ? { cookie: 'UID' } : {}),
    kind: 'over-long',
    reason: 'vendor fix planned for v3',
    owner: 'dpo@esomus.test',
    expires: '2025-06-30',
    location: { file: 'inventory.yaml', line, column: 5 },
    ...overrides,
  };
}
