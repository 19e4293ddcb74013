import type { AuditResult } from '../../src/model/result.js';
import { DAY, esomusEntries, observation, run, sessionObservation, site } from '../audit/builders.js';

export const HOSTILE_NAME = 'evil\u001b[31mname\n';

/** A result with every kind of finding, a scan error and a hostile cookie name. */
export function sampleResult(): AuditResult {
  const cookies = [
    observation({ name: 'UID', requestedLifetimeSeconds: 3650 * DAY, effectiveLifetimeSeconds: 400 * DAY }),
    sessionObservation({ name: 'STCK_ID' }),
    observation({ name: 'STCK_ID', site: 'shop', requestedLifetimeSeconds: 90 * DAY, effectiveLifetimeSeconds: 90 * DAY }),
    sessionObservation({ name: 'CODE_OP' }),
    observation({ name: '_ma_id', setBy: 'js', initiatorUrl: 'https://cdn.tracker.test/v2/tag.js', requestedLifetimeSeconds: 7200 }),
    observation({ name: HOSTILE_NAME, domain: 'ads.partenaire-pub.test', party: 'third', setBy: 'unknown', initiatorUrl: null }),
    observation({ name: 'U2', site: 'shop', domain: 'ads.partenaire-pub.test', party: 'third' }),
  ];
  const entries = [...esomusEntries(), ...esomusEntries().slice(4, 5).map((uid) => ({ ...uid, id: 'never', name: 'NEVER' }))];
  const sites = [
    site({ pagesVisited: 4 }),
    site({ name: 'shop', complete: false, errors: [{ url: 'https://shop.esomus.test/pa\u001bnier', message: 'net::ERR_TIMED_OUT' }] }),
  ];
  return run(cookies, entries, { sites });
}
