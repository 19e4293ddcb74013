import { getDomain } from 'tldts';
import type { Party } from '../model/inventory.js';

/** The registrable domain (eTLD+1, private suffixes included) of a host or cookie domain. */
export function registrableDomain(hostOrCookieDomain: string): string {
  const host = hostOrCookieDomain.replace(/^\./, '').toLowerCase();
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** First party when the cookie's registrable domain is one of the site's first-party domains. */
export function partyOf(cookieDomain: string, firstPartyDomains: readonly string[]): Party {
  return firstPartyDomains.includes(registrableDomain(cookieDomain)) ? 'first' : 'third';
}
