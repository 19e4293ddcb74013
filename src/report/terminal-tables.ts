/**
 * The tables of the terminal report: cookies and storage per site and scenario, rejected cookies. Every
 * site-controlled string goes through escapeTerminal; the caps keep a typical table within 140
 * columns (the JSON report always has the full text).
 */
import type { ChalkInstance } from 'chalk';
import { formatSeconds } from '../model/duration.js';
import type { Finding } from '../model/finding.js';
import type { RejectedCookie } from '../model/observation.js';
import type { ReportedCookie, ReportedStorage } from '../model/result.js';
import { escapeTerminal as esc } from './escape.js';
import { borderlessTable, MARKERS, paint, shorten, worstSeverity, type SiteLabel } from './terminal-style.js';

const MAX_NAME = 30;
const MAX_VALUE = 40;
const MAX_DOMAIN = 28;
const MAX_PARTITION = 30;
const MAX_SET_BY = 40;
const MAX_HOST = 64;
const MAX_ORIGIN = 40;
const MAX_KEY = 36;
const MAX_REASONS = 40;
const MAX_RESPONSE = 48;

export const TRANSIENT_MARK = '†';
export const VARIED_MARK = '*';
export const PARTITION_MARK = '⟂';

const LEGENDS = {
  transient: `${TRANSIENT_MARK} transient: set then deleted during the visit (it was still placed on the device)`,
  varied: `${VARIED_MARK} written several times; the longest requested lifetime is shown`,
  partitioned: `${PARTITION_MARK} partitioned (CHIPS): kept only under the top-level site shown after ${PARTITION_MARK}`,
};

/** Where a row or finding was seen: site and scenario (null on findings about inventory entries). */
type Scanned = { site: string | null; scenario: string | null };

function cookieKey({ site, scenario }: Scanned, name: string, domain: string): string {
  return JSON.stringify([site, scenario, name, domain]);
}

function storageKey({ site, scenario }: Scanned, kind: string, origin: string, key: string): string {
  return JSON.stringify([site, scenario, kind, origin, key]);
}

/** A status marker per cookie and per storage key: the worst finding about it, else ✔. */
export interface RowStatus {
  cookies: Map<string, Finding['severity']>;
  storage: Map<string, Finding['severity']>;
}

export function rowStatus(findings: readonly Finding[]): RowStatus {
  const severity = (finding: Finding) => finding.severity;
  return {
    cookies: worstSeverity(
      findings,
      (finding) => (finding.cookie ? cookieKey(finding, finding.cookie.name, finding.cookie.domain) : null),
      severity,
    ),
    storage: worstSeverity(
      findings,
      (finding) => (finding.storage ? storageKey(finding, finding.storage.kind, finding.storage.origin, finding.storage.key) : null),
      severity,
    ),
  };
}

/**
 * The cookie table, with a legend line for each marker it uses; with `values` (--include-values and
 * a scan that recorded them) a Value column after the name.
 */
export function cookieTable(cookies: readonly ReportedCookie[], status: RowStatus, c: ChalkInstance, values = false): string {
  // Requested = what the site asked for; effective = what the browser kept (Chromium caps at 400 days).
  const head = ['', 'Name', ...(values ? ['Value'] : []), 'Domain', 'Party', 'Type', 'Requested', 'Effective', 'Declared as', 'Set by'];
  const rows = cookies.map((cookie) => {
    const state = status.cookies.get(cookieKey(cookie, cookie.name, cookie.domain)) ?? 'ok';
    return [
      paint(c, state, MARKERS[state]),
      shorten(esc(cookie.name), MAX_NAME),
      ...(values ? [valueCell(cookie, c)] : []),
      domainCell(cookie),
      cookie.party,
      cookie.transient ? `${cookie.type} ${TRANSIENT_MARK}` : cookie.type,
      `${lifetime(cookie.requestedLifetimeSeconds)}${cookie.lifetimeVaried ? VARIED_MARK : ''}`,
      lifetime(cookie.effectiveLifetimeSeconds),
      cookie.declared === null ? c.red('undeclared') : esc(cookie.declared),
      setBy(cookie),
    ];
  });
  const legends = [
    ...(cookies.some((cookie) => cookie.transient) ? [LEGENDS.transient] : []),
    ...(cookies.some((cookie) => cookie.lifetimeVaried) ? [LEGENDS.varied] : []),
    ...(cookies.some((cookie) => cookie.partitionKey !== null) ? [LEGENDS.partitioned] : []),
  ];
  return [borderlessTable(head, rows, c), ...legends.map((legend) => c.dim(legend))].join('\n');
}

