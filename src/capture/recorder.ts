import type { ConsentState } from '../model/inventory.js';
import type { Observation, RejectedCookie, SameSite, SetBy } from '../model/observation.js';
import { partyOf, registrableDomain } from './party.js';
import { parseCookieWrite, withoutValue, type CookieWrite } from './set-cookie.js';

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
  value?: string;
}

interface WriteEvent extends CookieWrite {
  line: string;
  setBy: Exclude<SetBy, 'unknown'>;
  atMs: number;
  pageUrl: string;
  initiatorUrl: string;
  /** Script writes: whether the page saw it take (null: unknown). Header refusals come from CDP. */
  accepted: boolean | null;
}

interface Refusal {
  line: string;
  reasons: string[];
  fallbackUrl: string;
}

interface JarEntry {
  cookie: JarCookie;
  firstSeenMs: number;
  firstSeenPageUrl: string;
  inLatestSnapshot: boolean;
  /** Seen in a jar that was lost with its browser: whether it was deleted later cannot be known. */
  fromLostJar?: boolean;
}

export interface SiteIdentity {
  name: string;
  /** The scenario the site is visited under. */
  scenario: string;
  /** Registrable domains that count as first party. */
  domains: readonly string[];
}

/**
 * Collects what one site's visit wrote (Set-Cookie headers, script writes), what the browser refused
 * and what the jar kept, and turns it into observations. Knows nothing of the browser: the crawler
 * feeds it plain events.
 */
export class CookieRecorder {
  private readonly writes: WriteEvent[] = [];
  private readonly refusals: Refusal[] = [];
  private readonly jar = new Map<string, JarEntry>();
  /** Consent changes in time order: a write takes the state in force when it happened. */
  private readonly consentChanges: { atMs: number; state: ConsentState }[] = [];
  /** Cookies a scenario's saved state put in the jar: not observed unless the site writes them. */
  private readonly preloaded = new Set<string>();

  constructor(
    private readonly site: SiteIdentity,
    initialConsent: ConsentState = 'none',
    /** Keep the jar's values in observations (scan --include-values); never otherwise. */
    private readonly includeValues = false,
  ) {
    this.consentChanges.push({ atMs: Number.NEGATIVE_INFINITY, state: initialConsent });
  }

  /** From `atMs` on, the visitor's consent is `state`. */
  consentChanged(state: ConsentState, atMs: number): void {
    this.consentChanges.push({ atMs, state });
  }

  /** Cookies already in the jar before the visit (a scenario's storageState). */
  preload(cookies: readonly JarCookie[]): void {
    for (const cookie of cookies) this.preloaded.add(cookieKey(cookie));
  }

  /**
   * A Set-Cookie header value on a response (redirect hops, iframes, service workers included);
   * `serverDateMs` is the response's Date header, when it has a valid one.
   */
  recordHeader(headerValue: string, responseUrl: string, pageUrl: string, atMs: number, serverDateMs: number | null = null): void {
    this.recordWrite(headerValue, responseUrl, { setBy: 'http', atMs, pageUrl, initiatorUrl: responseUrl, accepted: null }, serverDateMs);
  }

  /** A script write in a document at `documentUrl`, by the script at `scriptUrl`. */
  recordScriptWrite(
    cookieLine: string,
    write: { documentUrl: string; scriptUrl: string; pageUrl: string; atMs: number; accepted: boolean | null },
  ): void {
    this.recordWrite(cookieLine, write.documentUrl, {
      setBy: 'js',
      atMs: write.atMs,
      pageUrl: write.pageUrl,
      initiatorUrl: write.scriptUrl,
      accepted: write.accepted,
    });
  }

  /** A Set-Cookie line the browser refused, with its reasons (from the DevTools protocol). */
  recordRefusal(line: string, reasons: string[], fallbackUrl: string): void {
    this.refusals.push({ line, reasons, fallbackUrl });
  }

  /** The browser died: its jar is gone, and what it held stays as last seen. */
  jarLost(): void {
    for (const entry of this.jar.values()) entry.fromLostJar = true;
  }

