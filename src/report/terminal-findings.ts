/** The findings part of the terminal report: by severity, with suggestions and known-cookie hints. */
import type { ChalkInstance } from 'chalk';
import { OPEN_COOKIE_DATABASE_CITATION, SEVERITIES, type CookieHint, type Finding, type Severity } from '../model/finding.js';
import { escapeTerminal as esc } from './escape.js';
import { capitalise, paint, type SiteLabel } from './terminal-style.js';

const SEVERITY_HEADINGS: Record<Severity, [singular: string, plural: string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
};

export function severityCount(n: number, severity: Severity): string {
  const [singular, plural] = SEVERITY_HEADINGS[severity];
  return `${n} ${n === 1 ? singular : plural}`;
}

export function findingsSection(findings: readonly Finding[], label: SiteLabel, c: ChalkInstance): string {
  if (findings.length === 0) return c.green('No findings.');
  const blocks = SEVERITIES.map((severity) => {
    // New findings (with a baseline) first: they are what the change under review introduced.
    const group = findings.filter((finding) => finding.severity === severity).sort((a, b) => Number(b.change === 'new') - Number(a.change === 'new'));
    if (group.length === 0) return '';
    const heading = paint(c, severity, c.bold(`${capitalise(SEVERITY_HEADINGS[severity][1])} (${group.length})`));
    return [heading, ...group.flatMap((finding) => findingLines(finding, label, c))].join('\n');
  }).filter((block) => block !== '');
  if (findings.some((finding) => finding.hint)) blocks.push(c.dim(`Known-cookie hints: ${OPEN_COOKIE_DATABASE_CITATION}`));
  return blocks.join('\n\n');
}

function findingLines(finding: Finding, label: SiteLabel, c: ChalkInstance): string[] {
  const parts = [
    ...(finding.change === 'new' ? [c.bold.inverse('NEW')] : []),
    paint(c, finding.severity, `[${finding.kind}]`),
    ...(finding.site === null ? [] : [label(finding.site, finding.scenario)]),
    c.bold(subject(finding)),
    esc(finding.message),
    ...(finding.location ? [c.dim(`${esc(finding.location.file)}:${finding.location.line}`)] : []),
  ];
  const lines = [`  ${parts.join('  ')}`];
  if (finding.suggestions) {
    const names = finding.suggestions.map(esc).join(', ');
    lines.push(`      ${c.dim('looks like:')} ${names === '' ? c.dim('no observed cookie') : names}`);
  }
  if (finding.hint) lines.push(`      ${hintLine(finding.hint, c)}`);
  if (finding.waiver) {
    const { expires, owner, reason } = finding.waiver;
    lines.push(`      ${c.dim(`waived until ${esc(expires)} (${esc(owner)}): ${esc(reason)} — does not fail the run`)}`);
  }
  return lines;
}

/** "Open Cookie Database: Google Analytics · Analytics · retention 2 years · Google (matched _ga_*)" */
export function hintLine(hint: CookieHint, c: ChalkInstance): string {
  const facts = [hint.platform, hint.category, hint.retention === '' ? '' : `retention ${hint.retention}`, hint.dataController]
    .map((fact) => fact.trim())
    .filter((fact) => fact !== '')
    .map(esc);
  return `${c.dim('Open Cookie Database:')} ${facts.join(' · ')} ${c.dim(`(matched ${esc(hint.matched)})`)}`;
}

function subject(finding: Finding): string {
  if (finding.cookie) return `${esc(finding.cookie.name)} (${esc(finding.cookie.domain)})`;
  if (finding.storage) return `${esc(finding.storage.kind)} ${esc(finding.storage.key)} (${esc(finding.storage.origin)})`;
  return finding.entry === null ? '' : `entry "${esc(finding.entry)}"`;
}
