/** The cookie rules: one small function per finding kind about an observed cookie. */
import { describeDuration, describeSeconds, durationSecondsFrom, LIFETIME_TOLERANCE_SECONDS } from '../model/duration.js';
import type { CookieHint, Finding, FindingFacts, FindingKind } from '../model/finding.js';
import type { CookieEntry, Policy } from '../model/inventory.js';
import type { Observation } from '../model/observation.js';
import { copyHint, scenarioOf } from './copy.js';
import { makeFinding } from './finding.js';
import { browserDisplayName, cookieHost, entryRef, entrySubject, origin, policyRef, TRANSIENT_NOTE } from './wording.js';

/** What is known of a cookie name elsewhere (the Open Cookie Database), if anything. */
export type HintLookup = (cookieName: string) => CookieHint | undefined;

/** One observed cookie, the entry that declares it (if any), and what a rule needs to judge it. */
export interface CookieCheck {
  cookie: Observation;
  entry: CookieEntry | undefined;
  /** The entry's index in inventory.cookies, for messages ("cookies[3]"); -1 when undeclared. */
  entryIndex: number;
  policy: Policy;
  /** When the cookie was set, in ms: calendar bounds are counted from here. */
  setAtMs: number;
  /** The scan's browser name ("chromium"), for "Chromium keeps 400 days". */
  browser: string;
  hints?: HintLookup;
}

export type CookieRule = (check: CookieCheck) => Finding | null;

/** What a finding carries besides its message: the values it words, and a known-cookie hint. */
interface FindingExtras {
  facts?: FindingFacts;
  hint?: CookieHint;
}

function cookieFinding(kind: FindingKind, check: CookieCheck, message: string, extras: FindingExtras = {}): Finding {
  const { cookie, entry } = check;
  return makeFinding(kind, {
    site: cookie.site,
    scenario: scenarioOf(cookie),
    cookie: { name: cookie.name, domain: cookie.domain },
    entry: entry?.id ?? null,
    message: cookie.transient ? `${message}${TRANSIENT_NOTE}` : message,
    location: entry?.location,
    hint: extras.hint,
    facts: extras.facts,
  });
}

/** The lifetimes behind a lifetime finding; `reference` only when the bound broken is the policy's. */
function lifetimeFacts(check: CookieCheck, requested: number, limitSeconds: number, reference: string | undefined): FindingFacts {
  return { requestedSeconds: requested, effectiveSeconds: check.cookie.effectiveLifetimeSeconds ?? undefined, limitSeconds, reference };
}

/** Where the policy sets its lifetime bounds ("section 8"), when the inventory says. */
function lifetimeReference(policy: Policy): string | undefined {
  return policy.persistent.reference?.trim() || undefined;
}

/** The lifetime a persistent cookie asked for; what the browser kept when the request is unknown. */
function requestedSeconds(cookie: Observation): number | null {
  if (cookie.type !== 'persistent') return null;
  return cookie.requestedLifetimeSeconds ?? cookie.effectiveLifetimeSeconds;
}