  /** What the jar holds now. */
  recordJar(cookies: readonly JarCookie[], pageUrl: string, atMs: number): void {
    for (const entry of this.jar.values()) if (!entry.fromLostJar) entry.inLatestSnapshot = false;
    for (const cookie of cookies) {
      const key = cookieKey(cookie);
      const known = this.jar.get(key);
      this.jar.set(key, {
        cookie,
        firstSeenMs: known?.firstSeenMs ?? atMs,
        firstSeenPageUrl: known?.firstSeenPageUrl ?? pageUrl,
        inLatestSnapshot: true,
        fromLostJar: false,
      });
    }
  }

  /** Distinct cookies the jar has shown so far: cheap, for progress lines. */
  get cookiesSeen(): number {
    return this.jar.size;
  }

  observations(): Observation[] {
    const { refused } = this.pairRefusals();
    const kept = (write: WriteEvent) => !refused.has(write) && write.accepted !== false;
    const fromJar = [...this.jar.values()].flatMap((entry) => this.observeJarEntry(entry, kept) ?? []);
    return [...fromJar, ...this.transientWithoutJarEntry(kept)];
  }

  rejectedCookies(): RejectedCookie[] {
    const { refused, unpaired } = this.pairRefusals();
    return [
      ...[...refused].map(([write, reasons]) => this.rejected(write.line, reasons, write.initiatorUrl, write.pageUrl)),
      ...unpaired.map((refusal) => this.rejected(refusal.line, refusal.reasons, refusal.fallbackUrl, refusal.fallbackUrl)),
    ];
  }

  private rejected(line: string, reasons: string[], responseUrl: string, pageUrl: string): RejectedCookie {
    const name = line.split(';')[0].split('=')[0].trim();
    return { site: this.site.name, scenario: this.site.scenario, name, attributes: withoutValue(line), reasons, responseUrl, pageUrl };
  }

  /** Each refusal belongs to the first header write that carried the same line, once. */
  private pairRefusals(): { refused: Map<WriteEvent, string[]>; unpaired: Refusal[] } {
    const refused = new Map<WriteEvent, string[]>();
    const unpaired: Refusal[] = [];
    for (const refusal of this.refusals) {
      const write = this.writes.find((candidate) => candidate.setBy === 'http' && candidate.line === refusal.line && !refused.has(candidate));
      if (write) refused.set(write, refusal.reasons);
      else unpaired.push(refusal);
    }
    return { refused, unpaired };
  }

  private recordWrite(line: string, url: string, event: Omit<WriteEvent, keyof CookieWrite | 'line'>, serverDateMs: number | null = null): void {
    const write = safeParse(line, url, event.atMs, serverDateMs);
    if (write) this.writes.push({ ...write, ...event, line });
  }

  private observeJarEntry(
    { cookie, firstSeenMs, firstSeenPageUrl, inLatestSnapshot }: JarEntry,
    kept: (write: WriteEvent) => boolean,
  ): Observation | undefined {
    const writes = this.writes.filter((write) => !write.deletes && kept(write) && sameCookie(write, cookie));
    if (writes.length === 0 && this.preloaded.has(cookieKey(cookie))) return undefined;
    const session = cookie.expires < 0;
    const lastWriteMs = writes.at(-1)?.atMs ?? firstSeenMs;
    const effective = session ? null : Math.round(cookie.expires - lastWriteMs / 1000);
    const observed = this.observation(writes, {
      name: cookie.name,
      domain: cookie.domain,
      path: cookie.path,
      partitionKey: cookie.partitionKey ?? null,
      secure: cookie.secure,
      httpOnly: cookie.httpOnly,
      session,
      effective,
      firstSeenMs,
      firstSeenPageUrl,
      transient: !inLatestSnapshot,
    });
    return this.includeValues && cookie.value !== undefined ? { ...observed, value: cookie.value } : observed;
  }

