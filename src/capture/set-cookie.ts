import { Cookie, defaultPath } from 'tough-cookie';
import type { SameSite } from '../model/observation.js';

/** One cookie write, parsed from a Set-Cookie header or a document.cookie string. */
export interface CookieWrite {
  name: string;
  /** As the browser will store it: `.example.com` for a Domain attribute, the bare host otherwise. */
  domain: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite | null;
  partitioned: boolean;
  /** Max-Age wins over Expires; null for a session cookie. */
  requestedLifetimeSeconds: number | null;
  /** Max-Age ≤ 0 or an Expires in the past: the write removes the cookie. */
  deletes: boolean;
}

const SAME_SITE: Record<string, SameSite> = { strict: 'Strict', lax: 'Lax', none: 'None' };

/**
 * Parses one cookie string as the browser would read it for `url`, at `receivedAtMs` (the moment the
 * response arrived or the script ran: Expires dates are measured from then). Returns null when the
 * string is not a cookie at all.
 */
export function parseCookieWrite(text: string, url: string, receivedAtMs: number): CookieWrite | null {
  const cookie = Cookie.parse(text, { loose: true });
  if (!cookie) return null;
  const { hostname, pathname } = new URL(url);
  const lifetime = requestedLifetime(cookie, receivedAtMs);
  return {
    name: cookie.key,
    domain: cookie.domain ? `.${cookie.domain.toLowerCase()}` : hostname.toLowerCase(),
    path: cookie.path?.startsWith('/') ? cookie.path : defaultPath(pathname),
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: SAME_SITE[String(cookie.sameSite ?? '').toLowerCase()] ?? null,
    partitioned: /;\s*partitioned\s*(;|$)/i.test(text),
    requestedLifetimeSeconds: lifetime !== null && lifetime > 0 ? lifetime : null,
    deletes: lifetime !== null && lifetime <= 0,
  };
}

function requestedLifetime(cookie: Cookie, receivedAtMs: number): number | null {
  const { maxAge, expires } = cookie;
  if (typeof maxAge === 'number') return maxAge;
  // A Max-Age beyond any number (300+ digits): tough-cookie keeps it as text; Chromium saturates it to
  // the latest time, or the earliest (a deletion). It still wins over Expires.
  if (maxAge === 'Infinity') return Number.MAX_VALUE;
  if (maxAge === '-Infinity') return -Number.MAX_VALUE;
  if (expires instanceof Date) return Math.round((expires.getTime() - receivedAtMs) / 1000);
  return null;
}

/** The cookie line with its value hidden: reports never carry cookie values. */
export function withoutValue(line: string): string {
  const [pair, ...attributes] = line.split(';');
  const name = pair.includes('=') ? pair.slice(0, pair.indexOf('=')).trim() : pair.trim();
  return [`${name}=…`, ...attributes.map((attribute) => attribute.trim())].join('; ');
}
