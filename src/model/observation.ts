import type { ConsentState, CookieType, Party } from './inventory.js';

/** How a cookie reached the jar: a Set-Cookie header, a script, or a jar entry with no event seen. */
export type SetBy = 'http' | 'js' | 'unknown';
export type SameSite = 'Strict' | 'Lax' | 'None';

/**
 * One cookie as the scan saw it on one site: plain, serialisable data. The same name on two sites is
 * two observations.
 */
export interface Observation {
  /** The inventory site's name (or the start URL's registrable domain). */
  site: string;
  /** The scenario the site was visited under ("anonymous" when the site declares none). */
  scenario: string;
  /** The visitor's consent when the cookie was first set; absent in reports of older versions. */
  consent?: ConsentState;
  name: string;
  /** As the browser stores it: a leading dot for domain cookies, the bare host for host-only ones. */
  domain: string;
  path: string;
  partitionKey: string | null;
  secure: boolean;
  httpOnly: boolean;
  /** What the Set-Cookie header or script said; null when it said nothing. */
  sameSite: SameSite | null;
  party: Party;
  type: CookieType;
  /** What the site asked for (Max-Age wins over Expires); null for session cookies. */
  requestedLifetimeSeconds: number | null;
  /** What the browser kept (Chromium caps at 400 days); null for session cookies. */
  effectiveLifetimeSeconds: number | null;
  /** When the cookie was set (response arrival or script write), ISO 8601. */
  setAt: string;
  setBy: SetBy;
  /** The page being visited when the cookie was first seen. */
  firstSeenUrl: string;
  /** The response URL or script URL that set it; null when unknown. */
  initiatorUrl: string | null;
  /** The registrable domain of initiatorUrl ("a first-party cookie written by a script from vendor.com"). */
  initiatorDomain: string | null;
  /** Set, then deleted (or expired) during the visit: it was still placed on the device. */
  transient: boolean;
  /** Written more than once with different requested lifetimes; the longest is reported. */
  lifetimeVaried: boolean;
  /** The value the jar held last: recorded only with --include-values, never otherwise. */
  value?: string;
}

/** A Set-Cookie header the browser refused: not an observation, but a bug on the site. No value. */
export interface RejectedCookie {
  site: string;
  scenario: string;
  name: string;
  /** The Set-Cookie line with its value replaced by "…" (attributes kept: they explain the refusal). */
  attributes: string;
  /** Chromium's reasons, as the DevTools protocol names them (e.g. "InvalidPrefix", "SecureOnly"). */
  reasons: string[];
  /** The response that carried the header. */
  responseUrl: string;
  pageUrl: string;
}

export const STORAGE_KINDS = ['localStorage', 'sessionStorage', 'indexedDB'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

/**
 * A key in web storage, or an IndexedDB database name, seen on an origin: a similar technology the
 * ePrivacy rules cover too. Keys and origins only, never values.
 */
export interface StorageObservation {
  site: string;
  scenario: string;
  kind: StorageKind;
  /** e.g. "https://www.example.com" */
  origin: string;
  /** The storage key, or the IndexedDB database name. */
  key: string;
  party: Party;
  firstSeenUrl: string;
}
