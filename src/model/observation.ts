import type { CookieType, Party } from './inventory.js';

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
}
