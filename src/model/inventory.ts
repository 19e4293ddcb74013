import type { Duration } from './duration.js';
import type { StorageKind } from './observation.js';

/** Where something was written in a file: 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type Party = 'first' | 'third';
export type CookieType = 'session' | 'persistent';

export interface PersistentBounds {
  minLifetime: Duration;
  maxLifetime: Duration;
  /** Where the policy states these bounds (e.g. "section 8"), cited in findings. */
  reference?: string;
}

/** Whether cookies need the visitor's consent before they are set, unless an entry says otherwise. */
export interface ConsentRule {
  required: boolean;
  /** Where the policy says so (e.g. "section 10"), cited in findings. */
  reference?: string;
}

/** The languages reports are written in. */
export const REPORT_LANGUAGES = ['fr', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export interface Policy {
  title: string;
  owner: string;
  version: string;
  /** The language the policy is published in: the default language of reports (default "en"). */
  language?: ReportLanguage;
  persistent: PersistentBounds;
  consent?: ConsentRule;
}

/** The visitor's consent as a scenario stands: no choice made yet, given, or refused. */
export type ConsentState = 'none' | 'given' | 'refused';

/** One action of a scenario's journey, run in order in one page before the crawl. */
export type JourneyStep =
  | { goto: string; location?: SourceLocation }
  | { click: string; location?: SourceLocation }
  /** Types a value into a field: from an environment variable (secrets) or written in the file. */
  | { fill: string; env?: string; value?: string; location?: SourceLocation }
  | { press: string; selector?: string; location?: SourceLocation }
  /** Waits for a selector to be visible, a URL (glob) to be reached, or a duration to pass. */
  | { wait: { selector?: string; url?: string; ms?: number }; location?: SourceLocation }
  /** Clicks the site's consent banner button for this choice; the consent state changes then. */
  | { consent: 'accept' | 'refuse'; location?: SourceLocation };

/**
 * A way of visiting a site: starting from a saved browser state (e.g. logged in) and/or after a
 * journey of steps (accept or refuse consent, log in). Each scenario is crawled in a fresh profile
 * and reported apart.
 */
export interface Scenario {
  name: string;
  /** A Playwright storageState file (cookies and localStorage), relative to the inventory file. */
  storageState?: string;
  /** The consent state the saved state already carries (default: none). */
  consentAtStart?: ConsentState;
  steps: JourneyStep[];
  location?: SourceLocation;
}

/** The scenario a site is scanned under when it declares none: a new visitor who makes no choice. */
export const DEFAULT_SCENARIO: Scenario = { name: 'anonymous', steps: [] };

/** CSS selectors of a site's consent banner buttons. */
export interface ConsentBanner {
  accept?: string;
  refuse?: string;
}

export interface SiteConfig {
  name: string;
  /** Start URLs. */
  urls: string[];
  /** Registrable domains that count as first party. */
  domains: string[];
  /** Extra hosts crawled as well, and URL globs to include or exclude (with the command line's). */
  hosts?: string[];
  include?: string[];
  exclude?: string[];
  /** Read robots.txt and /sitemap.xml for more pages (default true). */
  sitemaps?: boolean;
  consentBanner?: ConsentBanner;
  /** Ways of visiting the site; none declared means DEFAULT_SCENARIO only. */
  scenarios?: Scenario[];
  location?: SourceLocation;
}

export interface CookieEntry {
  id: string;
  /** At most one of name, pattern (glob) and regex; none means the policy gives no technical name. */
  name?: string;
  pattern?: string;
  regex?: string;
  /** Only cookies whose domain is (under) one of these. */
  domains?: string[];
  party: Party;
  type: CookieType;
  maxLifetime?: Duration;
  /** Overrides policy.consent.required for this cookie ("exempt": strictly necessary). */
  consent?: 'required' | 'exempt';
  label: string;
  purpose: { fr: string; en?: string };
  category?: string;
  location?: SourceLocation;
}

/** A declared web-storage key or IndexedDB database (similar technologies). */
export interface StorageEntry {
  id: string;
  kind: StorageKind;
  /** At most one of key, pattern (glob) and regex; none means the policy gives no technical name. */
  key?: string;
  pattern?: string;
  regex?: string;
  /** Only storage on origins whose host is (under) one of these. */
  domains?: string[];
  party?: Party;
  label: string;
  purpose: { fr: string; en?: string };
  category?: string;
  location?: SourceLocation;
}

/**
 * Accepts a finding for a while: for a cookie (name) or an entry (id), of one kind, with a reason,
 * an owner and an expiry date. A waived finding is shown but does not fail the gate; past its expiry
 * the waiver is itself a finding (expired-waiver).
 */
export interface Waiver {
  /** Exactly one of cookie (an observed cookie name) and entry (an inventory entry id). */
  cookie?: string;
  entry?: string;
  kind: import('./finding.js').FindingKind;
  /** Only on this site (name), when given. */
  site?: string;
  reason: string;
  owner: string;
  /** Last day the waiver holds, YYYY-MM-DD. */
  expires: string;
  location?: SourceLocation;
}

export interface Inventory {
  /** The file it was read from, as given (relative paths stay relative). */
  file: string;
  version: 1;
  policy: Policy;
  sites: SiteConfig[];
  cookies: CookieEntry[];
  /** Declared storage keys; `storage:` is optional in the file and defaults to none. */
  storage: StorageEntry[];
  /** Accepted findings; `waivers:` is optional and defaults to none. */
  waivers: Waiver[];
}
