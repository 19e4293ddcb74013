/**
 * GitHub Actions annotations: one workflow command per finding, e.g.
 * `::error file=inventory.yaml,line=40,col=5,title=cookie-audit over-long::Site esomus, …`.
 * Errors and warnings keep their level; info findings and waived ones are notices. A finding points
 * at its inventory entry, or at the inventory file's first line when the inventory lacks the cookie.
 *
 * Cookie names come from the audited sites: control characters (a newline that would start a
 * command of its own, ESC for the log's colours) become visible escapes first, then the
 * workflow-command escaping applies (data: % CR LF; properties also : and ,).
 */
import { compareFindings } from '../audit/order.js';
import type { Finding } from '../model/finding.js';
import type { AuditResult } from '../model/result.js';
import { findingLocation, findingText } from './sarif.js';

const COMMANDS = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function renderGithubAnnotations(result: AuditResult): string {
  return [...result.findings]
    .sort(compareFindings)
    .map((finding) => `${annotation(result, finding)}\n`)
    .join('');
}

function annotation(result: AuditResult, finding: Finding): string {
  const command = finding.waiver ? 'notice' : COMMANDS[finding.severity];
  const location = findingLocation(result, finding);
  const title = `cookie-audit ${finding.kind}${finding.waiver ? ' (waived)' : ''}${finding.change === 'new' ? ' (new)' : ''}`;
  const properties = [
    ...(location ? [`file=${escapeProperty(location.file)}`, `line=${location.line}`, `col=${location.column}`] : []),
    `title=${escapeProperty(title)}`,
  ];
  const waiver = finding.waiver ? ` (waived until ${finding.waiver.expires}, owner ${finding.waiver.owner}: ${finding.waiver.reason})` : '';
  return `::${command} ${properties.join(',')}::${escapeData(findingText({ ...finding, message: `${finding.message}${waiver}` }))}`;
}

/** The escaping of a workflow command's message (as @actions/core does it). */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** The escaping of a workflow command's property values: the message's, plus the separators. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
