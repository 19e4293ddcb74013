import type { Observation, SameSite, SetBy } from '../model/observation.js';
import { partyOf } from './party.js';
import { parseCookieWrite, type CookieWrite } from './set-cookie.js';

/** A cookie as the browser's jar holds it (the shape Playwright's context.cookies() returns). */
export interface JarCookie {
  name: string;
  domain: string;
  path: string;
  /** Unix seconds; -1 for a session cookie. */
  expires: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
  partitionKey?: string;
}

interface WriteEvent extends CookieWrite {
  setBy: Exclude<SetBy, 'unknown'>;
  atMs: number;
  pageUrl: string;
  initiatorUrl: string;
}

interface JarEntry {
  cookie: JarCookie;
  firstSeenMs: number;
  firstSeenPageUrl: string;
}

export interface SiteIdentity {
  name: string;
  /** Registrable domains that count as first party. */
  domains: readonly string[];
}

/**
 * Collects what one site's visit wrote (Set-Cookie headers, script writes) and what the jar kept, and
 * turns it into observations. Knows nothing of the browser: the crawler feeds it plain events.
 */
export class CookieRecorder {
  private readonly writes: WriteEvent[] = [];
  private readonly jar = new Map<string, JarEntry>();

  constructor(private readonly site: SiteIdentity) {}

  /** A Set-Cookie header value on a response (redirect hops and iframes included). */
  recordHeader(headerValue: string, responseUrl: string, pageUrl: string, atMs: number): void {
    this.recordWrite(headerValue, responseUrl, { setBy: 'http', atMs, pageUrl, initiatorUrl: responseUrl });
  }

  /** A document.cookie write, in a document at `documentUrl`, by the script at `scriptUrl`. */
  recordScriptWrite(cookieString: string, documentUrl: string, scriptUrl: string, pageUrl: string, atMs: number): void {
    this.recordWrite(cookieString, documentUrl, { setBy: 'js', atMs, pageUrl, initiatorUrl: scriptUrl });
  }

  /** What the jar holds now; cookies absent from every snapshot were never kept (rejected). */
  recordJar(cookies: readonly JarCookie[], pageUrl: string, atMs: number): void {
    for (const cookie of cookies) {
      const key = jarKey(cookie);
      const known = this.jar.get(key);
      this.jar.set(key, {
        cookie,
        firstSeenMs: known?.firstSeenMs ?? atMs,
        firstSeenPageUrl: known?.firstSeenPageUrl ?? pageUrl,
      });
    }
  }

  observations(): Observation[] {
    return [...this.jar.values()].map((entry) => this.observe(entry));
  }

  private recordWrite(text: string, url: string, event: Omit<WriteEvent, keyof CookieWrite>): void {
    const write = safeParse(text, url, event.atMs);
    if (write) this.writes.push({ ...write, ...event });
  }

  private observe({ cookie, firstSeenMs, firstSeenPageUrl }: JarEntry): Observation {
    const writes = this.writes.filter((write) => !write.deletes && sameCookie(write, cookie));
    const first = writes[0];
    const longest = longestRequested(writes);
    const last = writes.at(-1);
    const session = cookie.expires < 0;
    const setAtMs = longest?.atMs ?? firstSeenMs;
    const effective = session ? null : Math.round(cookie.expires - (last?.atMs ?? firstSeenMs) / 1000);
    return {
      site: this.site.name,
      name: cookie.name,
      domain: cookie.domain,
      path: cookie.path,
      partitionKey: cookie.partitionKey ?? null,
      secure: cookie.secure,
      httpOnly: cookie.httpOnly,
      sameSite: first ? first.sameSite : null,
      party: partyOf(cookie.domain, this.site.domains),
      type: session ? 'session' : 'persistent',
      // With no write seen, what the jar holds is the best word we have of what was asked.
      requestedLifetimeSeconds: session ? null : (longest?.requestedLifetimeSeconds ?? effective),
      effectiveLifetimeSeconds: effective,
      setAt: new Date(setAtMs).toISOString(),
      setBy: first?.setBy ?? 'unknown',
      firstSeenUrl: first?.pageUrl ?? firstSeenPageUrl,
      initiatorUrl: first?.initiatorUrl ?? null,
    };
  }
}

function safeParse(text: string, url: string, atMs: number): CookieWrite | null {
  try {
    return parseCookieWrite(text, url, atMs);
  } catch {
    return null;
  }
}

function jarKey(cookie: Pick<JarCookie, 'name' | 'domain' | 'path' | 'partitionKey'>): string {
  return JSON.stringify([cookie.name, cookie.domain, cookie.path, cookie.partitionKey ?? null]);
}

function sameCookie(write: CookieWrite, cookie: JarCookie): boolean {
  return write.name === cookie.name && write.domain === cookie.domain && write.path === cookie.path;
}

function longestRequested(writes: WriteEvent[]): WriteEvent | undefined {
  return writes.reduce<WriteEvent | undefined>(
    (best, write) =>
      !best || (write.requestedLifetimeSeconds ?? 0) > (best.requestedLifetimeSeconds ?? 0) ? write : best,
    undefined,
  );
}
