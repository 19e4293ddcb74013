/**
 * Inventory waivers: findings accepted for a while, with a reason, an owner and an expiry date. Pure:
 * "today" comes in as data (YYYY-MM-DD), never from the clock.
 *
 * - A waiver matches a finding of its kind whose cookie name (`cookie:`; for storage findings, the
 *   storage key or IndexedDB database name) or entry id (`entry:`) it names, on its site when it gives
 *   one. Findings about inventory entries (unobserved, unnamed-entry) belong to no site, so only a
 *   waiver without `site:` matches them.
 * - Unexpired (today ≤ expires): every matching finding carries `waiver` and no longer fails the gate.
 * - Expired: it waives nothing and is itself one `expired-waiver` finding, pointing at the waiver.
 */
import { UsageError } from '../errors.js';
import type { AppliedWaiver, Finding } from '../model/finding.js';
import type { Waiver } from '../model/inventory.js';
import { makeFinding } from './finding.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The findings with every unexpired waiver applied (the first matching waiver in file order wins),
 * followed by one expired-waiver finding per expired waiver. Unsorted: the caller sorts. Copies: the
 * input findings are left untouched.
 */
export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], today: string): Finding[] {
  checkDate(today);
  const active = waivers.filter((waiver) => !isExpired(waiver, today));
  const waived = findings.map((finding) => {
    const waiver = finding.kind === 'expired-waiver' ? undefined : active.find((candidate) => waiverMatches(candidate, finding));
    return waiver ? { ...finding, waiver: appliedWaiver(waiver) } : { ...finding };
  });
  return [...waived, ...waivers.filter((waiver) => isExpired(waiver, today)).map(expiredWaiverFinding)];
}

/** A waiver holds up to and including its `expires` day. Both dates are YYYY-MM-DD, so text order is date order. */
export function isExpired(waiver: Pick<Waiver, 'expires'>, today: string): boolean {
  return waiver.expires < today;
}

/** Same kind; same cookie name (or storage key) or same entry id; same site when the waiver names one. */
export function waiverMatches(waiver: Waiver, finding: Finding): boolean {
  if (waiver.kind !== finding.kind) return false;
  if (waiver.site !== undefined && waiver.site !== finding.site) return false;
  if (waiver.entry !== undefined) return finding.entry === waiver.entry;
  if (waiver.cookie !== undefined) return observedName(finding) === waiver.cookie;
  return false;
}

/** The name a finding is about: the cookie's, or the storage key's for storage findings. */
function observedName(finding: Finding): string | undefined {
  return finding.cookie?.name ?? finding.storage?.key;
}

function appliedWaiver(waiver: Waiver): AppliedWaiver {
  return {
    reason: waiver.reason,
    owner: waiver.owner,
    expires: waiver.expires,
    ...(waiver.location ? { location: { ...waiver.location } } : {}),
  };
}

/**
 * The message is built from the waiver's own fields only (never its index in the file, nor what this
 * scan saw): a baseline comparison tells expired waivers apart by it.
 */
function expiredWaiverFinding(waiver: Waiver): Finding {
  const message =
    `the waiver of ${waiver.kind} for ${waiverSubject(waiver)}${waiver.site === undefined ? '' : ` on site "${waiver.site}"`} ` +
    `expired on ${waiver.expires} (owner ${waiver.owner}; reason "${waiver.reason}") and waives nothing any more: ` +
    `renew it with a later expires date if the reason still holds, or fix the ${waiver.cookie !== undefined ? 'cookie' : 'entry'} and remove the waiver`;
  return makeFinding('expired-waiver', {
    site: waiver.site ?? null,
    scenario: null,
    cookie: null,
    entry: waiver.entry ?? null,
    message,
    location: waiver.location ? { ...waiver.location } : undefined,
  });
}

/** `cookie "_hjSession"` or `entry "u2"`. */
export function waiverSubject(waiver: Pick<Waiver, 'cookie' | 'entry'>): string {
  return waiver.entry !== undefined ? `entry "${waiver.entry}"` : `cookie "${waiver.cookie ?? ''}"`;
}

/** A real calendar date written YYYY-MM-DD, else a UsageError (the caller passed a timestamp or a typo). */
function checkDate(today: string): void {
  const time = DATE.test(today) ? Date.parse(`${today}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls "2025-02-30" over to March: a real date reads back the same.
  const valid = !Number.isNaN(time) && new Date(time).toISOString().startsWith(today);
  if (!valid) throw new UsageError(`today must be a date written YYYY-MM-DD (e.g. "2025-03-10"), got ${JSON.stringify(today)}`);
}

/** The local calendar date of an instant, YYYY-MM-DD: what `today` is for a person reading expiry dates. */
export function localDate(now: Date): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}
