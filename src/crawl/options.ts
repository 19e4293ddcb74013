import type { SiteConfig } from '../model/inventory.js';
import type { HostMapping } from './resolve.js';

export interface ScanOptions {
  sites: SiteConfig[];
  /** A Chromium executable; otherwise COOKIE_AUDIT_BROWSER, Playwright's browser, the PATH. */
  browserPath?: string;
  resolve?: HostMapping[];
  /** Make every host not in `resolve` unresolvable (nothing leaves the machine). */
  blockUnmappedHosts?: boolean;
  ignoreHttpsErrors?: boolean;
  userAgent?: string;
  maxPages?: number;
  maxDepth?: number;
  /** Time allowed for one page to load. */
  pageTimeoutMs?: number;
  /** After load, how long to wait at most for the page to go quiet (late cookies). */
  settleMs?: number;
  /** Scroll each page to the bottom after load, as a visitor would (lazy scripts). Default true. */
  scroll?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: 'site-start'; site: string }
  | { type: 'page-done'; site: string; url: string; pagesVisited: number; queued: number; cookies: number }
  | { type: 'page-error'; site: string; url: string; message: string }
  | { type: 'third-party-cookies-blocked'; site: string };

export const SCAN_DEFAULTS = { maxPages: 50, maxDepth: 3, pageTimeoutMs: 30_000, settleMs: 3_000 } as const;
