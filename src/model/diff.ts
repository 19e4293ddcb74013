import type { Finding } from './finding.js';

/** A cookie as a baseline comparison names it: the same key the merge uses. */
export interface CookieKey {
  site: string;
  scenario: string;
  name: string;
  domain: string;
  path: string;
  /** Only for a partitioned (CHIPS) cookie: the top-level site, which the merge also keys on. */
  partitionKey?: string;
}

/** One attribute of a cookie that differs between the baseline and this scan. */
export interface CookieChange {
  cookie: CookieKey;
  field: 'requestedLifetime' | 'effectiveLifetime' | 'type' | 'party';
  /** Seconds for lifetimes (null: session or unknown), words for type and party. */
  before: string | number | null;
  after: string | number | null;
}

/** What changed since a baseline scan (`diff BASE HEAD`, `scan --baseline BASE`). */
export interface BaselineComparison {
  /** The baseline report as given on the command line, and when it was scanned. */
  file: string;
  startedAt: string;
  cookies: { added: CookieKey[]; removed: CookieKey[]; changed: CookieChange[] };
  /** New findings are the ones in `findings` marked change: 'new'; fixed ones are only in the baseline. */
  findings: { new: number; fixed: Finding[]; unchanged: number };
}