/** The value, escaped and cut to MAX_VALUE characters ("…"); "—" when none was recorded, '""' when empty. */
function valueCell(cookie: ReportedCookie, c: ChalkInstance): string {
  if (cookie.value === undefined) return c.dim('—');
  return cookie.value === '' ? c.dim('""') : shorten(esc(cookie.value), MAX_VALUE);
}

/** "ads.test" or, for a partitioned (CHIPS) cookie, "ads.test ⟂ https://shop.test". */
function domainCell(cookie: ReportedCookie): string {
  const domain = shorten(esc(cookie.domain), MAX_DOMAIN);
  if (cookie.partitionKey === null) return domain;
  return `${domain} ${PARTITION_MARK} ${shorten(esc(cookie.partitionKey), MAX_PARTITION)}`;
}

export function storageTable(storage: readonly ReportedStorage[], status: RowStatus, c: ChalkInstance): string {
  const head = ['', 'Kind', 'Origin', 'Key', 'Party', 'Declared as'];
  const rows = storage.map((item) => {
    const state = status.storage.get(storageKey(item, item.kind, item.origin, item.key)) ?? 'ok';
    return [
      paint(c, state, MARKERS[state]),
      esc(item.kind),
      shorten(esc(item.origin), MAX_ORIGIN),
      shorten(esc(item.key), MAX_KEY),
      item.party,
      item.declared === null ? c.yellow('undeclared') : esc(item.declared),
    ];
  });
  return borderlessTable(head, rows, c);
}

export function rejectedTable(rejected: readonly RejectedCookie[], label: SiteLabel, c: ChalkInstance): string {
  const head = ['Site', 'Name', 'Refused because', 'Response'];
  const rows = rejected.map((cookie) => [
    label(cookie.site, cookie.scenario),
    shorten(esc(cookie.name), MAX_NAME),
    shorten(esc(cookie.reasons.join(', ')), MAX_REASONS),
    shorten(esc(cookie.responseUrl), MAX_RESPONSE),
  ]);
  return borderlessTable(head, rows, c);
}

function lifetime(seconds: number | null): string {
  return seconds === null ? '—' : formatSeconds(seconds);
}

/** "http ← ads.test/pixel", "js ← cdn.test/…/tag.js", or "jar" when no event was seen. */
function setBy(cookie: ReportedCookie): string {
  if (cookie.setBy === 'unknown') return 'jar';
  if (cookie.initiatorUrl === null) return cookie.setBy;
  const prefix = `${cookie.setBy} ← `;
  return `${prefix}${fitUrl(cookie.initiatorUrl, MAX_SET_BY - prefix.length)}`;
}

/** The longest of host/path, host/…/last-segment and host that fits; the host says most about who set it. */
function fitUrl(url: string, max: number): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return shorten(esc(url), max);
  }
  if (parsed.host === '') return shorten(esc(url), max);
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const candidates = [
    ...(segments.length > 0 ? [`${parsed.host}${parsed.pathname}`] : []),
    ...(segments.length > 1 ? [`${parsed.host}/…/${segments[segments.length - 1]}`] : []),
    parsed.host,
  ].map(esc);
  const host = candidates[candidates.length - 1];
  // A host is never cut: "who set it" is the point of the column. Absurdly long hosts stay bounded.
  return candidates.find((candidate) => [...candidate].length <= max) ?? shorten(host, MAX_HOST);
}
