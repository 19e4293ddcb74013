import { defaultPath } from 'tough-cookie';
import { parseCookieDate } from './cookie-date.js';
import { parseCookieLine, parseMaxAge } from './cookie-line.js';
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
  /** Max-Age wins over Expires (Expires read against the server's Date); null for a session cookie. */
  requestedLifetimeSeconds: number | null;
  /** Max-Age ≤ 0 or an Expires in the past: the write removes the cookie. */
  deletes: boolean;
}

const SAME_SITE: Record<string, SameSite> = { strict: 'Strict', lax: 'Lax', none: 'None' };

/**
 * Parses one cookie string as Chromium reads it for `url` (see cookie-line.ts), at `receivedAtMs`
 * (the moment the response arrived or the script ran). `serverDateMs`, the response's Date header,
 * is the clock Expires is read against when there is one: Chromium stores an Expires cookie for
 * Expires − Date from now. Returns null when Chromium stores nothing for the string.
 */
export function parseCookieWrite(text: string, url: string, receivedAtMs: number, serverDateMs: number | null = null): CookieWrite | null {
  const cookie = parseCookieLine(text);
  if (!cookie) return null;
  const { attributes } = cookie;
  const { hostname, pathname } = new URL(url);
  const domain = attributes.get('domain')?.replace(/^\./, '').toLowerCase();
  const path = attributes.get('path');
  const lifetime = requestedLifetime(attributes, serverDateMs ?? receivedAtMs);
  return {
    name: cookie.name,
    domain: domain ? `.${domain}` : hostname.toLowerCase(),
    path: path?.startsWith('/') ? path : defaultPath(pathname),
    secure: attributes.has('secure'),
    httpOnly: attributes.has('httponly'),
    sameSite: SAME_SITE[(attributes.get('samesite') ?? '').toLowerCase()] ?? null,
    partitioned: attributes.has('partitioned'),
    requestedLifetimeSeconds: lifetime !== null && lifetime > 0 ? lifetime : null,
    deletes: lifetime !== null && lifetime <= 0,
  };
}

/** Seconds asked for: the last Max-Age when it is a number (saturating), else the last Expires. */
function requestedLifetime(attributes: Map<string, string>, clockMs: number): number | null {
  const maxAge = parseMaxAge(attributes.get('max-age') ?? '');
  if (maxAge !== null) return Number.isFinite(maxAge) ? maxAge : Math.sign(maxAge) * Number.MAX_VALUE;
  const expires = attributes.get('expires');
  const expiresMs = expires ? parseCookieDate(expires) : null;
  return expiresMs === null ? null : Math.round((expiresMs - clockMs) / 1000);
}

/** The cookie line with its value hidden: reports never carry cookie values. */
export function withoutValue(line: string): string {
  const [pair, ...attributes] = line.split(';');
  const name = pair.includes('=') ? pair.slice(0, pair.indexOf('=')).trim() : pair.trim();
  return [`${name}=…`, ...attributes.map((attribute) => attribute.trim())].join('; ');
}
