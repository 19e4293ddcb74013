import type { CookieHint } from '../../src/model/finding.js';
import type { AuditResult } from '../../src/model/result.js';
import {
  DAY,
  esomusEntries,
  observation,
  rejected,
  run,
  sessionObservation,
  site,
  storageEntry,
  storageObservation,
} from '../audit/builders.js';

export const HOSTILE_NAME = 'evil\u001b[31mname\n';
export const HOSTILE_KEY = 'key\u001b]0;pwned\u0007\u202e';
export const HOSTILE_REJECTED = 'bad\u001b[2Jcookie';

export const GA_HINT: CookieHint = {
  platform: 'Google Analytics',
  category: 'Analytics',
  retention: '2 years',
  dataController: 'Google',
  description: 'Used to persist session state.',
  matched: '_ga_*',
  source: 'Open Cookie Database',
};

/** A lookup that knows the _ga_ family only. */
export function gaHints(name: string): CookieHint | undefined {
  return name.startsWith('_ga_') ? GA_HINT : undefined;
}

/**
 * A result with every kind of finding, a scan error, a hostile cookie name, a hint, transient, varied
 * and partitioned cookies, storage (a hostile key among it) and rejected cookies.
 */
export function sampleResult(): AuditResult {
  const cookies = [
    observation({ name: 'UID', requestedLifetimeSeconds: 3650 * DAY, effectiveLifetimeSeconds: 400 * DAY }),
    sessionObservation({ name: 'STCK_ID' }),
    observation({ name: 'STCK_ID', site: 'shop', requestedLifetimeSeconds: 90 * DAY, effectiveLifetimeSeconds: 90 * DAY }),
    sessionObservation({ name: 'CODE_OP' }),
    observation({
      name: '_ma_id',
      setBy: 'js',
      initiatorUrl: 'https://cdn.tracker.test/v2/tag.js',
      initiatorDomain: 'tracker.test',
      requestedLifetimeSeconds: 7200,
      effectiveLifetimeSeconds: 7200,
    }),
    observation({ name: HOSTILE_NAME, domain: 'ads.partenaire-pub.test', party: 'third', setBy: 'unknown', initiatorUrl: null }),
    observation({ name: 'U2', site: 'shop', domain: 'ads.partenaire-pub.test', party: 'third' }),
    observation({ name: '_ga_X1', setBy: 'js', initiatorUrl: 'https://www.esomus.test/ga.js', lifetimeVaried: true }),
    sessionObservation({ name: '_ma_test', setBy: 'js', initiatorUrl: 'https://cdn.tracker.test/v2/tag.js', transient: true }),
    observation({
      name: '_gcl_au',
      site: 'shop',
      domain: 'ads.partenaire-pub.test',
      party: 'third',
      partitionKey: 'https://shop.esomus.test',
      requestedLifetimeSeconds: 90 * DAY,
      effectiveLifetimeSeconds: 90 * DAY,
    }),
  ];
  const entries = [
    ...esomusEntries(),
    ...esomusEntries().slice(4, 5).map((uid) => ({ ...uid, id: 'never', name: 'NEVER' })),
    { ...esomusEntries()[4], id: 'ma-test', name: '_ma_test', type: 'session' as const },
    { ...esomusEntries()[4], id: 'gcl', name: '_gcl_au', party: 'third' as const },
  ];
  const storage = [
    storageObservation({ key: '_ma_last_visit' }),
    storageObservation({ kind: 'sessionStorage', key: 'consent' }),
    storageObservation({ kind: 'indexedDB', key: HOSTILE_KEY, origin: 'https://ads.partenaire-pub.test', party: 'third' }),
  ];
  const storageEntries = [
    storageEntry({ id: 'consent', kind: 'sessionStorage', key: 'consent', party: 'first' }, 70),
    storageEntry({ id: 'basket', key: 'basket' }, 77),
  ];
  const rejectedCookies = [
    rejected(),
    rejected({ site: 'shop', name: HOSTILE_REJECTED, reasons: ['SecureOnly', 'SameSiteNoneInsecure'], responseUrl: 'http://shop.esomus.test/' }),
  ];
  const sites = [
    site({ pagesVisited: 4 }),
    site({ name: 'shop', complete: false, errors: [{ url: 'https://shop.esomus.test/pa\u001bnier', message: 'net::ERR_TIMED_OUT' }] }),
  ];
  return run(cookies, entries, { sites, storage, rejectedCookies, hints: gaHints, inventory: { storage: storageEntries } });
}
