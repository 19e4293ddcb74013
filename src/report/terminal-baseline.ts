/** The terminal report's comparison with a baseline scan: what the change under review did. */
import type { ChalkInstance } from 'chalk';
import type { CookieChange, CookieKey } from '../model/diff.js';
import { describeSeconds } from '../model/duration.js';
import type { AuditResult } from '../model/result.js';
import { escapeTerminal as esc } from './escape.js';
import { count, type SiteLabel } from './terminal-style.js';

/** How many of each change to list before "… and N more". */
const LISTED = 20;

export function baselineSection(result: AuditResult, label: SiteLabel, c: ChalkInstance): string {
  const { baseline } = result;
  if (!baseline) return '';
  const { cookies, findings } = baseline;
  const heading = c.bold(`Since the baseline ${esc(baseline.file)} (scanned ${esc(baseline.startedAt)})`);
  const totals =
    `  findings: ${findings.new} new, ${findings.fixed.length} fixed, ${findings.unchanged} unchanged; ` +
    `cookies: ${cookies.added.length} added, ${cookies.removed.length} removed, ${count(cookies.changed.length, 'change', 'changes')}`;
  return [
    heading,
    totals,
    ...listed(cookies.added, (key) => `  ${c.red('+')} ${cookieName(key, label)}`),
    ...listed(cookies.removed, (key) => `  ${c.green('−')} ${cookieName(key, label)}`),
    ...listed(cookies.changed, (change) => `  ${c.yellow('~')} ${cookieName(change.cookie, label)}  ${changeText(change)}`),
    ...listed(findings.fixed, (finding) => `  ${c.green('fixed')} [${finding.kind}] ${esc(finding.cookie?.name ?? finding.entry ?? '')}`),
  ].join('\n');
}

function listed<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, LISTED).map(line);
  if (items.length > LISTED) lines.push(`    … and ${items.length - LISTED} more (in the JSON report)`);
  return lines;
}

function cookieName(key: CookieKey, label: SiteLabel): string {
  return `${esc(key.name)} (${esc(key.domain)}) on ${label(key.site, key.scenario)}`;
}

const FIELD_NAMES: Record<CookieChange['field'], string> = {
  requestedLifetime: 'requested lifetime',
  effectiveLifetime: 'effective lifetime',
  type: 'type',
  party: 'party',
};

/** "requested lifetime 13 months → 2 years" */
function changeText(change: CookieChange): string {
  return `${FIELD_NAMES[change.field]} ${value(change.before)} → ${value(change.after)}`;
}

function value(raw: string | number | null): string {
  if (raw === null) return 'none';
  return typeof raw === 'number' ? describeSeconds(raw) : esc(raw);
}
