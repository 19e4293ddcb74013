import type { SourceLocation } from './inventory.js';
import type { StorageKind } from './observation.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Every finding kind with its default severity and what it means: the one definition of both. */
export const FINDING_KINDS = {
  undeclared: { severity: 'error', summary: 'a cookie was set that the inventory does not declare' },
  'over-long': { severity: 'error', summary: 'the requested lifetime is above the declared or policy maximum' },
  'below-minimum': { severity: 'warning', summary: 'a persistent cookie asks for less than the policy minimum' },
  'type-mismatch': { severity: 'error', summary: 'declared session but seen persistent, or the reverse' },
  'party-mismatch': { severity: 'error', summary: 'declared first-party but seen third-party, or the reverse' },
  unobserved: { severity: 'info', summary: 'a declared cookie was never seen during the scan' },
  'unnamed-entry': { severity: 'warning', summary: 'an inventory entry has no technical name, so it matches nothing' },
  'undeclared-storage': { severity: 'warning', summary: 'a web-storage key or IndexedDB database that the inventory does not declare' },
  'before-consent': { severity: 'error', summary: 'a cookie that needs consent was set before the visitor made any choice' },
  'despite-refusal': { severity: 'error', summary: 'a cookie that needs consent was set after the visitor refused it' },
  'expired-waiver': { severity: 'error', summary: 'an inventory waiver has passed its expiry date' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type FindingKind = keyof typeof FINDING_KINDS;

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  site: string | null;
  /** The scenario the finding was seen under; null for findings about inventory entries. */
  scenario: string | null;
  cookie: { name: string; domain: string } | null;
  /** The inventory entry id, or null. */
  entry: string | null;
  message: string;
  /** Where the entry is written in the inventory, when the finding is about an entry. */
  location?: SourceLocation;
  /** For unnamed entries: observed cookie names that look like the entry's label. */
  suggestions?: string[];
  /** For undeclared-storage: which key on which origin. */
  storage?: { kind: StorageKind; origin: string; key: string };
  /** For undeclared cookies: what the Open Cookie Database says of the name, when it knows it. */
  hint?: CookieHint;
  /** The values the message words, so every report (and language) can word them again. */
  facts?: FindingFacts;
  /** The inventory waiver that accepts this finding: shown, but it does not fail the gate. */
  waiver?: AppliedWaiver;
  /** Set when the scan was compared with a baseline: whether the change under review introduced it. */
  change?: 'new' | 'existing';
}

/** Expected and actual values behind a finding (lifetimes in seconds). */
export interface FindingFacts {
  /** The lifetime the site asked for; the one the browser kept. */
  requestedSeconds?: number;
  effectiveSeconds?: number;
  /** The bound broken: the declared or policy maximum (over-long) or the policy minimum (below-minimum). */
  limitSeconds?: number;
  /** What the inventory declares and what the scan saw (type or party), e.g. "session" / "persistent". */
  declared?: string;
  observed?: string;
  /** Where the published policy states the rule broken, e.g. "section 8". */
  reference?: string;
}

/** A waiver as it applied to a finding. */
export interface AppliedWaiver {
  reason: string;
  owner: string;
  /** Last day the waiver holds, YYYY-MM-DD. */
  expires: string;
  location?: SourceLocation;
}

/** How reports cite the source of known-cookie hints. */
export const OPEN_COOKIE_DATABASE_CITATION = 'Open Cookie Database (Apache-2.0), github.com/jkwakman/Open-Cookie-Database';

/** A known-cookie hint from the Open Cookie Database (Apache-2.0). */
export interface CookieHint {
  platform: string;
  category: string;
  /** Free text as the database gives it, e.g. "2 years", "session". */
  retention: string;
  dataController: string;
  description: string;
  /** The database row's name; ends with "*" when it matched as a prefix (wildcard row). */
  matched: string;
  source: 'Open Cookie Database';
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at or above `threshold` (error > warning > info). */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}