/** "10 years", "10 years (Chromium keeps 400 days)", "10 years (the longest of several writes)". */
function requestedText(check: CookieCheck, requested: number): string {
  const { cookie } = check;
  const notes: string[] = [];
  if (cookie.lifetimeVaried) notes.push('the longest of several writes');
  const kept = cookie.effectiveLifetimeSeconds;
  if (cookie.requestedLifetimeSeconds !== null && kept !== null && Math.abs(kept - requested) > LIFETIME_TOLERANCE_SECONDS) {
    notes.push(`${browserDisplayName(check.browser)} keeps ${describeSeconds(kept)}`);
  }
  return `${describeSeconds(requested)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

export const undeclared: CookieRule = (check) => {
  if (check.entry) return null;
  const message = `"${check.cookie.name}" is not declared in the inventory; ${origin(check.cookie)}`;
  const hint = check.hints?.(check.cookie.name);
  return cookieFinding('undeclared', check, message, { hint: hint ? copyHint(hint) : undefined });
};

/** Above the entry's maxLifetime or, failing that, the policy's; counted in calendar time from setAt. */
export const overLong: CookieRule = (check) => {
  const requested = requestedSeconds(check.cookie);
  if (requested === null) return null;
  const { entry, policy } = check;
  const max = entry?.maxLifetime ?? policy.persistent.maxLifetime;
  const maxSeconds = durationSecondsFrom(check.setAtMs, max);
  if (!(requested > maxSeconds + LIFETIME_TOLERANCE_SECONDS)) return null;
  const rule = entry?.maxLifetime
    ? `inventory entry "${entry.id}" allows at most ${describeDuration(max)}`
    : `the policy allows at most ${describeDuration(max)}${policyRef(policy)}`;
  const facts = lifetimeFacts(check, requested, maxSeconds, entry?.maxLifetime ? undefined : lifetimeReference(policy));
  return cookieFinding('over-long', check, `requested ${requestedText(check, requested)}; ${rule}`, { facts });
};

export const belowMinimum: CookieRule = (check) => {
  const requested = requestedSeconds(check.cookie);
  if (requested === null) return null;
  const min = check.policy.persistent.minLifetime;
  const minSeconds = durationSecondsFrom(check.setAtMs, min);
  if (!(requested < minSeconds - LIFETIME_TOLERANCE_SECONDS)) return null;
  const rule = `the policy says persistent cookies last at least ${describeDuration(min)}${policyRef(check.policy)}`;
  const facts = lifetimeFacts(check, requested, minSeconds, lifetimeReference(check.policy));
  return cookieFinding('below-minimum', check, `requested ${requestedText(check, requested)}; ${rule}`, { facts });
};

export const typeMismatch: CookieRule = (check) => {
  const { cookie, entry } = check;
  if (!entry || entry.type === cookie.type) return null;
  const requested = requestedSeconds(cookie);
  const seen =
    cookie.type === 'session'
      ? 'set as a session cookie'
      : `set persistent${requested === null ? '' : ` for ${describeSeconds(requested)}`}`;
  const facts = { requestedSeconds: requested ?? undefined, declared: entry.type, observed: cookie.type };
  return cookieFinding('type-mismatch', check, `declared ${entry.type} ${entryRef(entry, check.entryIndex)} but ${seen}`, { facts });
};

export const partyMismatch: CookieRule = (check) => {
  const { cookie, entry } = check;
  if (!entry || entry.party === cookie.party) return null;
  const message =
    `declared ${entry.party}-party ${entryRef(entry, check.entryIndex)} ` +
    `but set by ${cookieHost(cookie)} as a ${cookie.party}-party cookie`;
  return cookieFinding('party-mismatch', check, message, { facts: { declared: entry.party, observed: cookie.party } });
};

/** An entry's own `consent` wins; without one, the policy's default decides. */
function needsConsent(entry: CookieEntry, policy: Policy): boolean {
  return entry.consent === undefined ? policy.consent?.required === true : entry.consent === 'required';
}

/** "the policy requires consent for it (section 10)", or `inventory entry "uid" (cookies[4]) requires consent for it`. */
function consentRequirement(entry: CookieEntry, entryIndex: number, policy: Policy): string {
  const who = entry.consent === 'required' ? entrySubject(entry, entryIndex) : 'the policy';
  const reference = consentReference(policy);
  return `${who} requires consent for it${reference ? ` (${reference})` : ''}`;
}

/** Where the policy requires consent ("section 10"), when the inventory says. */
function consentReference(policy: Policy): string | undefined {
  return policy.consent?.reference?.trim() || undefined;
}

/**
 * A declared cookie that needs consent, set while the visitor's consent was `state`. Undeclared
 * cookies are left to `undeclared`; a report without `consent` (older versions) says nothing.
 */
function consentRule(kind: 'before-consent' | 'despite-refusal', state: 'none' | 'refused', when: string): CookieRule {
  return (check) => {
    const { cookie, entry } = check;
    if (!entry || cookie.consent !== state || !needsConsent(entry, check.policy)) return null;
    const seen = `"${cookie.name}" was set on ${cookie.firstSeenUrl} ${when} (scenario "${scenarioOf(cookie)}")`;
    const facts = { reference: consentReference(check.policy) };
    return cookieFinding(kind, check, `${seen}; ${consentRequirement(entry, check.entryIndex, check.policy)}`, { facts });
  };
}

export const beforeConsent = consentRule('before-consent', 'none', 'before the visitor made any consent choice');

export const despiteRefusal = consentRule('despite-refusal', 'refused', 'after the visitor refused consent');

/** Every cookie rule, in FINDING_KINDS order. */
export const COOKIE_RULES: readonly CookieRule[] = [undeclared, overLong, belowMinimum, typeMismatch, partyMismatch, beforeConsent, despiteRefusal];