  /** Accepted writes of cookies the jar never showed: set and deleted between two snapshots. */
  private transientWithoutJarEntry(kept: (write: WriteEvent) => boolean): Observation[] {
    const seen = new Set([...this.jar.values()].map(({ cookie }) => writeKey(cookie)));
    const groups = new Map<string, WriteEvent[]>();
    // A script write whose fate is unknown (null) is not enough to claim a cookie existed.
    const surelyKept = (write: WriteEvent) => kept(write) && (write.setBy === 'http' || write.accepted === true);
    for (const write of this.writes) {
      if (write.deletes || !surelyKept(write) || seen.has(writeKey(write))) continue;
      groups.set(writeKey(write), [...(groups.get(writeKey(write)) ?? []), write]);
    }
    return [...groups.values()].map((writes) => {
      const first = writes[0];
      return this.observation(writes, {
        name: first.name,
        domain: first.domain,
        path: first.path,
        partitionKey: null,
        secure: first.secure,
        httpOnly: first.httpOnly,
        session: writes.every((write) => write.requestedLifetimeSeconds === null),
        // Never seen in the jar: what the browser kept is not known.
        effective: null,
        firstSeenMs: first.atMs,
        firstSeenPageUrl: first.pageUrl,
        transient: true,
      });
    });
  }

  private observation(writes: WriteEvent[], seen: SeenCookie): Observation {
    const first = writes[0];
    const longest = longestRequested(writes);
    const requested = seen.session ? null : (longest?.requestedLifetimeSeconds ?? seen.effective);
    const initiatorUrl = first?.initiatorUrl ?? null;
    return {
      site: this.site.name,
      scenario: this.site.scenario,
      consent: this.consentAt(first?.atMs ?? seen.firstSeenMs),
      name: seen.name,
      domain: seen.domain,
      path: seen.path,
      partitionKey: seen.partitionKey,
      secure: seen.secure,
      httpOnly: seen.httpOnly,
      sameSite: first ? first.sameSite : null,
      party: partyOf(seen.domain, this.site.domains),
      type: seen.session ? 'session' : 'persistent',
      // With no write seen, what the jar holds is the best word we have of what was asked.
      requestedLifetimeSeconds: requested,
      effectiveLifetimeSeconds: seen.effective,
      setAt: new Date(longest?.atMs ?? seen.firstSeenMs).toISOString(),
      setBy: first?.setBy ?? 'unknown',
      firstSeenUrl: first?.pageUrl ?? seen.firstSeenPageUrl,
      initiatorUrl,
      initiatorDomain: initiatorUrl ? registrableDomain(new URL(initiatorUrl).hostname) : null,
      transient: seen.transient,
      lifetimeVaried: new Set(writes.map((write) => write.requestedLifetimeSeconds)).size > 1,
    };
  }

  private consentAt(atMs: number): ConsentState {
    return this.consentChanges.findLast((change) => change.atMs <= atMs)?.state ?? 'none';
  }
}

type SeenCookie = Pick<Observation, 'name' | 'domain' | 'path' | 'partitionKey' | 'secure' | 'httpOnly' | 'transient'> & {
  session: boolean;
  effective: number | null;
  firstSeenMs: number;
  firstSeenPageUrl: string;
};

function safeParse(text: string, url: string, atMs: number, serverDateMs: number | null): CookieWrite | null {
  try {
    return parseCookieWrite(text, url, atMs, serverDateMs);
  } catch {
    return null;
  }
}

function cookieKey(cookie: Pick<JarCookie, 'name' | 'domain' | 'path' | 'partitionKey'>): string {
  return JSON.stringify([cookie.name, cookie.domain, cookie.path, cookie.partitionKey ?? null]);
}

function writeKey(cookie: Pick<JarCookie, 'name' | 'domain' | 'path'>): string {
  return JSON.stringify([cookie.name, cookie.domain, cookie.path]);
}

function sameCookie(write: CookieWrite, cookie: Pick<JarCookie, 'name' | 'domain' | 'path'>): boolean {
  return write.name === cookie.name && write.domain === cookie.domain && write.path === cookie.path;
}

function longestRequested(writes: WriteEvent[]): WriteEvent | undefined {
  return writes.reduce<WriteEvent | undefined>(
    (best, write) =>
      !best || (write.requestedLifetimeSeconds ?? 0) > (best.requestedLifetimeSeconds ?? 0) ? write : best,
    undefined,
  );
}
