/**
 * An ESOMUS-like audit for the html and markdown report tests: the policy's references (sections 8
 * and 10) and French language, a finding of most kinds, a waiver, hostile names from a hostile site,
 * and the same audit compared with an earlier baseline.
 */
import { compareWithBaseline } from '../../src/diff/index.js';
import type { Policy } from '../../src/model/inventory.js';
import type { Observation } from '../../src/model/observation.js';
import type { AuditResult } from '../../src/model/result.js';
import {
  DAY,
  duration,
  entry,
  esomusEntries,
  observation,
  policy,
  rejected,
  run,
  sessionObservation,
  site,
  storageObservation,
  waiver,
} from '../audit/builders.js';
import { gaHints } from './fixtures.js';

/** Each would set window.__pwned if a report let it through as markup. */
export const HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">';
export const HOSTILE_SCRIPT = '</code><script>window.__pwned=2</script>';
export const HOSTILE_URL = 'https://ads.partenaire-pub.test/t.js?"><script>window.__pwned=3</script>';

export function esomusPolicy(): Policy {
  return policy({
    language: 'fr',
    version: '2022-04-01',
    persistent: { minLifetime: duration('1 day'), maxLifetime: duration('5 years'), reference: 'section 8' },
    consent: { required: true, reference: 'section 10' },
  });
}

function esomusCookies(uidLifetime: number): Observation[] {
  return [
    observation({ name: 'UID', requestedLifetimeSeconds: uidLifetime, effectiveLifetimeSeconds: Math.min(uidLifetime, 400 * DAY), consent: 'given' }),
    observation({ name: 'U2', requestedLifetimeSeconds: 3600, effectiveLifetimeSeconds: 3600, consent: 'given' }),
    sessionObservation({ name: 'STCK_ID', consent: 'none' }),
    observation({ name: '_ga_X1', requestedLifetimeSeconds: 395 * DAY, effectiveLifetimeSeconds: 395 * DAY, setBy: 'js', initiatorUrl: 'https://www.esomus.test/ga.js' }),
  ];
}

/** Cookies a hostile third party sets: names and URLs that are markup. */
export function hostileCookies(): Observation[] {
  return [
    observation({
      name: HOSTILE_IMG,
      domain: 'ads.partenaire-pub.test',
      party: 'third',
      setBy: 'js',
      initiatorUrl: HOSTILE_URL,
      initiatorDomain: 'partenaire-pub.test',
      requestedLifetimeSeconds: 30 * DAY,
      effectiveLifetimeSeconds: 30 * DAY,
    }),
    sessionObservation({ name: HOSTILE_SCRIPT, domain: 'ads.partenaire-pub.test', party: 'third', transient: true }),
  ];
}

export function esomusResult(cookies: Observation[] = [...esomusCookies(3650 * DAY), ...hostileCookies()]): AuditResult {
  return run(cookies, [...esomusEntries(), entry({ id: 'never', name: 'NEVER' }, 54)], {
    inventory: {
      policy: esomusPolicy(),
      waivers: [waiver({ cookie: 'U2', kind: 'below-minimum', reason: 'widget tiers, correctif prévu', expires: '2025-06-30' })],
    },
    hints: gaHints,
    storage: [
      storageObservation({ key: '_ma_last_visit' }),
      storageObservation({ kind: 'indexedDB', key: HOSTILE_IMG, origin: 'https://ads.partenaire-pub.test', party: 'third' }),
    ],
    rejectedCookies: [rejected(), rejected({ name: HOSTILE_SCRIPT, reasons: ['SameSiteNoneInsecure'] })],
    sites: [site({ pagesVisited: 4, errors: [{ url: 'https://www.esomus.test/<b>lent', message: 'net::ERR_TIMED_OUT' }] })],
  });
}

/**
 * The audit compared with main's scan, where UID asked for one year and the hostile partner was not
 * there yet: the over-long UID and the hostile cookies are new, the rest existed.
 */
export function esomusResultWithBaseline(): AuditResult {
  const main = esomusResult(esomusCookies(365 * DAY));
  return compareWithBaseline(main, esomusResult(), { file: 'main.json', failOnNew: true });
}
