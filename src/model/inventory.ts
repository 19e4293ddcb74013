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

export interface Policy {
  title: string;
  owner: string;
  version: string;
  persistent: PersistentBounds;
}

export interface SiteConfig {
  name: string;
  /** Start URLs. */
  urls: string[];
  /** Registrable domains that count as first party. */
  domains: string[];
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

export interface Inventory {
  /** The file it was read from, as given (relative paths stay relative). */
  file: string;
  version: 1;
  policy: Policy;
  sites: SiteConfig[];
  cookies: CookieEntry[];
  /** Declared storage keys; `storage:` is optional in the file and defaults to none. */
  storage: StorageEntry[];
}
